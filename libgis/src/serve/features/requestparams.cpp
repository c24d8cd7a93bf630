#include "requestparams.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "gis/data/datetime.h"
#include "gis/serve/http.h"

namespace gis::detail {
namespace {

constexpr std::int64_t kDayMs = 86400000;

std::string quote(std::string_view text)
{
    // The offending value is echoed shortened and without control characters: it is the client's own text.
    std::string out;
    for (const char c : text.substr(0, 40))
        out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    return "\"" + out + (text.size() > 40 ? "...\"" : "\"");
}

std::uint64_t parseUnsigned(std::string_view name, std::string_view text, std::uint64_t low, std::uint64_t high)
{
    std::uint64_t value = 0;
    const bool digits = !text.empty() && text.size() <= 20
        && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!digits || ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
        throw ParamError("parameter " + std::string(name) + ": " + quote(text) + " is not an integer from "
            + std::to_string(low) + " to " + std::to_string(high));
    return value;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// One end of a datetime interval: the first and last millisecond it covers.
TimeInterval parseInstant(std::string_view text)
{
    const bool hasTime = text.find_first_of("Tt") != std::string_view::npos;
    if (text.size() > 40)
        throw ParamError("parameter datetime: " + quote(text) + " is not an RFC 3339 date or date-time");
    if (!hasTime) {
        // RFC 3339 full-date only ("2025-03-01"); parseDate would also take "2025/03/01".
        if (text.size() != 10 || text[4] != '-' || text[7] != '-')
            throw ParamError("parameter datetime: " + quote(text) + " is not an RFC 3339 date or date-time");
        const std::optional<std::int64_t> days = parseDate(text);
        if (!days)
            throw ParamError("parameter datetime: " + quote(text) + " is not an RFC 3339 date or date-time");
        return {*days * kDayMs, *days * kDayMs + kDayMs - 1};
    }
    const std::optional<std::int64_t> ms = parseDateTime(text);
    if (!ms)
        throw ParamError("parameter datetime: " + quote(text) + " is not an RFC 3339 date or date-time");
    return {*ms, *ms};
}

} // namespace

void checkKnownParams(const serve::HttpRequest& request, std::initializer_list<std::string_view> allowed)
{
    for (const auto& [name, value] : request.query)
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            throw ParamError("unknown query parameter " + quote(name));
}

void checkNoRepeats(const serve::HttpRequest& request)
{
    std::set<std::string_view> seen;
    for (const auto& [name, value] : request.query)
        if (!seen.insert(name).second)
            throw ParamError("query parameter " + quote(name) + " given more than once");
}

Presentation parsePresentation(const serve::HttpRequest& request)
{
    Presentation p;
    if (const std::string* f = request.queryParam("f")) {
        if (*f == "json" || *f == "geojson")
            p.format = Format::Json;
        else if (*f == "html")
            p.format = Format::Html;
        else
            throw ParamError("parameter f: " + quote(*f) + " is not one of json, html");
    } else if (const std::string* accept = request.header("accept")) {
        // A browser sends text/html first; clients that want JSON name a JSON type or nothing.
        const std::string a = lower(*accept);
        const std::size_t html = a.find("text/html");
        const std::size_t json = std::min(a.find("json"), a.find("application/geo+json"));
        if (html != std::string::npos && (json == std::string::npos || html < json))
            p.format = Format::Html;
    }
    if (const std::string* lang = request.queryParam("lang")) {
        if (*lang == "ar")
            p.language = Language::Ar;
        else if (*lang != "en")
            throw ParamError("parameter lang: " + quote(*lang) + " is not one of en, ar");
    } else if (const std::string* accept = request.header("accept-language")) {
        // The first language named decides (q-values aside): Arabic when it is Arabic.
        const std::string a = lower(*accept);
        const std::size_t start = a.find_first_not_of(" ,");
        if (start != std::string::npos && startsWith(std::string_view(a).substr(start), "ar"))
            p.language = Language::Ar;
    }
    return p;
}

std::size_t parseLimit(std::string_view text)
{
    return static_cast<std::size_t>(parseUnsigned("limit", text, 1, kMaxLimit));
}

std::uint64_t parseOffset(std::string_view text)
{
    return parseUnsigned("offset", text, 0, kMaxOffset);
}

Box parseBbox(std::string_view text)
{
    std::vector<double> numbers;
    std::size_t start = 0;
    while (numbers.size() <= 6) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
        double v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v)
            || std::abs(v) > kMaxCoordinate)
            throw ParamError("parameter bbox: " + quote(item) + " is not a number within ±1e9");
        numbers.push_back(v);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (numbers.size() != 4 && numbers.size() != 6)
        throw ParamError("parameter bbox: 4 or 6 numbers expected (minx,miny,maxx,maxy)");
    const bool three = numbers.size() == 6;
    if (three && numbers[2] > numbers[5])
        throw ParamError("parameter bbox: the lower height is above the upper height");
    // Not checked here: the order of the corners, which depends on the axes of bbox-crs (the caller's).
    return Box(numbers[0], numbers[1], numbers[three ? 3 : 2], numbers[three ? 4 : 3]);
}

TimeInterval parseDatetime(std::string_view text)
{
    constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max();
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        if (text.empty() || text == "..")
            throw ParamError("parameter datetime: an instant or an interval a/b expected");
        return parseInstant(text);
    }
    const std::string_view a = text.substr(0, slash);
    const std::string_view b = text.substr(slash + 1);
    const bool openA = a.empty() || a == "..";
    const bool openB = b.empty() || b == "..";
    if (openA && openB)
        throw ParamError("parameter datetime: an interval needs at least one end");
    const TimeInterval interval{openA ? lowest : parseInstant(a).begin, openB ? highest : parseInstant(b).end};
    if (interval.begin > interval.end)
        throw ParamError("parameter datetime: the interval ends before it begins");
    return interval;
}

} // namespace gis::detail
