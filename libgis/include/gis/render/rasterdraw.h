#pragma once

#include <QImage>
#include <QSize>


#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/rastersource.h"
#include "gis/data/rastertiles.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

/// A raster layer as seen in a map: `extent` in `crs` at `size` device pixels, warped from the raster's CRS
/// (GDAL's warper; north-up in the same CRS: composed from tiles of the overview that fits, gis/data/rastertiles.h,
/// through RasterTileCache::shared()), read from the overview that fits the resolution, styled, nodata transparent. Opens its own
/// reader of `source` (RasterSource::reader), so any number of threads may draw at once.
/// Throws Error on failure, Error(Cancelled) when cancelled.
///
/// The image is ARGB32_Premultiplied and exactly `size`; pixels outside the raster, on nodata or masked
/// are transparent. RasterStyle::Mode::Auto draws three or four Byte bands as RGB(A), a paletted band
/// through its colour table, another Byte band through "Greys" and any other single band (a DEM) through
/// "Terrain". Stretches use statistics of the whole raster, sampled once per band and kept in `source` for later
/// draws. Hillshades shade the elevations seen at the output resolution (Horn's method, like gdaldem hillshade),
/// with cells measured in metres: map units in a projected CRS, degrees converted at each latitude in a
/// geographic one. Adjacent tiles join without a seam.
QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel = {});

/// How a drawRaster() call gets its pixels.
struct RasterDrawOptions {
    /// Draw only what the tile cache holds (RasterTileOptions::cachedOnly: a coarser cached level upscaled where the
    /// right one is missing), reading no tile: the viewer's instant first frame. A reprojected raster, which is not
    /// drawn from tiles, is then left out (transparent) and counted as one missing tile.
    bool cachedOnly = false;
    /// A view drawn from tiles that is the last one of the same source, style, CRS and pixel size moved by whole
    /// pixels (a pan) reuses it: the overlap is copied and only the strips that came into view are drawn (the
    /// last three complete views up to 3840 x 2160 are kept). The same pixels as a whole draw, within one level of
    /// a channel where an average's rounding falls the other way. false: always drawn whole.
    bool reuseFrames = true;
};

/// drawRaster() with options; `stats` (optional) receives what the tiled read did (RasterTileStats::missing: tiles a
/// cached-only draw lacked, so a full draw would differ).
QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel, const RasterDrawOptions& options, RasterTileStats* stats = nullptr);

} // namespace gis

GIS_API_END
