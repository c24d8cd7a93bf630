#pragma once

// A symbol drawn as a small sample (a legend's swatch), with the map's own symbol drawing.

#include <QPainter>
#include <QRectF>

#include "gis/core/export.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

/// The geometry a symbol sample shows: a marker, a line across the box, or the box filled.
enum class SymbolPreviewShape { Point, Line, Polygon };

/// Draws `symbol` as a sample in `box` (device pixels of `painter`'s device at `dpi`): symbol widths as on the map
/// but capped to the box (lines to 60 % of its height, outlines to 20 %), markers (SVG icons included, as vectors)
/// at most 1.3 times its height, centred. An unreadable icon draws the marker's square instead; never throws for
/// it. The painter's state is saved and restored. On the painter's thread, like any QPainter use.
void drawSymbolPreview(QPainter& painter, const Symbol& symbol, SymbolPreviewShape shape, const QRectF& box, double dpi);

} // namespace gis

GIS_API_END
