// Views composed from a raster's tile pyramid: the tiles under a grid are taken from a shared LRU cache or read on
// worker threads, then resampled onto the grid here, so that panning and zooming re-read only what is new.

#include "gis/data/rastertiles.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "rastertilecompose.h"

namespace gis {

using namespace detail;

namespace {

Placement placeGrid(const RasterInfo& info, const RasterGrid& grid)
{
    Placement p;
    p.gt = info.hasGeoTransform ? info.geoTransform : std::array<double, 6>{0, 1, 0, 0, 0, -1};
    p.dx = grid.pixelWidth();
    p.dy = grid.pixelHeight();
    p.box = Box(grid.extent.minX - grid.border * p.dx, grid.extent.minY - grid.border * p.dy,
        grid.extent.maxX + grid.border * p.dx, grid.extent.maxY + grid.border * p.dy);
    // The same rule as the direct read (rasterread.cpp), so that both cover the same pixels.
    const auto firstIndex = [](double offset, double step, int limit) {
        return static_cast<int>(std::clamp(std::ceil(offset / step - 0.5), 0.0, static_cast<double>(limit)));
    };
    const auto& gt = p.gt;
    p.c0 = firstIndex(gt[0] - p.box.minX, p.dx, grid.fullWidth());
    p.c1 = firstIndex(gt[0] + info.width * gt[1] - p.box.minX, p.dx, grid.fullWidth());
    p.r0 = firstIndex(p.box.maxY - gt[3], p.dy, grid.fullHeight());
    p.r1 = firstIndex(p.box.maxY - (gt[3] + info.height * gt[5]), p.dy, grid.fullHeight());
    return p;
}

} // namespace

RasterTilePyramid::RasterTilePyramid(const RasterSource& source)
{
    m_levels.push_back({source.info().width, source.info().height});
    for (const RasterOverview& o : source.overviews())
        if (o.width > 0 && o.height > 0)
            m_levels.push_back(o);
}

int RasterTilePyramid::levelFor(double factor) const
{
    int best = 0;
    double bestReduction = 1;
    for (int l = 1; l < levelCount(); ++l) {
        const double reduction = std::min(double(levelWidth(0)) / levelWidth(l),
            double(levelHeight(0)) / levelHeight(l));
        if (reduction > bestReduction && reduction <= factor * 1.2) {
            best = l;
            bestReduction = reduction;
        }
    }
    return best;
}

bool canReadTiled(const RasterSource& source, const RasterGrid& grid)
{
    const RasterInfo& info = source.info();
    if (!info.hasGeoTransform)
        return true; // drawn in pixel units, north-up by definition
    const auto& gt = info.geoTransform;
    if (gt[2] != 0 || gt[4] != 0 || gt[1] <= 0 || gt[5] >= 0)
        return false;
    return !(info.crs.isValid() && grid.crs.isValid() && !info.crs.isEquivalentTo(grid.crs));
}

RasterPixels readTiled(const RasterSource& source, const std::vector<int>& bands, const RasterGrid& grid,
    RasterResampling resampling, const RasterTileOptions& options, const CancellationToken& cancel,
    RasterTileStats* stats)
{
    const RasterInfo& info = source.info();
    if (!canReadTiled(source, grid))
        throw Error(ErrorCode::Argument, source.path() + ": not drawable from tiles (rotated or in another CRS)");
    if (bands.empty() || grid.width <= 0 || grid.height <= 0 || grid.border < 0)
        throw Error(ErrorCode::Argument, source.path() + ": nothing to read");
    for (int b : bands)
        if (b < 1 || b > info.bands)
            throw Error(ErrorCode::Argument, source.path() + ": no band " + std::to_string(b) + " (it has "
                    + std::to_string(info.bands) + (info.bands == 1 ? " band)" : " bands)"));
    RasterTileCache& cache = options.cache ? *options.cache : RasterTileCache::shared();

    RasterPixels out;
    out.width = grid.fullWidth();
    out.height = grid.fullHeight();
    const auto n = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height);
    out.bands.assign(bands.size(), std::vector<float>(n, 0.0F));
    out.coverage.assign(n, 0);
    const Placement p = placeGrid(info, grid);
    if (p.c0 >= p.c1 || p.r0 >= p.r1)
        return out;

    const RasterTilePyramid pyramid(source);
    const double fx = p.dx / p.gt[1], fy = p.dy / -p.gt[5]; // full-resolution pixels per grid pixel
    const bool shrinking = std::max(fx, fy) > 1.0 + 1e-9;
    const int level = pyramid.levelFor(std::min(fx, fy));
    Sampling sampling = Sampling::Nearest;
    if (shrinking && resampling != RasterResampling::Categorical)
        sampling = Sampling::Average;
    else if (!shrinking && resampling == RasterResampling::Continuous)
        sampling = Sampling::Bilinear;
    const bool nodataMask = !info.nodata.empty() && info.nodata[static_cast<std::size_t>(bands[0] - 1)].has_value();
    const std::uint64_t bandKey = rasterTileBands(bands);

