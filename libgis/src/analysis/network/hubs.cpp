#include "hubs.h"

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/core/parallel.h"

#include "featuremap.h"

namespace gis::analysis::detail {

std::vector<Hub> snapHubs(const RoadGraph& graph, const Layer& roads, const Layer& hubs, const std::string& algorithmId,
    std::size_t& nullGeometries)
{
    if (!(hubs.crs() == roads.crs()))
        throw Error(ErrorCode::Argument, algorithmId + ": the hubs (layer \"" + hubs.name() + "\") are in another CRS "
                + "than the roads (layer \"" + roads.name() + "\"); reproject one of them first");
    std::vector<Hub> out;
    const GeometryColumn& g = hubs.geometries();
    for (std::size_t row = 0; row < hubs.size(); ++row) {
        const GeometryType t = g.type(row);
        if (t == GeometryType::Unknown) {
            ++nullGeometries;
            continue;
        }
        if (t != GeometryType::Point && t != GeometryType::MultiPoint)
            throw Error(ErrorCode::Argument, algorithmId + ": the hubs (layer \"" + hubs.name() + "\") must be points; "
                    + "feature " + std::to_string(hubs.fid(row)) + " is a " + std::string(geometryTypeName(t)));
        if (g.isEmpty(row))
            continue;
        const Coord& p = g.coord(g.coordBegin(g.ringBegin(g.partBegin(row))));
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            throw Error(ErrorCode::Geometry, "layer \"" + hubs.name() + "\", feature " + std::to_string(hubs.fid(row))
                    + ": a coordinate is not a finite number");
        out.push_back({static_cast<std::uint32_t>(row), *graph.snap(p)});
    }
    if (out.empty())
        throw Error(ErrorCode::Argument, algorithmId + ": the hub layer \"" + hubs.name() + "\" has no points");
    return out;
}

namespace {

/// Cost along an edge from a start: at `origin` it is `cost`, growing by `perMetre` in direction `dir` (+1 toward
/// the edge's end, -1 toward its start) and undefined behind it.
struct Ray {
    double origin = 0;
    double cost = 0;
    int dir = 1;
    std::uint32_t hub = 0;

    bool covers(double x) const { return dir > 0 ? x >= origin : x <= origin; }
    double at(double x, double perMetre) const { return cost + std::fabs(x - origin) * perMetre; }
};

void edgePieces(const RoadGraph& graph, std::uint32_t edge, const std::vector<Ray>& rays, double limit,
    std::vector<ReachedPiece>& out)
{
    const NetworkEdge& e = graph.edges()[edge];
    const double k = graph.costPerMetre(e);
    const double len = e.length;
    if (rays.empty() || !(len > 0))
        return;
    std::vector<double> cuts{0.0, len};
    for (std::size_t i = 0; i < rays.size(); ++i) {
        const Ray& r = rays[i];
        cuts.push_back(r.origin);
        cuts.push_back(r.origin + r.dir * (limit - r.cost) / k);
        for (std::size_t j = i + 1; j < rays.size(); ++j)
            if (rays[j].dir != r.dir) { // costs running toward each other are equal at one point
                const Ray& up = r.dir > 0 ? r : rays[j];
                const Ray& down = r.dir > 0 ? rays[j] : r;
                cuts.push_back((down.cost - up.cost) / (2 * k) + (up.origin + down.origin) / 2);
            }
    }
    for (double& c : cuts)
        c = std::clamp(std::isfinite(c) ? c : 0.0, 0.0, len);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    const std::size_t first = out.size();
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        const double x0 = cuts[c], x1 = cuts[c + 1];
        const double mid = (x0 + x1) / 2;
        const Ray* best = nullptr;
        double bestCost = kInfinity;
        for (const Ray& r : rays)
            if (r.covers(mid) && (r.at(mid, k) < bestCost || (r.at(mid, k) == bestCost && r.hub < best->hub))) {
                best = &r;
                bestCost = r.at(mid, k);
            }
        if (!best || bestCost > limit)
            continue;
        ReachedPiece p{edge, x0, x1, best->hub, best->at(x0, k), best->at(x1, k)};
        ReachedPiece* last = out.size() > first ? &out.back() : nullptr;
        if (last && last->to == x0 && last->hub == p.hub && last->costTo == p.costFrom
            && (p.costTo > p.costFrom) == (last->costTo > last->costFrom)) {
            last->to = x1;
            last->costTo = p.costTo;
        } else {
            out.push_back(p);
        }
    }
}

} // namespace

