// The distance searches of spatialquery.h: selectWithinDistance, nearest, identify, distanceToGeometry and
// nearestJoin (the predicate selections are in spatialquery.cpp).

#include "gis/query/spatialquery.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "distancequery.h"
#include "geodesicbounds.h"
#include "geodesicdistance.h"
#include "rowgeometry.h"

namespace gis {

namespace {

constexpr std::size_t kCancelStride = 1024;
// Rows of `from` a nearestJoin worker takes at a time: small enough to balance uneven rows, large enough
// that the shared counter is not contended.
constexpr std::size_t kJoinChunk = 64;

Geometry pointGeometry(Coord p, const char* what)
{
    if (!std::isfinite(p.x) || !std::isfinite(p.y))
        throw Error(ErrorCode::Geometry, std::string(what) + ": the point has a NaN or infinite coordinate");
    GeometryColumn column;
    column.appendPoint(p.x, p.y);
    return Geometry(std::move(column));
}

void checkDistance(double distance, const char* what, const char* name)
{
    if (std::isnan(distance) || distance < 0)
        throw Error(ErrorCode::Argument, std::string(what) + ": the " + name + " must be a number >= 0, not "
                + std::to_string(distance));
}

/// Runs work(begin, end) over [0, count) in chunks on every usable core, the calling thread included. Each chunk
/// writes only its own results, so the outcome does not depend on the number of threads. Stops handing out
/// chunks once cancelled or once a chunk threw; rethrows the error of the lowest chunk (gis::parallelFor).
template <class Work>
void forEachChunk(std::size_t count, const Feedback& feedback, Work&& work)
{
    const std::size_t chunks = (count + kJoinChunk - 1) / kJoinChunk;
    std::size_t done = 0; // guarded by mutex
    std::mutex mutex;     // serialises progress callbacks
    ParallelOptions options;
    options.what = "nearest join";
    parallelFor(chunks, [&](std::size_t chunk) {
        const std::size_t begin = chunk * kJoinChunk, end = std::min(count, begin + kJoinChunk);
        work(begin, end);
        if (feedback.progress) {
            std::lock_guard lock(mutex); // counted and reported together, so reports only grow
            done += end - begin;
            feedback.report(static_cast<double>(done) / static_cast<double>(count));
        }
    }, &feedback.cancel, options);
}

} // namespace

std::vector<std::uint32_t> selectWithinDistance(const Layer& layer, GeometryRef query, double distance,
    const Feedback& feedback)
{
    detail::checkQueryGeometry(query, "distance selection");
    checkDistance(distance, "distance selection", "distance");
    detail::DistanceQuery measure(layer, query);
    const std::vector<std::uint32_t> candidates = measure.candidates(distance);
    std::vector<std::uint32_t> rows;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        if (k % kCancelStride == 0)
            feedback.cancel.throwIfCancelled("distance selection");
        if (measure.within(candidates[k], distance))
            rows.push_back(candidates[k]);
    }
    return rows;
}

std::vector<std::pair<std::uint32_t, double>> nearest(const Layer& layer, Coord point, std::size_t k,
    double maxDistance, const RowFilter& keep)
{
    const Geometry query = pointGeometry(point, "nearest");
    if (std::isnan(maxDistance))
        throw Error(ErrorCode::Argument, "nearest: the maximum distance is NaN");
    return detail::DistanceQuery(layer, query).nearest(k, maxDistance, keep);
}

std::vector<std::uint32_t> identify(const Layer& layer, Coord point, double tolerance)
{
    const Geometry query = pointGeometry(point, "identify");
    checkDistance(tolerance, "identify", "tolerance");
    std::vector<std::uint32_t> rows;
    for (const auto& [row, distance] : detail::DistanceQuery(layer, query).nearest(layer.size(), tolerance))
        rows.push_back(row);
    return rows;
}

double distanceToGeometry(const Layer& layer, std::size_t row, GeometryRef query)
{
    if (row >= layer.size())
        throw Error(ErrorCode::Argument, "layer \"" + layer.name() + "\": no row " + std::to_string(row) + " (it has "
                + std::to_string(layer.size()) + ")");
    detail::checkQueryGeometry(query, "distance");
    const GeometryRef g = layer.geometry(row);
    if (g.column->isNull(row))
        throw Error(ErrorCode::Geometry, "layer \"" + layer.name() + "\": row " + std::to_string(row) + " has no geometry");
    if (!detail::isNullOrEmpty(g) && !detail::rowToGeos(g))
        throw Error(ErrorCode::Geometry, "layer \"" + layer.name() + "\": row " + std::to_string(row)
                + ": GEOS cannot read its geometry (a ring not closed or too short)");
    return detail::DistanceQuery(layer, query).toRow(row);
}

std::vector<NearestMatch> nearestJoin(const Layer& from, const Layer& to, double maxDistance, const Feedback& feedback)
{
    if (!(from.crs() == to.crs()))
        throw Error(ErrorCode::Crs, "nearest join: layer \"" + from.name() + "\" (" + from.crs().identifier()
                + ") and layer \"" + to.name() + "\" (" + to.crs().identifier() + ") are in different CRSs");
    if (std::isnan(maxDistance))
        throw Error(ErrorCode::Argument, "nearest join: the maximum distance is NaN");
    const double toBulge = detail::isGeodesic(to) ? detail::latitudeBulge(to.geometries()) : 0;

    std::vector<NearestMatch> matches(from.size());
    forEachChunk(from.size(), feedback, [&](std::size_t begin, std::size_t end) {
        for (std::size_t row = begin; row < end; ++row) {
            NearestMatch& m = matches[row];
            m.from = static_cast<std::uint32_t>(row);
            const GeometryRef g = from.geometry(row);
            if (detail::isNullOrEmpty(g) || !g.column->isFinite(row))
                continue;
            std::vector<std::pair<std::uint32_t, double>> found;
            try {
                found = detail::DistanceQuery(to, g, toBulge).nearest(1, maxDistance);
            } catch (const Error& e) {
                if (e.code() != ErrorCode::Geometry)
                    throw;
                continue; // GEOS refuses this row's geometry: no match, as for a null geometry
            }
            if (!found.empty()) {
                m.to = found.front().first;
                m.distance = found.front().second;
            }
        }
    });
    return matches;
}

} // namespace gis
