#pragma once

// The memory tile cache: encoded tiles by key, least recently used dropped first once the bytes exceed the bound.

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace gis::servemap::detail {

/// Keys are "<layer set>|z/x/y|<version of each layer>": a tile drawn before an edit is never returned after it,
/// and dropLayer() frees the stale ones at once. Thread-safe.
class TileCache {
public:
    explicit TileCache(std::size_t maxBytes) : m_maxBytes(maxBytes) {}

    std::optional<std::string> get(const std::string& key);
    void put(const std::string& key, std::string bytes);
    /// Drops every tile whose layer set holds `layer` (a key's first field lists names between commas).
    void dropLayer(const std::string& layer);

    std::size_t hits() const;
    std::size_t misses() const;
    std::size_t entries() const;
    std::size_t bytes() const;

private:
    using Entry = std::pair<std::string, std::string>; ///< key, bytes
    void evict();

    mutable std::mutex m_mutex;
    std::size_t m_maxBytes;
    std::size_t m_bytes = 0, m_hits = 0, m_misses = 0;
    std::list<Entry> m_lru; ///< most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
};

} // namespace gis::servemap::detail
