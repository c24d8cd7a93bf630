// Using the road graph: snapping a point to the nearest edge, seeding a search there, drawing part of an edge, and
// the search itself (Dijkstra, binary heap, several seeds at once).

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <queue>
#include <tuple>
#include <unordered_set>

#include "gis/core/error.h"

#include "graph.h"

namespace gis::analysis::detail {

namespace {

/// Planar distance from p to the segment a-b, and the parameter of the nearest point on it.
std::pair<double, double> segmentDistance(double px, double py, double ax, double ay, double bx, double by)
{
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return {std::hypot(px - (ax + t * dx), py - (ay + t * dy)), t};
}

} // namespace

std::optional<NetworkSnap> RoadGraph::snap(Coord p) const
{
    if (m_edges.empty())
        return std::nullopt;
    const double px = p.x * m_scaleX, py = p.y * m_scaleY;
    const auto edgeDistance = [&](std::uint32_t i) {
        const NetworkEdge& e = m_edges[i];
        double best = kInfinity;
        for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
            const Coord& a = m_lines.coord(c);
            const Coord& b = m_lines.coord(c + 1);
            best = std::min(best, segmentDistance(px, py, a.x * m_scaleX, a.y * m_scaleY, b.x * m_scaleX, b.y * m_scaleY).first);
        }
        return best;
    };
    // Rings of cells around the point's cell, nearest first, until no cell of a ring can hold a nearer edge.
    // (clamped as doubles first: a point far outside must not overflow the conversion)
    const auto ci = static_cast<std::int64_t>(std::clamp(std::floor((px - m_gridX) / m_cell), 0.0, static_cast<double>(m_gridW - 1)));
    const auto cj = static_cast<std::int64_t>(std::clamp(std::floor((py - m_gridY) / m_cell), 0.0, static_cast<double>(m_gridH - 1)));
    std::uint32_t bestEdge = kNone;
    double bestDistance = kInfinity;
    std::unordered_set<std::uint32_t> seen; // an edge is listed in every cell its box covers
    for (std::int64_t ring = 0; ring <= std::max(m_gridW, m_gridH); ++ring) {
        bool anyCell = false;
        for (std::int64_t j = cj - ring; j <= cj + ring; ++j)
            for (std::int64_t i = ci - ring; i <= ci + ring; ++i) {
                if (std::max(std::abs(i - ci), std::abs(j - cj)) != ring || i < 0 || j < 0 || i >= m_gridW || j >= m_gridH)
                    continue;
                const double x0 = m_gridX + static_cast<double>(i) * m_cell, y0 = m_gridY + static_cast<double>(j) * m_cell;
                const double dx = std::max({x0 - px, 0.0, px - (x0 + m_cell)});
                const double dy = std::max({y0 - py, 0.0, py - (y0 + m_cell)});
                if (std::hypot(dx, dy) > bestDistance)
                    continue;
                anyCell = true;
                const auto cell = static_cast<std::size_t>(j * m_gridW + i);
                for (std::uint32_t k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                    const std::uint32_t e = m_cellEdges[k];
                    const Box& b = m_edgeBoxes[e];
                    const double bx = std::max({b.minX - px, 0.0, px - b.maxX});
                    const double by = std::max({b.minY - py, 0.0, py - b.maxY});
                    if (std::hypot(bx, by) > bestDistance || !seen.insert(e).second)
                        continue;
                    const double d = edgeDistance(e);
                    if (d < bestDistance || (d == bestDistance && e < bestEdge)) {
                        bestDistance = d;
                        bestEdge = e;
                    }
                }
            }
        if (!anyCell && bestEdge != kNone)
            break;
    }
    if (bestEdge == kNone)
        return std::nullopt;
    NetworkSnap s;
    s.edge = bestEdge;
    s.distance = bestDistance;
    const NetworkEdge& e = m_edges[s.edge];
    double along = 0, best = kInfinity;
    for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
        const Coord& a = m_lines.coord(c);
        const Coord& b = m_lines.coord(c + 1);
        const auto [d, t] = segmentDistance(px, py, a.x * m_scaleX, a.y * m_scaleY, b.x * m_scaleX, b.y * m_scaleY);
        if (d < best) {
            best = d;
            s.point = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            s.offset = std::min(e.length, along + (t >= 1 ? m_segmentLengths[c] : distance(a, s.point)));
        }
        along += m_segmentLengths[c];
    }
    return s;
}

