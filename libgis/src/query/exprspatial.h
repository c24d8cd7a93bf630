#pragma once

// Spatial predicates of the expression language: intersects($geometry, geom_from_wkt('POLYGON (...)')) and its
// siblings, which test each row's geometry against one constant geometry. Private to the query module.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "exprevaluator.h"
#include "geom/geosbridge.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

class Binder;

/// "row PREDICATE literal", as OGC Simple Features defines the predicates.
enum class SpatialOp : std::uint8_t { Intersects, Within, Contains, Disjoint, Touches, Crosses, Overlaps, Equals };

/// The constant geometry of a spatial predicate: parsed once when the expression is compiled, copied into
/// GEOS once, and prepared (GEOS's indexed form for repeated predicates) once per thread that evaluates it.
///
/// A GEOS prepared geometry builds its indexes lazily on first use and so must not be used by two threads at
/// once; instead of one per row or a lock held while testing, evaluating threads borrow one from a small pool
/// (a lock only to take and give back) and the pool grows to the number of threads that ever evaluated at once.
class SpatialLiteral {
public:
    /// Throws Error(Geometry) when GEOS refuses the geometry (a ring that is not closed, too few points).
    explicit SpatialLiteral(Geometry geometry);
    ~SpatialLiteral();
    SpatialLiteral(const SpatialLiteral&) = delete;
    SpatialLiteral& operator=(const SpatialLiteral&) = delete;

    /// The predicate for a row's geometry, which must not be null; nullopt when GEOS refuses the row's
    /// geometry (an unclosed ring in the data), which then matches neither the predicate nor its negation.
    std::optional<bool> test(SpatialOp op, GeometryRef row) const;

private:
    GeosPreparedPtr borrow() const;
    void giveBack(GeosPreparedPtr prepared) const;

    Geometry m_geometry;
    Box m_bounds;
    GeosGeometryPtr m_geos; // before m_idle: the prepared geometries refer to it, so they must go first
    // GEOS 3.11's prepared predicates take a GeometryCollection by its highest dimension only (a prepared line
    // misses a collection's point lying on it): collections are tested unprepared.
    bool m_prepare = true;
    mutable std::mutex m_mutex;
    mutable std::vector<GeosPreparedPtr> m_idle;
};

/// Whether `name` is one of the spatial predicate functions (case-insensitive).
bool isSpatialFunction(std::string_view name);
/// Binds a spatial predicate call whose children are not yet bound: one argument must be $geometry, the other
/// geom_from_wkt('<WKT>') with a text literal; sets call.op (SpatialOp, arguments swapped into "row op
/// literal" order) and call.spatial. Fails through the binder, at the argument's column, otherwise.
Value::Type bindSpatial(Node& call, Binder& binder);
Datum evaluateSpatial(const Node& call, std::size_t row, EvalContext& ctx);

} // namespace gis::detail
