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
/// Polygons with many edges also get a grid over their bounds whose cells no edge touches are known to be wholly
/// inside or outside (one exact locate per run of such cells along a row: no edge separates them), so most
/// points are answered by one lookup; a point in a cell an edge touches walks the tree as before. The answer is
/// the tree's in every case: a cell's status is the tree's answer for its centre, and the parity cannot change
/// between two points that no edge separates.
///
/// Holds indices into the column's coordinates (about 10 bytes per edge, plus up to 4 bytes of grid per edge),
/// not copies: the column must outlive the locator and keep its coordinates. Immutable once built: any number
/// of threads may call locate().
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
    void buildGrid();
    Location locateInTree(const Coord& p) const;

    const Coord* m_coords = nullptr;
    std::vector<Edge> m_edges;             // sorted by the y of their midpoints
    std::vector<Interval> m_nodes;         // level 0: one node per kNodeSize edges; then the upper levels
    std::vector<std::size_t> m_levelEnds;  // end of each level in m_nodes
    Box m_bounds;
    // The grid: m_gridX x m_gridY cells over m_bounds, row by row, each Interior, Exterior or Boundary (an edge
    // touches the cell, padded against rounding); empty for polygons with few edges.
    std::vector<Location> m_grid;
    std::size_t m_gridX = 0, m_gridY = 0;
    double m_scaleX = 0, m_scaleY = 0; // cells per unit
};

} // namespace gis::detail
