#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/crs/crs.h"

GIS_API_BEGIN

namespace gis {

/// How a RasterData's values are stored in a file.
enum class RasterSampleType : std::uint8_t { Float32, Float64 };

/// A raster made in memory (an analysis result: a heatmap, a slope): a north-up grid of `width` x `height` pixels
/// spanning `extent` in `crs`, one vector of values per band, row-major from the top-left pixel. Plain data: any
/// thread may read one that nobody changes.
struct RasterData {
    Box extent;
    Crs crs;
    int width = 0;
    int height = 0;
    std::vector<std::vector<double>> bands; ///< each width * height values
    std::optional<double> nodata;           ///< the value that means "no data" in every band, when there is one
    RasterSampleType sampleType = RasterSampleType::Float32;

    double pixelWidth() const { return extent.width() / width; }
    double pixelHeight() const { return extent.height() / height; }
    double value(std::size_t band, int col, int row) const
    {
        return bands[band][static_cast<std::size_t>(row) * static_cast<std::size_t>(width) + static_cast<std::size_t>(col)];
    }
};

/// Writes `raster` as a GeoTIFF at `path` (DEFLATE-compressed, tiled, with its CRS, geotransform and nodata),
/// all or nothing through gis::AtomicFile: on any error the file at `path` is as it was. Checking that `path` is
/// not an input and may be replaced is the caller's (checkOutput in outputcheck.h). Throws Error(Argument) for an
/// empty raster or bands of the wrong size, Error(Io) naming `path` when GDAL or the disk fails.
void writeGeoTiff(const RasterData& raster, const std::string& path);

} // namespace gis

GIS_API_END
