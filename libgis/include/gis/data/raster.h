#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/data/rastertilecache.h"

GIS_API_BEGIN

namespace gis {

/// What a band's values stand for, as the file says (GDAL's colour interpretation, reduced to what libgis uses).
enum class RasterColorInterpretation : std::uint8_t { Undefined, Gray, Palette, Red, Green, Blue, Alpha, Other };

/// One entry of a band's colour table, as red, green, blue and alpha (0..255).
struct RasterColor {
    std::uint8_t red = 0, green = 0, blue = 0, alpha = 255;
};

/// What one band of a raster holds.
struct RasterBand {
    std::string dataType;          ///< GDAL's name of its type: "Byte", "Int16", "Float32", ...
    std::optional<double> nodata;  ///< the value that means "no data", when the band has one
    RasterColorInterpretation colorInterpretation = RasterColorInterpretation::Undefined;
    std::optional<std::vector<RasterColor>> colorTable; ///< its colour table (as RGB), when it has one
    int blockWidth = 0;  ///< the file's natural block (a GeoTIFF's tile or strip): decoded whole on any read of it
    int blockHeight = 0;
};

/// One overview level (a reduced-resolution copy kept in the file or an .ovr beside it), of band 1.
struct RasterOverview {
    int width = 0;
    int height = 0;
};

/// The pixels of a map view: `extent` in `crs` over width x height pixels, grown by `border` pixels on every side
/// (a hillshade needs the neighbours of the edge pixels, so that tiles read side by side match).
struct RasterGrid {
    Box extent;
    Crs crs; ///< invalid: taken to be the raster's
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

/// How values may be mixed when the raster's pixels and the grid's pixels differ in size.
enum class RasterResampling : std::uint8_t {
    Categorical, ///< classes and palette indices: nearest neighbour only
    Imagery,     ///< RGB photos: average when shrinking, nearest when enlarging (crisp pixels), nearest when warped
    Continuous,  ///< measurements such as elevation: average when shrinking, bilinear otherwise
};

/// Band values on a bordered RasterGrid, row-major, and how much of each pixel the raster covers: 0 outside the
/// raster, on nodata and on masked pixels, 255 where fully valid (in between at resampled mask edges and where an
/// alpha band says so).
struct RasterPixels {
    int width = 0;  ///< the grid's fullWidth()
    int height = 0; ///< the grid's fullHeight()
    std::vector<std::vector<float>> bands; ///< in the order asked for
    std::vector<std::uint8_t> coverage;

    float value(std::size_t band, int col, int row) const
    {
        return bands[band][static_cast<std::size_t>(row) * width + col];
    }
    std::uint8_t cover(int col, int row) const { return coverage[static_cast<std::size_t>(row) * width + col]; }
};

/// Statistics of a band's valid values (nodata and masked pixels excluded).
struct RasterStatistics {
    double min = 0, max = 0;
    double mean = 0, stdDev = 0; ///< population standard deviation, as gdalinfo -stats
    double p2 = 0, p98 = 0;      ///< 2nd and 98th percentiles (a 2% clip at each end)
    bool empty = true;           ///< no valid value at all
};

/// An open raster file (a GeoTIFF, a DEM, anything GDAL reads as a raster): its description, windows of its pixels
/// resampled onto a map's grid, and statistics of its bands. No Qt: a service that only wants numbers links gis::gis.
///
/// Owns one GDAL dataset, closed with the Raster. Threads: a Raster is used by one thread at a time (const methods
/// included: GDAL's datasets are not thread-safe, and the CRS is looked up once and kept); it may be moved to
/// another thread. To read one file from several threads at once, open a Raster in each.
///
/// Errors are gis::Error whose message starts with the path as given to open().
class Raster {
public:
    /// Opens `path` read-only. Local files only: GDAL never reaches the network (see docs/projects.md) and a VRT
    /// never runs code; checking that a path named by a document may be read at all is the caller's job
    /// (gis::resolveDocumentPath in core/pathguard.h). A half-done multi-file replacement of the file that a killed
    /// writer left behind is rolled back first, as every reader does. Throws Error(Io) when the file is missing,
    /// Error(Format) when it is not a raster GDAL reads or holds several (naming the first subdataset to open).
    static Raster open(const std::string& path);

