#pragma once

// Private: draws a prepared vector layer with a QPainter — polygons, lines (casings first), markers — onto one
// horizontal band of the device or all of it.

#include <QPainter>
#include <QRect>

#include "gis/core/feedback.h"
#include "layerprep.h"
#include "rendercontext.h"

namespace gis::detail {

/// Draws the items of `layer` whose symbols reach into `band` (device pixels). The painter must have no world
/// transform (device coordinates are computed here) and should be clipped to `band` when anything outside it
/// must stay untouched. With `vector` (PDF, SVG) markers and icons stay vectors; otherwise icons are drawn from
/// sprites. Returns false when cancelled before the end. Throws Error(Io) for an unreadable icon.
bool drawVectorLayer(QPainter& painter, const PreparedLayer& layer, const RenderContext& context, const QRect& band,
    bool vector, const CancellationToken& cancel);

} // namespace gis::detail
