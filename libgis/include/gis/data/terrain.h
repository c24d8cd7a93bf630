#pragma once

#include <array>
#include <cmath>
#include <numbers>
#include <utility>

#include "gis/core/export.h"

// Terrain math on a DEM's 3x3 window: Horn's gradient, the hillshade of a gradient, and the size of a degree on the
// WGS 84 ellipsoid. Header-only and in `data` (below both users) so that the map's hillshade (render) and the
// slope/aspect/hillshade algorithms (analysis) share one formula. The formulas are gdaldem's (GDAL's gdaldem_lib.cpp,
// Horn 1981).

GIS_API_BEGIN

namespace gis::terrain {

/// The 3x3 window around a pixel, w[3 * (dy + 1) + (dx + 1)], row 0 to the north (the raster's top), column 0 to the
/// west: w[0] is the north-west neighbour, w[4] the pixel, w[8] the south-east neighbour.
using Window = std::array<double, 9>;

/// The rise per metre towards the east (east) and towards the north (north).
struct Gradient {
    double east = 0;
    double north = 0;
};

/// Horn's weights for a cell `cellEast` x `cellNorth` metres with elevations scaled by `zFactor`: what
/// hornGradient() multiplies the window's differences by.
struct HornScale {
    double east = 0;
    double north = 0;
};

inline HornScale hornScale(double zFactor, double cellEast, double cellNorth)
{
    return {zFactor / (8 * cellEast), zFactor / (8 * cellNorth)};
}

/// Horn's 3x3 gradient of `w`.
inline Gradient hornGradient(const Window& w, HornScale scale)
{
    return {((w[2] + 2 * w[5] + w[8]) - (w[0] + 2 * w[3] + w[6])) * scale.east,
        ((w[0] + 2 * w[1] + w[2]) - (w[6] + 2 * w[7] + w[8])) * scale.north};
}

/// The light of a hillshade: the sun's azimuth (degrees clockwise from north) and altitude (degrees above the
/// horizon), as the components hillshade() uses.
struct Sun {
    double sinAltitude = 0;
    double east = 0;  ///< sin(azimuth) cos(altitude)
    double north = 0; ///< cos(azimuth) cos(altitude)
};

inline Sun sunAt(double azimuthDegrees, double altitudeDegrees)
{
    constexpr double degree = std::numbers::pi / 180.0;
    const double cosAlt = std::cos(altitudeDegrees * degree);
    return {std::sin(altitudeDegrees * degree), std::sin(azimuthDegrees * degree) * cosAlt,
        std::cos(azimuthDegrees * degree) * cosAlt};
}

/// The cosine of the angle between the sun and the normal of a surface with gradient `g`.
inline double cosIncidence(Gradient g, const Sun& sun)
{
    return (sun.sinAltitude - g.east * sun.east - g.north * sun.north) / std::sqrt(1 + g.east * g.east + g.north * g.north);
}

/// gdaldem hillshade's scale: 1 for a surface facing away from the sun, up to 255 facing it (not rounded).
inline double shade(double cosIncidence)
{
    return cosIncidence <= 0 ? 1.0 : 1.0 + 254.0 * cosIncidence;
}

/// The slope of gradient `g`, in degrees.
inline double slopeDegrees(Gradient g)
{
    return std::atan(std::sqrt(g.east * g.east + g.north * g.north)) * (180.0 / std::numbers::pi);
}

/// The slope of gradient `g`, in percent (100 × rise / run).
inline double slopePercent(Gradient g)
{
    return 100.0 * std::sqrt(g.east * g.east + g.north * g.north);
}

/// The direction the surface faces (down the slope), in degrees clockwise from north in [0, 360); negative for a
/// flat surface (no direction).
inline double aspectDegrees(Gradient g)
{
    if (g.east == 0 && g.north == 0)
        return -1;
    double a = std::atan2(-g.east, -g.north) * (180.0 / std::numbers::pi);
    if (a < 0)
        a += 360;
    return a >= 360 ? 0 : a;
}

/// Ground metres per degree of longitude (first) and of latitude (second) at `latitude`, on the WGS 84
/// ellipsoid: the radii of curvature of the parallel and of the meridian. For a pixel a fraction of a degree wide
/// this is the geodesic size to better than 1e-7.
inline std::pair<double, double> metresPerDegree(double latitude)
{
    constexpr double degree = std::numbers::pi / 180.0;
    constexpr double a = 6378137.0;
    constexpr double e2 = 0.00669437999014;
    const double s = std::sin(latitude * degree);
    const double w = std::sqrt(1 - e2 * s * s);
    const double primeVertical = a / w;                  // N
    const double meridional = a * (1 - e2) / (w * w * w); // M
    return {primeVertical * std::cos(latitude * degree) * degree, meridional * degree};
}

} // namespace gis::terrain

GIS_API_END
