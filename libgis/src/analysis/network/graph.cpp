// Building the road graph from a line layer: lines through the invalid-geometry policy, geodesic segment lengths on
// every core, nodes (union-find of vertices within the snap tolerance), edges, CSR adjacency, the snapping grid.

#include "graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/geodesic.h"

#include "invalidgate.h"

namespace gis::analysis::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegreeLat = 110574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111320.0;

struct CellHash {
    std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const
    {
        return std::hash<std::int64_t>()(k.first) * 1000003u ^ std::hash<std::int64_t>()(k.second);
    }
};

std::int64_t cellOf(double v, double cell)
{
    const double c = std::floor(v / cell);
    return static_cast<std::int64_t>(std::clamp(c, -1e17, 1e17));
}

} // namespace

RoadGraph::RoadGraph(const Layer& roads, const NetworkOptions& options, const RunOptions& run)
    : m_geographic(roads.crs().isGeographic()), m_cost(options.cost)
{
    const char* what = "road network";
    // 1. The lines, one geometry per part, through the invalid-geometry policy.
    const InvalidGate gate(roads, run.invalid);
    std::vector<std::uint32_t> lineRow;
    for (std::size_t row = 0; row < roads.size(); ++row) {
        if (row % 1024 == 0)
            run.feedback.cancel.throwIfCancelled(what);
        const GeometryRef g = roads.geometry(row);
        if (g.type() == GeometryType::Unknown) {
            ++m_nullGeometries;
            continue;
        }
        const InvalidGate::Verdict verdict = gate.check(row);
        if (verdict.kind != InvalidGate::Verdict::Kind::Use)
            m_invalid.push_back(gate.report(row, verdict));
        if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
            continue;
        const GeometryRef use = gate.geometry(row, verdict);
        const GeometryColumn& col = *use.column;
        for (std::size_t p = col.partBegin(use.index); p < col.partEnd(use.index); ++p) {
            if (col.partType(p) != GeometryType::LineString)
                continue;
            const std::size_t r = col.ringBegin(p);
            if (col.coordEnd(r) - col.coordBegin(r) < 2)
                continue;
            m_lines.beginGeometry(GeometryType::LineString);
            m_lines.beginPart(GeometryType::LineString);
            m_lines.beginRing();
            for (std::size_t c = col.coordBegin(r); c < col.coordEnd(r); ++c) {
                const Coord& xy = col.coord(c);
                if (!std::isfinite(xy.x) || !std::isfinite(xy.y))
                    throw Error(ErrorCode::Geometry, "layer \"" + roads.name() + "\", feature "
                            + std::to_string(roads.fid(row)) + ": a coordinate is not a finite number");
                m_lines.addCoord(xy.x, xy.y);
            }
            m_lines.endGeometry();
            lineRow.push_back(static_cast<std::uint32_t>(row));
        }
    }
    if (m_lines.empty())
        throw Error(ErrorCode::Argument, "layer \"" + roads.name() + "\" has no lines to make a road network of");
    if (m_lines.coordCount() >= kNone)
        throw Error(ErrorCode::Argument, "layer \"" + roads.name() + "\" has too many vertices for a road network");

    const Box extent = m_lines.bounds();
    if (m_geographic) {
        const double lat0 = std::clamp(extent.center().y, -89.0, 89.0);
        m_scaleX = kMetresPerDegreeLonAtEquator * std::cos(lat0 * kPi / 180.0);
        m_scaleY = kMetresPerDegreeLat;
    }

    // 2. Segment lengths (geodesic on longitude/latitude: the costly part), on every core.
    const std::size_t nc = m_lines.coordCount();
    m_segmentLengths.assign(nc, 0.0);
    constexpr std::size_t kChunk = 512;
    ParallelOptions parallel;
    parallel.maxThreads = run.threads;
    parallel.what = what;
    parallelFor((m_lines.size() + kChunk - 1) / kChunk, [&](std::size_t chunk) {
        const std::size_t end = std::min(m_lines.size(), (chunk + 1) * kChunk);
        for (std::size_t g = chunk * kChunk; g < end; ++g) {
            run.feedback.cancel.throwIfCancelled(what); // a line may have thousands of vertices
            const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
            for (std::size_t c = m_lines.coordBegin(r); c + 1 < m_lines.coordEnd(r); ++c)
                m_segmentLengths[c] = distance(m_lines.coord(c), m_lines.coord(c + 1));
        }
    }, &run.feedback.cancel, parallel);

    // 3. Nodes: vertices of different lines within the tolerance are one (union-find over a grid of cells of the
    // tolerance's size); a vertex is a node when it ends its line or is shared with another line.
    std::vector<std::uint32_t> lineOf(nc);
    for (std::size_t g = 0; g < m_lines.size(); ++g) {
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
        std::fill(lineOf.begin() + static_cast<std::ptrdiff_t>(m_lines.coordBegin(r)),
            lineOf.begin() + static_cast<std::ptrdiff_t>(m_lines.coordEnd(r)), static_cast<std::uint32_t>(g));
    }
    std::vector<std::uint32_t> parent(nc);
    std::iota(parent.begin(), parent.end(), 0u);
    const auto find = [&](std::uint32_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    // Cells a quarter larger than the tolerance: the local metres are approximate away from the mean latitude.
    const double cell = std::max(options.snapMetres * 1.25, 1e-6);
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>, CellHash> grid;
    for (std::uint32_t c = 0; c < nc; ++c) {
        if (c % 4096 == 0) // up to 9 geodesic distances a vertex: a check every few milliseconds
            run.feedback.cancel.throwIfCancelled(what);
        const Coord& xy = m_lines.coord(c);
        const std::int64_t kx = cellOf(xy.x * m_scaleX, cell), ky = cellOf(xy.y * m_scaleY, cell);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = grid.find({kx + dx, ky + dy});
                if (it == grid.end())
                    continue;
                for (const std::uint32_t other : it->second)
                    if (lineOf[other] != lineOf[c] && distance(xy, m_lines.coord(other)) <= options.snapMetres) {
                        const std::uint32_t a = find(c), b = find(other);
                        parent[std::max(a, b)] = std::min(a, b);
                    }
            }
        grid[{kx, ky}].push_back(c);
    }
    grid.clear();
    std::vector<std::uint8_t> shared(nc, 0); // per root: members on more than one line
    for (std::uint32_t c = 0; c < nc; ++c)
        if (lineOf[find(c)] != lineOf[c])
            shared[find(c)] = 1;
    std::vector<std::uint32_t> nodeOfRoot(nc, kNone);
    const auto isEnd = [&](std::uint32_t c) {
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(lineOf[c]));
        return c == m_lines.coordBegin(r) || c + 1 == m_lines.coordEnd(r);
    };
    std::vector<std::uint32_t> nodeOf(nc, kNone);
    for (std::uint32_t c = 0; c < nc; ++c) {
        const std::uint32_t root = find(c);
        if (!isEnd(c) && !shared[root])
            continue;
        if (nodeOfRoot[root] == kNone) {
            nodeOfRoot[root] = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.push_back(m_lines.coord(root));
        }
        nodeOf[c] = nodeOfRoot[root];
    }

    // 4. Edges between consecutive nodes of each line, with the road's speed and directions.
    const int classColumn = options.classField.empty() ? -1 : roads.attributes().indexOf(options.classField);
    const int onewayColumn = options.onewayField.empty() ? -1 : roads.attributes().indexOf(options.onewayField);
    for (std::size_t g = 0; g < m_lines.size(); ++g) {
        const std::uint32_t row = lineRow[g];
        double speed = options.defaultSpeed;
        if (classColumn >= 0) {
            const auto it = options.speeds.find(roads.attributes().column(static_cast<std::size_t>(classColumn)).toString(row));
            if (it != options.speeds.end())
                speed = it->second;
        }
        const int direction = onewayColumn < 0 ? 0
            : onewayDirection(roads.attributes().column(static_cast<std::size_t>(onewayColumn)).toString(row));
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
        std::uint32_t start = static_cast<std::uint32_t>(m_lines.coordBegin(r));
        const std::uint32_t last = static_cast<std::uint32_t>(m_lines.coordEnd(r) - 1);
        double length = 0;
        for (std::uint32_t c = start + 1; c <= last; ++c) {
            length += m_segmentLengths[c - 1];
            if (nodeOf[c] == kNone)
                continue;
            NetworkEdge e;
            e.from = nodeOf[start];
            e.to = nodeOf[c];
            e.row = row;
            e.coordBegin = start;
            e.coordEnd = c;
            e.length = length;
            e.speed = speed;
            e.forward = direction >= 0;
            e.backward = direction <= 0;
            m_edges.push_back(e);
            start = c;
            length = 0;
        }
    }

    // 5. CSR adjacency: the arcs leaving each node, in edge order.
    m_arcOffsets.assign(m_nodes.size() + 1, 0);
    for (const auto& e : m_edges) {
        m_arcOffsets[e.from + 1] += e.forward;
        m_arcOffsets[e.to + 1] += e.backward;
    }
    std::partial_sum(m_arcOffsets.begin(), m_arcOffsets.end(), m_arcOffsets.begin());
    m_arcs.resize(m_arcOffsets.back());
    std::vector<std::uint32_t> fill(m_arcOffsets.begin(), m_arcOffsets.end() - 1);
    for (std::uint32_t i = 0; i < m_edges.size(); ++i) {
        const NetworkEdge& e = m_edges[i];
        const double cost = e.length * costPerMetre(e);
        if (e.forward)
            m_arcs[fill[e.from]++] = {e.to, i, cost};
        if (e.backward)
            m_arcs[fill[e.to]++] = {e.from, i, cost};
    }

    // 6. A grid of the edges in local metres, for snapping points: about two edges a cell, at most 1024 × 1024.
    std::vector<Box>& boxes = m_edgeBoxes;
    boxes.assign(m_edges.size(), Box());
    Box all;
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        for (std::uint32_t c = m_edges[i].coordBegin; c <= m_edges[i].coordEnd; ++c)
            boxes[i].expand(m_lines.coord(c).x * m_scaleX, m_lines.coord(c).y * m_scaleY);
        all.expand(boxes[i].minX, boxes[i].minY);
        all.expand(boxes[i].maxX, boxes[i].maxY);
    }
    const double side = std::max({all.width(), all.height(), 1e-3});
    m_cell = std::max(side / 1024.0, std::sqrt(std::max(all.width(), 1e-3) * std::max(all.height(), 1e-3)
                                                   / (static_cast<double>(m_edges.size()) / 2.0 + 1.0)));
    m_gridX = all.minX;
    m_gridY = all.minY;
    m_gridW = std::clamp<std::int64_t>(static_cast<std::int64_t>(all.width() / m_cell) + 1, 1, 1024);
    m_gridH = std::clamp<std::int64_t>(static_cast<std::int64_t>(all.height() / m_cell) + 1, 1, 1024);
    const auto cellRange = [&](const Box& b, std::int64_t& i0, std::int64_t& j0, std::int64_t& i1, std::int64_t& j1) {
        i0 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.minX - m_gridX) / m_cell), 0, m_gridW - 1);
        j0 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.minY - m_gridY) / m_cell), 0, m_gridH - 1);
        i1 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.maxX - m_gridX) / m_cell), 0, m_gridW - 1);
        j1 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.maxY - m_gridY) / m_cell), 0, m_gridH - 1);
    };
    m_cellStart.assign(static_cast<std::size_t>(m_gridW * m_gridH + 1), 0);
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<std::uint32_t> fillCell;
        if (pass == 1) {
            std::partial_sum(m_cellStart.begin(), m_cellStart.end(), m_cellStart.begin());
            m_cellEdges.resize(m_cellStart.back());
            fillCell.assign(m_cellStart.begin(), m_cellStart.end() - 1);
        }
        for (std::uint32_t e = 0; e < m_edges.size(); ++e) {
            std::int64_t i0, j0, i1, j1;
            cellRange(boxes[e], i0, j0, i1, j1);
            for (std::int64_t j = j0; j <= j1; ++j)
                for (std::int64_t i = i0; i <= i1; ++i) {
                    const auto cell = static_cast<std::size_t>(j * m_gridW + i);
                    if (pass == 0)
                        ++m_cellStart[cell + 1];
                    else
                        m_cellEdges[fillCell[cell]++] = e;
                }
        }
    }
}

double RoadGraph::distance(const Coord& a, const Coord& b) const
{
    return m_geographic ? geodesic::distance(a, b) : std::hypot(b.x - a.x, b.y - a.y);
}

double RoadGraph::costPerMetre(const NetworkEdge& edge) const
{
    return m_cost == NetworkCost::Length ? 1.0 : 60.0 / (edge.speed * 1000.0);
}

} // namespace gis::analysis::detail
