#pragma once

#include <QString>

#include "gis/render/maprenderer.h"

namespace viewer {

/// Writes a map to PNG (renderImage), PDF or SVG (renderToPainter: vectors stay vectors, labels text), by the
/// file's extension, atomically (beside, then renamed). The same renderer as the screen. Returns "" or the
/// error message naming the file; per-layer render errors are appended.
QString exportMap(const gis::RenderRequest& request, const QString& path);

} // namespace viewer
