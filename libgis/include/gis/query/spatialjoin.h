#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis {

class Layer;

enum class JoinPredicate : std::uint8_t {
    Within,     ///< the left feature lies within the polygon (its boundary does not count)
    Intersects, ///< the left feature touches or overlaps the polygon (boundary counts)
};

/// Pairs (left row, polygon row) for which the predicate holds, sorted by left row then polygon row.
struct JoinPairs {
    std::vector<std::uint32_t> left;
    std::vector<std::uint32_t> right;
    std::size_t size() const { return left.size(); }
};

/// Per polygon: how many left features matched it and, when a numeric field was named, the sum, mean,
/// minimum and maximum of that field over them (nulls ignored; NaN when no value: min, max and mean() are
/// NaN while valueCount is 0, and sum is 0 then, as in Statistics, so that sums over polygons add up).
struct PolygonAggregate {
    std::uint64_t count = 0;
    std::uint64_t valueCount = 0;
    double sum = 0;
    double min = 0;
    double max = 0;
    double mean() const;
};

/// Spatial join of any layer (points above all) against a polygon layer. Both layers must share a CRS
/// (Error(Crs) otherwise). Points use an exact, indexed point-in-polygon test (boundary handled as the
/// predicate says); other geometries use GEOS prepared geometries. Runs on every core; the result is
/// the same whatever the number of threads. Throws Error(Cancelled) when cancelled.
///
/// `polygons` should hold polygons or multipolygons: their other parts (points, lines in a collection) are
/// ignored by the point test, and a layer declared as points or lines is refused with Error(Argument). A
/// malformed geometry that GEOS refuses throws Error(Geometry) naming the layer and feature. Null and empty
/// geometries match nothing. `threads`: 0 for one per usable core (gis::usableCores(), which also caps it). Progress is reported from worker threads.
JoinPairs spatialJoin(const Layer& left, const Layer& polygons, JoinPredicate predicate, const Feedback& feedback = {},
    unsigned threads = 0);

/// Counts (and sums `valueField` of the left layer when not empty) per polygon without keeping the pairs
/// (each chunk of left rows is folded in once the chunks before it are): one entry per polygon row. Values
/// are added in left-row order, so sums are bit-for-bit the same whatever the number of threads. Throws Error(Query) for an unknown or non-numeric `valueField`.
std::vector<PolygonAggregate> aggregatePerPolygon(const Layer& left, const Layer& polygons, JoinPredicate predicate,
    std::string_view valueField = {}, const Feedback& feedback = {}, unsigned threads = 0);

/// One line of a join's table: a value of the polygons' group field and the totals of the polygons holding it.
struct JoinGroup {
    std::string key;              ///< the field's value as text ("" for null)
    std::uint64_t count = 0;      ///< left features matched, over the group's polygons
    std::uint64_t valueCount = 0; ///< how many of them had a value of the summed field
    double sum = 0;               ///< their sum, in polygon order (0 when valueCount is 0)
};

/// The table `gis join` prints: aggregatePerPolygon()'s totals (one per row of `polygons`) added up per value
/// of the polygons' `groupField`, sorted by that value (numerically when the field is numeric and both values
/// are set, by UTF-8 bytes of their text otherwise). Polygons without a match are left out unless
/// `includeEmpty`. Throws Error(Query) for an unknown field, Error(Argument) when perPolygon's size is not the
/// polygons'. Reads only: any number of threads may call it.
std::vector<JoinGroup> groupJoinTotals(const Layer& polygons, std::string_view groupField,
    const std::vector<PolygonAggregate>& perPolygon, bool includeEmpty = false);

/// The polygons themselves with their totals, as `gis join --format geojson` writes them: a layer with the
/// polygons' name, CRS, geometries and ids and the columns `groupField` (its type), "count" (integer) and,
/// when `sumField` is not empty, "sum_<sumField>" (real, null without a value). Rows are sorted by the group
/// field as in groupJoinTotals() (ties in polygon order); polygons without a match are left out unless
/// `includeEmpty`. Throws as groupJoinTotals().
Layer joinTotalsLayer(const Layer& polygons, std::string_view groupField, std::string_view sumField,
    const std::vector<PolygonAggregate>& perPolygon, bool includeEmpty = false);

} // namespace gis

GIS_API_END
