#include "accesslog.h"

#include <cstdio>
#include <ctime>

namespace gis::detail {
namespace {

std::string isoTime(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
        utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
    return text;
}

} // namespace

std::string jsonQuoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += escape;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string accessLogLine(const AccessRecord& r)
{
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", r.durationMs);
    return "{\"time\":\"" + isoTime(r.time) + "\",\"remote\":" + jsonQuoted(r.remote) + ",\"method\":"
        + jsonQuoted(r.method) + ",\"path\":" + jsonQuoted(r.path) + ",\"status\":" + std::to_string(r.status)
        + ",\"bytes\":" + std::to_string(r.bytes) + ",\"duration_ms\":" + duration + ",\"request_id\":"
        + jsonQuoted(r.requestId) + "}";
}

std::string errorLogLine(std::string_view requestId, std::string_view message)
{
    return "{\"time\":\"" + isoTime(std::chrono::system_clock::now()) + "\",\"level\":\"error\",\"request_id\":"
        + jsonQuoted(requestId) + ",\"message\":" + jsonQuoted(message) + "}";
}

} // namespace gis::detail
