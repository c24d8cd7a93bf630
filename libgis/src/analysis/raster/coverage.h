#pragma once

// Exact fractional pixel coverage of a polygon: for each pixel of a window, the area of the pixel the polygon
// covers, as a fraction of the pixel (a pixel half inside counts half). Zonal statistics weight each value by it.
//
// The method is the signed-area accumulation of exact scanline rasterisers (font-rs, stb_truetype; exactextract
// computes the same fractions by walking the rings through the cells): each edge adds, to the cells of every pixel
// row it crosses, the signed area between it and the cell's right side; a running sum along the row then gives each
// cell's covered area, with the interior filled with 1 by the sum itself. Shells add and holes subtract whatever way
// their rings turn, so a valid polygon (holes inside, parts disjoint) gets its exact area per pixel, up to rounding.
// Invalid polygons (self-intersecting rings) must be repaired or left out first: InvalidGate.

#include <cstddef>
#include <vector>

#include "gis/core/box.h"

namespace gis::analysis::detail {

/// The polygon side of a coverage computation: the rings of one polygon (or of several disjoint ones) in pixel
/// coordinates (x to the right in columns, y downwards in rows, pixel (c, r) spanning [c, c+1] x [r, r+1]).
/// Built on one thread, then read by any number.
class PixelCoverage {
public:
    /// Adds a ring of `count` coordinates (closed or not); `hole` says whether it is an interior ring.
    void addRing(const Coord* coords, std::size_t count, bool hole);

    /// The bounding box of every ring added, in pixel coordinates (empty when none).
    const Box& bounds() const { return m_bounds; }

    /// The covered fraction (0..1) of every pixel of columns [col0, col1) and rows [row0, row1), row-major, into
    /// `out` (resized to (col1-col0) * (row1-row0)). The window may cut through the polygon anywhere.
    void fill(int col0, int col1, int row0, int row1, std::vector<double>& out) const;

private:
    struct Edge {
        double x0, y0, x1, y1; ///< y0 < y1
        double sign;           ///< +1 or -1: the edge's direction and its ring's role
    };
    std::vector<Edge> m_edges;
    Box m_bounds;
};

} // namespace gis::analysis::detail
