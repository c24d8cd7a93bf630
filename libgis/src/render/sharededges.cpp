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

std::size_t SharedEdges::KeyHash::operator()(const Key& k) const
{
    std::uint64_t h = 1469598103934665603ULL;
    for (const std::int64_t v : {k.ax, k.ay, k.bx, k.by})
        h = (h ^ static_cast<std::uint64_t>(v)) * 1099511628211ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
}

void SharedEdges::add(std::size_t item, const std::vector<QPointF>& points, const std::vector<std::size_t>& ringSizes)
{
    std::size_t at = 0;
    for (const std::size_t size : ringSizes) {
        for (std::size_t i = 0; i + 1 < size; ++i) {
            const auto [it, added] = m_owner.try_emplace(key(points[at + i], points[at + i + 1]), item);
            if (!added && item < it->second)
                it->second = item;
        }
        at += size;
    }
}

bool SharedEdges::owns(std::size_t item, QPointF a, QPointF b) const
{
    const auto it = m_owner.find(key(a, b));
    return it == m_owner.end() || it->second == item;
}

} // namespace gis::detail
