#pragma once

#include <string>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

/// Writes the map of `request` to `path`, the format by its extension: PNG through renderImage() (the DPI
/// recorded in the file, zlib on a fast setting), PDF and SVG through renderToPainter() (lines and polygons stay
/// vectors, labels stay text; the page is request.size at request.dpi). The file is written beside and renamed
/// over `path`, so a failed export never leaves a half-written file nor destroys the old one.
/// Returns the render's result (per-layer errors, timings; its image for PNG). Throws Error(Argument) for an
/// unknown extension or a DPI or image size beyond the limits (docs/styles.md, "Limits"; nothing is written),
/// Error(Io) naming the file when it cannot be written, Error(Cancelled) when cancelled.
/// Needs a QGuiApplication (text). Any thread may call it.
RenderResult exportMap(const RenderRequest& request, const std::string& path, const CancellationToken& cancel = {});

} // namespace gis

GIS_API_END
