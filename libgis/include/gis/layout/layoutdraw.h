#pragma once

// Drawing a layout page: on any painter, or as an image.

#include <QImage>
#include <QPainter>

#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/layout/layout.h"
#include "gis/layout/layoutcontent.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

/// Draws the whole page with `painter`, whose device is the page at `dpi` (PDF, PNG and SVG alike). Returns the
/// map frames' render errors. Never throws for a layer that fails; a bad template item is skipped. Hidden items
/// are not drawn. `cancel` is passed to the map frames' renders.
std::vector<LayerError> drawLayout(QPainter& painter, const Layout& layout, const LayoutContent& content, double dpi,
    const CancellationToken& cancel = {});

/// The page as an image at `dpi` (pixel size = page size × DPI, at least 1×1; white paper; the DPI stored in the
/// image): what exportLayout() writes to a PNG and the viewer previews. Null when the image cannot be allocated,
/// or when the layout, the DPI or the page's pixels are beyond the limits (docs/layouts.md; the reason in `errors`).
/// `errors` (when given) receives the map frames' layer errors.
QImage renderLayoutImage(const Layout& layout, const LayoutContent& content, double dpi, const CancellationToken& cancel = {},
    std::vector<LayerError>* errors = nullptr);

} // namespace gis

GIS_API_END
