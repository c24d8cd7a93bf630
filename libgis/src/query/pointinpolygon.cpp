#include "pointinpolygon.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

namespace gis::detail {

namespace {

// Fan-out of the interval tree. Eight edges (64 bytes of indices) per leaf keeps a query's leaf scans short
// and the node array at 2 bytes per edge.
constexpr std::size_t kNodeSize = 8;
// Below this many edges the tree alone is as fast as a grid lookup.
constexpr std::size_t kGridMinEdges = 64;
// Grid cells per edge: enough that most cells of a detailed polygon are free of edges.
constexpr double kGridCellsPerEdge = 4;

// Shewchuk's error bound for the orientation filter, (3 + 16 eps) eps with eps = 2^-53: when |det| exceeds
// it times the sum of the magnitudes of the two products, the floating-point sign is the true sign.
constexpr double kEpsilon = 0x1p-53;
constexpr double kOrientErrorBound = (3.0 + 16.0 * kEpsilon) * kEpsilon;

// a + b = x + y exactly, |y| <= ulp(x) / 2 (Knuth's branch-free two-sum).
inline void twoSum(double a, double b, double& x, double& y)
{
    x = a + b;
    const double bv = x - a;
    const double av = x - bv;
    y = (a - av) + (b - bv);
}

// The determinant expanded into six products of input coordinates, each split exactly into value + error
// with fma, then summed exactly into a non-overlapping expansion whose largest component carries the sign.
int exactOrientation(const Coord& a, const Coord& b, const Coord& c)
{
    const std::array<std::pair<double, double>, 6> products = {{
        {a.x, b.y}, {-a.x, c.y}, {-c.x, b.y}, {-a.y, b.x}, {a.y, c.x}, {c.y, b.x}}};
    std::array<double, 13> e{};
    std::size_t n = 0;
    auto grow = [&](double q) {
        // Shewchuk's Grow-Expansion: adds q to the expansion e[0..n) without rounding.
        for (std::size_t i = 0; i < n; ++i) {
            double hi = 0, lo = 0;
            twoSum(q, e[i], hi, lo);
            e[i] = lo;
            q = hi;
        }
        e[n++] = q;
    };
    for (const auto& [u, v] : products) {
        const double p = u * v;
        grow(p);
        grow(std::fma(u, v, -p));
    }
    for (std::size_t i = n; i-- > 0;)
        if (e[i] != 0)
            return e[i] > 0 ? 1 : -1;
    return 0;
}

// One edge's contribution to the crossing count of a ray from p towards +x (GEOS's RayCrossingCounter, with
// the half-open rule that counts a vertex on the ray once). Returns true when p lies on the edge.
inline bool countEdge(const Coord& p1, const Coord& p2, const Coord& p, int& crossings)
{
    if (p1.x < p.x && p2.x < p.x)
        return false; // wholly left of p: the ray cannot meet it
    if (p == p1 || p == p2)
        return true;
    if (p1.y == p.y && p2.y == p.y) {
        // Horizontal, on the ray's line: only p lying on it matters (it never counts as a crossing).
        return std::min(p1.x, p2.x) <= p.x && p.x <= std::max(p1.x, p2.x);
    }
    if ((p1.y > p.y && p2.y <= p.y) || (p2.y > p.y && p1.y <= p.y)) {
        int side = orientation(p1, p2, p);
        if (side == 0)
            return true;
        if (p2.y < p1.y)
            side = -side;
        if (side > 0)
            ++crossings; // p is left of an upward edge: the ray to the right crosses it
    }
    return false;
}

} // namespace

int orientation(const Coord& a, const Coord& b, const Coord& c)
{
    const double detLeft = (a.x - c.x) * (b.y - c.y);
    const double detRight = (a.y - c.y) * (b.x - c.x);
    const double det = detLeft - detRight;
    double detSum = 0;
    if (detLeft > 0) {
        if (detRight <= 0)
            return det > 0 ? 1 : det < 0 ? -1 : 0;
        detSum = detLeft + detRight;
    } else if (detLeft < 0) {
        if (detRight >= 0)
            return det > 0 ? 1 : det < 0 ? -1 : 0;
        detSum = -detLeft - detRight;
    } else {
        // One factor of detLeft is exactly zero, and the signs of rounded differences and products are exact.
        return det > 0 ? 1 : det < 0 ? -1 : 0;
    }
    const double bound = kOrientErrorBound * detSum;
    if (det >= bound || -det >= bound)
        return det > 0 ? 1 : -1;
    return exactOrientation(a, b, c);
}

PointInPolygonLocator::PointInPolygonLocator(const GeometryColumn& column, std::size_t geometry)
    : m_coords(column.coords())
{
    std::size_t edges = 0;
    const std::size_t p0 = column.partBegin(geometry), p1 = column.partEnd(geometry);
    for (std::size_t p = p0; p < p1; ++p)
        if (column.partType(p) == GeometryType::Polygon)
            for (std::size_t r = column.ringBegin(p); r < column.ringEnd(p); ++r)
                edges += column.coordEnd(r) - column.coordBegin(r);
    m_edges.reserve(edges);

    for (std::size_t p = p0; p < p1; ++p) {
        if (column.partType(p) != GeometryType::Polygon)
            continue;
        for (std::size_t r = column.ringBegin(p); r < column.ringEnd(p); ++r) {
            const auto c0 = static_cast<std::uint32_t>(column.coordBegin(r));
            const auto c1 = static_cast<std::uint32_t>(column.coordEnd(r));
            if (c1 - c0 < 2)
                continue; // a ring of one point has no edge: GEOS would refuse it
            for (std::uint32_t c = c0; c < c1; ++c)
                m_bounds.expand(m_coords[c]);
            // Zero-length edges add nothing: their vertex is an end of the neighbouring edges.
            for (std::uint32_t c = c0; c + 1 < c1; ++c)
                if (!(m_coords[c] == m_coords[c + 1]))
                    m_edges.push_back({c, c + 1});
            if (!(m_coords[c1 - 1] == m_coords[c0]))
                m_edges.push_back({c1 - 1, c0});
        }
    }
    buildTree();
    buildGrid();
}

void PointInPolygonLocator::buildGrid()
{
    if (m_edges.size() < kGridMinEdges || !(m_bounds.width() > 0) || !(m_bounds.height() > 0))
        return;
    // Square-ish cells, about kGridCellsPerEdge of them per edge.
    const double cells = kGridCellsPerEdge * static_cast<double>(m_edges.size());
    const double aspect = m_bounds.width() / m_bounds.height();
    m_gridX = static_cast<std::size_t>(std::clamp(std::sqrt(cells * aspect), 1.0, 4096.0));
    m_gridY = static_cast<std::size_t>(std::clamp(cells / static_cast<double>(m_gridX), 1.0, 4096.0));
    m_scaleX = static_cast<double>(m_gridX) / m_bounds.width();
    m_scaleY = static_cast<double>(m_gridY) / m_bounds.height();
    m_grid.assign(m_gridX * m_gridY, Location::Exterior);

    // Mark every cell an edge may touch. Boxes are padded by far more than the rounding of the cell arithmetic
    // (here and in locate()) and of the interpolation below, so a cell left unmarked truly has no edge near it.
    const double magnitude = std::max({std::abs(m_bounds.minX), std::abs(m_bounds.maxX), std::abs(m_bounds.minY),
        std::abs(m_bounds.maxY)});
    const double padX = 1e-6 / m_scaleX + 1e-10 * magnitude;
    const double padY = 1e-6 / m_scaleY + 1e-10 * magnitude;
    const auto column = [&](double x) {
        return static_cast<std::size_t>(std::clamp(std::floor((x - m_bounds.minX) * m_scaleX), 0.0, double(m_gridX - 1)));
    };
    const auto row = [&](double y) {
        return static_cast<std::size_t>(std::clamp(std::floor((y - m_bounds.minY) * m_scaleY), 0.0, double(m_gridY - 1)));
    };
    const auto mark = [&](const Coord& a, const Coord& b) {
        const std::size_t x0 = column(std::min(a.x, b.x) - padX), x1 = column(std::max(a.x, b.x) + padX);
        const std::size_t y0 = row(std::min(a.y, b.y) - padY), y1 = row(std::max(a.y, b.y) + padY);
        for (std::size_t y = y0; y <= y1; ++y)
            std::fill(m_grid.begin() + static_cast<std::ptrdiff_t>(y * m_gridX + x0),
                m_grid.begin() + static_cast<std::ptrdiff_t>(y * m_gridX + x1 + 1), Location::Boundary);
    };
    for (const Edge& e : m_edges) {
        const Coord& a = m_coords[e.from];
        const Coord& b = m_coords[e.to];
        // A long edge is marked piece by piece, so that a diagonal does not mark its whole box.
        const double span = std::max(std::abs(b.x - a.x) * m_scaleX, std::abs(b.y - a.y) * m_scaleY);
        const std::size_t pieces = span > 2 ? static_cast<std::size_t>(std::ceil(span)) : 1;
        Coord from = a;
        for (std::size_t i = 1; i <= pieces; ++i) {
            const double t = static_cast<double>(i) / static_cast<double>(pieces);
            const Coord to = i == pieces ? b : Coord{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            mark(from, to);
            from = to;
        }
    }

    // A run of unmarked cells along a row is crossed by no edge: one exact answer (at the centre of its first
    // cell, which no edge touches, so never Boundary) holds for the whole run.
    for (std::size_t y = 0; y < m_gridY; ++y) {
        const double cy = m_bounds.minY + (static_cast<double>(y) + 0.5) / m_scaleY;
        for (std::size_t x = 0; x < m_gridX;) {
            Location* cell = &m_grid[y * m_gridX + x];
            if (*cell == Location::Boundary) {
                ++x;
                continue;
            }
            const Location run = locateInTree({m_bounds.minX + (static_cast<double>(x) + 0.5) / m_scaleX, cy});
            for (; x < m_gridX && *cell != Location::Boundary; ++x, ++cell)
                *cell = run;
        }
    }
}

void PointInPolygonLocator::buildTree()
{
    // Edges sorted by the y of their midpoint: a leaf then holds edges close in y, so its interval stays
    // narrow and a query visits few leaves (densified polygons have short edges).
    std::vector<std::pair<double, Edge>> keyed;
    keyed.reserve(m_edges.size());
    for (const Edge& e : m_edges)
        keyed.emplace_back(m_coords[e.from].y + m_coords[e.to].y, e);
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.first < b.first || (a.first == b.first && a.second.from < b.second.from);
    });
    for (std::size_t i = 0; i < keyed.size(); ++i)
        m_edges[i] = keyed[i].second;
    keyed = {};

