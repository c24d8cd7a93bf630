#pragma once

// Private: the values of a few bands of a raster resampled onto the pixel grid of a map view, either read
// straight from the file (same CRS, north-up: GDAL picks the overview) or warped by GDAL's warper.

#include <cstdint>
#include <string>
#include <vector>

#include <gdal.h>

#include "gis/core/box.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"

namespace gis::detail {

/// A map view's pixels: `extent` in `crs` over width x height device pixels, grown by `border` pixels on every
/// side (a hillshade needs the neighbours of the edge pixels, so tiles drawn side by side match).
struct PixelGrid {
    Box extent;
    Crs crs;
    int width = 0;
    int height = 0;
    int border = 0;

    int fullWidth() const { return width + 2 * border; }
    int fullHeight() const { return height + 2 * border; }
    double pixelWidth() const { return extent.width() / width; }
    double pixelHeight() const { return extent.height() / height; }
    /// Map y of the centre of row `row` of the bordered grid.
    double rowCentreY(int row) const { return extent.maxY + (border - row - 0.5) * pixelHeight(); }
};

/// How values may be mixed when the raster's pixels and the view's pixels differ in size.
enum class Resampling : std::uint8_t {
    Categorical, ///< classes and palette indices: nearest neighbour only
    Imagery,     ///< RGB photos: average when shrinking, nearest when enlarging (crisp pixels), nearest when warped
    Continuous,  ///< measurements such as elevation: average when shrinking, bilinear otherwise
};

/// Band values on a bordered PixelGrid, row-major, and how much of each pixel the raster covers: 0 outside the
/// raster, on nodata and on masked pixels, 255 where fully valid (in between at resampled mask edges and
/// where an alpha band says so).
struct BandGrid {
    int width = 0;
    int height = 0;
    std::vector<std::vector<float>> bands; ///< in the order asked for
    std::vector<std::uint8_t> coverage;

    float value(std::size_t band, int col, int row) const { return bands[band][static_cast<std::size_t>(row) * width + col]; }
    std::uint8_t cover(int col, int row) const { return coverage[static_cast<std::size_t>(row) * width + col]; }
};

/// What to fetch from an open raster whose CRS is `rasterCrs` (invalid: taken to be the map's).
struct FetchRequest {
    std::vector<int> bands; ///< 1-based
    Resampling resampling = Resampling::Continuous;
    Crs rasterCrs;
    std::string label; ///< the path, for error messages
};

/// Reads the requested bands onto `grid`. Throws Error(Cancelled) when `cancel` fires (checked by GDAL's
/// progress callbacks while it reads), Error(Io/Crs) when GDAL fails.
BandGrid fetchBands(GDALDatasetH dataset, const FetchRequest& request, const PixelGrid& grid,
    const CancellationToken& cancel);

/// GDAL progress callback that stops GDAL when the CancellationToken passed as user data fires.
int CPL_STDCALL cancelProgress(double fraction, const char* message, void* token);

} // namespace gis::detail
