#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

enum class Location : std::uint8_t { Interior, Boundary, Exterior, Unknown };

/// Where points lie relative to the Polygon parts of one geometry, in the plane, giving exactly the answer
/// GEOS gives or none at all: it replays GEOS's ray-crossing count (RayCrossingCounter: parity over every
/// ring of every part, a point on a vertex or segment is on the boundary) with GEOS's own floating-point
/// orientation filter, and answers Unknown where that filter would hand over to extended precision, that is
/// for points within rounding distance of an edge. Callers ask GEOS about those few.
///
/// Edges are bucketed by latitude bands, so a point costs about the edges crossing its band rather than all.
/// Keeps no reference to the geometry. Immutable once built: any number of threads may call locate().
class PolygonLocator {
public:
    explicit PolygonLocator(GeometryRef g);

    /// The same answer for one point without building the index (a scan of every edge).
    static Location locateOnce(GeometryRef g, Coord p);

    /// False when the geometry has no Polygon part with a ring.
    bool hasPolygons() const { return !m_edges.empty(); }
    Location locate(Coord p) const;

private:
    struct Edge {
        Coord a, b; // in ring order, as GEOS visits them
    };
    std::size_t band(double y) const;

    std::vector<Edge> m_edges;
    Box m_box;
    double m_scale = 0;                       // bands per unit of y
    std::vector<std::uint32_t> m_bandOffsets; // bands + 1, into m_bandEdges
    std::vector<std::uint32_t> m_bandEdges;
};

} // namespace gis::detail