void RoadGraph::seedsOf(const NetworkSnap& snap, std::uint32_t source, std::vector<NetworkSeed>& seeds) const
{
    const NetworkEdge& e = m_edges[snap.edge];
    const double perMetre = costPerMetre(e);
    if (e.backward)
        seeds.push_back({e.from, snap.offset * perMetre, source});
    if (e.forward)
        seeds.push_back({e.to, (e.length - snap.offset) * perMetre, source});
}

void RoadGraph::appendPiece(std::vector<Coord>& out, std::uint32_t edge, double a, double b) const
{
    const NetworkEdge& e = m_edges[edge];
    const bool reversed = b < a;
    const double from = std::clamp(std::min(a, b), 0.0, e.length);
    const double to = std::clamp(std::max(a, b), 0.0, e.length);
    std::vector<Coord> piece;
    const auto at = [&](std::uint32_t c, double cumulative, double offset) {
        const double len = m_segmentLengths[c];
        const double t = len > 0 ? std::clamp((offset - cumulative) / len, 0.0, 1.0) : 0.0;
        const Coord& p = m_lines.coord(c);
        const Coord& q = m_lines.coord(c + 1);
        return Coord{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    };
    double cumulative = 0;
    for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
        const double next = cumulative + m_segmentLengths[c];
        const bool lastSegment = c + 1 == e.coordEnd;
        if (piece.empty() && (from <= next || lastSegment))
            piece.push_back(at(c, cumulative, from));
        if (!piece.empty()) {
            if (to <= next || lastSegment) {
                piece.push_back(at(c, cumulative, to));
                break;
            }
            piece.push_back(m_lines.coord(c + 1));
        }
        cumulative = next;
    }
    if (reversed)
        std::reverse(piece.begin(), piece.end());
    for (const Coord& c : piece)
        if (out.empty() || !(out.back() == c))
            out.push_back(c);
}

ShortestPathTree RoadGraph::search(const std::vector<NetworkSeed>& seeds, double limit, const Feedback& feedback,
    const char* what) const
{
    const std::size_t n = m_nodes.size();
    ShortestPathTree tree;
    tree.cost.assign(n, kInfinity);
    tree.source.assign(n, kNone);
    tree.arc.assign(n, kNone);
    std::vector<std::uint8_t> done(n, 0);
    using Entry = std::tuple<double, std::uint32_t, std::uint32_t>; // cost, source, node: ties go to the lower source
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    const auto better = [&](double cost, std::uint32_t source, std::uint32_t node) {
        return cost < tree.cost[node] || (cost == tree.cost[node] && source < tree.source[node]);
    };
    for (const auto& s : seeds)
        if (s.cost <= limit && better(s.cost, s.source, s.node)) {
            tree.cost[s.node] = s.cost;
            tree.source[s.node] = s.source;
            tree.arc[s.node] = kNone;
            heap.emplace(s.cost, s.source, s.node);
        }
    std::size_t popped = 0;
    while (!heap.empty()) {
        const auto [cost, source, node] = heap.top();
        heap.pop();
        if (done[node] || cost != tree.cost[node] || source != tree.source[node])
            continue;
        done[node] = 1;
        if (++popped % 4096 == 0) {
            feedback.cancel.throwIfCancelled(what);
            feedback.report(static_cast<double>(popped) / static_cast<double>(n));
        }
        for (std::uint32_t a = m_arcOffsets[node]; a < m_arcOffsets[node + 1]; ++a) {
            const NetworkArc& arc = m_arcs[a];
            const double c = cost + arc.cost;
            if (c <= limit && !done[arc.target] && better(c, source, arc.target)) {
                tree.cost[arc.target] = c;
                tree.source[arc.target] = source;
                tree.arc[arc.target] = a;
                heap.emplace(c, source, arc.target);
            }
        }
    }
    feedback.cancel.throwIfCancelled(what);
    return tree;
}

} // namespace gis::analysis::detail
