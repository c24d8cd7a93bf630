#include "snapper.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "edit/editcontroller.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"

namespace viewer {

const Snapper::Reprojection& Snapper::reprojection(int id, const gis::Crs& layerCrs, const gis::Crs& mapCrs) const
{
    auto it = m_reprojections.find(id);
    if (it != m_reprojections.end() && it->second.layerCrs.isEquivalentTo(layerCrs) && it->second.mapCrs.isEquivalentTo(mapCrs))
        return it->second;
    Reprojection r;
    r.layerCrs = layerCrs;
    r.mapCrs = mapCrs;
    if (layerCrs.isValid() && mapCrs.isValid() && !layerCrs.isEquivalentTo(mapCrs)) {
        r.toLayer = std::make_unique<gis::Transformer>(mapCrs, layerCrs);
        r.toMap = std::make_unique<gis::Transformer>(layerCrs, mapCrs);
    }
    return m_reprojections[id] = std::move(r);
}

std::optional<SnapHit> Snapper::snap(const std::vector<int>& layers, const gis::Coord& point, double tolerance,
    bool segments, int skipLayer, std::int64_t skipFid, bool vertices) const
{
    if (!(tolerance > 0) || (!segments && !vertices))
        return std::nullopt;
    const gis::Box box(point.x - tolerance, point.y - tolerance, point.x + tolerance, point.y + tolerance);
    std::optional<SnapHit> bestVertex, bestSegment;
    const auto consider = [&](int id, std::int64_t fid, const gis::GeometryColumn& c, std::size_t g) {
        if ((id == skipLayer && fid == skipFid) || c.isNull(g))
            return;
        const std::size_t first = c.coordBegin(c.ringBegin(c.partBegin(g))); // numbered from the geometry's first
        for (std::size_t p = c.partBegin(g); p < c.partEnd(g); ++p) {
            for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r) {
                for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k) {
                    const gis::Coord& a = c.coord(k);
                    const double d = std::hypot(a.x - point.x, a.y - point.y);
                    if (vertices && d <= tolerance && (!bestVertex || d < bestVertex->distance))
                        bestVertex = SnapHit{id, fid, a, true, k - first, d};
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
                        bestSegment = SnapHit{id, fid, q, false, k - first, ds};
                }
            }
        }
    };
    const MapDocument* doc = m_edits->document();
    for (int id : layers) {
        if (m_edits->isEditing(id)) {
            for (const auto& [fid, geometry] : m_edits->featuresIn(id, box))
                consider(id, fid, geometry.column(), 0);
            continue;
        }
        // A layer not in edit mode: the document's data, as the map draws it.
        const gis::ProjectLayer* l = doc ? doc->layer(id) : nullptr;
        if (!l || !l->available || !l->map.vector || !l->map.vector->hasIndex())
            continue;
        const gis::Layer& data = *l->map.vector;
        try {
            const Reprojection& rp = reprojection(id, data.crs(), doc->crs());
            const gis::Box searchBox = rp.toLayer ? rp.toLayer->transformBox(box) : box;
            for (std::uint32_t row : data.index().search(searchBox)) {
                if (rp.toMap) {
                    const gis::Geometry g = rp.toMap->transform(data.geometry(row));
                    consider(id, data.fid(row), g.column(), 0);
                } else {
                    consider(id, data.fid(row), data.geometries(), row);
                }
            }
        } catch (const gis::Error&) {
            continue; // outside the projection's domain: nothing there to snap to
        }
    }
    return bestVertex ? bestVertex : bestSegment;
}

} // namespace viewer
