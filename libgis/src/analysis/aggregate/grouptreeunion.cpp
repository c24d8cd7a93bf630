#include "grouptreeunion.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <utility>

#include "gis/core/error.h"
#include "gis/core/parallel.h"

#include "geoscancel.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;

/// Geometries joined by one unary union of the tree: small enough that a cancel is seen soon and that a single
/// group's leaves spread over the cores; GEOS's unary union builds a tree of its own inside each call.
constexpr std::size_t kFanIn = 32;
/// How far a coverage union's area may be from its polygons' summed area (relative) before the group is taken to
/// overlap. Rounding in a sum of areas is ~1e-15; an overlap smaller than this changes the union's area by less
/// than the tolerance the tests hold the result to (1e-9).
constexpr double kAreaTolerance = 1e-9;
/// Polygons per piece when a large group is not a coverage as a whole (chunkedUnion).
constexpr std::size_t kCoverageChunk = 256;

double area(const GEOSGeometry* g)
{
    double a = 0;
    if (!GEOSArea_r(geosContext(), g, &a))
        gis::detail::throwGeosError("area");
    return a;
}

/// A collection owning copies of `members` (a union does not consume its input, but the collection owns its parts).
GeosGeometryPtr collectionOf(const std::vector<const GEOSGeometry*>& members)
{
    std::vector<GEOSGeometry*> copies;
    copies.reserve(members.size());
    try {
        for (const GEOSGeometry* m : members)
            copies.push_back(checkGeos(GEOSGeom_clone_r(geosContext(), m), "copy").release());
    } catch (...) {
        for (GEOSGeometry* c : copies)
            GEOSGeom_destroy_r(geosContext(), c);
        throw;
    }
    return checkGeos(GEOSGeom_createCollection_r(geosContext(), GEOS_GEOMETRYCOLLECTION, copies.data(),
                         static_cast<unsigned>(copies.size())),
        "collection");
}

/// The group's coverage union, or null when it is not a coverage: GEOS refuses its polygons as badly noded, the
/// union lost area (interiors overlap), or the union is not valid (polygons crossing without a shared vertex).
GeosGeometryPtr coverageUnion(const std::vector<const GEOSGeometry*>& members)
{
    if (members.size() == 1)
        return checkGeos(GEOSGeom_clone_r(geosContext(), members.front()), "copy");
    const GeosGeometryPtr collection = collectionOf(members);
    GEOSGeometry* u = GEOSCoverageUnion_r(geosContext(), collection.get());
    if (!u) {
        try {
            gis::detail::throwGeosError("coverage union"); // clears this thread's GEOS message
        } catch (const Error&) {
        }
        return nullptr;
    }
    GeosGeometryPtr result(u);
    double summed = 0;
    for (const GEOSGeometry* m : members)
        summed += area(m);
    if (std::fabs(area(result.get()) - summed) > kAreaTolerance * summed)
        return nullptr;
    if (GEOSisValid_r(geosContext(), result.get()) != 1)
        return nullptr;
    return result;
}

/// A position along a Hilbert curve over a 2^16 x 2^16 grid: nearby cells get nearby positions.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y)
{
    std::uint64_t d = 0;
    for (std::uint32_t s = 1u << 15; s > 0; s >>= 1) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
                y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
            }
            std::swap(x, y);
        }
    }
    return d;
}

/// A group that is not a coverage as a whole, cut into compact pieces of kCoverageChunk polygons along a Hilbert
/// curve: each piece by coverage union (or unary union where it overlaps), then the pieces' outlines by coverage
/// union or, where pieces overlap, by one unary union. A few overlapping polygons then cost overlays of their
/// pieces and of the pieces' outlines, not of every polygon of the group.
GeosGeometryPtr chunkedUnion(UnionGroup& group, const CancellationToken& cancel)
{
    const std::size_t n = group.members.size();
    std::vector<double> cx(n), cy(n);
    double minX = HUGE_VAL, minY = HUGE_VAL, maxX = -HUGE_VAL, maxY = -HUGE_VAL;
    for (std::size_t m = 0; m < n; ++m) {
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        GEOSGeom_getXMin_r(geosContext(), group.members[m], &x0);
        GEOSGeom_getYMin_r(geosContext(), group.members[m], &y0);
        GEOSGeom_getXMax_r(geosContext(), group.members[m], &x1);
        GEOSGeom_getYMax_r(geosContext(), group.members[m], &y1);
        cx[m] = (x0 + x1) / 2;
        cy[m] = (y0 + y1) / 2;
        minX = std::min(minX, cx[m]);
        minY = std::min(minY, cy[m]);
        maxX = std::max(maxX, cx[m]);
        maxY = std::max(maxY, cy[m]);
    }
    const auto cell = [](double v, double lo, double hi) {
        return hi > lo ? static_cast<std::uint32_t>(std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * 65535.0) : 0u;
    };
    std::vector<std::pair<std::uint64_t, std::size_t>> order(n);
    for (std::size_t m = 0; m < n; ++m)
        order[m] = {hilbert(cell(cx[m], minX, maxX), cell(cy[m], minY, maxY)), m};
    std::sort(order.begin(), order.end());
    std::vector<GeosGeometryPtr> pieces;
    for (std::size_t b = 0; b < n; b += kCoverageChunk) {
        cancel.throwIfCancelled("dissolve");
        std::vector<const GEOSGeometry*> members;
        for (std::size_t k = b; k < std::min(n, b + kCoverageChunk); ++k)
            members.push_back(group.members[order[k].second]);
        GeosGeometryPtr piece = coverageUnion(members);
        if (!piece) {
            piece = checkGeos(GEOSUnaryUnion_r(geosContext(), collectionOf(members).get()), "union");
            ++group.overlaidChunks;
        }
        pieces.push_back(std::move(piece));
    }
    std::vector<const GEOSGeometry*> outlines;
    for (const auto& p : pieces)
        outlines.push_back(p.get());
    cancel.throwIfCancelled("dissolve");
    if (GeosGeometryPtr all = coverageUnion(outlines))
        return all;
    ++group.overlaidChunks;
    return checkGeos(GEOSUnaryUnion_r(geosContext(), collectionOf(outlines).get()), "union");
}

