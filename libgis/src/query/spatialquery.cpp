#include "gis/query/spatialquery.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <string>

#include "geom/geosbridge.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "distancequery.h"
#include "polygonlocator.h"
#include "rowgeometry.h"

namespace gis {

namespace {

constexpr std::array<std::string_view, 7> kPredicateNames{
    "intersects", "within", "contains", "touches", "crosses", "overlaps", "disjoint"};

// How often loops look at the cancellation flag.
constexpr std::size_t kCancelStride = 1024;

using detail::Location;

/// "feature PREDICATE query" with the query prepared: the prepared geometry is the query, so Within and
/// Contains swap (feature within query == query contains feature). Disjoint is asked as Intersects.
char preparedTest(const GEOSPreparedGeometry* query, SpatialPredicate predicate, const GEOSGeometry* feature)
{
    GEOSContextHandle_t ctx = detail::geosContext();
    switch (predicate) {
    case SpatialPredicate::Intersects:
    case SpatialPredicate::Disjoint: return GEOSPreparedIntersects_r(ctx, query, feature);
    case SpatialPredicate::Within: return GEOSPreparedContains_r(ctx, query, feature);
    case SpatialPredicate::Contains: return GEOSPreparedWithin_r(ctx, query, feature);
    case SpatialPredicate::Touches: return GEOSPreparedTouches_r(ctx, query, feature);
    case SpatialPredicate::Crosses: return GEOSPreparedCrosses_r(ctx, query, feature);
    case SpatialPredicate::Overlaps: return GEOSPreparedOverlaps_r(ctx, query, feature);
    }
    return 2;
}

/// The same, unprepared ("feature PREDICATE query" as written). GEOS 3.11's prepared predicates take a
/// GeometryCollection by its highest dimension only: a prepared line misses a collection's point lying on it.
char directTest(const GEOSGeometry* query, SpatialPredicate predicate, const GEOSGeometry* feature)
{
    GEOSContextHandle_t ctx = detail::geosContext();
    switch (predicate) {
    case SpatialPredicate::Intersects:
    case SpatialPredicate::Disjoint: return GEOSIntersects_r(ctx, feature, query);
    case SpatialPredicate::Within: return GEOSWithin_r(ctx, feature, query);
    case SpatialPredicate::Contains: return GEOSContains_r(ctx, feature, query);
    case SpatialPredicate::Touches: return GEOSTouches_r(ctx, feature, query);
    case SpatialPredicate::Crosses: return GEOSCrosses_r(ctx, feature, query);
    case SpatialPredicate::Overlaps: return GEOSOverlaps_r(ctx, feature, query);
    }
    return 2;
}

/// The answer for a point whose place relative to the query's polygons is known (Interior, Boundary or
/// Exterior), for the predicates the point fast path serves. Disjoint is asked as Intersects.
bool pointAnswer(SpatialPredicate predicate, Location where)
{
    switch (predicate) {
    case SpatialPredicate::Within: return where == Location::Interior;
    case SpatialPredicate::Touches: return where == Location::Boundary;
    default: return where != Location::Exterior; // Intersects, Disjoint
    }
}

/// Whether single points can be answered by a PolygonLocator: the query must be only polygons (its
/// boundary and interior are then the locator's), and the predicate one that depends only on where the
/// point lies. Contains, Crosses and Overlaps of a point against a polygon are always false, but rare
/// enough to leave to GEOS.
bool pointFastPath(SpatialPredicate predicate, GeometryRef query)
{
    const GeometryType type = query.type();
    if (type != GeometryType::Polygon && type != GeometryType::MultiPolygon)
        return false;
    return predicate == SpatialPredicate::Intersects || predicate == SpatialPredicate::Within
        || predicate == SpatialPredicate::Touches || predicate == SpatialPredicate::Disjoint;
}

std::vector<std::uint32_t> sortedCandidates(const Layer& layer, SpatialPredicate predicate, const Box& queryBox)
{
    std::vector<std::uint32_t> rows;
    if (queryBox.isEmpty())
        return rows;
    const GeometryColumn& col = layer.geometries();
    layer.index().search(queryBox, [&](std::uint32_t row) {
        // A feature within the query has its box inside the query's; one containing it, around it.
        if (predicate == SpatialPredicate::Within && !queryBox.contains(col.bounds(row)))
            return true;
        if (predicate == SpatialPredicate::Contains && !col.bounds(row).contains(queryBox))
            return true;
        rows.push_back(row);
        return true;
    });
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace

std::string_view spatialPredicateName(SpatialPredicate p)
{
    return kPredicateNames[static_cast<std::size_t>(p)];
}

std::optional<SpatialPredicate> parseSpatialPredicate(std::string_view name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::size_t i = 0; i < kPredicateNames.size(); ++i) {
        if (lower == kPredicateNames[i])
            return static_cast<SpatialPredicate>(i);
    }
    return std::nullopt;
}

std::vector<std::uint32_t> selectByBox(const Layer& layer, const Box& box)
{
    std::vector<std::uint32_t> rows = layer.index().search(box);
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::vector<std::uint32_t> selectByPredicate(const Layer& layer, SpatialPredicate predicate, GeometryRef query,
    const Feedback& feedback)
{
    detail::checkQueryGeometry(query, "spatial selection");
    const detail::GeosGeometryPtr queryGeos = detail::toGeos(query);
    const detail::GeosPreparedPtr prepared = detail::prepareGeos(queryGeos.get());
    const bool queryIsCollection = query.type() == GeometryType::GeometryCollection;
    const detail::PolygonLocator locator(pointFastPath(predicate, query) ? query : GeometryRef{});

    const std::vector<std::uint32_t> candidates = sortedCandidates(layer, predicate, query.bounds());
    std::vector<std::uint32_t> hits;
    std::vector<std::uint32_t> refused; // candidates GEOS cannot take: they match nothing, not even Disjoint
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (k % kCancelStride == 0)
            feedback.cancel.throwIfCancelled("spatial selection");
        const std::uint32_t row = candidates[k];
        const GeometryRef g = layer.geometry(row);
        if (locator.hasPolygons()) {
            if (const Coord* p = detail::singlePoint(g)) {
                const Location where = locator.locate(*p);
                if (where != Location::Unknown) {
                    if (pointAnswer(predicate, where))
                        hits.push_back(row);
                    continue;
                }
            }
        }
        const detail::GeosGeometryPtr feature = detail::rowToGeos(g);
        if (!feature) {
            refused.push_back(row);
            continue;
        }
        const char result = queryIsCollection || g.type() == GeometryType::GeometryCollection
            ? directTest(queryGeos.get(), predicate, feature.get())
            : preparedTest(prepared.get(), predicate, feature.get());
        if (result == 2)
            detail::throwGeosError(std::string(spatialPredicateName(predicate)).c_str());
        if (result == 1)
            hits.push_back(row);
    }
    if (predicate != SpatialPredicate::Disjoint)
        return hits;

    // Disjoint: all rows with a geometry but the intersecting ones (few, next to the rows). A row whose box
    // misses the query's is disjoint whatever GEOS would think of its rings.
    std::vector<std::uint32_t> excluded;
    std::merge(hits.begin(), hits.end(), refused.begin(), refused.end(), std::back_inserter(excluded));
    const GeometryColumn& col = layer.geometries();
    std::vector<std::uint32_t> rows;
    rows.reserve(layer.size() - excluded.size());
    std::size_t next = 0;
    for (std::size_t row = 0; row < layer.size(); ++row) {
        if (next < excluded.size() && excluded[next] == row) {
            ++next;
            continue;
        }
        if (!col.isNull(row))
            rows.push_back(static_cast<std::uint32_t>(row));
    }
    return rows;
}

} // namespace gis
