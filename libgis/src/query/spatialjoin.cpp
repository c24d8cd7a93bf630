#include "gis/query/spatialjoin.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"
#include "pointinpolygon.h"

namespace gis {

double PolygonAggregate::mean() const
{
    return valueCount ? sum / static_cast<double>(valueCount) : std::numeric_limits<double>::quiet_NaN();
}

namespace {

// Left rows are handed out in chunks of this many: small enough to balance two threads and to answer a cancel
// within milliseconds, large enough that the hand-out and the ordered merge cost nothing.
constexpr std::size_t kChunkRows = 4096;
// Rows between cancellation checks inside a chunk (the GEOS path can be slow per row).
constexpr std::size_t kCancelEvery = 256;

using Pairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>; // (left row, polygon row)

std::string describeCrs(const Crs& crs)
{
    if (!crs.isValid())
        return "no CRS";
    std::string code = crs.authorityCode();
    return code.empty() ? crs.name() : code;
}

void checkLayers(const Layer& left, const Layer& polygons)
{
    if (!left.crs().isEquivalentTo(polygons.crs()))
        throw Error(ErrorCode::Crs, "spatial join of \"" + left.name() + "\" with \"" + polygons.name()
            + "\": the layers are in different CRSs (" + describeCrs(left.crs()) + " and " + describeCrs(polygons.crs())
            + "); reproject one first");
    const GeometryType type = singleType(polygons.geometryType());
    if (type == GeometryType::Point || type == GeometryType::LineString)
        throw Error(ErrorCode::Argument, "spatial join: \"" + polygons.name() + "\" is not a polygon layer (it holds "
            + std::string(geometryTypeName(polygons.geometryType())) + ")");
}

// Point locators of the polygons, built the first time a point needs one. Any thread may ask; one builds
// while the others wait for that polygon only. Reading the layer in the locators' lifetime is safe: it is
// immutable.
class LocatorCache {
public:
    explicit LocatorCache(const GeometryColumn& polygons)
        : m_polygons(polygons), m_built(new std::once_flag[polygons.size()]), m_locators(polygons.size())
    {
    }

    const detail::PointInPolygonLocator& get(std::uint32_t row)
    {
        std::call_once(m_built[row],
            [&] { m_locators[row] = std::make_unique<const detail::PointInPolygonLocator>(m_polygons, row); });
        return *m_locators[row];
    }

private:
    const GeometryColumn& m_polygons;
    std::unique_ptr<std::once_flag[]> m_built;
    std::vector<std::unique_ptr<const detail::PointInPolygonLocator>> m_locators;
};

// The GEOS copies and prepared geometries of the polygons one thread has met (GEOS prepared geometries build
// their indexes lazily and are not safe to share between threads).
class PreparedPolygons {
public:
    explicit PreparedPolygons(const Layer& polygons) : m_layer(polygons) {}

    const GEOSPreparedGeometry* get(std::uint32_t row)
    {
        if (m_prepared.empty()) {
            m_geometries.resize(m_layer.size());
            m_prepared.resize(m_layer.size());
        }
        if (!m_prepared[row]) {
            m_geometries[row] = detail::toGeos(m_layer.geometry(row));
            m_prepared[row] = detail::prepareGeos(m_geometries[row].get());
        }
        return m_prepared[row].get();
    }

private:
    const Layer& m_layer;
    std::vector<detail::GeosGeometryPtr> m_geometries;
    std::vector<detail::GeosPreparedPtr> m_prepared; // declared last: destroyed before what it points to
};

// One thread's matching of left rows against the polygons. Appends (row, polygon) pairs in polygon order.
class Matcher {
public:
    Matcher(const Layer& left, const Layer& polygons, JoinPredicate predicate, LocatorCache& locators)
        : m_left(left), m_polygons(polygons), m_predicate(predicate), m_locators(locators), m_prepared(polygons)
    {
    }