bool polygonal(const UnionGroup& group)
{
    for (const GEOSGeometry* m : group.members) {
        const int t = GEOSGeomTypeId_r(geosContext(), m);
        if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON)
            return false;
    }
    return !group.members.empty();
}

/// The unary union of every group in `active`: runs of kFanIn geometries, then runs of their results, level by
/// level; all groups' runs of a level go to the pool together.
void overlayUnion(std::vector<UnionGroup>& groups, const std::vector<std::size_t>& active, const RunOptions& options,
    double from, double to)
{
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "dissolve";
    std::vector<std::vector<GeosGeometryPtr>> parts(groups.size());
    std::size_t totalTasks = 0, doneTasks = 0;
    for (const std::size_t g : active)
        totalTasks += std::max<std::size_t>(1, (groups[g].members.size() + kFanIn - 2) / (kFanIn - 1));
    bool first = true;
    while (true) {
        struct Task {
            std::size_t group, begin, end;
        };
        std::vector<Task> tasks;
        for (const std::size_t g : active) {
            const std::size_t n = first ? groups[g].members.size() : parts[g].size();
            // The first level unions even a lone geometry, so that every result is cleaned the same way (a
            // MultiPolygon whose parts share an edge becomes one polygon).
            if (n == 0 || (!first && n == 1))
                continue;
            for (std::size_t b = 0; b < n; b += kFanIn)
                tasks.push_back({g, b, std::min(n, b + kFanIn)});
        }
        if (tasks.empty())
            break;
        std::vector<GeosGeometryPtr> results(tasks.size());
        std::atomic<std::size_t> done{0};
        parallelFor(
            tasks.size(),
            [&](std::size_t t) {
                const Task& task = tasks[t];
                std::vector<const GEOSGeometry*> members;
                for (std::size_t k = task.begin; k < task.end; ++k)
                    members.push_back(first ? groups[task.group].members[k] : parts[task.group][k].get());
                const GeosCancelScope scope(options.feedback.cancel);
                try {
                    results[t] = checkGeos(GEOSUnaryUnion_r(geosContext(), collectionOf(members).get()), "union");
                } catch (const Error& e) {
                    options.feedback.cancel.throwIfCancelled("dissolve"); // interrupted by the cancel, not a failure
                    throw Error(ErrorCode::Geometry, "dissolve: " + groups[task.group].name + ": " + e.what());
                }
                options.feedback.report(from + (to - from) * std::min(1.0,
                    static_cast<double>(doneTasks + ++done) / static_cast<double>(std::max<std::size_t>(totalTasks, 1))));
            },
            &options.feedback.cancel, parallel);
        doneTasks += tasks.size();
        for (const std::size_t g : active)
            if (first || parts[g].size() > 1)
                parts[g].clear();
        for (std::size_t t = 0; t < tasks.size(); ++t)
            parts[tasks[t].group].push_back(std::move(results[t]));
        first = false;
    }
    for (const std::size_t g : active) {
        if (parts[g].size() == 1)
            groups[g].result = std::move(parts[g].front());
        groups[g].coverage = false;
    }
}

} // namespace

void unionGroups(std::vector<UnionGroup>& groups, const RunOptions& options, double progressFrom, double progressTo)
{
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "dissolve";
    std::vector<std::size_t> asCoverage, asOverlay;
    for (std::size_t g = 0; g < groups.size(); ++g)
        (polygonal(groups[g]) ? asCoverage : asOverlay).push_back(g);
    const double middle = progressFrom + (progressTo - progressFrom) * 0.5;
    std::atomic<std::size_t> done{0};
    parallelFor(
        asCoverage.size(),
        [&](std::size_t k) {
            UnionGroup& group = groups[asCoverage[k]];
            const GeosCancelScope scope(options.feedback.cancel);
            try {
                group.result = coverageUnion(group.members);
                if (!group.result && group.members.size() > kCoverageChunk)
                    group.result = chunkedUnion(group, options.feedback.cancel);
            } catch (const Error&) {
                options.feedback.cancel.throwIfCancelled("dissolve"); // interrupted by the cancel, not a failure
                throw;
            }
            options.feedback.cancel.throwIfCancelled("dissolve"); // an interrupted union is no answer
            if (group.result && group.overlaidChunks == 0)
                group.coverage = true;
            options.feedback.report(progressFrom + (middle - progressFrom) * static_cast<double>(++done)
                    / static_cast<double>(asCoverage.size()));
        },
        &options.feedback.cancel, parallel);
    for (const std::size_t g : asCoverage)
        if (!groups[g].result)
            asOverlay.push_back(g);
    std::sort(asOverlay.begin(), asOverlay.end());
    overlayUnion(groups, asOverlay, options, middle, progressTo);
}

} // namespace gis::analysis::detail
