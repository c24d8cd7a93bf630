#include "snapper.h"

#include <algorithm>
#include <cmath>

#include "edit/editcontroller.h"

namespace viewer {

std::optional<SnapHit> Snapper::snap(const std::vector<int>& layers, const gis::Coord& point, double tolerance,
    bool segments, int skipLayer, std::int64_t skipFid) const
{
    if (!(tolerance > 0))
        return std::nullopt;
    const gis::Box box(point.x - tolerance, point.y - tolerance, point.x + tolerance, point.y + tolerance);
    std::optional<SnapHit> bestVertex, bestSegment;
    for (int id : layers) {
        if (!m_edits->isEditing(id))
            continue;
        for (const auto& [fid, geometry] : m_edits->featuresIn(id, box)) {
            if (id == skipLayer && fid == skipFid)
                continue;
            const gis::GeometryColumn& c = geometry.column();
            if (c.isNull(0))
                continue;
            for (std::size_t p = c.partBegin(0); p < c.partEnd(0); ++p) {
                for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r) {
                    for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k) {
                        const gis::Coord& a = c.coord(k);
                        const double d = std::hypot(a.x - point.x, a.y - point.y);
                        if (d <= tolerance && (!bestVertex || d < bestVertex->distance))
                            bestVertex = SnapHit{id, fid, a, true, k, d};
                        if (!segments || k + 1 >= c.coordEnd(r))
                            continue;
                        const gis::Coord& b = c.coord(k + 1);
                        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
                        if (len2 <= 0)
                            continue;
                        const double t = std::clamp(((point.x - a.x) * dx + (point.y - a.y) * dy) / len2, 0.0, 1.0);
                        const gis::Coord q{a.x + t * dx, a.y + t * dy};
                        const double ds = std::hypot(q.x - point.x, q.y - point.y);
                        if (ds <= tolerance && (!bestSegment || ds < bestSegment->distance))
                            bestSegment = SnapHit{id, fid, q, false, k, ds};
                    }
                }
            }
        }
    }
    return bestVertex ? bestVertex : bestSegment;
}

} // namespace viewer
