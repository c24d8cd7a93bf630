#pragma once

// A print layout: the page and its items, as a layout template describes them (docs/layouts.md).

#include <QColor>
#include <QRectF>
#include <QString>

#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

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
    /// The command that fills this template's own frames and {fields} ("gis drone-report"), from the file's
    /// "filled_by"; empty for a template any project prints. Such a template is not offered for a project's page.
    std::string filledBy;
    std::vector<LayoutItem> items;
};

} // namespace gis

GIS_API_END
