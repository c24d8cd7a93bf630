#pragma once

// A map frame's coordinate grid: its kind, interval and edge labels as drawLayout() places them.

#include <QPointF>
#include <QRectF>
#include <QString>

#include <vector>

#include "gis/core/export.h"
#include "gis/layout/layout.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

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

} // namespace gis

GIS_API_END