std::vector<ReachedPiece> reachedPieces(const RoadGraph& graph, const std::vector<Hub>& hubs, double limit,
    const RunOptions& run, const char* what)
{
    std::vector<NetworkSeed> seeds;
    for (std::uint32_t h = 0; h < hubs.size(); ++h)
        graph.seedsOf(hubs[h].snap, h, seeds);
    const ShortestPathTree tree = graph.search(seeds, limit, run.feedback, what);

    std::vector<std::pair<std::uint32_t, std::uint32_t>> onEdge; // (edge, hub), sorted
    for (std::uint32_t h = 0; h < hubs.size(); ++h)
        onEdge.emplace_back(hubs[h].snap.edge, h);
    std::sort(onEdge.begin(), onEdge.end());

    const std::size_t edges = graph.edges().size();
    constexpr std::size_t kChunk = 4096;
    std::vector<std::vector<ReachedPiece>> parts((edges + kChunk - 1) / kChunk);
    ParallelOptions parallel;
    parallel.maxThreads = run.threads;
    parallel.what = what;
    parallelFor(parts.size(), [&](std::size_t chunk) {
        std::vector<Ray> rays;
        const std::size_t end = std::min(edges, (chunk + 1) * kChunk);
        for (std::size_t i = chunk * kChunk; i < end; ++i) {
            const NetworkEdge& e = graph.edges()[i];
            rays.clear();
            if (e.forward && tree.source[e.from] != kNone)
                rays.push_back({0.0, tree.cost[e.from], 1, tree.source[e.from]});
            if (e.backward && tree.source[e.to] != kNone)
                rays.push_back({e.length, tree.cost[e.to], -1, tree.source[e.to]});
            const auto range = std::equal_range(onEdge.begin(), onEdge.end(), std::pair{static_cast<std::uint32_t>(i), 0u},
                [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto it = range.first; it != range.second; ++it) {
                const double offset = hubs[it->second].snap.offset;
                if (e.forward)
                    rays.push_back({offset, 0.0, 1, it->second});
                if (e.backward)
                    rays.push_back({offset, 0.0, -1, it->second});
            }
            edgePieces(graph, static_cast<std::uint32_t>(i), rays, limit, parts[chunk]);
        }
    }, &run.feedback.cancel, parallel);
    std::vector<ReachedPiece> out;
    for (auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

bool reachedLine(const RoadGraph& graph, const ReachedPiece& piece, double limit, bool awayFromHub,
    std::vector<Coord>& line)
{
    line.clear();
    if (std::min(piece.costFrom, piece.costTo) > limit)
        return false;
    double a = piece.from, b = piece.to;
    const double span = piece.costTo - piece.costFrom;
    if (piece.costTo > limit)
        b = a + (b - a) * (limit - piece.costFrom) / span;
    if (piece.costFrom > limit)
        a = b - (b - a) * (limit - piece.costTo) / -span;
    const bool reverse = awayFromHub && piece.costTo < piece.costFrom;
    graph.appendPiece(line, piece.edge, reverse ? b : a, reverse ? a : b);
    return true;
}

RunResult hubRunResult(std::shared_ptr<const Layer> layer, const RoadGraph& graph, const Layer& roads,
    const Layer& hubLayer, std::size_t nullHubs)
{
    RunResult result;
    result.layer = std::move(layer);
    result.invalid = graph.invalid();
    for (const auto& w : {nullWarning(roads, graph.nullGeometries()), nullWarning(hubLayer, nullHubs)})
        if (!w.empty())
            result.warnings.push_back(w);
    return result;
}

} // namespace gis::analysis::detail
