#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// The DE-9IM named predicates, read as "feature PREDICATE query geometry": Within means the feature lies
/// within the query geometry, Contains that the feature contains it.
enum class SpatialPredicate : std::uint8_t { Intersects, Within, Contains, Touches, Crosses, Overlaps, Disjoint };

std::string_view spatialPredicateName(SpatialPredicate p); ///< "intersects", ...
/// Parses "intersects", "within", ... (case-insensitive); nullopt for anything else.
std::optional<SpatialPredicate> parseSpatialPredicate(std::string_view name);

/// Spatial selection on an in-memory layer. All functions take the query geometry in the layer's CRS
/// (reproject it first with Transformer::transform(GeometryRef)), use the layer's R-tree first and GEOS
/// prepared geometries (or exact distance code) second, return rows in ascending order, and may be called
/// from any number of threads at once. Distances are in metres on the ellipsoid (WGS 84) for a geographic
/// layer, and in the CRS's units otherwise. Throws Error(Geometry) for a malformed query geometry and
/// Error(Cancelled) when cancelled.
///
/// On a geographic layer (WGS 84 lon/lat) lines and polygon edges are geodesic segments between their vertices,
/// measured to well under a millimetre, while whether a point lies inside a polygon is decided in the lon/lat
/// plane as GEOS decides it; the two differ only within the bulge of a long edge (about 1 cm for a 1 km edge).
/// Data crossing the antimeridian must be split there (a MultiPolygon with parts at ±180°, as it is usually
/// stored); distances and searches wrap across ±180° and over the poles. A null row never matches, not even
/// Disjoint; a row GEOS refuses (a ring that is not closed, a line of one point) matches nothing and is never
/// nearest.

/// Rows whose bounding box intersects `box`.
std::vector<std::uint32_t> selectByBox(const Layer& layer, const Box& box);

/// Rows whose geometry satisfies `predicate` against `query` (GEOS prepared predicates; single points against
/// a polygon query are located by an exact ray-crossing count that hands GEOS the points within rounding of
/// an edge, with the same answers).
std::vector<std::uint32_t> selectByPredicate(const Layer& layer, SpatialPredicate predicate, GeometryRef query,
    const Feedback& feedback = {});

/// Rows whose geometry lies within `distance` of `query` (touching at exactly the distance counts).
/// Error(Argument) for a negative or NaN distance.
std::vector<std::uint32_t> selectWithinDistance(const Layer& layer, GeometryRef query, double distance,
    const Feedback& feedback = {});

/// Whether a row may be returned (a selection made before): called from the searching thread only.
using RowFilter = std::function<bool(std::uint32_t row)>;

/// The k rows nearest to `point`, closest first, with their exact distances; ties by row.
/// maxDistance < 0: unlimited. Error(Geometry) for a NaN point. With `keep`, only rows it accepts count
/// towards k: the search walks outwards past the others without measuring them, and the answer is the
/// first k accepted rows of the unfiltered order.
std::vector<std::pair<std::uint32_t, double>> nearest(const Layer& layer, Coord point, std::size_t k,
    double maxDistance = -1, const RowFilter& keep = {});

/// Rows at a clicked point: geometries within `tolerance` (same units as distances) of `point`, nearest
/// first. Polygons containing the point are at distance 0. Error(Argument) for a negative tolerance.
std::vector<std::uint32_t> identify(const Layer& layer, Coord point, double tolerance);

/// Exact distance from row `row`'s geometry to `query` (0 when they intersect; infinity when either is empty).
/// Error(Argument) for a row out of range, Error(Geometry) for a row without a geometry or one GEOS refuses.
double distanceToGeometry(const Layer& layer, std::size_t row, GeometryRef query);

/// For every row of `from`, its nearest row of `to` and the distance (to's CRS must equal from's; rows of
/// `from` with a null geometry, or with nothing within maxDistance, get `to` row -1; Error(Crs) when the CRSs
/// differ). Uses every core; the result does not depend on the number of threads. Progress is reported from
/// the workers, one call at a time.
struct NearestMatch {
    std::uint32_t from = 0;
    std::int64_t to = -1;
    double distance = 0;
};
std::vector<NearestMatch> nearestJoin(const Layer& from, const Layer& to, double maxDistance = -1,
    const Feedback& feedback = {});

} // namespace gis

GIS_API_END
