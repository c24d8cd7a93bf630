#include "gis/data/rastertilecache.h"

#include <cstdlib>
#include <functional>
#include <string>

namespace gis {

std::size_t RasterTile::bytes() const
{
    std::size_t n = sizeof(RasterTile) + coverage.size();
    for (const std::vector<float>& b : bands)
        n += b.size() * sizeof(float);
    for (const std::vector<std::uint8_t>& b : byteBands)
        n += b.size();
    return n;
}

std::uint64_t rasterTileBands(const std::vector<int>& bands)
{
    std::uint64_t packed = 0;
    bool fits = bands.size() <= 4;
    for (int b : bands)
        fits = fits && b > 0 && b <= 0xFFFF;
    if (fits) {
        for (int b : bands)
            packed = (packed << 16) | static_cast<std::uint64_t>(b);
        return packed;
    }
    // Longer lists: a hash with the top bit set, so that it never equals a packed list.
    std::uint64_t h = 1469598103934665603ULL;
    for (int b : bands)
        h = (h ^ static_cast<std::uint64_t>(b)) * 1099511628211ULL;
    return h | (1ULL << 63);
}

std::size_t RasterTileCache::KeyHash::operator()(const RasterTileKey& k) const
{
    std::uint64_t h = k.source * 0x9E3779B97F4A7C15ULL;
    for (std::uint64_t v : {k.bands, std::uint64_t(std::uint32_t(k.level)), std::uint64_t(std::uint32_t(k.col)),
             std::uint64_t(std::uint32_t(k.row))})
        h = (h ^ v) * 0x100000001B3ULL + (h >> 29);
    return static_cast<std::size_t>(h);
}

RasterTileCache::RasterTileCache(std::size_t capacityBytes) : m_capacity(capacityBytes) {}

RasterTileCache& RasterTileCache::shared()
{
    static RasterTileCache cache([] {
        std::size_t mb = 256;
        if (const char* env = std::getenv("GIS_RASTER_TILE_CACHE_MB")) {
            try {
                mb = std::stoul(env);
            } catch (...) { // a malformed setting keeps the default
            }
        }
        return mb * 1024 * 1024;
    }());
    return cache;
}

std::shared_ptr<const RasterTile> RasterTileCache::find(const RasterTileKey& key)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end())
        return nullptr;
    m_order.splice(m_order.begin(), m_order, it->second);
    return it->second->second;
}

bool RasterTileCache::contains(const RasterTileKey& key) const
{
    const std::lock_guard lock(m_mutex);
    return m_index.count(key) != 0;
}

void RasterTileCache::insert(const RasterTileKey& key, std::shared_ptr<const RasterTile> tile)
{
    if (!tile)
        return;
    const std::size_t size = tile->bytes();
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end()) {
        m_bytes -= it->second->second->bytes();
        m_order.erase(it->second);
        m_index.erase(it);
    }
    if (size > m_capacity)
        return;
    m_order.emplace_front(key, std::move(tile));
    m_index.emplace(key, m_order.begin());
    m_bytes += size;
    while (m_bytes > m_capacity && !m_order.empty()) {
        m_bytes -= m_order.back().second->bytes();
        m_index.erase(m_order.back().first);
        m_order.pop_back();
    }
}

void RasterTileCache::clear()
{
    const std::lock_guard lock(m_mutex);
    m_order.clear();
    m_index.clear();
    m_bytes = 0;
}

std::size_t RasterTileCache::bytes() const
{
    const std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::size_t RasterTileCache::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_index.size();
}

} // namespace gis
