#pragma once

// Raster files as files: how one is laid out (tiles, compression, overviews, Cloud-Optimised GeoTIFF or not), building
// its overviews and converting it to a COG. What `gis raster info|overviews|cog` does; reading pixels is gis::Raster's.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/data/raster.h"

GIS_API_BEGIN

namespace gis {

/// How a raster file stores its pixels, as GDAL reports it: a plain description for `gis raster info`.
struct RasterFileLayout {
    std::string path;
    std::string driver;                   ///< GDAL's short name: "GTiff", "COG" is reported as "GTiff"
    int width = 0;
    int height = 0;
    std::vector<RasterBand> bands;
    std::string crs;                      ///< "EPSG:32640", else the CRS's name, "" when the file has none
    std::optional<double> resolutionX;    ///< pixel size in CRS units, when the file is georeferenced
    std::optional<double> resolutionY;    ///< positive (north-up rasters have a negative geotransform term)
    std::vector<RasterOverview> overviews; ///< of band 1, largest first (internal or in an .ovr beside the file)
    std::string compression;              ///< GDAL's COMPRESSION item ("JPEG", "YCbCr JPEG", "DEFLATE"), "" for none
    std::optional<int> predictor;         ///< the TIFF predictor (2 integer, 3 floating point), when one is set
    int blockWidth = 0;                   ///< band 1's block (tile, or strip width x rows per strip)
    int blockHeight = 0;
    /// A Cloud-Optimised GeoTIFF: GDAL found its COG layout marker (LAYOUT=COG: the header ghost area GDAL's COG
    /// driver writes, which promises tiles and overviews in COG order). A COG written by a tool that writes no
    /// marker reads as false; GDAL's validate_cloud_optimized_geotiff.py checks the structure itself.
    bool cloudOptimized = false;
    bool synthetic = false;               ///< the file's metadata says SYNTHETIC=YES (the sample flights)
};

/// Describes `path`. Throws Error(Io/Format) naming it, as Raster::open.
RasterFileLayout describeRasterFile(const std::string& path);

/// Builds the overview levels `path` lacks (2, 4, 8, ... down to ~256 px; see RasterSource::buildOverviews), in the
/// file when it can be written, else in an .ovr beside it. Reports progress in [0, 1]; Error(Cancelled) when
/// `feedback` is cancelled (GDAL may leave the levels it finished). Returns how many levels it added.
int buildRasterOverviews(const std::string& path, const Feedback& feedback = {});

/// How convertToCog compresses.
enum class CogCompression {
    Auto,    ///< JPEG for 8-bit RGB(A) photos (3 bands, or 4 with an alpha), DEFLATE otherwise
    Jpeg,    ///< YCbCr JPEG, as OpenDroneMap writes orthophotos (8-bit, 1, 3 or 4 bands only)
    Deflate, ///< lossless, with a predictor (floating point for floats)
    Lzw,
    Zstd,
    None,
};

/// The compression named `name` ("auto", "jpeg", "deflate", "lzw", "zstd", "none"); Error(Argument) otherwise.
CogCompression cogCompressionFromName(const std::string& name);

struct CogOptions {
    CogCompression compression = CogCompression::Auto;
    int jpegQuality = 90; ///< 1..100
};

/// What convertToCog chose and wrote.
struct CogResult {
    std::string compression; ///< as GDAL's COMPRESS option: "JPEG", "DEFLATE", ...
};

/// Converts `input` to a Cloud-Optimised GeoTIFF at `output` through GDAL's COG driver (tiles of 512, overviews
/// averaged, georeferencing, nodata and metadata kept), written through gis::writeAtomically: until the end `output`
/// is absent or its previous contents, also after an error, a cancel or a SIGKILL. Refuses an `output` that would
/// replace the input (gis::checkOutputIsNotAnInput) before reading anything. Progress in [0, 1]; Error(Cancelled)
/// when cancelled; Error(Argument) for JPEG on a raster it cannot hold (not 8-bit, or 2 or more than 4 bands).
CogResult convertToCog(const std::string& input, const std::string& output, const CogOptions& options = {},
    const Feedback& feedback = {});

} // namespace gis

GIS_API_END
