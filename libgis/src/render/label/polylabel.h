#pragma once

// Private: where a polygon's label goes. The pole of inaccessibility, the inside point farthest from the
// polygon's boundary (Agafonkin's cell search, as in mapbox/polylabel), is always inside, unlike a centroid,
// which falls outside a U-shaped valley or a crescent of palm gardens.

#include <QPointF>
#include <QPolygonF>

#include <cstddef>
#include <vector>

namespace gis::detail {

struct Pole {
    QPointF point;
    double distance = 0; ///< to the nearest edge of any ring; 0 for a degenerate polygon
    std::size_t cells = 0; ///< cells whose distance was measured: the work done, at most kMaxPoleCells
};

/// At most 4096 first cells, 20,000 splits of 4 and the two first guesses, whatever the polygon's shape.
inline constexpr std::size_t kMaxPoleCells = 4096 + 4 * 20000 + 2;
/// Each measured cell is one pass over every vertex: the search stops adding cells once cells x vertices would pass
/// this (about 20 ms), so a clipped coastline of tens of thousands of vertices costs what a simple polygon does,
/// with a coarser pole. At least 64 first cells and the two first guesses are always measured.
inline constexpr double kMaxPoleSegmentTests = 2e7;

/// The pole of inaccessibility of a polygon given as rings (exterior first, then holes; closed or not), found to
/// within `precision` (same units as the coordinates), measuring at most kMaxPoleCells cells.
Pole poleOfInaccessibility(const std::vector<QPolygonF>& rings, double precision = 1.0);

/// Signed distance from `p` to the polygon's boundary: positive inside, negative outside (even-odd rule).
double signedDistance(const QPointF& p, const std::vector<QPolygonF>& rings);

} // namespace gis::detail
