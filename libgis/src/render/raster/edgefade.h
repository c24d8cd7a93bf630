#pragma once

// Private: a raster fading in from the edges of its data (RasterStyle::fadeEdges).

#include <QImage>

#include <string>

#include "gis/core/feedback.h"

namespace gis::detail {

/// Scales every pixel of `image` (ARGB32_Premultiplied) by a smooth ramp of its distance to the nearest fully
/// transparent pixel: 0 there, 1 at `width` pixels and beyond. Pixels beyond the image are not edges, so the
/// caller draws a margin of `width` around what it shows for tiles to join. Distances are chamfer distances
/// (steps of 1 and sqrt 2, within 8 % of Euclidean). Throws Error(Cancelled).
void fadeEdges(QImage& image, double width, const CancellationToken& cancel, const std::string& label);

} // namespace gis::detail
