#pragma once

// The parts of a print layout page that drawLayout() (layoutdraw.cpp) delegates: legend, coordinate grid, inset
// and image frames. Each draws on the page's painter, in device pixels at the page's DPI.

#include <QFont>
#include <QPainter>
#include <QRectF>

#include <string>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/layout/layout.h"
#include "gis/render/maprenderer.h"

namespace gis::detail {

/// The layout's font: Noto Sans (Arabic), `pt` points at `dpi` (whole pixels, as Qt renders them).
QFont layoutFont(bool arabic, double pt, double dpi, bool bold = false);

/// The map CRS of a request: its own, or the first vector layer's.
Crs layoutMapCrs(const RenderRequest& map);

/// The extent a map frame shows (layoutMapExtent widened to the frame's aspect ratio, as MapTransform does).
Box layoutFittedExtent(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map);

/// The legend of `map`'s visible layers in `r`.
void drawLegend(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map, bool arabic, double dpi);

/// The grid's lines over the map frame `frame` (device pixels; the map as renderToPainter drew it for
/// `extent`), clipped to it, then its ticks and edge labels outside it. Returns why no grid was drawn when its
/// interval gives more lines than a frame can show (empty otherwise).
std::string drawGrid(QPainter& p, const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map, const Box& extent,
    const QRectF& frame, double dpi);

/// A locator map of the inset's layers at their full extent with the main frame's extent `mainExtent` (in the
/// map CRS; empty: none) outlined in red. Returns its layers' render errors and names the layers it lacks.
std::vector<LayerError> drawInset(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map,
    const Box& mainExtent, double dpi, const CancellationToken& cancel);

/// An image item: the PNG, JPEG or SVG file scaled to fit `r`, keeping its aspect ratio, centred. An unreadable
/// file draws nothing.
void drawImageItem(QPainter& p, const LayoutItem& item, const QRectF& r);

} // namespace gis::detail
