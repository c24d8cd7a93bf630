#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/data/raster.h"
#include "gis/data/rastersource.h"
#include "gis/data/rastertilecache.h"

GIS_API_BEGIN

namespace gis {

/// The tile pyramid of a raster: level 0 is the full resolution, level i its overview i - 1 (as the source found
/// them when opened), each cut into kTileSize x kTileSize tiles of its own pixel grid from the top-left corner.
/// A value; any thread.
class RasterTilePyramid {
public:
    static constexpr int kTileSize = 256;

    explicit RasterTilePyramid(const RasterSource& source);

    int levelCount() const { return static_cast<int>(m_levels.size()); }
    int levelWidth(int level) const { return m_levels.at(static_cast<std::size_t>(level)).width; }
    int levelHeight(int level) const { return m_levels.at(static_cast<std::size_t>(level)).height; }
    int tilesAcross(int level) const { return (levelWidth(level) + kTileSize - 1) / kTileSize; }
    int tilesDown(int level) const { return (levelHeight(level) + kTileSize - 1) / kTileSize; }
    /// The level a view whose pixels cover `factor` full-resolution pixels (the smaller of the two axes) is read
    /// from: the coarsest whose reduction is at most 1.2 x `factor`, GDAL's own rule (GDALBandGetBestOverviewLevel2
    /// in GDAL 3.6), so that tiled draws read the overview a direct GDAL read of the window would.
    int levelFor(double factor) const;

private:
    std::vector<RasterOverview> m_levels;
};

/// How readTiled() gets its tiles.
struct RasterTileOptions {
    /// The cache the tiles are taken from and put into; null: RasterTileCache::shared().
    RasterTileCache* cache = nullptr;
    /// Read nothing: compose from the tiles already cached, a missing tile of the right level replaced by the
    /// finest cached coarser one (upscaled, nearest), pixels with none left uncovered. The viewer draws this at
    /// once, then reads for real on a worker.
    bool cachedOnly = false;
    /// At most this many threads read tiles at once (core's parallelFor; 0: every usable core).
    unsigned maxThreads = 0;
    /// Called on the reading thread after each tile is read and cached (the viewer refines its frame on it).
    std::function<void(const RasterTileKey&)> onTileRead;
};

/// What a readTiled() call did, for tests, benchmarks and the viewer's refinement.
struct RasterTileStats {
    int level = -1;  ///< the pyramid level the grid was drawn from
    int tiles = 0;   ///< tiles of that level under the grid
    int cached = 0;  ///< of them, found in the cache
    int read = 0;    ///< read from the file by this call
    int missing = 0; ///< cachedOnly: not cached (drawn coarser or not at all)
};

/// Whether readTiled() can draw `grid` from `source`: a georeferenced north-up raster in the grid's CRS (or either
/// CRS unknown). Otherwise the caller reads through Raster::read, whose GDAL warper picks the overview itself:
/// reprojected tiles are not cached, the warper reads the file each time.
bool canReadTiled(const RasterSource& source, const RasterGrid& grid);

/// Bands `bands` (1-based) of `source` on `grid`, composed from the tiles of the pyramid level that fits the
/// grid's resolution (RasterTilePyramid::levelFor). Missing tiles are read on up to options.maxThreads threads,
/// each through its own reader (RasterSource::reader), and cached. Resampling as Raster::read says (nearest when
/// enlarging imagery or categories, bilinear when enlarging measurements, an area-weighted average of valid pixels
/// when shrinking), coverage likewise (a nodata mask shows a pixel when any cell under it is valid; an alpha or
/// per-dataset mask is averaged); pixels whose centres fall off the raster are uncovered. Matches Raster::read
/// within resampling differences (tests/data/tst_rastertiles.cpp states them).
/// Throws Error(Argument) when !canReadTiled or for a bad band, Error(Io) when a tile cannot be read,
/// Error(Cancelled) when `cancel` fires (no further tile starts; tiles already read stay cached).
RasterPixels readTiled(const RasterSource& source, const std::vector<int>& bands, const RasterGrid& grid,
    RasterResampling resampling, const RasterTileOptions& options = {}, const CancellationToken& cancel = {},
    RasterTileStats* stats = nullptr);

} // namespace gis

GIS_API_END
