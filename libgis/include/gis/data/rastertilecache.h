#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// One tile of a raster's pyramid: band values at one overview level, in the raster's own pixel grid, and how much
/// of each pixel is valid (0 on nodata and masked pixels, 255 where valid). Row-major, `width` x `height` (tiles on
/// the right and bottom edges are smaller than the pyramid's tile size). Immutable once made; shared by draws.
/// Values are in `bands`, or in `byteBands` when every band asked for is Byte (imagery): a quarter of the memory,
/// so four times the tiles fit the cache and composing a view reads a quarter of the bytes. One of the two is empty.
struct RasterTile {
    int width = 0;
    int height = 0;
    std::vector<std::vector<float>> bands; ///< in the order they were asked for
    std::vector<std::vector<std::uint8_t>> byteBands; ///< Byte bands, in the order they were asked for
    std::vector<std::uint8_t> coverage;

    std::size_t bandCount() const { return byteBands.empty() ? bands.size() : byteBands.size(); }
    float value(std::size_t band, std::size_t i) const
    {
        return byteBands.empty() ? bands[band][i] : float(byteBands[band][i]);
    }

    std::size_t bytes() const;
};

/// Which tile: of which source (RasterSource::id()), which bands, which overview level (0: full resolution), which
/// tile column and row of that level.
struct RasterTileKey {
    std::uint64_t source = 0;
    std::uint64_t bands = 0; ///< the band list packed (rasterTileBands)
    int level = 0;
    int col = 0;
    int row = 0;

    bool operator==(const RasterTileKey&) const = default;
};

/// The band list `bands` (1-based) as a RasterTileKey::bands: up to four bands of up to 65535 exactly, longer
/// lists hashed.
std::uint64_t rasterTileBands(const std::vector<int>& bands);

/// A least-recently-used cache of raster tiles bounded in bytes (RasterTile::bytes() of the tiles it holds),
/// shared by every draw of every raster: the map canvas, exports, print layouts and the map server draw through
/// shared(). Tiles are shared_ptr<const RasterTile>: evicting one that a draw still holds frees it when that draw
/// lets go, so the bound counts what the cache keeps alive, not what draws hold for the moment.
///
/// Threads: every method may be called from any thread at once (one mutex, held only for the map operations).
class RasterTileCache {
public:
    /// A cache that keeps at most `capacityBytes` of tiles (a tile larger than that is handed back, not kept).
    explicit RasterTileCache(std::size_t capacityBytes);
    RasterTileCache(const RasterTileCache&) = delete;
    RasterTileCache& operator=(const RasterTileCache&) = delete;

    /// The process's cache: 256 MB, or GIS_RASTER_TILE_CACHE_MB when that environment variable is set.
    static RasterTileCache& shared();

    /// The tile, made the most recently used; null when it is not cached.
    std::shared_ptr<const RasterTile> find(const RasterTileKey& key);
    /// Whether the tile is cached, without touching its place in the LRU order.
    bool contains(const RasterTileKey& key) const;
    /// Keeps `tile` under `key` (replacing a tile already there), evicting the least recently used tiles until the
    /// cache fits its capacity again.
    void insert(const RasterTileKey& key, std::shared_ptr<const RasterTile> tile);
    void clear();

    std::size_t bytes() const;
    std::size_t capacity() const { return m_capacity; }
    std::size_t size() const;

private:
    struct KeyHash {
        std::size_t operator()(const RasterTileKey& k) const;
    };
    using Entry = std::pair<RasterTileKey, std::shared_ptr<const RasterTile>>;

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::list<Entry> m_order; ///< most recently used first
    std::unordered_map<RasterTileKey, std::list<Entry>::iterator, KeyHash> m_index;
    std::size_t m_bytes = 0;
};

} // namespace gis

GIS_API_END
