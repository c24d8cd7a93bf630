#pragma once

// Private: exact point-in-polygon for the spatial join. A polygon with a million vertices answers a point in
// O(log n + edges near the point's y) instead of O(n), and a point on an edge or a vertex is told apart from
// one inside, which a plain crossing-number test cannot do.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

/// Where a point lies relative to an area (the DE-9IM locations).
enum class Location : std::uint8_t { Interior, Boundary, Exterior };

/// Exact sign of the orientation of c relative to the directed line a -> b: 1 when c lies to the left
/// (a, b, c counter-clockwise), -1 to the right, 0 on the line. A floating-point filter decides almost every
/// case; the rest are evaluated exactly (Shewchuk's expansions), so collinear really means collinear.
int orientation(const Coord& a, const Coord& b, const Coord& c);

/// Locates points in one Polygon or MultiPolygon of a GeometryColumn (polygon parts of a GeometryCollection
/// too; its other parts are ignored), like GEOS's IndexedPointInAreaLocator: every ring edge is kept in a
/// packed interval tree over its y-extent, and a horizontal ray from the point counts the crossings of the
/// edges that span the point's y. Holes and parts need no special handling: the parity over all rings of a
/// valid (multi)polygon is the answer. A point on an edge or a vertex (tested with the exact orientation()) is
/// Boundary; NaN coordinates are Exterior. Rings that are not closed are closed implicitly.
///
/// Holds indices into the column's coordinates (about 10 bytes per edge), not copies: the column must outlive
/// the locator and keep its coordinates. Immutable once built: any number of threads may call locate().
class PointInPolygonLocator {
public:
    PointInPolygonLocator(const GeometryColumn& column, std::size_t geometry);

    Location locate(const Coord& p) const;

    const Box& bounds() const { return m_bounds; }
    std::size_t edgeCount() const { return m_edges.size(); }
    /// Bytes held by the edge list and the tree.
    std::size_t memoryUsage() const;

private:
    struct Edge {
        std::uint32_t from;
        std::uint32_t to;
    };
    struct Interval {
        double minY;
        double maxY;
    };

    void buildTree();

    const Coord* m_coords = nullptr;
    std::vector<Edge> m_edges;             // sorted by the y of their midpoints
    std::vector<Interval> m_nodes;         // level 0: one node per kNodeSize edges; then the upper levels
    std::vector<std::size_t> m_levelEnds;  // end of each level in m_nodes
    Box m_bounds;
};

} // namespace gis::detail
