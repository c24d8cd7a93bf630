// The picture frames of a print layout: the inset (locator) map with the main frame's extent outlined, and the
// image (logo) item.

#include <QImage>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>
#include <set>

#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/render/rasterdraw.h"
#include "layoutparts.h"

namespace gis::detail {

namespace {

constexpr double kInsetMargin = 0.04; ///< of the layers' extent, on each side

/// A layer's extent in the map CRS; empty when it has none or it cannot be transformed.
Box extentIn(const MapLayer& l, const Crs& crs)
{
    Box b;
    Crs from;
    if (l.vector) {
        b = l.vector->extent();
        from = l.vector->crs();
    } else if (l.raster) {
        b = l.raster->info().extent;
        from = l.raster->info().crs;
    }
    if (b.isEmpty() || !from.isValid() || !crs.isValid() || from.isEquivalentTo(crs))
        return b;
    try {
        return Transformer(from, crs).transformBox(b);
    } catch (const Error&) {
        return {};
    }
}

/// `content` scaled to fit `r` keeping its aspect ratio, centred vertically, placed by `align` horizontally.
QRectF fitted(QSizeF content, const QRectF& r, Qt::Alignment align)
{
    if (content.isEmpty())
        return r;
    const QSizeF s = content.scaled(r.size(), Qt::KeepAspectRatio);
    const double x = align & Qt::AlignRight ? r.right() - s.width()
        : align & Qt::AlignHCenter          ? r.center().x() - s.width() / 2
                                            : r.left();
    return QRectF(QPointF(x, r.center().y() - s.height() / 2), s);
}

} // namespace

std::vector<LayerError> drawInset(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map,
    const Box& mainExtent, double dpi, const CancellationToken& cancel)
{
    std::vector<LayerError> errors;
    const double mm = dpi / 25.4;
    const Crs crs = layoutMapCrs(map);
    RenderRequest req;
    req.crs = crs;
    req.dpi = dpi;
    req.background = map.background;
    req.drawLabels = false; // a locator map shows where, not what
    req.size = QSize(std::max(1, int(std::lround(r.width()))), std::max(1, int(std::lround(r.height()))));
    // The layers in the project's order (bottom to top), whatever the order of their names in the template.
    const std::set<std::string> names(item.insetLayers.begin(), item.insetLayers.end());
    for (const std::string& name : item.insetLayers)
        if (std::none_of(map.layers.begin(), map.layers.end(), [&](const MapLayer& l) { return l.name == name; }))
            errors.push_back({name, "inset \"" + item.id + "\": the project has no such layer (or it is not loaded)"});
    Box full;
    for (const MapLayer& l : map.layers) {
        const bool polygons = l.vector && singleType(l.vector->geometryType()) == GeometryType::Polygon;
        if (names.empty() ? !(l.visible && polygons) : !names.count(l.name))
            continue;
        MapLayer shown = l;
        shown.visible = true;
        req.layers.push_back(shown);
        full.expand(extentIn(l, crs));
    }
    // The main frame is always inside the inset, even when it reaches beyond the inset's layers.
    full.expand(mainExtent);
    const double pad = std::max(full.width(), full.height()) * kInsetMargin;
    req.extent = Box(full.minX - pad, full.minY - pad, full.maxX + pad, full.maxY + pad);

    p.save();
    p.translate(r.topLeft());
    const QRectF local(0, 0, req.size.width(), req.size.height());
    p.setClipRect(local);
    p.fillRect(local, map.background);
    if (!req.layers.empty() && !full.isEmpty()) {
        const RenderResult res = renderToPainter(p, req, cancel);
        errors.insert(errors.end(), res.errors.begin(), res.errors.end());
    }
    if (!mainExtent.isEmpty() && !full.isEmpty() && !cancel.isCancelled()) {
        const MapTransform t(req.extent, req.size);
        QRectF box = QRectF(t.toDevice(Coord{mainExtent.minX, mainExtent.maxY}), t.toDevice(Coord{mainExtent.maxX, mainExtent.minY}));
        // A frame far smaller than the inset still shows where it is: at least 1.5 mm across.
        const double minSide = 1.5 * mm;
        box = box.adjusted(-std::max(0.0, minSide - box.width()) / 2, -std::max(0.0, minSide - box.height()) / 2,
            std::max(0.0, minSide - box.width()) / 2, std::max(0.0, minSide - box.height()) / 2);
        p.setPen(QPen(QColor(220, 0, 0), 0.35 * mm));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box);
    }
    p.restore();
    p.save();
    p.setPen(QPen(Qt::black, 0.2 * mm));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.restore();
    return errors;
}

void drawImageItem(QPainter& p, const LayoutItem& item, const QRectF& r)
{
    const QString path = QString::fromStdString(item.imagePath);
    // Read like every file a document names: a regular file, without blocking, at most kMaxLayoutImageBytes (a FIFO
    // named as a logo can neither hang the export nor a huge file exhaust memory); decoded from those bytes, where
    // Qt's image reader refuses images larger than its allocation limit. An image that cannot be read is left out.
    QByteArray bytes;
    try {
        bytes = QByteArray::fromStdString(readSmallFile(item.imagePath, kMaxLayoutImageBytes, "layout image"));
    } catch (const Error&) {
        return;
    }
    p.save();
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgRenderer svg(bytes);
        if (svg.isValid()) {
            const QSizeF size = svg.viewBoxF().isEmpty() ? QSizeF(svg.defaultSize()) : svg.viewBoxF().size();
            svg.render(&p, fitted(size, r, item.align));
        }
    } else {
        const QImage image = QImage::fromData(bytes);
        if (!image.isNull())
            p.drawImage(fitted(image.size(), r, item.align), image);
    }
    p.restore();
}

} // namespace gis::detail
