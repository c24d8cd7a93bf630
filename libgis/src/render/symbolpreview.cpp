// Symbol samples for legends: the map's pens, brushes and markers at the sample's size.

#include "gis/render/symbolpreview.h"

#include <algorithm>
#include <exception>

#include "symbolpaint.h"

namespace gis {

void drawSymbolPreview(QPainter& p, const Symbol& symbol, SymbolPreviewShape shape, const QRectF& box, double dpi)
{
    p.save();
    // Swatches at the legend's own size: symbols' widths as on the map, but capped to the box.
    const detail::SymbolPaint sp = detail::makeSymbolPaint(symbol, dpi);
    if (shape == SymbolPreviewShape::Line) {
        const QLineF line(box.left(), box.center().y(), box.right(), box.center().y());
        if (sp.hasCasing) {
            p.setPen(sp.casing);
            p.drawLine(line);
        }
        QPen pen = sp.stroke;
        pen.setWidthF(std::min(pen.widthF(), box.height() * 0.6));
        p.setPen(pen);
        p.drawLine(line);
    } else if (shape == SymbolPreviewShape::Point) {
        // The map's own marker drawing (SVG icons included), capped to the row's height.
        const double size = std::min(sp.size, box.height() * 1.3);
        try {
            detail::drawMarker(p, sp, box.center(), size, true);
        } catch (const std::exception&) { // an unreadable icon: the map reports it; the legend shows its square
            p.setPen(sp.stroke);
            p.setBrush(sp.fill);
            p.drawPath(detail::markerPath(sp.marker, size).translated(box.center()));
        }
    } else {
        QPen pen = sp.stroke;
        pen.setWidthF(std::min(pen.widthF(), box.height() * 0.2));
        p.setPen(pen);
        p.setBrush(sp.fill);
        p.drawRect(box);
    }
    p.restore();
}

} // namespace gis
