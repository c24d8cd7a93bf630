#include "polygonlocator.h"

#include <algorithm>
#include <cmath>

namespace gis::detail {

namespace {

constexpr int kUndecided = 2;

// GEOS's floating-point orientation filter (Shewchuk's idea, GEOS CGAlgorithmsDD): the orientation of c
// relative to a->b when double arithmetic decides it safely, kUndecided otherwise. Every sign it returns is
// the one GEOS returns, since GEOS returns the filter's answer whenever the filter has one.
int orientationFilter(Coord a, Coord b, Coord c)
{
    const double left = (a.x - c.x) * (b.y - c.y);
    const double right = (a.y - c.y) * (b.x - c.x);
    const double det = left - right;
    const auto sign = [](double x) { return x > 0 ? 1 : (x < 0 ? -1 : 0); };
    double sum = 0;
    if (left > 0) {
        if (right <= 0)
            return sign(det);
        sum = left + right;
    } else if (left < 0) {
        if (right >= 0)
            return sign(det);
        sum = -left - right;
    } else {
        return sign(det);
    }
    const double bound = 1e-15 * sum;
    return det >= bound || -det >= bound ? sign(det) : kUndecided;
}

/// GEOS's ray-crossing count (RayCrossingCounter::countSegment) for one point: feed it the edges whose
/// latitude range holds the point's, in ring order; it stops with a verdict on the boundary or on an edge the
/// filter cannot decide.
class RayCrossing {
public:
    explicit RayCrossing(Coord p) : m_p(p) {}

    /// False once the answer is known (Boundary or Unknown).
    bool add(Coord a, Coord c)
    {
        if (a.x < m_p.x && c.x < m_p.x)
            return true;
        if (m_p == c)
            return stop(Location::Boundary);
        if (a.y == m_p.y && c.y == m_p.y) {
            if (std::min(a.x, c.x) <= m_p.x && m_p.x <= std::max(a.x, c.x))
                return stop(Location::Boundary);
            return true;
        }
        if ((a.y > m_p.y && c.y <= m_p.y) || (c.y > m_p.y && a.y <= m_p.y)) {
            int sign = orientationFilter(a, c, m_p);
            if (sign == kUndecided)
                return stop(Location::Unknown);
            if (sign == 0)
                return stop(Location::Boundary);
            if (c.y < a.y)
                sign = -sign;
            if (sign > 0)
                ++m_crossings;
        }
        return true;
    }

    Location result() const
    {
        if (m_stopped)
            return m_verdict;
        return m_crossings % 2 == 1 ? Location::Interior : Location::Exterior;
    }

private:
    bool stop(Location verdict)
    {
        m_stopped = true;
        m_verdict = verdict;
        return false;
    }

    Coord m_p;
    std::size_t m_crossings = 0;
    bool m_stopped = false;
    Location m_verdict = Location::Exterior;
};

} // namespace

Location PolygonLocator::locateOnce(GeometryRef g, Coord p)
{
    if (g.column == nullptr || g.column->isNull(g.index))
        return Location::Exterior;
    const GeometryColumn& col = *g.column;
    RayCrossing ray(p);
    for (std::size_t part = col.partBegin(g.index); part < col.partEnd(g.index); ++part) {
        if (col.partType(part) != GeometryType::Polygon)
            continue;
        for (std::size_t r = col.ringBegin(part); r < col.ringEnd(part); ++r) {
            for (std::size_t c = col.coordBegin(r) + 1; c < col.coordEnd(r); ++c) {
                const Coord& a = col.coord(c - 1);
                const Coord& b = col.coord(c);
                if (std::min(a.y, b.y) <= p.y && p.y <= std::max(a.y, b.y) && !ray.add(a, b))
                    return ray.result();
            }
        }
    }
    return ray.result();
}

PolygonLocator::PolygonLocator(GeometryRef g)
{
    if (g.column == nullptr || g.column->isNull(g.index))
        return;
    const GeometryColumn& col = *g.column;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        if (col.partType(p) != GeometryType::Polygon)
            continue;
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            for (std::size_t c = col.coordBegin(r) + 1; c < col.coordEnd(r); ++c) {
                m_edges.push_back({col.coord(c - 1), col.coord(c)});
                m_box.expand(col.coord(c));
                m_box.expand(col.coord(c - 1));
            }
        }
    }
    if (m_edges.empty())
        return;

    // About four edges a band; an edge is listed in every band its latitudes touch (band() is monotone, so a
    // point's band lists every edge whose latitude range holds the point's latitude).
    const std::size_t bands = std::clamp<std::size_t>(m_edges.size() / 4, 1, 1 << 16);
    m_scale = m_box.height() > 0 ? static_cast<double>(bands) / m_box.height() : 0;
    m_bandOffsets.assign(bands + 1, 0);
    for (const Edge& e : m_edges) {
        for (std::size_t b = band(std::min(e.a.y, e.b.y)); b <= band(std::max(e.a.y, e.b.y)); ++b)
            ++m_bandOffsets[b + 1];
    }
    for (std::size_t b = 0; b < bands; ++b)
        m_bandOffsets[b + 1] += m_bandOffsets[b];
    m_bandEdges.resize(m_bandOffsets.back());
    std::vector<std::uint32_t> fill(m_bandOffsets.begin(), m_bandOffsets.end() - 1);
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        const Edge& e = m_edges[i];
        for (std::size_t b = band(std::min(e.a.y, e.b.y)); b <= band(std::max(e.a.y, e.b.y)); ++b)
            m_bandEdges[fill[b]++] = static_cast<std::uint32_t>(i);
    }
}

std::size_t PolygonLocator::band(double y) const
{
    const double position = std::floor((y - m_box.minY) * m_scale);
    const double last = static_cast<double>(m_bandOffsets.size() - 2);
    return static_cast<std::size_t>(std::clamp(position, 0.0, last));
}

Location PolygonLocator::locate(Coord p) const
{
    if (m_edges.empty() || !m_box.contains(p.x, p.y))
        return Location::Exterior;
    const std::size_t b = band(p.y);
    RayCrossing ray(p);
    for (std::size_t k = m_bandOffsets[b]; k < m_bandOffsets[b + 1]; ++k) {
        const Edge& e = m_edges[m_bandEdges[k]];
        if (!ray.add(e.a, e.b))
            break;
    }
    return ray.result();
}

} // namespace gis::detail