    ~Raster();
    Raster(Raster&&) noexcept;
    Raster& operator=(Raster&&) noexcept;
    Raster(const Raster&) = delete;
    Raster& operator=(const Raster&) = delete;

    /// The path as given to open().
    const std::string& path() const;
    /// The raster as DataSource::rasters() describes it (name: the file name).
    RasterInfo info() const;

    int width() const;
    int height() const;
    int bandCount() const;
    /// Band `index` (1-based). Throws Error(Argument) naming the file when there is no such band.
    RasterBand band(int index) const;
    /// Pixel to map coordinates: x = gt[0] + col * gt[1] + row * gt[2], y = gt[3] + col * gt[4] + row * gt[5].
    /// nullopt when the raster has no georeferencing (it is then read in pixel units, row 0 at the top: y = -row).
    std::optional<std::array<double, 6>> geoTransform() const;
    /// The box the geotransform spans; empty without one.
    Box extent() const;
    /// The raster's CRS: its authority code when it has one, else its WKT; invalid when it has none or PROJ cannot
    /// read it.
    Crs crs() const;
    /// Takes the raster to be in `crs` from now on, whatever the file says (invalid: in the CRS of every grid it is
    /// read onto). A caller that already knows the CRS (a RasterSource reopening its file) saves the look-up.
    void assignCrs(Crs crs);
    /// The overview levels of band 1, largest first.
    std::vector<RasterOverview> overviews() const;

    /// Bands `bands` (1-based, in that order) resampled onto `grid`. In the raster's CRS and north-up the window
    /// under the grid is read at the grid's resolution (GDAL picks the overview that fits; the window is a
    /// floating-point one, so values are sampled exactly under the grid's pixel centres); otherwise GDAL's warper
    /// (gdalwarp's code, which also picks the overview that fits) puts them on the grid, bilinear for Continuous
    /// and nearest otherwise. Resampling as RasterResampling says; coverage from band `bands[0]`'s mask (averaged
    /// when shrinking), and 0 wherever a value is NaN or its band's nodata.
    /// Throws Error(Argument) for a band that does not exist or an empty band list, Error(Crs) when the raster's
    /// extent cannot be put into the grid's CRS, Error(Io) when GDAL fails, Error(Cancelled) when `cancel` fires
    /// (checked by GDAL's progress callbacks while it reads).
    RasterPixels read(const std::vector<int>& bands, const RasterGrid& grid,
        RasterResampling resampling = RasterResampling::Continuous, const CancellationToken& cancel = {}) const;

    /// Bands `bands` (1-based) of overview level `level` (0: the full resolution, i: overviews()[i - 1]) in the
    /// window of `width` x `height` pixels at column `col`, row `row` of that level, as stored (no resampling): one
    /// tile of a pyramid (gis/data/rastertiles.h). Coverage from band `bands[0]`'s mask at that level, and 0 wherever
    /// a value is NaN or its band's nodata. Throws Error(Argument) for a missing band or level or a window outside
    /// the level, Error(Io) when GDAL fails, Error(Cancelled) when `cancel` fires.
    RasterTile readTile(const std::vector<int>& bands, int level, int col, int row, int width, int height,
        const CancellationToken& cancel = {}) const;

    /// Statistics of band `index` from a sample of at most about a million pixels, read at a reduced resolution
    /// (from an overview when there is one) through the band's mask: exact for smaller rasters. Computed
    /// here rather than with GDALComputeRasterStatistics, which would store them in an .aux.xml beside the file, a
    /// side effect a reader must not have. Throws Error(Argument) for a missing band, Error(Io), Error(Cancelled).
    RasterStatistics statistics(int index, const CancellationToken& cancel = {}) const;

    /// Builds the missing overview levels of the raster at `path` (2, 4, 8, ... down to ~256 px), in the file when
    /// GDAL can write it, else in an .ovr file beside it; averaged (nearest for a paletted raster), DEFLATE
    /// compressed. Rasters open elsewhere keep the overviews they saw: open again to use the new ones. Do not build
    /// while another thread or process reads the same file. Throws Error as open() does, Error(Io) when the
    /// overviews cannot be built or written.
    static void buildOverviews(const std::string& path);

private:
    struct Impl;
    explicit Raster(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace gis

GIS_API_END