    void match(std::uint32_t row, Pairs& out)
    {
        const GeometryColumn& g = m_left.geometries();
        if (g.isPointsOnly()) {
            matchPoint(row, g.coord(row), out);
            return;
        }
        const std::size_t p0 = g.partBegin(row), p1 = g.partEnd(row);
        if (p0 == p1)
            return; // null or empty: matches nothing
        bool pointsOnly = true;
        for (std::size_t p = p0; p < p1 && pointsOnly; ++p)
            pointsOnly = g.partType(p) == GeometryType::Point && g.coordEnd(g.ringBegin(p)) > g.coordBegin(g.ringBegin(p));
        try {
            if (pointsOnly && p1 - p0 == 1)
                matchPoint(row, g.coord(g.coordBegin(g.ringBegin(p0))), out);
            else if (pointsOnly)
                matchMultiPoint(row, out);
            else
                matchWithGeos(row, out);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Cancelled)
                throw;
            throw Error(e.code(), "spatial join: " + describeFeature(row) + ": " + e.what());
        }
    }

private:
    bool accepts(detail::Location location) const
    {
        return location == detail::Location::Interior
            || (location == detail::Location::Boundary && m_predicate == JoinPredicate::Intersects);
    }

    // Polygon rows whose boxes meet `box`, ascending (the output order).
    const std::vector<std::uint32_t>& candidates(const Box& box)
    {
        m_candidates.clear();
        m_polygons.index().search(box, [this](std::uint32_t i) {
            m_candidates.push_back(i);
            return true;
        });
        std::sort(m_candidates.begin(), m_candidates.end());
        return m_candidates;
    }

    void matchPoint(std::uint32_t row, const Coord& c, Pairs& out)
    {
        for (std::uint32_t poly : candidates(Box(c.x, c.y, c.x, c.y)))
            if (accepts(m_locators.get(poly).locate(c)))
                out.emplace_back(row, poly);
    }

    // Within: every point in the polygon and at least one inside it; Intersects: any point in it (DE-9IM).
    void matchMultiPoint(std::uint32_t row, Pairs& out)
    {
        const GeometryColumn& g = m_left.geometries();
        for (std::uint32_t poly : candidates(g.bounds(row))) {
            const detail::PointInPolygonLocator& locator = m_locators.get(poly);
            bool anyInterior = false, anyBoundary = false, anyExterior = false;
            for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
                const detail::Location l = locator.locate(g.coord(g.coordBegin(g.ringBegin(p))));
                anyInterior |= l == detail::Location::Interior;
                anyBoundary |= l == detail::Location::Boundary;
                anyExterior |= l == detail::Location::Exterior;
            }
            const bool hit = m_predicate == JoinPredicate::Within ? anyInterior && !anyExterior : anyInterior || anyBoundary;
            if (hit)
                out.emplace_back(row, poly);
        }
    }

    void matchWithGeos(std::uint32_t row, Pairs& out)
    {
        const auto& polys = candidates(m_left.geometries().bounds(row));
        if (polys.empty())
            return;
        const GEOSContextHandle_t ctx = detail::geosContext();
        const detail::GeosGeometryPtr geometry = detail::toGeos(m_left.geometry(row));
        for (std::uint32_t poly : polys) {
            const GEOSPreparedGeometry* prepared = nullptr;
            try {
                prepared = m_prepared.get(poly);
            } catch (const Error& e) {
                throw Error(e.code(), "\"" + m_polygons.name() + "\" feature " + std::to_string(m_polygons.fid(poly)) + ": " + e.what());
            }
            // "left within polygon" is "polygon contains left": the polygon is the side worth preparing.
            const char result = m_predicate == JoinPredicate::Within ? GEOSPreparedContains_r(ctx, prepared, geometry.get())
                                                                     : GEOSPreparedIntersects_r(ctx, prepared, geometry.get());
            if (result == 2)
                detail::throwGeosError(m_predicate == JoinPredicate::Within ? "within" : "intersects");
            if (result == 1)
                out.emplace_back(row, poly);
        }
    }

    std::string describeFeature(std::uint32_t row) const
    {
        return "\"" + m_left.name() + "\" feature " + std::to_string(m_left.fid(row));
    }

    const Layer& m_left;
    const Layer& m_polygons;
    JoinPredicate m_predicate;
    LocatorCache& m_locators;
    PreparedPolygons m_prepared;
    std::vector<std::uint32_t> m_candidates;
};

