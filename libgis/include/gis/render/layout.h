#pragma once

#include <QColor>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/render/maprenderer.h"

namespace gis {

class Project;

/// One element of a print layout; its rectangle is in millimetres from the page's top-left corner.
struct LayoutItem {
    enum class Kind { Map, Title, Legend, ScaleBar, NorthArrow, Text };
    Kind kind = Kind::Text;
    QRectF rectMm;
    Qt::Alignment align = Qt::AlignLeft;
    double fontSizePt = 10;
    double scale = 0;  ///< Map: fixed scale denominator (0: fit the project's extent)
    QString text;      ///< Text: may hold {crs}, {date}, {attribution}, {scale}
};

/// A print layout page (schema in docs/layouts.md): page size in mm, language and items. A value; any thread.
struct Layout {
    double widthMm = 297;
    double heightMm = 210;
    std::string language = "en"; ///< "ar" or "en": texts, digits, mirroring (the template decides the mirroring)
    std::vector<LayoutItem> items;
};

/// Reads a layout template. Page "size": A0..A4, Letter or "custom" with width_mm/height_mm; "orientation":
/// portrait|landscape. Throws Error(Io/Format) naming the file and the JSON key.
Layout readLayoutFile(const std::string& path);

/// What to draw on the page besides the template.
struct LayoutContent {
    RenderRequest map;       ///< layers, CRS, extent (size and dpi are set per page)
    QString title;           ///< main title
    QString subtitle;        ///< under it (the title in the other language), may be empty
    QString attribution = "Data: Interior Explorer sample (OSM, NCSI, synthetic)";
    QString date;            ///< "" -> today (ISO)
};

/// The map as laid out on the page: the fitted extent, its scale, and the scale bar derived from them.
struct ScaleBarGeometry {
    double scaleDenominator = 0; ///< of the map frame at its centre
    double groundMetres = 0;     ///< the bar's total ground length (1, 2 or 5 x 10^n m)
    double lengthMm = 0;         ///< on paper
    int segments = 4;
    QString label;               ///< e.g. "10 km" or "١٠ كم"
};

/// The map frame's fitted extent (the project extent widened to the frame's aspect ratio, or the frame's extent
/// at a fixed scale around the extent's centre) in the map CRS.
Box layoutMapExtent(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map);

/// The scale bar for a map item: 1, 2, 5 x 10^n metres no longer than `maxMm`. Projected CRSs are taken as metres
/// per unit with the UTM point scale factor ignored (under 0.04 % in a UTM zone's centre); geographic CRSs use the
/// length of a degree of longitude at the frame's centre latitude.
ScaleBarGeometry layoutScaleBar(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map, double maxMm);

/// Grid convergence (degrees, clockwise from grid north to true north) at the map's centre; 0 when unknown.
double gridConvergence(const Crs& crs, const Coord& centre);

/// Draws the whole page with `painter`, whose device is the page at `dpi` (PDF, PNG and SVG alike). Returns the
/// map frames' render errors. Never throws for a layer that fails; a bad template item is skipped.
std::vector<LayerError> drawLayout(QPainter& painter, const Layout& layout, const LayoutContent& content, double dpi);

/// Writes the page to .pdf (page size in points, text as text), .png (page at `dpi`, DPI stored) or .svg, written
/// beside and renamed. Throws Error(Argument) for an unknown extension, Error(Io) when it cannot write.
std::vector<LayerError> exportLayout(const Layout& layout, const LayoutContent& content, const std::string& path, double dpi);

/// An atlas: one page per entry of `pages`, the same layout. PDF: one file of pages.size() pages; PNG and SVG: one
/// file per page, "OUT-001.png", "OUT-002.png", ... Returns the files written; errors (when given) receives the
/// map frames' layer errors. Throws as exportLayout().
std::vector<std::string> exportLayoutPages(const Layout& layout, const std::vector<LayoutContent>& pages,
    const std::string& path, double dpi, std::vector<LayerError>* errors = nullptr);

/// "0123" -> "٠١٢٣" (Arabic-Indic digits).
QString toArabicDigits(const QString& text);

} // namespace gis
