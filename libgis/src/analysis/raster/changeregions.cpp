#include "changeregions.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <unordered_map>

#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

/// Union-find over run indices, path-halving.
class Regions {
public:
    explicit Regions(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), std::size_t(0)); }
    std::size_t root(std::size_t i)
    {
        while (m_parent[i] != i)
            i = m_parent[i] = m_parent[m_parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b)
    {
        a = root(a);
        b = root(b);
        if (a != b)
            m_parent[std::max(a, b)] = std::min(a, b); // the smaller index wins: labels independent of the order
    }

private:
    std::vector<std::size_t> m_parent;
};

/// A directed pixel edge with the region on its right (pixel coordinates, y downwards).
struct Edge {
    int x0, y0, x1, y1;
    bool used = false;
};

std::int64_t key(int x, int y) { return (static_cast<std::int64_t>(x) << 32) | static_cast<std::uint32_t>(y); }

int direction(int from, int to) { return (to > from) - (to < from); }

/// [c0, c1) less the sorted, disjoint intervals `cover`: the pieces, appended to `out`.
void uncovered(int c0, int c1, const std::vector<std::pair<int, int>>& cover, std::vector<std::pair<int, int>>& out)
{
    int at = c0;
    for (const auto& [a, b] : cover) {
        if (b <= at)
            continue;
        if (a >= c1)
            break;
        if (a > at)
            out.emplace_back(at, a);
        at = std::max(at, b);
        if (at >= c1)
            return;
    }
    if (at < c1)
        out.emplace_back(at, c1);
}

/// The rings of the region made of `runs` (indices into `all`, sorted by row then column), each closed, in pixel
/// corner coordinates, collinear vertices dropped. A ring turns right first at a vertex where two of the region's
/// pixels touch only at a corner, so such pixels stay apart as 4-connectivity says, and every ring is simple.
std::vector<std::vector<std::pair<int, int>>> traceRegion(const std::vector<ChangeRun>& all, const std::vector<std::size_t>& runs)
{
    const int firstRow = all[runs.front()].row;
    const int lastRow = all[runs.back()].row;
    // The region's intervals per row (a 4-connected region spans consecutive rows).
    std::vector<std::vector<std::pair<int, int>>> rows(static_cast<std::size_t>(lastRow - firstRow + 1));
    for (const std::size_t k : runs)
        rows[static_cast<std::size_t>(all[k].row - firstRow)].emplace_back(all[k].col0, all[k].col1);
    const std::vector<std::pair<int, int>> none;
    const auto rowOf = [&](int row) -> const std::vector<std::pair<int, int>>& {
        return row < firstRow || row > lastRow ? none : rows[static_cast<std::size_t>(row - firstRow)];
    };

    std::vector<Edge> edges;
    std::vector<std::pair<int, int>> pieces;
    for (int row = firstRow; row <= lastRow; ++row) {
        for (const auto& [c0, c1] : rowOf(row)) {
            edges.push_back({c0, row + 1, c0, row});  // left, upwards
            edges.push_back({c1, row, c1, row + 1});  // right, downwards
            pieces.clear();
            uncovered(c0, c1, rowOf(row - 1), pieces);
            for (const auto& [a, b] : pieces)
                edges.push_back({a, row, b, row});    // top, rightwards
            pieces.clear();
            uncovered(c0, c1, rowOf(row + 1), pieces);
            for (const auto& [a, b] : pieces)
                edges.push_back({b, row + 1, a, row + 1}); // bottom, leftwards
        }
    }
    std::unordered_multimap<std::int64_t, std::size_t> from;
    from.reserve(edges.size());
    for (std::size_t e = 0; e < edges.size(); ++e)
        from.emplace(key(edges[e].x0, edges[e].y0), e);

    std::vector<std::vector<std::pair<int, int>>> rings;
    for (std::size_t start = 0; start < edges.size(); ++start) {
        if (edges[start].used)
            continue;
        std::vector<std::pair<int, int>> ring;
        std::size_t e = start;
        for (;;) {
            Edge& edge = edges[e];
            edge.used = true;
            ring.emplace_back(edge.x0, edge.y0);
            const int dx = direction(edge.x0, edge.x1), dy = direction(edge.y0, edge.y1);
            // Preference: right turn (-dy, dx) in y-down coordinates, straight on, left turn.
            const int prefer[3][2] = {{-dy, dx}, {dx, dy}, {dy, -dx}};
            std::size_t next = edges.size();
            int best = 3;
            const auto [lo, hi] = from.equal_range(key(edge.x1, edge.y1));
            for (auto it = lo; it != hi; ++it) {
                const Edge& candidate = edges[it->second];
                if (candidate.used)
                    continue;
                const int cx = direction(candidate.x0, candidate.x1), cy = direction(candidate.y0, candidate.y1);
                for (int p = 0; p < best; ++p)
                    if (cx == prefer[p][0] && cy == prefer[p][1]) {
                        best = p;
                        next = it->second;
                    }
            }
            if (next == edges.size())
                break; // back where the ring started: every edge out of this corner is taken
            e = next;
        }
        // Drop the vertices in the middle of a straight stretch (a vertical side is one edge per row).
        std::vector<std::pair<int, int>> simple;
        const std::size_t n = ring.size();
        for (std::size_t i = 0; i < n; ++i) {
            const auto& p = ring[(i + n - 1) % n];
            const auto& v = ring[i];
            const auto& q = ring[(i + 1) % n];
            const bool straight = direction(p.first, v.first) == direction(v.first, q.first)
                && direction(p.second, v.second) == direction(v.second, q.second);
            if (!straight)
                simple.push_back(v);
        }
        simple.push_back(simple.front());
        rings.push_back(std::move(simple));
    }
    return rings;
}

