#pragma once

#include <QImage>
#include <QSize>

#include <memory>
#include <string>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/render/style.h"

GIS_API_BEGIN

namespace gis {

namespace detail {
class RasterStatisticsCache;
}

/// A raster on disk (GeoTIFF, DEM, anything GDAL reads), drawn on request: the colouring of the pixels that a
/// gis::Raster (gis/data/raster.h) reads. Holds only the path and its description: every draw opens its own
/// gis::Raster, so any number of threads may draw at once.
class RasterSource {
public:
    /// Throws Error(Io/Format) naming the path when it is missing or not a raster.
    static std::shared_ptr<const RasterSource> open(const std::string& path);

    const std::string& path() const { return m_path; }
    const RasterInfo& info() const { return m_info; }

    /// The raster as seen in a map: `extent` in `crs` at `size` device pixels, warped from the raster's CRS
    /// (GDAL's warper), read from the overview that fits the resolution, styled, nodata transparent.
    /// Throws Error on failure, Error(Cancelled) when cancelled.
    ///
    /// The image is ARGB32_Premultiplied and exactly `size`; pixels outside the raster, on nodata or masked
    /// are transparent. RasterStyle::Mode::Auto draws three or four Byte bands as RGB(A), a paletted band
    /// through its colour table, another Byte band through "Greys" and any other single band (a DEM) through
    /// "Terrain". Stretches use statistics of the whole raster, sampled once per band and kept for later draws.
    /// Hillshades shade the elevations seen at the output resolution (Horn's method, like gdaldem hillshade),
    /// with cells measured in metres: map units in a projected CRS, degrees converted at each latitude in a
    /// geographic one. Adjacent tiles join without a seam.
    QImage render(const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
        const CancellationToken& cancel = {}) const;

    /// Builds the missing overview levels (2, 4, 8, ... down to ~256 px), in an .ovr file beside the raster
    /// when the raster itself cannot be written. Throws Error on failure.
    ///
    /// Averaged (nearest for a paletted raster). info() keeps describing the raster as it was opened: open it
    /// again to see the new overviews; draws, which open the file each time, use them at once. Do not build
    /// while another thread or process draws the same file.
    void buildOverviews() const;

private:
    std::string m_path;
    RasterInfo m_info;
    // Band statistics for the stretches, computed on first use and shared by every draw (thread-safe).
    std::shared_ptr<detail::RasterStatisticsCache> m_statistics;
};

} // namespace gis

GIS_API_END
