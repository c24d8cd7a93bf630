#include "gis/project/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "gis/core/error.h"

namespace gis {

namespace {

int lineAt(std::string_view text, std::size_t byte)
{
    byte = std::min(byte, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
}

/// Escapes as Qt's JSON writer did (\b and \f by name), which project and style files keep; GeoJSON output has its
/// own writer in data (jsonQuote), whose bytes its tests fix.
void appendString(std::string& out, const std::string& s)
{
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += ch; // UTF-8 as it is
            }
        }
    }
    out += '"';
}

void appendDouble(std::string& out, double d)
{
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    // Whole numbers that a double holds exactly: digits only ("1000000", not "1e+06").
    if (d == std::trunc(d) && std::fabs(d) <= 9007199254740992.0) {
        out += std::to_string(static_cast<long long>(d));
        return;
    }
    // Otherwise the shortest digits that read back equal, written fixed or scientific, whichever is shorter (fixed on
    // a tie): "0.00012", "1.5e-05", "1.5e+17", "9223372036854776000" (the digits, then zeros: not the exact value).
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific).ptr;
    const std::string scientific(buffer, end); // "-1.2345e+20"
    const std::size_t e = scientific.find('e');
    const bool negative = scientific[0] == '-';
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e; ++i)
        if (scientific[i] != '.')
            digits += scientific[i];
    const int exponent = std::atoi(scientific.c_str() + e + 1);
    const int count = static_cast<int>(digits.size());
    std::string fixed = negative ? "-" : "";
    if (exponent >= count - 1)
        fixed += digits + std::string(static_cast<std::size_t>(exponent - count + 1), '0');
    else if (exponent >= 0)
        fixed += digits.substr(0, static_cast<std::size_t>(exponent + 1)) + "." + digits.substr(static_cast<std::size_t>(exponent + 1));
    else
        fixed += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    out += fixed.size() <= scientific.size() ? fixed : scientific;
}

void appendIndent(std::string& out, int level)
{
    out.append(static_cast<std::size_t>(level) * 4, ' ');
}

void appendValue(std::string& out, const Json& v, int level)
{
    switch (v.type()) {
    case Json::value_t::object: {
        out += "{\n";
        std::size_t i = 0;
        for (auto it = v.begin(); it != v.end(); ++it, ++i) {
            appendIndent(out, level + 1);
            appendString(out, it.key());
            out += ": ";
            appendValue(out, it.value(), level + 1);
            out += i + 1 < v.size() ? ",\n" : "\n";
        }
        appendIndent(out, level);
        out += '}';
        break;
    }
    case Json::value_t::array: {
        out += "[\n";
        for (std::size_t i = 0; i < v.size(); ++i) {
            appendIndent(out, level + 1);
            appendValue(out, v[i], level + 1);
            out += i + 1 < v.size() ? ",\n" : "\n";
        }
        appendIndent(out, level);
        out += ']';
        break;
    }
    case Json::value_t::string: appendString(out, v.get_ref<const std::string&>()); break;
    case Json::value_t::boolean: out += v.get<bool>() ? "true" : "false"; break;
    // Whole numbers as read: exactly, within 64 bits (as Qt read and wrote them); larger ones as the double they round to.
    case Json::value_t::number_integer: out += std::to_string(v.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: {
        const auto n = v.get<std::uint64_t>();
        if (n <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            out += std::to_string(n);
        else
            appendDouble(out, static_cast<double>(n));
        break;
    }
    case Json::value_t::number_float: appendDouble(out, v.get<double>()); break;
    case Json::value_t::null:
    case Json::value_t::discarded:
    case Json::value_t::binary: out += "null"; break;
    }
}

const Json* member(const Json& object, const std::string& key)
{
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

Json mergeObject(const Json& written, const Json& loaded, const Json& current);

/// `written` changed where `current` differs from `loaded` (null pointers: the key is absent); nullopt: the key is
/// to be absent.
std::optional<Json> mergeValue(const Json* written, const Json* loaded, const Json& current)
{
    if (loaded && *loaded == current) // the model did not change it: keep it as the file wrote it (or absent)
        return written ? std::optional<Json>(*written) : std::nullopt;
    if (written && loaded && written->is_object() && loaded->is_object() && current.is_object())
        return mergeObject(*written, *loaded, current);
    if (written && loaded && written->is_array() && loaded->is_array() && current.is_array()
        && written->size() == loaded->size() && loaded->size() == current.size()) {
        // Same entries, some edited: merge them one by one.
        Json out = Json::array();
        for (std::size_t i = 0; i < current.size(); ++i) {
            std::optional<Json> v = mergeValue(&(*written)[i], &(*loaded)[i], current[i]);
            out.push_back(v ? std::move(*v) : Json());
        }
        return out;
    }
    return current;
}

Json mergeObject(const Json& written, const Json& loaded, const Json& current)
{
    Json out = written; // keys the model does not know (unknown keys, "description") stay
    for (auto it = loaded.begin(); it != loaded.end(); ++it)
        if (!current.contains(it.key()))
            out.erase(it.key()); // the model dropped it (back to the default)
    for (auto it = current.begin(); it != current.end(); ++it) {
        std::optional<Json> v = mergeValue(member(written, it.key()), member(loaded, it.key()), it.value());
        if (v)
            out[it.key()] = std::move(*v);
        else
            out.erase(it.key());
    }
    return out;
}

} // namespace

Json parseJson(std::string_view text, const std::string& where)
{
    // The callback sees every array and object as it opens, before anything inside it is read.
    // It also keeps a whole number written with a fraction or an exponent ("1e+16", "6.0") as the whole number it is,
    // so that it is written back as digits, as Qt's reader and writer did.
    const auto limitDepth = [&](int depth, Json::parse_event_t event, Json& parsed) {
        if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start)
            && depth >= kMaxJsonDepth)
            throw Error(ErrorCode::Format, where + ": arrays and objects nest deeper than "
                    + std::to_string(kMaxJsonDepth) + " levels");
        if (event == Json::parse_event_t::value && parsed.is_number_float()) {
            const double d = parsed.get<double>();
            if (d == std::trunc(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
                parsed = static_cast<std::int64_t>(d);
        }
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), limitDepth);
    } catch (const Json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 4, column 3: syntax error ..." → "line 4, column 3: ..."
        std::string message = e.what();
        const std::string marker = "parse error at ";
        if (const auto at = message.find(marker); at != std::string::npos)
            message = message.substr(at + marker.size());
        else
            message = "line " + std::to_string(lineAt(text, e.byte)) + ": " + message;
        // nlohmann ends with the bytes it read last ("; last read: '\"ر\xd8'"): raw file content, perhaps a broken
        // character, that says nothing the line and column do not.
        if (const auto last = message.find("; last read: "); last != std::string::npos)
            message.erase(last);
        throw Error(ErrorCode::Format, where + ": " + message);
    } catch (const Json::exception& e) {
        // The rest of nlohmann's errors while reading: a number out of a double's range ("1e999999") is out_of_range.
        std::string message = e.what();
        if (const auto at = message.find("] "); at != std::string::npos)
            message = message.substr(at + 2);
        throw Error(ErrorCode::Format, where + ": " + message);
    }
}

std::string jsonText(const Json& json)
{
    std::string out;
    appendValue(out, json, 0);
    out += '\n';
    return out;
}

Json applyChanges(const JsonOrigin& origin, const Json& current)
{
    if (origin.empty())
        return current;
    return mergeObject(origin.written, origin.loaded, current);
}

} // namespace gis
