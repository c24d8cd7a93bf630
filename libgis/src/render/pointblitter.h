#pragma once

// Private: the image path for point layers. A million markers through QPainter cost a painter state change and
// a path fill each; here each marker is a pre-rendered sprite composited straight into the image's pixels.

#include <QImage>

#include "gis/core/feedback.h"
#include "layerprep.h"
#include "rendercontext.h"

namespace gis::detail {

/// Composites the markers of `layer` (a points-only layer) into rows [bandTop, bandBottom) of `image`
/// (ARGB32 premultiplied, the full device size), source-over with QPainter's arithmetic. Each marker is snapped
/// to the pixel its point falls in (at most half a pixel off). When the layer has a single opaque, one-colour
/// sprite, each covered pixel gets the sprite once, stamped in raster order: a dense layer then costs what its
/// covered pixels cost (the same picture as stamping every point in the layer's order, up to rounding of the
/// antialiased edges where markers overlap). Otherwise markers are stamped in the layer's order. Nothing
/// depends on the band but which rows are written, so bands drawn by several threads give the single-band
/// image. Returns false when cancelled. Throws Error(Io) for an unreadable icon.
bool blitPoints(QImage& image, int bandTop, int bandBottom, const PreparedLayer& layer, const RenderContext& context,
    const CancellationToken& cancel);

} // namespace gis::detail
