#pragma once

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "gis/data/featurewriter.h"

namespace gis::cli {

/// Minimal JSON text builder for the CLI's machine-readable output (UTF-8 passes through unescaped).
class Json {
public:
    static std::string quote(std::string_view s) { return jsonQuote(s); }

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
