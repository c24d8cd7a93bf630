#include "jsonpath.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace gis::detail {

namespace {

const char* typeName(const Json* v)
{
    if (!v)
        return "nothing";
    switch (v->type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
    }
    return "nothing";
}

std::string childPath(const std::string& path, const std::string& key)
{
    // A path ending in ':' is a file name: "roads.json: renderer.symbol", not "roads.json:.renderer".
    const std::string sep = path.empty() ? "" : path.back() == ':' ? " " : ".";
    return path + sep + key;
}

} // namespace

const Json& JsonNode::value() const
{
    static const Json null;
    return m_value ? *m_value : null;
}

void JsonNode::objectKeepingUnknown() const
{
    if (!m_value || !m_value->is_object())
        fail(std::string("expected an object, found ") + typeName(m_value));
}

void JsonNode::object(std::initializer_list<const char*> allowed) const
{
    objectKeepingUnknown();
    for (auto it = m_value->begin(); it != m_value->end(); ++it) {
        bool known = false;
        for (const char* k : allowed)
            known |= it.key() == k;
        if (!known) {
            std::string list;
            for (const char* k : allowed)
                list += (list.empty() ? "" : ", ") + std::string(k);
            throw Error(ErrorCode::Format, childPath(m_path, it.key()) + ": unknown key (expected one of: " + list + ")");
        }
    }
}

JsonNode JsonNode::operator[](const char* key) const
{
    const Json* member = nullptr;
    if (m_value && m_value->is_object())
        if (const auto it = m_value->find(key); it != m_value->end())
            member = &*it;
    return JsonNode(member, childPath(m_path, key));
}

JsonNode JsonNode::at(int index) const
{
    const Json* element = nullptr;
    if (m_value && m_value->is_array() && index >= 0 && static_cast<std::size_t>(index) < m_value->size())
        element = &(*m_value)[static_cast<std::size_t>(index)];
    return JsonNode(element, m_path + "[" + std::to_string(index) + "]");
}

int JsonNode::size() const
{
    if (!m_value || !m_value->is_array())
        fail(std::string("expected an array, found ") + typeName(m_value));
    return static_cast<int>(m_value->size());
}

std::string JsonNode::string() const
{
    if (!isString())
        fail(std::string("expected a string, found ") + typeName(m_value));
    return m_value->get<std::string>();
}

double JsonNode::number() const
{
    if (!isNumber() || !std::isfinite(m_value->get<double>()))
        fail(std::string("expected a number, found ") + typeName(m_value));
    return m_value->get<double>();
}

bool JsonNode::boolean() const
{
    if (!isBoolean())
        fail(std::string("expected true or false, found ") + typeName(m_value));
    return m_value->get<bool>();
}

Color JsonNode::color() const
{
    if (!isString())
        fail(std::string("expected a colour such as \"#1f78b4\", found ") + typeName(m_value));
    const std::string s = m_value->get<std::string>();
    const std::optional<Color> c = parseColor(s);
    if (!c) {
        std::string trimmed = s;
        while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
            trimmed.pop_back();
        trimmed.erase(0, std::min(trimmed.size(), trimmed.find_first_not_of(" \t\n\r\f\v")));
        fail("\"" + trimmed + "\" is not a colour (use \"#rrggbb\", \"#rrggbbaa\", \"rgba(r,g,b,a)\" or a name)");
    }
    return *c;
}

Length JsonNode::length() const
{
    if (isNumber()) {
        const double v = number();
        if (v < 0)
            fail("a length cannot be negative");
        return Length{v, Length::Unit::Pixel};
    }
    // [spaces] digits [. digits] | . digits, then [spaces] px|mm [spaces]
    const auto bad = [&] { fail("expected a number of pixels or a length like \"0.5mm\" or \"3px\""); };
    if (!isString())
        bad();
    const std::string s = m_value->get<std::string>();
    std::size_t i = 0;
    const auto spaces = [&] {
        while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
            ++i;
    };
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
        return i - start;
    };
    spaces();
    const std::size_t start = i;
    const std::size_t whole = digits();
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0)
            bad();
    } else if (whole == 0) {
        bad();
    }
    const std::string number = s.substr(start, i - start);
    spaces();
    const std::string unit = s.substr(i, 2);
    if (unit != "px" && unit != "mm")
        bad();
    i += 2;
    spaces();
    if (i != s.size())
        bad();
    double value = 0;
    std::from_chars(number.data(), number.data() + number.size(), value); // locale-independent, unlike strtod
    return Length{value, unit == "mm" ? Length::Unit::Millimetre : Length::Unit::Pixel};
}

int JsonNode::choice(std::initializer_list<const char*> choices) const
{
    const std::string s = string();
    int i = 0;
    std::string list;
    for (const char* c : choices) {
        if (s == c)
            return i;
        list += (list.empty() ? "" : ", ") + std::string(c);
        ++i;
    }
    fail("\"" + s + "\" is not one of: " + list);
}

} // namespace gis::detail