// Runs the join on `threads` threads (the caller's among them) and hands each chunk's pairs to `consume` in
// chunk order, under a lock: whatever the threads, consume sees the pairs sorted by left row, exactly as a
// single thread would produce them. A chunk finished early waits in `pending` until its turn.
template <class Consume>
void runJoin(const Layer& left, const Layer& polygons, JoinPredicate predicate, const Feedback& feedback,
    unsigned threads, Consume&& consume)
{
    checkLayers(left, polygons);
    if (left.size() > std::numeric_limits<std::uint32_t>::max())
        throw Error(ErrorCode::Argument, "spatial join: \"" + left.name() + "\" has more than 2^32 rows");
    feedback.cancel.throwIfCancelled("spatial join");
    const std::size_t rows = left.size();
    const std::size_t chunks = (rows + kChunkRows - 1) / kChunkRows;
    if (threads == 0 || threads > usableCores())
        threads = usableCores();
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));

    LocatorCache locators(polygons.geometries());
    std::atomic<std::size_t> nextChunk{0};
    std::atomic<bool> stop{false};
    std::mutex mutex; // guards everything below
    std::vector<Pairs> pending(chunks);
    std::vector<char> finished(chunks, 0);
    std::size_t nextToConsume = 0;
    std::exception_ptr error;

    auto work = [&] {
        try {
            Matcher matcher(left, polygons, predicate, locators);
            for (;;) {
                const std::size_t chunk = nextChunk.fetch_add(1);
                if (chunk >= chunks || stop.load(std::memory_order_relaxed))
                    return;
                Pairs pairs;
                const std::size_t begin = chunk * kChunkRows, end = std::min(rows, begin + kChunkRows);
                for (std::size_t row = begin; row < end; ++row) {
                    if ((row - begin) % kCancelEvery == 0) {
                        if (stop.load(std::memory_order_relaxed))
                            return;
                        feedback.cancel.throwIfCancelled("spatial join");
                    }
                    matcher.match(static_cast<std::uint32_t>(row), pairs);
                }
                const std::lock_guard lock(mutex);
                pending[chunk] = std::move(pairs);
                finished[chunk] = 1;
                while (nextToConsume < chunks && finished[nextToConsume]) {
                    consume(pending[nextToConsume]);
                    Pairs().swap(pending[nextToConsume]);
                    ++nextToConsume;
                    feedback.report(static_cast<double>(nextToConsume) / static_cast<double>(chunks));
                }
            }
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!error)
                error = std::current_exception();
            stop = true;
        }
    };

    // One index per worker: each pulls chunks from nextChunk with its own Matcher (GEOS objects stay on the
    // thread that made them). With no free pool thread the caller's index runs every chunk.
    ParallelOptions options;
    options.maxThreads = threads;
    parallelFor(threads, [&](std::size_t) { work(); }, nullptr, options);
    if (error)
        std::rethrow_exception(error);
    feedback.cancel.throwIfCancelled("spatial join");
}

} // namespace

JoinPairs spatialJoin(const Layer& left, const Layer& polygons, JoinPredicate predicate, const Feedback& feedback,
    unsigned threads)
{
    JoinPairs result;
    runJoin(left, polygons, predicate, feedback, threads, [&](const Pairs& pairs) {
        for (const auto& [l, r] : pairs) {
            result.left.push_back(l);
            result.right.push_back(r);
        }
    });
    return result;
}

std::vector<PolygonAggregate> aggregatePerPolygon(const Layer& left, const Layer& polygons, JoinPredicate predicate,
    std::string_view valueField, const Feedback& feedback, unsigned threads)
{
    const AttributeColumn* values = nullptr;
    if (!valueField.empty()) {
        const int index = left.attributes().indexOf(valueField);
        if (index < 0)
            throw Error(ErrorCode::Query, "\"" + left.name() + "\": unknown field \"" + std::string(valueField) + "\"");
        values = &left.attributes().column(static_cast<std::size_t>(index));
        if (values->type() == FieldType::String || values->type() == FieldType::Binary)
            throw Error(ErrorCode::Query, "\"" + left.name() + "\": field \"" + values->name() + "\" is not numeric (it is "
                + std::string(fieldTypeName(values->type())) + ")");
    }

    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::vector<PolygonAggregate> result(polygons.size());
    for (PolygonAggregate& a : result) {
        a.min = kInf;
        a.max = -kInf;
    }
    runJoin(left, polygons, predicate, feedback, threads, [&](const Pairs& pairs) {
        for (const auto& [l, r] : pairs) {
            PolygonAggregate& a = result[r];
            ++a.count;
            if (!values)
                continue;
            const double v = values->real(l);
            if (std::isnan(v))
                continue;
            ++a.valueCount;
            a.sum += v;
            a.min = std::min(a.min, v);
            a.max = std::max(a.max, v);
        }
    });
    for (PolygonAggregate& a : result)
        if (a.valueCount == 0)
            a.min = a.max = std::numeric_limits<double>::quiet_NaN();
    return result;
}

} // namespace gis
