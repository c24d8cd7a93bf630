#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>

#include "gis/core/box.h"

namespace gis {
class Layer;
}

namespace viewer {

/// The rows of a big PostGIS layer already fetched for earlier views (docs/postgis.md, "Big tables in the viewer"):
/// each entry is a box of the map (map CRS) and the features of the layer that intersect it, as PgViewLoader read
/// them. find() answers a view from any entry whose box contains it, so panning back, or zooming into what was
/// fetched, needs no query. Bounded by bytes (gis::Layer::memoryUsage), not entries: one box of a dense city can
/// outweigh a hundred of the desert. Least recently used entries go first; an entry larger than the whole budget is
/// not kept. clear() forgets everything (an edit or a colleague's commit made the rows stale).
///
/// Not thread-safe: PgViewLoader uses it on the GUI thread only (results reach it through queued calls).
class PgViewCache {
public:
    /// 256 MiB: about 2.5 million points with a few fields (≈100 bytes each with their index), many screens of the
    /// densest layer, and a small part of the memory of the desks the viewer runs on.
    static constexpr std::size_t kDefaultMaxBytes = std::size_t{256} << 20;

    explicit PgViewCache(std::size_t maxBytes = kDefaultMaxBytes) : m_maxBytes(maxBytes) {}

    /// The features of an entry whose box contains `box` (the smallest such entry), which becomes the most recently
    /// used; null when none does. Counts a hit or a miss.
    std::shared_ptr<const gis::Layer> find(const gis::Box& box);
    /// Keeps `layer` as the rows of `box`. Entries whose box lies inside `box` go (the new one answers for them);
    /// then the least recently used go until the total fits.
    void insert(const gis::Box& box, std::shared_ptr<const gis::Layer> layer);
    void clear();

    std::size_t bytes() const { return m_bytes; }
    std::size_t maxBytes() const { return m_maxBytes; }
    std::size_t entries() const { return m_entries.size(); }
    std::uint64_t hits() const { return m_hits; }
    std::uint64_t misses() const { return m_misses; }

private:
    struct Entry {
        gis::Box box;
        std::shared_ptr<const gis::Layer> layer;
        std::size_t bytes = 0;
    };
    std::list<Entry> m_entries; // most recently used first
    std::size_t m_maxBytes;
    std::size_t m_bytes = 0;
    std::uint64_t m_hits = 0;
    std::uint64_t m_misses = 0;
};

} // namespace viewer
