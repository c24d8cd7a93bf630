#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/box.h"

namespace gis::serve {
struct HttpRequest;
}

namespace gis::detail {

/// A query parameter the client got wrong. Its message is written here, from the parameter's name and fixed
/// text, so it is safe to send back as the 400's description (it never carries a path or a library message).
class ParamError : public std::runtime_error {
public:
    explicit ParamError(const std::string& message) : std::runtime_error(message) {}
};

enum class Format { Json, Html };
enum class Language { En, Ar };

/// What every endpoint reads: the output format (`f`, else the Accept header: text/html before JSON) and the
/// language (`lang`, else Accept-Language; English by default).
struct Presentation {
    Format format = Format::Json;
    Language language = Language::En;
};

/// Limits of the items parameters (docs/serve.md).
inline constexpr std::size_t kDefaultLimit = 10;
inline constexpr std::size_t kMaxLimit = 10000;
/// Offsets beyond any layer's size are allowed (an empty page), up to 2^53 so the value stays a JSON integer.
inline constexpr std::uint64_t kMaxOffset = 9007199254740992ull;
/// A bbox coordinate must lie within ±1e9 (metres of any projected CRS; degrees are held to ±180/±90).
inline constexpr double kMaxCoordinate = 1e9;

/// The temporal filter of `datetime`, in milliseconds since 1970-01-01T00:00:00Z, bounds included. An open end
/// ("..", or empty) is the lowest or highest int64.
struct TimeInterval {
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

/// Rejects any query parameter not in `allowed` (OGC API – Features /req/core/query-param-unknown).
void checkKnownParams(const serve::HttpRequest& request, std::initializer_list<std::string_view> allowed);
/// Throws ParamError for a repeated parameter (`limit=1&limit=2` has no one meaning).
void checkNoRepeats(const serve::HttpRequest& request);
Presentation parsePresentation(const serve::HttpRequest& request);

/// `limit`: an integer 1..kMaxLimit written in decimal digits only (no sign, exponent or fraction).
std::size_t parseLimit(std::string_view text);
/// `offset`: an integer 0..kMaxOffset in decimal digits only.
std::uint64_t parseOffset(std::string_view text);
/// `bbox`: 4 or 6 finite comma-separated numbers (minx,miny[,minz],maxx,maxy[,maxz]), heights ignored, each within
/// ±kMaxCoordinate, minz <= maxz. The numbers are returned in the bbox CRS's own axis order (lat,lon for
/// EPSG:4326), the corners unchecked: the caller swaps the axes, then checks the order (minx > maxx crosses the
/// antimeridian in a geographic CRS).
Box parseBbox(std::string_view text);
/// `datetime`: an instant or an interval "a/b" of RFC 3339 dates or date-times (".." or "" for an open end,
/// not both). Times without a zone are UTC. A date as an instant is the whole day.
TimeInterval parseDatetime(std::string_view text);

} // namespace gis::detail
