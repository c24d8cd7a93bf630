#include "sharededges.h"

#include <cmath>
#include <utility>

namespace gis::detail {

namespace {

// Endpoints are compared at 1/64 px: the two sides of a shared edge come from the same source vertices through
// the same transform, so they agree to far better than that; distinct vertices are never that close after the
// path builder has dropped those closer than its tolerance.
constexpr double kGrid = 64;

std::int64_t snap(double v) { return std::llround(v * kGrid); }

} // namespace

SharedEdges::Key SharedEdges::key(QPointF a, QPointF b)
{
    std::pair pa{snap(a.x()), snap(a.y())}, pb{snap(b.x()), snap(b.y())};
    if (pb < pa)
        std::swap(pa, pb);
    return {pa.first, pa.second, pb.first, pb.second};
}

std::uint64_t SharedEdges::hash(const Key& k)
{
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (const std::int64_t v : {k.ax, k.ay, k.bx, k.by}) {
        h ^= static_cast<std::uint64_t>(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0xbf58476d1ce4e5b9ULL;
    }
    h ^= h >> 31; // the slot is taken from the low bits: fold the well-mixed high bits into them
    return h;
}

std::size_t SharedEdges::slotOf(const Key& k) const
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t s = hash(k) & mask;
    while (m_slots[s] != 0 && !(m_entries[m_slots[s] - 1].key == k))
        s = (s + 1) & mask;
    return s;
}

void SharedEdges::grow()
{
    m_slots.assign(m_slots.empty() ? 1024 : m_slots.size() * 2, 0);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        std::size_t s = hash(m_entries[i].key) & mask;
        while (m_slots[s] != 0)
            s = (s + 1) & mask;
        m_slots[s] = static_cast<std::uint32_t>(i + 1);
    }
}

void SharedEdges::add(std::size_t item, const std::vector<QPointF>& points, const std::vector<std::size_t>& ringSizes)
{
    std::size_t at = 0;
    for (const std::size_t size : ringSizes) {
        for (std::size_t i = 0; i + 1 < size; ++i) {
            if (2 * (m_entries.size() + 1) > m_slots.size()) // at most half full: probes stay short
                grow();
            const Key k = key(points[at + i], points[at + i + 1]);
            const std::size_t s = slotOf(k);
            if (m_slots[s] == 0) {
                m_entries.push_back({k, item});
                m_slots[s] = static_cast<std::uint32_t>(m_entries.size());
            } else if (Entry& e = m_entries[m_slots[s] - 1]; item < e.owner) {
                e.owner = item;
            }
        }
        at += size;
    }
}

bool SharedEdges::owns(std::size_t item, QPointF a, QPointF b) const
{
    if (m_slots.empty())
        return true;
    const std::size_t s = slotOf(key(a, b));
    return m_slots[s] == 0 || m_entries[m_slots[s] - 1].owner == item;
}

} // namespace gis::detail
