// MapCanvas: what is drawn over the map image (selection, highlight, tool sketches, scale bar).

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>

#include <cmath>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {
constexpr std::size_t kMaxOverlayFeatures = 250000; // beyond this the overlay would slow every frame
}

OverlayShapes MapCanvas::shapesOf(int layerId, const std::vector<std::uint32_t>& rows) const
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
    const gis::GeometryColumn& g = layer.geometries();
    std::vector<gis::Coord> buf;
    for (std::size_t k = 0; k < rows.size() && k < kMaxOverlayFeatures; ++k) {
        const std::size_t i = rows[k];
        if (i >= g.size())
            continue;
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

void MapCanvas::rebuildSelection(int layerId)
{
    const std::vector<std::uint32_t>& rows = m_doc->selection(layerId);
    if (rows.empty())
        m_selection.erase(layerId);
    else
        m_selection[layerId] = shapesOf(layerId, rows);
}

void MapCanvas::rebuildAllSelections()
{
    m_selection.clear();
    for (const LayerState& s : m_doc->layerStates())
        if (!s.selection.empty())
            rebuildSelection(s.id);
}

void MapCanvas::setHighlight(int layerId, const std::vector<std::uint32_t>& rows)
{
    m_highlight = shapesOf(layerId, rows);
    update();
}

void MapCanvas::clearHighlight()
{
    m_highlight = {};
    update();
}

void MapCanvas::clearMeasure()
{
    m_measure.clear();
    m_measureFinished = false;
    emit measureChanged();
    update();
}

void MapCanvas::drawShapes(QPainter& p, const OverlayShapes& shapes, const QColor& color, bool fill) const
{
    if (shapes.lines.isEmpty() && shapes.points.empty())
        return;
    const gis::MapTransform t = transform();
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
        if (d.x() < -10 || d.y() < -10 || d.x() > width() + 10 || d.y() > height() + 10)
            continue;
        p.drawEllipse(d, 5.5, 5.5);
    }
    p.restore();
}

void MapCanvas::drawSketches(QPainter& p) const
{
    p.save();
    const QColor ink(200, 30, 30);
    QPen dashed(ink, 1.5, Qt::DashLine);
    if (m_drag == Drag::ZoomBox || m_drag == Drag::Rectangle) {
        p.setPen(dashed);
        QColor fill = ink;
        fill.setAlpha(30);
        p.setBrush(fill);
        p.drawRect(QRectF(m_pressPos, m_currentPos).normalized());
    }
    auto drawPath = [&](const std::vector<gis::Coord>& pts, bool closed, bool rubber) {
        QPolygonF poly;
        for (const gis::Coord& c : pts)
            poly << mapToWidget(c);
        if (rubber)
            poly << m_currentPos;
        p.setPen(QPen(ink, 2));
        QColor fill = ink;
        fill.setAlpha(40);
        p.setBrush(closed ? QBrush(fill) : Qt::NoBrush);
        if (closed)
            p.drawPolygon(poly);
        else
            p.drawPolyline(poly);
        p.setBrush(Qt::white);
        for (const gis::Coord& c : pts)
            p.drawEllipse(mapToWidget(c), 3.5, 3.5);
    };
    if (!m_sketch.empty())
        drawPath(m_sketch, true, true);
    if (!m_measure.empty())
        drawPath(m_measure, m_tool == Tool::MeasureArea, !m_measureFinished && m_hover.has_value());
    p.restore();
}

void MapCanvas::drawScaleBar(QPainter& p) const
{
    const double n = scale();
    if (!(n > 0))
        return;
    const double metresPerPixel = n * 0.0254 / 96.0;
    const double target = metresPerPixel * 120; // about 120 px
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double nice = magnitude;
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (f * magnitude <= target)
            nice = f * magnitude;
    const double barPx = nice / metresPerPixel;
    const bool rtl = layoutDirection() == Qt::RightToLeft;
    const double x0 = rtl ? width() - 16 - barPx : 16;
    const double y0 = height() - 18;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 200));
    p.drawRoundedRect(QRectF(x0 - 8, y0 - 20, barPx + 16, 30), 3, 3);
    p.setPen(QPen(QColor(30, 30, 30), 2));
    p.drawLine(QPointF(x0, y0), QPointF(x0 + barPx, y0));
    p.drawLine(QPointF(x0, y0 - 5), QPointF(x0, y0));
    p.drawLine(QPointF(x0 + barPx, y0 - 5), QPointF(x0 + barPx, y0));
    p.setPen(QColor(30, 30, 30));
    const QString label = nice >= 1000
        ? QCoreApplication::translate("Units", "%1 km").arg(locale().toString(nice / 1000, 'g', 6))
        : QCoreApplication::translate("Units", "%1 m").arg(locale().toString(nice, 'g', 6));
    p.drawText(QRectF(x0 - 8, y0 - 20, barPx + 16, 16), Qt::AlignCenter, label);
    p.restore();
}

} // namespace viewer