    // The tiles of `l` under the grid's pixels (one pixel of margin for the average's and bilinear's footprints).
    const auto tilesOf = [&](int l) {
        LevelTiles lt;
        lt.level = l;
        lt.width = pyramid.levelWidth(l);
        lt.height = pyramid.levelHeight(l);
        const double sx = double(lt.width) / info.width, sy = double(lt.height) / info.height;
        const auto levelCol = [&](double x) { return (x - p.gt[0]) / p.gt[1] * sx; };
        const auto levelRow = [&](double y) { return (p.gt[3] - y) / -p.gt[5] * sy; };
        const int col0 = std::clamp(int(std::floor(levelCol(p.box.minX + p.c0 * p.dx))) - 1, 0, lt.width - 1);
        const int col1 = std::clamp(int(std::ceil(levelCol(p.box.minX + p.c1 * p.dx))) + 1, 1, lt.width);
        const int row0 = std::clamp(int(std::floor(levelRow(p.box.maxY - p.r0 * p.dy))) - 1, 0, lt.height - 1);
        const int row1 = std::clamp(int(std::ceil(levelRow(p.box.maxY - p.r1 * p.dy))) + 1, 1, lt.height);
        lt.tc0 = col0 / kTile;
        lt.tr0 = row0 / kTile;
        lt.across = (col1 - 1) / kTile - lt.tc0 + 1;
        lt.down = (row1 - 1) / kTile - lt.tr0 + 1;
        lt.tiles.resize(static_cast<std::size_t>(lt.across) * lt.down);
        return lt;
    };
    const auto keyOf = [&](const LevelTiles& lt, std::size_t i) {
        return RasterTileKey{source.id(), bandKey, lt.level, lt.tc0 + int(i % lt.across), lt.tr0 + int(i / lt.across)};
    };

    LevelTiles lt = tilesOf(level);
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < lt.tiles.size(); ++i) {
        lt.tiles[i] = cache.find(keyOf(lt, i));
        if (!lt.tiles[i])
            missing.push_back(i);
    }
    RasterTileStats s;
    s.level = level;
    s.tiles = static_cast<int>(lt.tiles.size());
    s.cached = s.tiles - static_cast<int>(missing.size());

    if (!options.cachedOnly && !missing.empty()) {
        ParallelOptions parallel;
        parallel.maxThreads = options.maxThreads;
        parallel.what = "raster tiles";
        // Each worker reads through a reader of its own (a Raster is one thread's), opened on its first tile.
        std::vector<std::optional<Raster>> readers(parallelWorkers(missing.size(), parallel));
        parallelFor(missing.size(), [&](std::size_t k, unsigned worker) {
            const std::size_t i = missing[k];
            const RasterTileKey key = keyOf(lt, i);
            if (!readers[worker])
                readers[worker].emplace(source.reader());
            const int x = key.col * kTile, y = key.row * kTile;
            auto tile = std::make_shared<const RasterTile>(readers[worker]->readTile(bands, lt.level, x, y,
                std::min(kTile, lt.width - x), std::min(kTile, lt.height - y), cancel));
            cache.insert(key, tile);
            lt.tiles[i] = std::move(tile);
            if (options.onTileRead)
                options.onTileRead(key);
        }, &cancel, parallel);
        s.read = static_cast<int>(missing.size());
    } else {
        s.missing = static_cast<int>(missing.size());
    }

    std::vector<std::uint8_t> need(n, 0);
    for (int r = p.r0; r < p.r1; ++r)
        std::fill_n(need.begin() + static_cast<std::ptrdiff_t>(r) * out.width + p.c0, p.c1 - p.c0, 1);
    compose(lt, p, info, sampling, nodataMask, out, need, cancel);
    // Cached only: what the right level lacks comes from the finest coarser level cached, upscaled.
    for (int l = level + 1; s.missing > 0 && l < pyramid.levelCount(); ++l) {
        if (std::find(need.begin(), need.end(), 1) == need.end())
            break;
        LevelTiles coarse = tilesOf(l);
        for (std::size_t i = 0; i < coarse.tiles.size(); ++i)
            coarse.tiles[i] = cache.find(keyOf(coarse, i));
        compose(coarse, p, info, Sampling::Nearest, nodataMask, out, need, cancel);
    }
    if (stats)
        *stats = s;
    cancel.throwIfCancelled(source.path().c_str());
    return out;
}

} // namespace gis
