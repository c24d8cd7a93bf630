#pragma once

// The pixel grid of a north-up raster, shared by the raster algorithms that read a raster at its own pixels
// (zonal-statistics, sample-raster).

#include <string>

#include "gis/core/box.h"
#include "gis/core/error.h"
#include "gis/data/raster.h"

namespace gis::analysis::detail {

/// Pixel columns [col0, col1) and rows [row0, row1).
struct Window {
    int col0 = 0, col1 = 0, row0 = 0, row1 = 0;
    bool empty() const { return col0 >= col1 || row0 >= row1; }
};

/// A north-up raster's geotransform and size.
struct PixelGrid {
    double originX = 0, originY = 0, sizeX = 1, sizeY = -1;
    int width = 0, height = 0;

    /// Map coordinates to pixel ones: x in columns to the right, y in rows downwards from the top-left corner.
    Coord toPixel(const Coord& c) const { return {(c.x - originX) / sizeX, (c.y - originY) / sizeY}; }
    /// The map box of a window.
    Box box(const Window& w) const
    {
        return Box(originX + w.col0 * sizeX, originY + w.row1 * sizeY, originX + w.col1 * sizeX, originY + w.row0 * sizeY);
    }
    /// The raster's own grid of the window (read at it, every value is the file's).
    RasterGrid grid(const Window& w) const
    {
        RasterGrid g;
        g.extent = box(w);
        g.width = w.col1 - w.col0;
        g.height = w.row1 - w.row0;
        return g;
    }

    /// The grid of `raster`; throws Error(Argument) "<what>: --raster PATH has no georeferencing" or "... is rotated".
    static PixelGrid of(const Raster& raster, const std::string& what)
    {
        const auto gt = raster.geoTransform();
        if (!gt)
            throw Error(ErrorCode::Argument, what + ": --raster " + raster.path() + " has no georeferencing");
        if ((*gt)[2] != 0 || (*gt)[4] != 0 || (*gt)[1] <= 0 || (*gt)[5] >= 0)
            throw Error(ErrorCode::Argument, what + ": --raster " + raster.path()
                    + " is rotated or not north-up; warp it first (gdalwarp)");
        return PixelGrid{(*gt)[0], (*gt)[3], (*gt)[1], (*gt)[5], raster.width(), raster.height()};
    }
};

/// The bands a --band value names: "all", or one band number; throws Error(Argument) naming --band and the raster.
std::vector<int> bandsOf(const Raster& raster, const std::string& value, const std::string& what);

} // namespace gis::analysis::detail
