#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

class Project;

/// A map frame's coordinate grid with labels on the frame's edges (outside the frame, in the space the template
/// leaves for them). Graticule: meridians and parallels (densified, so they curve in a projected map CRS) labelled
/// in degrees-minutes-seconds (23°00'N, 57°30'E; Arabic pages: Arabic-Indic digits with ش/ج/ق/غ); Utm: lines
/// of the projected map CRS in metres, labelled as metres (e.g. 540000 mE / 2530000 mN). A Utm grid on a
/// geographic map CRS falls back to a graticule.
struct LayoutGrid {
    enum class Kind { None, Graticule, Utm };
    Kind kind = Kind::None;
    double interval = 0;   ///< degrees (graticule) or metres (utm); 0: a round interval giving 3-8 lines across
    double fontSizePt = 6;
    QColor color = QColor(90, 90, 90, 170);
};

/// One element of a print layout; its rectangle is in millimetres from the page's top-left corner.
struct LayoutItem {
    enum class Kind { Map, Title, Legend, ScaleBar, NorthArrow, Text, Inset, Image };
    Kind kind = Kind::Text;
    std::string id;    ///< the template's "id", else the type name ("map", "legend", ...): how the viewer names it
    bool visible = true; ///< hidden items are not drawn (the viewer's show/hide)
    QRectF rectMm;
    Qt::Alignment align = Qt::AlignLeft;
    double fontSizePt = 10;
    double scale = 0;  ///< Map: fixed scale denominator (0: fit the project's extent)
    QString text;      ///< Text: may hold {crs}, {date}, {attribution}, {scale}
    LayoutGrid grid;   ///< Map: its coordinate grid
    /// Inset (locator map): the project layers drawn in it, by name (empty: every visible polygon layer), at
    /// their full extent, with the main map frame's extent outlined in red.
    std::vector<std::string> insetLayers;
    /// Image (logo): a PNG, JPEG or SVG file, resolved against the template's folder when read; only files in that
    /// folder or below it are accepted (no absolute paths, no ".."), drawn scaled to fit, keeping its aspect ratio.
    std::string imagePath;
};

/// A print layout page (schema in docs/layouts.md): page size in mm, language and items. A value; any thread.
struct Layout {
    double widthMm = 297;
    double heightMm = 210;
    std::string language = "en"; ///< "ar" or "en": texts, digits, mirroring (the template decides the mirroring)
    std::vector<LayoutItem> items;
};

/// Reads a layout template. Page "size": A0..A4, Letter or "custom" with width_mm/height_mm; "orientation":
/// portrait|landscape. Throws Error(Io/Format) naming the file and the JSON key, also for a value beyond the limits
/// (docs/layouts.md, "Limits").
Layout readLayoutFile(const std::string& path);

/// The template file for `name`: a path ending in .json is returned as is; otherwise a name such as "a4-landscape"
/// (with "-ar"/"-en" added from `language` unless it has one) looked up in `projectPath`/../styles/layouts, the
/// source tree's styles/layouts beside the running executable's build, then share/interior-explorer/layouts of
/// the install. Throws Error(Argument) naming the file when none exists.
std::string findLayoutTemplate(const std::string& name, const std::string& language, const std::string& projectPath);

/// The named templates found by findLayoutTemplate's search ("a4-landscape-ar", ...), sorted, without duplicates.
std::vector<std::string> availableLayoutTemplates(const std::string& projectPath);

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

/// One edge label of a map item's coordinate grid as drawLayout() places it. Top and bottom edges carry
/// longitudes (graticule) or eastings (utm), left and right edges latitudes or northings; left and right labels
/// run upwards along the edge (rotated 90°), so they need no more room beside the frame than top and bottom ones.
struct GridLabel {
    enum class Edge { Top, Bottom, Left, Right };
    Edge edge = Edge::Top;
    double value = 0;  ///< degrees (longitude, latitude) or map units (easting, northing) of the line
    QString text;      ///< as printed: formatGridDms() or "540000mE" / "٥٤٠٠٠٠ م ق"
    QPointF anchorMm;  ///< where the line meets the frame's edge, mm from the page's top-left corner
    QRectF boxMm;      ///< the text's box on the page (outside the frame, centred on the anchor)
};

/// The grid kind a map item really draws: its own; None without a valid map CRS, a frame or an extent; Graticule
/// for Utm on a geographic map CRS.
LayoutGrid::Kind layoutGridKind(const LayoutItem& mapItem, const RenderRequest& map);

/// The interval of a map item's grid: LayoutGrid::interval when set, else the largest round value (degrees: 10,
/// 5, 2, 1, 30', 20', 15', 10', 5', 2', 1', 30", 20", 15", 10", 5", 2", 1"; map units: 1, 2, 5 x 10^n) that gives at
/// least 3 lines across both the frame's width and its height (so 3 to about 8 on the shorter side). 0 without
/// a grid.
double layoutGridInterval(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map);

/// The edge labels of a map item's grid, in the order drawLayout() tries them (bottom, top, left, right; along
/// each edge in order). A label is left out when its box would leave the page, overlap a visible item other than
/// its frame, or come within 0.5 mm of a label already placed. Text is measured with the layout's fonts, so a
/// QGuiApplication must exist. Empty without a grid or when the map CRS cannot be transformed to WGS 84.
std::vector<GridLabel> layoutGridLabels(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map);

/// A graticule label: degrees and minutes always ("57°30'E", "23°00'N"), seconds when `interval` is not a whole
/// number of minutes ("57°30'15\"E"); W/S for negative values, no letter for 0 (and 180 for longitudes). Arabic:
/// Arabic-Indic digits and ق/غ (east/west), ش/ج (north/south): "٥٧°٣٠'ق".
QString formatGridDms(double degrees, bool latitude, double interval, bool arabic);

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

/// The affine transform from page pixels at `dpi` to the first map frame's map coordinates (x = a + b*col +
/// c*row, y = d + e*col + f*row, for pixel corners), valid over the whole page; false when there is no map frame.
struct PageGeoreference {
    double a = 0, b = 1, c = 0, d = 0, e = 0, f = -1;
    Crs crs;
};
bool layoutGeoreference(const Layout& layout, const LayoutContent& content, double dpi, PageGeoreference& out);

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

/// The page content for a project in `language` ("ar" or "en"): its visible layers, map CRS and extent (all the
/// data's when the project has none), the title in that language with the other language's title as subtitle,
/// and the attribution in that language. Throws Error(Argument) naming the project when there is nothing to draw.
LayoutContent projectLayoutContent(const Project& project, const std::string& language);

/// The atlas pages for a project: one per feature of the project's vector layer `layerName` that has a geometry,
/// in feature order, the map fitted to the feature (5 % margin, in the map CRS) and titled with the value of
/// `titleExpression` (a field name or any query expression, e.g. "name_en || ' (' || name_ar || ')'"); the page's
/// subtitle is `base.title`. Throws Error(Argument) naming the layer or the expression (with its message) when the
/// layer is missing, not loaded or not vector, the expression does not parse, or no feature has a geometry.
std::vector<LayoutContent> atlasPages(const Project& project, const LayoutContent& base, const std::string& layerName,
    const std::string& titleExpression);

/// "0123" -> "٠١٢٣" (Arabic-Indic digits).
QString toArabicDigits(const QString& text);

} // namespace gis

GIS_API_END