    std::size_t levelSize = (m_edges.size() + kNodeSize - 1) / kNodeSize;
    m_nodes.reserve(levelSize + levelSize / (kNodeSize - 1) + 8);
    for (std::size_t leaf = 0; leaf < levelSize; ++leaf) {
        Interval node{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        const std::size_t end = std::min(m_edges.size(), (leaf + 1) * kNodeSize);
        for (std::size_t i = leaf * kNodeSize; i < end; ++i) {
            const double y0 = m_coords[m_edges[i].from].y, y1 = m_coords[m_edges[i].to].y;
            node.minY = std::min({node.minY, y0, y1});
            node.maxY = std::max({node.maxY, y0, y1});
        }
        m_nodes.push_back(node);
    }
    m_levelEnds.push_back(m_nodes.size());
    std::size_t levelBegin = 0;
    while (levelSize > 1) {
        const std::size_t levelEnd = m_nodes.size();
        levelSize = (levelEnd - levelBegin + kNodeSize - 1) / kNodeSize;
        for (std::size_t parent = 0; parent < levelSize; ++parent) {
            Interval node = m_nodes[levelBegin + parent * kNodeSize];
            const std::size_t end = std::min(levelEnd, levelBegin + (parent + 1) * kNodeSize);
            for (std::size_t i = levelBegin + parent * kNodeSize + 1; i < end; ++i) {
                node.minY = std::min(node.minY, m_nodes[i].minY);
                node.maxY = std::max(node.maxY, m_nodes[i].maxY);
            }
            m_nodes.push_back(node);
        }
        levelBegin = levelEnd;
        m_levelEnds.push_back(m_nodes.size());
    }
}

Location PointInPolygonLocator::locate(const Coord& p) const
{
    if (m_nodes.empty() || !m_bounds.contains(p.x, p.y))
        return Location::Exterior; // also NaN: every comparison is false
    if (!m_grid.empty()) {
        const auto x = static_cast<std::size_t>(std::min((p.x - m_bounds.minX) * m_scaleX, double(m_gridX - 1)));
        const auto y = static_cast<std::size_t>(std::min((p.y - m_bounds.minY) * m_scaleY, double(m_gridY - 1)));
        const Location cell = m_grid[y * m_gridX + x];
        if (cell != Location::Boundary)
            return cell;
    }
    return locateInTree(p);
}

Location PointInPolygonLocator::locateInTree(const Coord& p) const
{
    // Depth-first over the nodes whose y-interval holds p.y. Each level pushes at most kNodeSize children
    // and there are at most 11 levels for 2^32 edges, so a fixed stack suffices.
    struct Entry {
        std::uint32_t level;
        std::uint32_t index; // within its level
    };
    std::array<Entry, 16 * kNodeSize> stack;
    std::size_t top = 0;
    stack[top++] = {static_cast<std::uint32_t>(m_levelEnds.size() - 1), 0};
    int crossings = 0;
    while (top > 0) {
        const Entry e = stack[--top];
        if (e.level == 0) {
            const std::size_t end = std::min(m_edges.size(), (e.index + 1) * kNodeSize);
            for (std::size_t i = e.index * kNodeSize; i < end; ++i)
                if (countEdge(m_coords[m_edges[i].from], m_coords[m_edges[i].to], p, crossings))
                    return Location::Boundary;
            continue;
        }
        const std::size_t childBegin = e.level >= 2 ? m_levelEnds[e.level - 2] : 0;
        const std::size_t childEnd = m_levelEnds[e.level - 1];
        const std::size_t first = childBegin + std::size_t(e.index) * kNodeSize;
        const std::size_t last = std::min(childEnd, first + kNodeSize);
        for (std::size_t i = first; i < last; ++i)
            if (m_nodes[i].minY <= p.y && p.y <= m_nodes[i].maxY)
                stack[top++] = {e.level - 1, static_cast<std::uint32_t>(i - childBegin)};
    }
    return crossings % 2 ? Location::Interior : Location::Exterior;
}

std::size_t PointInPolygonLocator::memoryUsage() const
{
    return sizeof(*this) + m_edges.capacity() * sizeof(Edge) + m_nodes.capacity() * sizeof(Interval)
        + m_levelEnds.capacity() * sizeof(std::size_t) + m_grid.capacity() * sizeof(Location);
}

} // namespace gis::detail
