#pragma once

// Private: shaded relief of an elevation grid (Horn's slope and aspect, gdaldem's shading), and its colouring.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <QImage>
#include <QRgb>

#include "gis/core/feedback.h"
#include "gis/data/raster.h"
#include "rasterpaint.h"

namespace gis::detail {

struct HillshadeLight {
    double azimuth = 315;  ///< degrees clockwise from north, where the light comes from
    double altitude = 45;  ///< degrees above the horizon
    double zFactor = 1;    ///< vertical exaggeration
};

/// The shade of every image pixel of `dem` (band 0 of a grid with a border of at least one pixel; elevations in
/// metres) on gdaldem hillshade's scale: 1 (facing away) to 255 (facing the light), 0 where there is no
/// elevation. Horn's 3x3 gradient, so the result matches `gdaldem hillshade` on the same grid. Cells are sized
/// in metres: the grid's units in a projected CRS, degrees converted at each row's latitude (WGS 84 radii of
/// curvature) in a geographic one. A neighbour without elevation (an edge, a nodata hole) is extrapolated
/// linearly from the cells beside it, as `gdaldem -compute_edges` does at edges.
std::vector<std::uint8_t> hillshade(const RasterPixels& dem, const RasterGrid& grid, const HillshadeLight& light,
    const CancellationToken& cancel, const std::string& label);

/// The shade of level ground under `light`.
int flatShade(const HillshadeLight& light);

/// The shades as a grey image, or, with `tint`, the elevation's colour from `tint->first` over `tint->second`
/// scaled by shade / flatShade: level ground keeps its legend colour, slopes facing the light brighten.
QImage paintHillshade(const RasterPixels& dem, int border, const std::vector<std::uint8_t>& shades, int flat,
    const std::optional<std::pair<std::vector<QRgb>, ValueRange>>& tint, const CancellationToken& cancel,
    const std::string& label);

} // namespace gis::detail
