#include "grouptreeunion.h"

#include <algorithm>
#include <atomic>
#include <cmath>

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
GeosGeometryPtr coverageUnion(const UnionGroup& group)
{
    const GeosGeometryPtr collection = collectionOf(group.members);
    if (group.members.size() == 1)
        return checkGeos(GEOSGeom_clone_r(geosContext(), group.members.front()), "copy");
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
    for (const GEOSGeometry* m : group.members)
        summed += area(m);
    if (std::fabs(area(result.get()) - summed) > kAreaTolerance * summed)
        return nullptr;
    if (GEOSisValid_r(geosContext(), result.get()) != 1)
        return nullptr;
    return result;
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
                group.result = coverageUnion(group);
            } catch (const Error&) {
                options.feedback.cancel.throwIfCancelled("dissolve"); // interrupted by the cancel, not a failure
                throw;
            }
            options.feedback.cancel.throwIfCancelled("dissolve"); // an interrupted union is no answer
            group.coverage = group.result != nullptr;
            options.feedback.report(progressFrom + (middle - progressFrom) * static_cast<double>(++done)
                    / static_cast<double>(asCoverage.size()));
        },
        &options.feedback.cancel, parallel);
    for (const std::size_t g : asCoverage)
        if (!groups[g].coverage)
            asOverlay.push_back(g);
    std::sort(asOverlay.begin(), asOverlay.end());
    overlayUnion(groups, asOverlay, options, middle, progressTo);
}

} // namespace gis::analysis::detail
