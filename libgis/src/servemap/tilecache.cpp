#include "tilecache.h"

namespace gis::servemap::detail {

std::optional<std::string> TileCache::get(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_index.find(key);
    if (it == m_index.end()) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->second;
}

void TileCache::put(const std::string& key, std::string bytes)
{
    std::lock_guard lock(m_mutex);
    if (bytes.size() > m_maxBytes)
        return; // would evict everything and still not fit
    if (const auto it = m_index.find(key); it != m_index.end()) {
        m_bytes -= it->second->second.size();
        m_lru.erase(it->second);
        m_index.erase(it);
    }
    m_bytes += bytes.size();
    m_lru.emplace_front(key, std::move(bytes));
    m_index[key] = m_lru.begin();
    evict();
}

void TileCache::evict()
{
    while (m_bytes > m_maxBytes && !m_lru.empty()) {
        m_bytes -= m_lru.back().second.size();
        m_index.erase(m_lru.back().first);
        m_lru.pop_back();
    }
}

void TileCache::dropLayer(const std::string& layer)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        const std::string set = "," + it->first.substr(0, it->first.find('|')) + ",";
        if (set.find("," + layer + ",") != std::string::npos) {
            m_bytes -= it->second.size();
            m_index.erase(it->first);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

std::size_t TileCache::hits() const
{
    std::lock_guard lock(m_mutex);
    return m_hits;
}

std::size_t TileCache::misses() const
{
    std::lock_guard lock(m_mutex);
    return m_misses;
}

std::size_t TileCache::entries() const
{
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

std::size_t TileCache::bytes() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

} // namespace gis::servemap::detail
