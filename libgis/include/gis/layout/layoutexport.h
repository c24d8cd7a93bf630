#pragma once

// Writing layout pages to PDF, PNG (optionally georeferenced) and SVG files.

#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/layout/layout.h"
#include "gis/layout/layoutcontent.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

/// How exportLayout() and exportLayoutPages() write: a value, copied into the call.
struct LayoutExportOptions {
    /// PNG only: also write a world file (OUT.pgw, pixel centres as the format requires) and the map CRS in
    /// OUT.png.aux.xml (GDAL's sidecar, read by GDAL and QGIS), so the page opens as a georeferenced image whose
    /// map frame lies where it belongs (the rest of the page extends the frame's transform).
    bool worldFile = false;
    /// Cancellation (checked between pages and inside map renders) and progress (a fraction per page done).
    Feedback feedback;
};

/// Writes the page to .pdf (page size in points, text as text), .png (page at `dpi`, DPI stored) or .svg, written
/// beside and renamed. Throws Error(Argument) for an unknown extension or a DPI, page or frame size beyond the
/// limits, Error(Format) for a layout value beyond them (docs/layouts.md; nothing written), Error(Io) when it cannot write,
/// Error(Cancelled) when cancelled (the target file is left as it was).
std::vector<LayerError> exportLayout(const Layout& layout, const LayoutContent& content, const std::string& path, double dpi,
    const LayoutExportOptions& options = {});

/// An atlas: one page per entry of `pages`, the same layout. PDF: one file of pages.size() pages; PNG and SVG: one
/// file per page, "OUT-001.png", "OUT-002.png", ... Returns the files written; errors (when given) receives the
/// map frames' layer errors. Progress is reported after each page. Throws as exportLayout(); when cancelled the
/// PDF is not written (an existing file stays as it was), and PNG/SVG pages finished before the cancel stay.
std::vector<std::string> exportLayoutPages(const Layout& layout, const std::vector<LayoutContent>& pages,
    const std::string& path, double dpi, std::vector<LayerError>* errors = nullptr, const LayoutExportOptions& options = {});

} // namespace gis

GIS_API_END
