#pragma once

// Private: rings in device pixels, with what cannot show removed — vertices closer than half a pixel to the
// previous one, and runs of vertices outside the image on one side of it.

#include <QPointF>
#include <QSize>

#include <vector>

#include "gis/core/box.h"
#include "rendercontext.h"

namespace gis::detail {

/// Turns map-CRS coordinate runs into simplified device points. Stateless once made; one per thread.
///
/// Outside collapse: a vertex is dropped when it, the last kept vertex and the next vertex all lie beyond the
/// same edge of the image (widened by `margin`). The dropped triangle then lies in that outside half-plane, so
/// neither a fill nor a stroke narrower than the margin changes inside the image, and a polygon far larger
/// than the view costs a few vertices per side instead of all of them. The decision depends only on the whole
/// image, never on a band, so the two band workers build identical paths.
class DevicePathBuilder {
public:
    DevicePathBuilder(const DeviceMapping& mapping, QSize deviceSize, double margin, double tolerance = 0.5);

    /// Appends the ring's simplified points to `out` (first and last point always kept, so a closed ring stays
    /// closed); non-finite coordinates (failed reprojection) are skipped. Returns how many were appended: none
    /// when the run collapses to a single point (one finite vertex, a ring wholly beyond one edge of the image,
    /// a ring smaller than the tolerance), which has nothing to fill or stroke.
    std::size_t append(const Coord* coords, std::size_t count, std::vector<QPointF>& out) const;

    /// Device bounding box of `count` coordinates (empty when none is finite).
    Box deviceBounds(const Coord* coords, std::size_t count) const;

private:
    int outcode(double x, double y) const
    {
        return (x < m_minX ? 1 : 0) | (x > m_maxX ? 2 : 0) | (y < m_minY ? 4 : 0) | (y > m_maxY ? 8 : 0);
    }

    DeviceMapping m_mapping;
    double m_minX, m_minY, m_maxX, m_maxY;
    double m_tolerance2;
};

} // namespace gis::detail
