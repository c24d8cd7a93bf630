#include "pgviewcache.h"

#include <utility>

#include "gis/data/layer.h"

namespace viewer {

std::shared_ptr<const gis::Layer> PgViewCache::find(const gis::Box& box)
{
    auto best = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        // The smallest box that holds the view: fewest features to draw.
        if (it->box.contains(box) &&
            (best == m_entries.end() || it->box.width() * it->box.height() < best->box.width() * best->box.height()))
            best = it;
    }
    if (best == m_entries.end()) {
        ++m_misses;
        return nullptr;
    }
    ++m_hits;
    m_entries.splice(m_entries.begin(), m_entries, best);
    return m_entries.front().layer;
}

void PgViewCache::insert(const gis::Box& box, std::shared_ptr<const gis::Layer> layer)
{
    if (!layer || box.isEmpty())
        return;
    const std::size_t bytes = layer->memoryUsage() + sizeof(Entry);
    if (bytes > m_maxBytes)
        return; // would evict everything and still not fit
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (box.contains(it->box)) {
            m_bytes -= it->bytes;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    m_entries.push_front({box, std::move(layer), bytes});
    m_bytes += bytes;
    while (m_bytes > m_maxBytes) {
        m_bytes -= m_entries.back().bytes;
        m_entries.pop_back();
    }
}

void PgViewCache::clear()
{
    m_entries.clear();
    m_bytes = 0;
}

} // namespace viewer
