#pragma once

// A layout's map frame: its fitted extent, scale bar and grid convergence.

#include <QString>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/layout/layout.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

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

} // namespace gis

GIS_API_END
