#pragma once

// Reading the input raster of an algorithm whose input is a raster (InputKind::Raster): one band, whole, as GDAL
// stores it, with where it has a value. Also the --raster of an algorithm that reads a raster under each feature of
// a layer (sample-raster, zonal-statistics): opened, checked, and one handle per worker.

#include <array>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"
#include "gis/analysis/algorithm.h"
#include "gis/data/raster.h"
#include "gis/data/rasterwriter.h"

#include "pixelgrid.h"

namespace gis {
class Layer;
}

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

/// The --raster of an algorithm that reads it under each feature of a layer: its grid, the bands --band names, and
/// whether the layer's coordinates are transformed into the raster's CRS. A Raster or Transformer is used by one
/// thread at a time: each worker of a parallelFor opens its own on first use (worker()).
class FeatureRaster {
public:
    /// Opens `path`; throws Error as Raster::open, PixelGrid::of and bandsOf do (naming `what`). When the layer or the
    /// raster has no CRS, warning() says that the layer's `geometries` ("points", "polygons") are taken to be in the
    /// raster's.
    FeatureRaster(const std::string& path, const std::string& band, const Layer& layer, const std::string& what,
        const std::string& geometries);

    const std::string& path() const { return m_path; }
    const PixelGrid& grid() const { return m_grid; }
    const std::vector<int>& bands() const { return m_bands; }
    bool reprojects() const { return m_reproject; }
    /// The no-CRS warning for the run's result, or empty.
    const std::string& warning() const { return m_warning; }

    /// Makes room for `workers` workers (parallelWorkers' count); call before the parallelFor. Throws Error as
    /// Transformer does when there is no transformation from the layer's CRS to the raster's (here, once).
    void prepare(unsigned workers);
    /// The worker's own raster, and its transformer (nullptr when nothing is reprojected), opened on first use.
    std::pair<Raster*, const Transformer*> worker(unsigned worker);

private:
    std::string m_path;
    const Layer* m_layer;
    Crs m_crs;
    PixelGrid m_grid;
    std::vector<int> m_bands;
    bool m_reproject = false;
    std::string m_warning;
    std::vector<std::optional<Raster>> m_rasters;
    std::vector<std::optional<Transformer>> m_transformers;
};

/// The "output-type" parameter of an algorithm that writes a float raster (raster-calculator, reclassify):
/// float32 (the default) or float64. One definition so that the two read and translate alike.
Parameter outputTypeParameter();
/// The sample type that parameter chose.
RasterSampleType outputSampleType(const ParameterValues& parameters);

} // namespace gis::analysis::detail
