#pragma once

// Reading the input raster of an algorithm whose input is a raster (InputKind::Raster): one band, whole, as GDAL
// stores it, with where it has a value.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"

namespace gis::analysis::detail {

/// One band of a north-up, georeferenced raster, pixel for pixel.
struct BandValues {
    std::string path;
    int width = 0;
    int height = 0;
    Box extent;
    Crs crs;
    std::array<double, 6> geoTransform{};
    std::optional<double> nodata;     ///< the band's nodata value, when it has one
    std::vector<double> values;       ///< row-major from the top-left pixel
    std::vector<std::uint8_t> valid;  ///< 0 where the raster has no value (nodata, NaN, masked)
};

/// Reads band `band` (1-based) of the raster at `path`. Throws Error(Argument) naming `what` and the file for a
/// raster without georeferencing, a rotated or flipped one, a missing band, or one of more than 100 million pixels
/// (it is read whole); Error as Raster::open and Raster::read do (Cancelled through `cancel`).
BandValues readBand(const std::string& path, int band, const std::string& what, const CancellationToken& cancel);

} // namespace gis::analysis::detail
