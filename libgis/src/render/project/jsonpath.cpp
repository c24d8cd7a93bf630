#include "jsonpath.h"

#include <QRegularExpression>

#include <cmath>

namespace gis::detail {

namespace {

const char* typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null: return "null";
    case QJsonValue::Bool: return "a boolean";
    case QJsonValue::Double: return "a number";
    case QJsonValue::String: return "a string";
    case QJsonValue::Array: return "an array";
    case QJsonValue::Object: return "an object";
    case QJsonValue::Undefined: break;
    }
    return "nothing";
}

} // namespace

QJsonObject JsonNode::objectKeepingUnknown() const
{
    if (!m_value.isObject())
        fail(std::string("expected an object, found ") + typeName(m_value));
    return m_value.toObject();
}

QJsonObject JsonNode::object(std::initializer_list<const char*> allowed) const
{
    if (!m_value.isObject())
        fail(std::string("expected an object, found ") + typeName(m_value));
    const QJsonObject o = m_value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool known = false;
        for (const char* k : allowed)
            known |= it.key() == QLatin1String(k);
        if (!known) {
            std::string list;
            for (const char* k : allowed)
                list += (list.empty() ? "" : ", ") + std::string(k);
            const std::string sep = m_path.empty() ? "" : m_path.back() == ':' ? " " : ".";
            throw Error(ErrorCode::Format, m_path + sep + it.key().toStdString() + ": unknown key (expected one of: " + list + ")");
        }
    }
    return o;
}

JsonNode JsonNode::operator[](const char* key) const
{
    // A path ending in ':' is a file name: "roads.json: renderer.symbol", not "roads.json:.renderer".
    const std::string sep = m_path.empty() ? "" : m_path.back() == ':' ? " " : ".";
    return JsonNode(m_value.toObject().value(QLatin1String(key)), m_path + sep + key);
}

JsonNode JsonNode::at(int index) const
{
    return JsonNode(m_value.toArray().at(index), m_path + "[" + std::to_string(index) + "]");
}

int JsonNode::size() const
{
    if (!m_value.isArray())
        fail(std::string("expected an array, found ") + typeName(m_value));
    return static_cast<int>(m_value.toArray().size());
}

std::string JsonNode::string() const
{
    if (!m_value.isString())
        fail(std::string("expected a string, found ") + typeName(m_value));
    return m_value.toString().toStdString();
}

double JsonNode::number() const
{
    if (!m_value.isDouble() || !std::isfinite(m_value.toDouble()))
        fail(std::string("expected a number, found ") + typeName(m_value));
    return m_value.toDouble();
}

bool JsonNode::boolean() const
{
    if (!m_value.isBool())
        fail(std::string("expected true or false, found ") + typeName(m_value));
    return m_value.toBool();
}

QColor JsonNode::color() const
{
    if (!m_value.isString())
        fail(std::string("expected a colour such as \"#1f78b4\", found ") + typeName(m_value));
    const QString s = m_value.toString().trimmed();
    if (s == "none" || s == "transparent")
        return QColor(0, 0, 0, 0);
    static const QRegularExpression hex8("^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})$");
    if (auto m = hex8.match(s); m.hasMatch()) { // CSS order: alpha last
        QColor c("#" + m.captured(1));
        c.setAlpha(m.captured(2).toInt(nullptr, 16));
        return c;
    }
    static const QRegularExpression rgba(R"(^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$)");
    if (auto m = rgba.match(s); m.hasMatch()) {
        QColor c(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        if (!m.captured(4).isEmpty())
            c.setAlphaF(std::clamp(m.captured(4).toFloat(), 0.0f, 1.0f));
        return c;
    }
    const QColor c = QColor::fromString(s);
    if (!c.isValid())
        fail("\"" + s.toStdString() + "\" is not a colour (use \"#rrggbb\", \"#rrggbbaa\", \"rgba(r,g,b,a)\" or a name)");
    return c;
}

Length JsonNode::length() const
{
    if (m_value.isDouble()) {
        if (m_value.toDouble() < 0)
            fail("a length cannot be negative");
        return Length{m_value.toDouble(), Length::Unit::Pixel};
    }
    static const QRegularExpression re(R"(^\s*([0-9]*\.?[0-9]+)\s*(px|mm)\s*$)");
    const auto m = re.match(m_value.toString());
    if (!m_value.isString() || !m.hasMatch())
        fail("expected a number of pixels or a length like \"0.5mm\" or \"3px\"");
    return Length{m.captured(1).toDouble(), m.captured(2) == "mm" ? Length::Unit::Millimetre : Length::Unit::Pixel};
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
