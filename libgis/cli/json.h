#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

namespace gis::cli {

/// Minimal JSON text builder for the CLI's machine-readable output (UTF-8 passes through unescaped).
class Json {
public:
    static std::string quote(std::string_view s)
    {
        std::string out = "\"";
        for (unsigned char c : s) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
            }
        }
        return out + "\"";
    }

    /// Shortest text that reads back as the same double; null for NaN and infinities (JSON has neither).
    static std::string number(double v)
    {
        if (!std::isfinite(v))
            return "null";
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    }
    static std::string number(long long v) { return std::to_string(v); }
};

} // namespace gis::cli