double ringArea(const std::vector<std::pair<int, int>>& ring)
{
    double twice = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i)
        twice += double(ring[i].first) * ring[i + 1].second - double(ring[i + 1].first) * ring[i].second;
    return twice / 2;
}

} // namespace

std::shared_ptr<const Layer> changePolygons(const std::vector<ChangeRun>& runs, const PixelGrid& grid, const Crs& crs,
    double pixelArea, double minAreaM2)
{
    Regions regions(runs.size());
    // Runs of consecutive rows that share a column and a sign are one region: a sweep over each pair of rows.
    std::size_t previous = 0; // the first run of the previous row
    for (std::size_t begin = 0; begin < runs.size();) {
        std::size_t end = begin;
        while (end < runs.size() && runs[end].row == runs[begin].row)
            ++end;
        if (previous < begin && runs[previous].row == runs[begin].row - 1) {
            std::size_t a = previous;
            for (std::size_t b = begin; b < end; ++b) {
                while (a < begin && runs[a].col1 <= runs[b].col0)
                    ++a;
                for (std::size_t k = a; k < begin && runs[k].col0 < runs[b].col1; ++k)
                    if (runs[k].sign == runs[b].sign)
                        regions.join(k, b);
            }
        }
        previous = begin;
        begin = end;
    }

    struct Region {
        std::vector<std::size_t> runs;
        std::int64_t pixels = 0;
        double sumDz = 0;
        double extremeDz = 0;
    };
    std::unordered_map<std::size_t, std::size_t> index; // root run -> region
    std::vector<Region> found;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto [it, fresh] = index.emplace(regions.root(k), found.size());
        if (fresh)
            found.emplace_back();
        Region& r = found[it->second];
        r.runs.push_back(k);
        r.pixels += runs[k].col1 - runs[k].col0;
        r.sumDz += runs[k].sumDz;
        if (std::fabs(runs[k].extremeDz) > std::fabs(r.extremeDz))
            r.extremeDz = runs[k].extremeDz;
    }
    std::vector<std::size_t> kept;
    for (std::size_t r = 0; r < found.size(); ++r)
        if (static_cast<double>(found[r].pixels) * pixelArea >= minAreaM2)
            kept.push_back(r);
    std::stable_sort(kept.begin(), kept.end(), [&](std::size_t a, std::size_t b) { return found[a].pixels > found[b].pixels; });

    LayerBuilder builder("change_polygons", crs, GeometryType::Polygon);
    const std::size_t sign = builder.addField("sign", FieldType::String);
    const std::size_t area = builder.addField("area_m2", FieldType::Real);
    const std::size_t volume = builder.addField("volume_m3", FieldType::Real);
    const std::size_t mean = builder.addField("mean_dz", FieldType::Real);
    const std::size_t max = builder.addField("max_dz", FieldType::Real);
    GeometryColumn& geometries = builder.geometries();
    for (const std::size_t r : kept) {
        const Region& region = found[r];
        auto rings = traceRegion(runs, region.runs);
        // One outer boundary per 4-connected region: the ring of largest area; the others are its holes.
        const auto outer = std::max_element(rings.begin(), rings.end(),
            [](const auto& a, const auto& b) { return std::fabs(ringArea(a)) < std::fabs(ringArea(b)); });
        std::iter_swap(rings.begin(), outer);
        // The shell anticlockwise and the holes clockwise on the map (OGC's and GeoJSON's convention); the grid's
        // downward rows flip the turn of pixel coordinates.
        const bool flips = (grid.sizeX > 0) != (grid.sizeY > 0);
        for (std::size_t k = 0; k < rings.size(); ++k) {
            const bool anticlockwise = (ringArea(rings[k]) > 0) != flips;
            if (anticlockwise != (k == 0))
                std::reverse(rings[k].begin(), rings[k].end());
        }
        geometries.beginGeometry(GeometryType::Polygon);
        geometries.beginPart(GeometryType::Polygon);
        for (const auto& ring : rings) {
            geometries.beginRing();
            for (const auto& [x, y] : ring)
                geometries.addCoord(grid.originX + x * grid.sizeX, grid.originY + y * grid.sizeY);
        }
        geometries.endGeometry();
        const double a = static_cast<double>(region.pixels) * pixelArea;
        builder.column(sign).appendString(runs[region.runs.front()].sign > 0 ? "fill" : "cut");
        builder.column(area).appendReal(a);
        builder.column(volume).appendReal(std::fabs(region.sumDz) * pixelArea);
        builder.column(mean).appendReal(region.sumDz / static_cast<double>(region.pixels));
        builder.column(max).appendReal(region.extremeDz);
    }
    return builder.finish();
}

} // namespace gis::analysis::detail
