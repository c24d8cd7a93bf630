#include "selectionoverlay.h"

#include <QPainter>

#include <optional>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {
constexpr std::size_t kMaxOverlayFeatures = 250000; // beyond this the overlay would slow every frame
}

SelectionOverlay::SelectionOverlay(const MapDocument* document) : m_doc(document) {}

OverlayShapes SelectionOverlay::shapesOf(int layerId, const std::vector<std::uint32_t>& rows) const
{
    OverlayShapes out;
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    if (!l || !l->map.vector || rows.empty())
        return out;
    const gis::Layer& layer = *l->map.vector;
    std::optional<gis::Transformer> toMap;
    if (layer.crs().isValid() && m_doc->crs().isValid() && !layer.crs().isEquivalentTo(m_doc->crs())) {
        try {
            toMap.emplace(layer.crs(), m_doc->crs());
        } catch (const gis::Error&) {
            return out;
        }
    }
    // Rows as the document numbers them: the data's, then the edit overlay's added features (same CRS).
    const LayerRows all = m_doc->rows(layerId);
    std::vector<gis::Coord> buf;
    for (std::size_t k = 0; k < rows.size() && k < kMaxOverlayFeatures; ++k) {
        const LayerRows::Ref ref = all.locate(rows[k]);
        if (!ref)
            continue;
        const gis::GeometryColumn& g = ref.layer->geometries();
        const std::size_t i = ref.row;
        for (std::size_t p = g.partBegin(i); p < g.partEnd(i); ++p) {
            const gis::GeometryType type = g.partType(p);
            for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
                buf.assign(g.coords() + g.coordBegin(r), g.coords() + g.coordEnd(r));
                if (toMap)
                    toMap->transform(buf.data(), buf.size());
                if (buf.empty())
                    continue;
                if (type == gis::GeometryType::Point) {
                    out.points.emplace_back(buf[0].x, buf[0].y);
                    continue;
                }
                out.lines.moveTo(buf[0].x, buf[0].y);
                for (std::size_t c = 1; c < buf.size(); ++c)
                    out.lines.lineTo(buf[c].x, buf[c].y);
                if (type == gis::GeometryType::Polygon) {
                    out.lines.closeSubpath();
                    out.polygons = true;
                }
            }
        }
    }
    return out;
}

void SelectionOverlay::rebuildSelection(int layerId)
{
    const std::vector<std::uint32_t>& rows = m_doc->selection(layerId);
    if (rows.empty())
        m_selection.erase(layerId);
    else
        m_selection[layerId] = shapesOf(layerId, rows);
}

void SelectionOverlay::rebuildAllSelections()
{
    m_selection.clear();
    for (const LayerState& s : m_doc->layerStates())
        if (!s.selection.empty())
            rebuildSelection(s.id);
}

void SelectionOverlay::setHighlight(int layerId, const std::vector<std::uint32_t>& rows)
{
    m_highlight = shapesOf(layerId, rows);
}

void SelectionOverlay::clearHighlight()
{
    m_highlight = {};
}

void SelectionOverlay::draw(QPainter& p, const gis::MapTransform& t, QSize size) const
{
    for (const auto& [id, shapes] : m_selection)
        drawShapes(p, t, size, shapes, QColor(255, 220, 0), true);
    drawShapes(p, t, size, m_highlight, QColor(220, 20, 60), false);
}

void SelectionOverlay::drawShapes(QPainter& p, const gis::MapTransform& t, QSize size, const OverlayShapes& shapes,
    const QColor& color, bool fill)
{
    if (shapes.lines.isEmpty() && shapes.points.empty())
        return;
    const gis::Box& e = t.extent();
    const double px = t.pixelSize();
    p.save();
    if (!shapes.lines.isEmpty()) {
        p.setTransform(QTransform(1 / px, 0, 0, -1 / px, -e.minX / px, e.maxY / px));
        QPen pen(color, 2.5);
        pen.setCosmetic(true);
        p.setPen(pen);
        QColor brush = color;
        brush.setAlpha(70);
        p.setBrush(shapes.polygons && fill ? QBrush(brush) : Qt::NoBrush);
        p.drawPath(shapes.lines);
        p.resetTransform();
    }
    p.setPen(QPen(QColor(40, 40, 40), 1.2));
    p.setBrush(color);
    for (const QPointF& pt : shapes.points) {
        const QPointF d = t.toDevice({pt.x(), pt.y()});
        if (d.x() < -10 || d.y() < -10 || d.x() > size.width() + 10 || d.y() > size.height() + 10)
            continue;
        p.drawEllipse(d, 5.5, 5.5);
    }
    p.restore();
}

} // namespace viewer
