// The spatial join against three independent oracles: GEOS's own relate (full topology, no prepared index)
// for the point locator on edge cases and random points; a brute-force loop over every polygon with GEOS for
// the join itself; and SpatiaLite's SQL (ST_Within / ST_Intersects with COUNT and SUM) for the per-polygon
// aggregates of layers read from a SpatiaLite database.

#include <QTemporaryDir>
#include <QTest>

#include <geos_c.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"
#include "gis/query/spatialjoin.h"
#include "support/testsupport.h"
#include "pointinpolygon.h"

using namespace gis;
using detail::Location;

namespace {

// --- GEOS, used directly with a context of the test's own ---------------------------------------------------

class GeosOracle {
public:
    GeosOracle() : m_ctx(GEOS_init_r()), m_reader(GEOSWKTReader_create_r(m_ctx)) {}
    ~GeosOracle()
    {
        GEOSWKTReader_destroy_r(m_ctx, m_reader);
        GEOS_finish_r(m_ctx);
    }
    GeosOracle(const GeosOracle&) = delete;
    GeosOracle& operator=(const GeosOracle&) = delete;

    struct Deleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
    };
    using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;

    Ptr read(const std::string& wkt) const
    {
        Ptr g(GEOSWKTReader_read_r(m_ctx, m_reader, wkt.c_str()), Deleter{m_ctx});
        if (!g)
            qFatal("GEOS cannot read %s", wkt.c_str());
        return g;
    }
    Ptr point(Coord c) const { return Ptr(GEOSGeom_createPointFromXY_r(m_ctx, c.x, c.y), Deleter{m_ctx}); }

    // The point's location from the DE-9IM matrix of relate (GEOS's general topology code, not the prepared
    // point-in-area locator that libgis mirrors). A multipolygon is located part by part: GEOS 3.11's relate
    // applies the mod-2 boundary rule across parts, so a vertex two valid parts share comes out Interior,
    // where the boundary of the union (and GEOS's own prepared predicates) have it on the Boundary.
    Location locate(const GEOSGeometry* area, Coord c) const
    {
        if (GEOSGeomTypeId_r(m_ctx, area) == GEOS_MULTIPOLYGON) {
            Location best = Location::Exterior;
            for (int i = 0; i < GEOSGetNumGeometries_r(m_ctx, area); ++i)
                best = std::min(best, locate(GEOSGetGeometryN_r(m_ctx, area, i), c));
            return best;
        }
        const Ptr p = point(c);
        char* m = GEOSRelate_r(m_ctx, p.get(), area);
        const std::string matrix(m);
        GEOSFree_r(m_ctx, m);
        return matrix[0] != 'F' ? Location::Interior : matrix[1] != 'F' ? Location::Boundary : Location::Exterior;
    }
    Box envelope(const GEOSGeometry* g) const
    {
        Box b;
        GEOSGeom_getXMin_r(m_ctx, g, &b.minX);
        GEOSGeom_getYMin_r(m_ctx, g, &b.minY);
        GEOSGeom_getXMax_r(m_ctx, g, &b.maxX);
        GEOSGeom_getYMax_r(m_ctx, g, &b.maxY);
        return b;
    }
    bool contains(const GEOSGeometry* a, const GEOSGeometry* b) const { return GEOSContains_r(m_ctx, a, b) == 1; }
    bool intersects(const GEOSGeometry* a, const GEOSGeometry* b) const { return GEOSIntersects_r(m_ctx, a, b) == 1; }

private:
    GEOSContextHandle_t m_ctx;
    GEOSWKTReader* m_reader;
};

// --- test data ------------------------------------------------------------------------------------------------

std::string num(double v)
{
    return QByteArray::number(v, 'g', 17).toStdString();
}

std::string ringWkt(const std::vector<Coord>& ring)
{
    std::string s = "(";
    for (std::size_t i = 0; i < ring.size(); ++i)
        s += (i ? ", " : "") + num(ring[i].x) + " " + num(ring[i].y);
    return s + ")";
}

// A star-shaped ring of n integer vertices around the origin, radii in [minRadius, maxRadius]: concave, with
// diagonal edges on which lattice points lie exactly.
std::vector<Coord> starRing(int n, double minRadius, double maxRadius, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> radius(minRadius, maxRadius);
    std::vector<Coord> ring;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * M_PI * i / n, r = radius(rng);
        ring.push_back({std::round(r * std::cos(a)), std::round(r * std::sin(a))});
    }
    ring.push_back(ring.front());
    return ring;
}

std::string starWkt(int n, std::uint32_t seed)
{
    return "POLYGON (" + ringWkt(starRing(n, 200, 1000, seed)) + ")";
}

// A comb: teeth whose horizontal edges lie at the heights of many vertices (the ray's hard cases).
std::string combWkt()
{
    std::vector<Coord> ring{{0, 0}, {40, 0}, {40, 10}};
    for (int x = 36; x > 0; x -= 4) {
        ring.push_back({double(x), 10});
        ring.push_back({double(x), 2});
        ring.push_back({double(x - 2), 2});
        ring.push_back({double(x - 2), 10});
    }
    ring.push_back({0, 10});
    ring.push_back({0, 0});
    return "POLYGON (" + ringWkt(ring) + ")";
}

struct AreaCase {
    const char* name;
    std::string wkt;
};

std::vector<AreaCase> areaCases()
{
    return {
        {"square", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"},
        {"clockwise square", "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))"},
        {"two holes", "POLYGON ((0 0, 20 0, 20 20, 0 20, 0 0), (5 5, 5 10, 10 10, 10 5, 5 5), (12 12, 15 12, 15 15, 12 15, 12 12))"},
        {"hole touching shell", "POLYGON ((0 0, 20 0, 20 20, 0 20, 0 0), (0 10, 10 5, 10 15, 0 10))"},
        {"parts touching at a vertex", "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((10 10, 20 10, 20 20, 10 20, 10 10)))"},
        {"island in a hole", "MULTIPOLYGON (((0 0, 30 0, 30 30, 0 30, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10)), ((12 12, 18 12, 18 18, 12 18, 12 12)))"},
        {"collinear and repeated vertices", "POLYGON ((0 0, 5 0, 5 0, 10 0, 10 5, 10 10, 5 10, 0 10, 0 5, 0 5, 0 0))"},
        {"stairs", "POLYGON ((0 0, 30 0, 30 10, 20 10, 20 20, 10 20, 10 30, 0 30, 0 0))"},
        {"diamond", "POLYGON ((0 -10, 10 0, 0 10, -10 0, 0 -10))"},
        {"comb", combWkt()},
        {"star", starWkt(400, 7)},
        {"star with star hole", "POLYGON (" + ringWkt(starRing(300, 200, 1000, 8)) + ", " + ringWkt(starRing(100, 50, 150, 9)) + ")"},
        {"tiny", "POLYGON ((57.5 22.9, 57.500000001 22.9, 57.500000001 22.900000001, 57.5 22.900000001, 57.5 22.9))"},
        {"utm sliver", "POLYGON ((500000.125 2500000.25, 600000.5 2600000.75, 500000.125 2500001.25, 500000.125 2500000.25))"},
    };
}

// Points that exercise every branch: vertices, midpoints and lattice points of edges, points on the
// horizontal lines through vertices, random points (half snapped to a grid), points just off the edges and
// points far away.
std::vector<Coord> probePoints(const GeometryColumn& column, std::size_t g, std::uint32_t seed, int randomCount)
{
    std::vector<Coord> pts;
    const Box box = column.bounds(g);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(box.minX - box.width() / 10, box.maxX + box.width() / 10);
    std::uniform_real_distribution<double> uy(box.minY - box.height() / 10, box.maxY + box.height() / 10);
    for (std::size_t p = column.partBegin(g); p < column.partEnd(g); ++p) {
        for (std::size_t r = column.ringBegin(p); r < column.ringEnd(p); ++r) {
            for (std::size_t c = column.coordBegin(r); c + 1 < column.coordEnd(r); ++c) {
                const Coord a = column.coord(c), b = column.coord(c + 1);
                pts.push_back(a);
                pts.push_back({(a.x + b.x) / 2, (a.y + b.y) / 2});
                pts.push_back({ux(rng), a.y});
                pts.push_back({std::nextafter(a.x, box.maxX + 1), std::nextafter(a.y, box.minY - 1)});
                const double dx = b.x - a.x, dy = b.y - a.y;
                if (dx == std::round(dx) && dy == std::round(dy) && (dx != 0 || dy != 0)) {
                    const int steps = std::gcd(int(std::abs(dx)), int(std::abs(dy)));
                    for (int k = 1; k < steps && k < 6; ++k)
                        pts.push_back({a.x + k * dx / steps, a.y + k * dy / steps});
                }
            }
        }
    }
    for (int i = 0; i < randomCount; ++i) {
        Coord c{ux(rng), uy(rng)};
        if (i % 2 && box.width() > 1)
            c = {std::round(c.x * 2) / 2, std::round(c.y * 2) / 2};
        pts.push_back(c);
    }
    pts.push_back({box.maxX + 1e6, box.minY});
    pts.push_back({box.minX - 1e6, (box.minY + box.maxY) / 2});
    return pts;
}

std::shared_ptr<const Layer> makeLayer(const std::string& name, const std::vector<std::string>& wkts, GeometryType type,
    const std::vector<double>& values = {}, const Crs& crs = Crs::fromEpsg(4326))
{
    GeometryColumn geometries;
    for (const std::string& w : wkts)
        appendWkt(geometries, w);
    AttributeTable table;
    table.setRowCount(wkts.size());
    if (!values.empty()) {
        AttributeColumn& c = table.addColumn("value", FieldType::Real);
        for (double v : values)
            std::isnan(v) ? c.appendNull() : c.appendReal(v);
    }
    return std::make_shared<Layer>(name, crs, type, std::move(geometries), std::move(table));
}

std::shared_ptr<const Layer> makePointLayer(const std::vector<Coord>& pts, const std::vector<double>& values = {},
    const Crs& crs = Crs::fromEpsg(4326))
{
    GeometryColumn geometries;
    for (const Coord& c : pts)
        geometries.appendPoint(c.x, c.y);
    AttributeTable table;
    table.setRowCount(pts.size());
    if (!values.empty()) {
        AttributeColumn& c = table.addColumn("value", FieldType::Real);
        for (double v : values)
            std::isnan(v) ? c.appendNull() : c.appendReal(v);
    }
    return std::make_shared<Layer>("points", crs, GeometryType::Point, std::move(geometries), std::move(table));
}

std::string pointWkt(Coord c)
{
    return "POINT (" + num(c.x) + " " + num(c.y) + ")";
}

// Every area case (most of them overlap near the origin) but the one whose shared vertex GEOS's plain
// predicates place in the interior (see GeosOracle::locate): the join's oracle is plain GEOS.
std::vector<std::string> polygonSet()
{
    std::vector<std::string> wkts;
    for (const AreaCase& c : areaCases())
        if (std::string(c.name) != "parts touching at a vertex")
            wkts.push_back(c.wkt);
    return wkts;
}

// Every `stride`-th probe point of every polygon (random ones included), so that the brute-force oracle stays
// quick under the sanitizers; the locator test above takes them all.
std::vector<Coord> joinPoints(const Layer& polygons, int perPolygon, std::size_t stride = 1)
{
    std::vector<Coord> pts;
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        const auto probes = probePoints(polygons.geometries(), i, 100 + std::uint32_t(i), perPolygon);
        for (std::size_t k = i % stride; k < probes.size(); k += stride)
            pts.push_back(probes[k]);
    }
    return pts;
}

std::vector<double> valuesFor(std::size_t n)
{
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i)
        values[i] = i % 17 == 0 ? NAN : double(int(i % 101) - 50) / 4;
    return values;
}

// (left, right) pairs by brute force: every left geometry against every polygon with plain GEOS predicates
// (after an envelope test, which only saves time: disjoint envelopes can neither contain nor intersect).
JoinPairs bruteForce(const GeosOracle& geos, const std::vector<std::string>& left, const std::vector<std::string>& polygons,
    JoinPredicate predicate)
{
    std::vector<GeosOracle::Ptr> polys;
    std::vector<Box> envelopes;
    for (const std::string& w : polygons) {
        polys.push_back(geos.read(w));
        envelopes.push_back(geos.envelope(polys.back().get()));
    }
    JoinPairs out;
    for (std::size_t l = 0; l < left.size(); ++l) {
        const GeosOracle::Ptr g = geos.read(left[l]);
        const Box box = geos.envelope(g.get());
        for (std::size_t r = 0; r < polys.size(); ++r) {
            if (!box.intersects(envelopes[r]))
                continue;
            const bool hit = predicate == JoinPredicate::Within ? geos.contains(polys[r].get(), g.get())
                                                                : geos.intersects(polys[r].get(), g.get());
            if (hit) {
                out.left.push_back(std::uint32_t(l));
                out.right.push_back(std::uint32_t(r));
            }
        }
    }
    return out;
}

template <class F>
ErrorCode errorCodeOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode(-1);
}

} // namespace

Q_DECLARE_METATYPE(JoinPredicate)

class TestSpatialJoin : public QObject {
    Q_OBJECT

private slots:
    void orientationExact();
    void locatorMatchesGeos_data();
    void locatorMatchesGeos();
    void locatorClosesRings();
    void locatorMemory();
    void joinMatchesBruteForce_data();
    void joinMatchesBruteForce();
    void nonPointsMatchBruteForce_data();
    void nonPointsMatchBruteForce();
    void aggregatesMatchSpatiaLite();
    void threadCountDoesNotMatter();
    void cancellation();
    void crsMustMatch();
    void badArguments();
};

// Collinear and nearly collinear triples of large integers scaled by 2^-20, where a plain double determinant
// often gets the sign wrong (its rounding error is about as large as the determinant); the oracle is the
// same determinant in 128-bit integers, exact for these coordinates.
void TestSpatialJoin::orientationExact()
{
    std::mt19937_64 rng(3);
    const std::int64_t range = std::int64_t(1) << 49;
    std::uniform_int_distribution<std::int64_t> coord(-range, range);
    std::uniform_int_distribution<int> factor(-1, 2), offset(-1, 1);
    std::uniform_real_distribution<double> t(-1, 2);
    const double scale = 0x1p-20;
    int naiveWrong = 0, collinear = 0;
    for (int i = 0; i < 30000; ++i) {
        const std::int64_t ax = coord(rng), ay = coord(rng), bx = coord(rng), by = coord(rng);
        std::int64_t cx = 0, cy = 0;
        if (i % 2 == 0) { // a lattice point of the line, moved by at most one unit
            const int k = factor(rng);
            cx = ax + k * (bx - ax) + (i % 4 ? offset(rng) : 0);
            cy = ay + k * (by - ay) + (i % 4 ? offset(rng) : 0);
        } else { // the nearest lattice point to a point of the line
            const double s = t(rng);
            cx = std::llround(double(ax) + s * double(bx - ax));
            cy = std::llround(double(ay) + s * double(by - ay));
        }
        const __int128 det = __int128(ax - cx) * (by - cy) - __int128(ay - cy) * (bx - cx);
        const int want = det > 0 ? 1 : det < 0 ? -1 : 0;
        const Coord a{double(ax) * scale, double(ay) * scale}, b{double(bx) * scale, double(by) * scale},
            c{double(cx) * scale, double(cy) * scale};
        const int got = detail::orientation(a, b, c);
        if (got != want)
            QFAIL(qPrintable(QString("orientation wrong for case %1: got %2, want %3").arg(i).arg(got).arg(want)));
        QCOMPARE(detail::orientation(b, a, c), -want);
        const double naive = (a.x - c.x) * (b.y - c.y) - (a.y - c.y) * (b.x - c.x);
        naiveWrong += (naive > 0 ? 1 : naive < 0 ? -1 : 0) != want;
        collinear += want == 0;
    }
    // The cases are hard enough to matter: a naive determinant fails on many of them.
    QVERIFY2(naiveWrong > 200, qPrintable(QString::number(naiveWrong)));
    QVERIFY2(collinear > 3000, qPrintable(QString::number(collinear)));
}

void TestSpatialJoin::locatorMatchesGeos_data()
{
    QTest::addColumn<QString>("wkt");
    for (const AreaCase& c : areaCases())
        QTest::newRow(c.name) << QString::fromStdString(c.wkt);
}

void TestSpatialJoin::locatorMatchesGeos()
{
    QFETCH(QString, wkt);
    GeosOracle geos;
    const auto area = geos.read(wkt.toStdString());
    GeometryColumn column;
    appendWkt(column, wkt.toStdString());
    const detail::PointInPolygonLocator locator(column, 0);

    int seen[3] = {0, 0, 0};
    for (const Coord& p : probePoints(column, 0, 11, 2000)) {
        const Location want = geos.locate(area.get(), p);
        const Location got = locator.locate(p);
        if (got != want)
            QFAIL(qPrintable(QString("POINT (%1 %2): libgis %3, GEOS %4")
                                 .arg(p.x, 0, 'g', 17).arg(p.y, 0, 'g', 17).arg(int(got)).arg(int(want))));
        ++seen[int(want)];
    }
    // Every location was tried.
    QVERIFY(seen[int(Location::Interior)] > 0);
    QVERIFY(seen[int(Location::Boundary)] > 0);
    QVERIFY(seen[int(Location::Exterior)] > 0);
    QCOMPARE(locator.locate({NAN, 0}), Location::Exterior);
    QCOMPARE(locator.locate({0, NAN}), Location::Exterior);
}

// A ring whose last point is not its first (libgis's readers keep what the source has) is closed implicitly:
// it locates points as GEOS locates the closed ring.
void TestSpatialJoin::locatorClosesRings()
{
    GeosOracle geos;
    const auto closed = geos.read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))");
    GeometryColumn column;
    appendWkt(column, "POLYGON ((0 0, 10 0, 10 10, 0 10), (2 2, 2 4, 4 4, 4 2))");
    const detail::PointInPolygonLocator locator(column, 0);
    QCOMPARE(locator.edgeCount(), std::size_t(8));
    for (const Coord& p : probePoints(column, 0, 12, 500))
        QCOMPARE(locator.locate(p), geos.locate(closed.get(), p));
    QCOMPARE(locator.locate({0, 5}), Location::Boundary); // on the closing edge
    QCOMPARE(locator.locate({3, 3}), Location::Exterior); // in the hole
}

// About 10 bytes an edge and up to 4 of grid: the 1.3 million vertices of the benchmark's polygons need ~18 MB of
// locators.
void TestSpatialJoin::locatorMemory()
{
    const std::string wkt = "POLYGON (" + ringWkt(starRing(100000, 2e5, 1e6, 5)) + ")";
    GeometryColumn column;
    appendWkt(column, wkt);
    const detail::PointInPolygonLocator locator(column, 0);
    QCOMPARE(locator.edgeCount(), std::size_t(100000));
    QVERIFY2(locator.memoryUsage() < 15 * 100000 + 1024, qPrintable(QString::number(locator.memoryUsage())));
}

void TestSpatialJoin::joinMatchesBruteForce_data()
{
    QTest::addColumn<JoinPredicate>("predicate");
    QTest::newRow("within") << JoinPredicate::Within;
    QTest::newRow("intersects") << JoinPredicate::Intersects;
}

void TestSpatialJoin::joinMatchesBruteForce()
{
    QFETCH(JoinPredicate, predicate);
    GeosOracle geos;
    const std::vector<std::string> polyWkts = polygonSet();
    const auto polygons = makeLayer("areas", polyWkts, GeometryType::MultiPolygon);
    const std::vector<Coord> pts = joinPoints(*polygons, 600, 3);
    const std::vector<double> values = valuesFor(pts.size());
    const auto points = makePointLayer(pts, values);
    std::vector<std::string> pointWkts;
    for (const Coord& c : pts)
        pointWkts.push_back(pointWkt(c));

    const JoinPairs want = bruteForce(geos, pointWkts, polyWkts, predicate);
    const JoinPairs got = spatialJoin(*points, *polygons, predicate);
    QCOMPARE(got.size(), want.size());
    QCOMPARE(got.left, want.left);
    QCOMPARE(got.right, want.right);

    // The aggregates are the pairs summed up.
    const auto aggregates = aggregatePerPolygon(*points, *polygons, predicate, "value");
    QCOMPARE(aggregates.size(), polygons->size());
    std::vector<PolygonAggregate> expected(polygons->size());
    std::vector<std::vector<double>> perPolygon(polygons->size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        ++expected[want.right[i]].count;
        if (!std::isnan(values[want.left[i]]))
            perPolygon[want.right[i]].push_back(values[want.left[i]]);
    }
    for (std::size_t r = 0; r < polygons->size(); ++r) {
        const PolygonAggregate& a = aggregates[r];
        QCOMPARE(a.count, expected[r].count);
        QCOMPARE(a.valueCount, perPolygon[r].size());
        if (perPolygon[r].empty()) {
            QCOMPARE(a.sum, 0.0);
            QVERIFY(std::isnan(a.min) && std::isnan(a.max) && std::isnan(a.mean()));
            continue;
        }
        const double sum = std::accumulate(perPolygon[r].begin(), perPolygon[r].end(), 0.0);
        QCOMPARE(a.sum, sum); // quarters: exact in any order
        QCOMPARE(a.min, *std::min_element(perPolygon[r].begin(), perPolygon[r].end()));
        QCOMPARE(a.max, *std::max_element(perPolygon[r].begin(), perPolygon[r].end()));
        QCOMPARE(a.mean(), sum / double(perPolygon[r].size()));
    }
    // Without a value field only counts.
    const auto counts = aggregatePerPolygon(*points, *polygons, predicate);
    for (std::size_t r = 0; r < polygons->size(); ++r) {
        QCOMPARE(counts[r].count, expected[r].count);
        QCOMPARE(counts[r].valueCount, std::uint64_t(0));
    }
}

void TestSpatialJoin::nonPointsMatchBruteForce_data()
{
    joinMatchesBruteForce_data();
}

// Lines, polygons, multipoints (through the locator) and mixed rows with nulls and empties on the left.
void TestSpatialJoin::nonPointsMatchBruteForce()
{
    QFETCH(JoinPredicate, predicate);
    GeosOracle geos;
    const std::vector<std::string> polyWkts = polygonSet();
    const auto polygons = makeLayer("areas", polyWkts, GeometryType::MultiPolygon);
    std::mt19937 rng(21);
    std::uniform_real_distribution<double> u(-40, 40), d(-6, 6);
    auto snap = [](double v) { return std::round(v * 2) / 2; };
    std::vector<std::string> left;
    for (int i = 0; i < 600; ++i) {
        const double x = snap(u(rng)), y = snap(u(rng)), dy = snap(d(rng));
        double dx = snap(d(rng));
        if (dx == 0 && dy == 0)
            dx = 1; // no zero-length lines
        switch (i % 4) {
        case 0: left.push_back("LINESTRING (" + num(x) + " " + num(y) + ", " + num(x + dx) + " " + num(y + dy) + ")"); break;
        case 1: left.push_back("POLYGON ((" + num(x) + " " + num(y) + ", " + num(x + std::abs(dx) + 0.5) + " " + num(y) + ", "
                    + num(x) + " " + num(y + std::abs(dy) + 0.5) + ", " + num(x) + " " + num(y) + "))"); break;
        case 2: left.push_back("MULTIPOINT ((" + num(x) + " " + num(y) + "), (" + num(x + dx) + " " + num(y + dy) + "))"); break;
        default: left.push_back("MULTIPOINT ((" + num(x) + " " + num(y) + "), (" + num(x) + " " + num(y) + "))"); break;
        }
    }
    const JoinPairs want = bruteForce(geos, left, polyWkts, predicate);
    left.push_back("POLYGON EMPTY");
    auto layer = makeLayer("mixed", left, GeometryType::GeometryCollection);
    const JoinPairs got = spatialJoin(*layer, *polygons, predicate, {}, 2);
    QCOMPARE(got.left, want.left);
    QCOMPARE(got.right, want.right);
    QVERIFY(want.size() > 100);
}

// SpatiaLite's ST_Within / ST_Intersects with COUNT and SUM per polygon, over a SpatiaLite database that
// ogr2ogr made from GeoJSON; libgis reads the same database.
void TestSpatialJoin::aggregatesMatchSpatiaLite()
{
    QVERIFY2(test::haveTool("spatialite"), "spatialite (package spatialite-bin) is missing");
    QVERIFY2(test::haveTool("ogr2ogr"), "ogr2ogr (package gdal-bin) is missing");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // A 6 x 4 grid of 10-degree cells, every third with a hole, every fifth a multipolygon of two halves.
    QByteArray polys = "{\"type\":\"FeatureCollection\",\"features\":[";
    int pid = 0;
    for (int row = 0; row < 4; ++row) {
        for (int col = 0; col < 6; ++col, ++pid) {
            const double x = 50 + col * 10, y = 10 + row * 10;
            const std::vector<Coord> shell{{x, y}, {x + 10, y}, {x + 10, y + 10}, {x, y + 10}, {x, y}};
            std::string coords;
            std::string type = "Polygon";
            auto jsonRing = [](const std::vector<Coord>& r) {
                std::string s = "[";
                for (std::size_t i = 0; i < r.size(); ++i)
                    s += (i ? ",[" : "[") + num(r[i].x) + "," + num(r[i].y) + "]";
                return s + "]";
            };
            if (pid % 5 == 4) {
                type = "MultiPolygon";
                coords = "[[" + jsonRing({{x, y}, {x + 4, y}, {x + 4, y + 10}, {x, y + 10}, {x, y}}) + "],[" +
                    jsonRing({{x + 6, y}, {x + 10, y}, {x + 10, y + 10}, {x + 6, y + 10}, {x + 6, y}}) + "]]";
            } else if (pid % 3 == 0) {
                coords = "[" + jsonRing(shell) + "," +
                    jsonRing({{x + 3, y + 3}, {x + 3, y + 7}, {x + 7, y + 7}, {x + 7, y + 3}, {x + 3, y + 3}}) + "]";
            } else {
                coords = "[" + jsonRing(shell) + "]";
            }
            polys += QByteArray(pid ? "," : "") + "{\"type\":\"Feature\",\"properties\":{\"pid\":" + QByteArray::number(pid)
                + "},\"geometry\":{\"type\":\"" + type.c_str() + "\",\"coordinates\":" + coords.c_str() + "}}";
        }
    }
    polys += "]}";
    // Points on a half-degree lattice (many on edges, vertices and hole rings) and random ones, values integer.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> ux(45, 115), uy(5, 55);
    QByteArray pts = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (int i = 0; i < 6000; ++i) {
        Coord c{ux(rng), uy(rng)};
        if (i % 2)
            c = {std::round(c.x * 2) / 2, std::round(c.y * 2) / 2};
        const QByteArray value = i % 13 == 0 ? QByteArray("null") : QByteArray::number(i % 97 - 30);
        pts += QByteArray(i ? "," : "") + "{\"type\":\"Feature\",\"properties\":{\"value\":" + value
            + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + num(c.x).c_str() + "," + num(c.y).c_str() + "]}}";
    }
    pts += "]}";
    test::writeFile(dir.filePath("polys.geojson"), polys);
    test::writeFile(dir.filePath("pts.geojson"), pts);
    const QString db = dir.filePath("join.sqlite");
    auto r = test::runTool("ogr2ogr", {"-f", "SQLite", "-dsco", "SPATIALITE=YES", db, dir.filePath("polys.geojson"), "-nln", "polys"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = test::runTool("ogr2ogr", {"-f", "SQLite", "-update", db, dir.filePath("pts.geojson"), "-nln", "pts"});
    QVERIFY2(r.exitCode == 0, r.err.constData());

    const auto polygons = readLayer(db.toStdString(), "polys");
    const auto points = readLayer(db.toStdString(), "pts");
    QCOMPARE(polygons->size(), std::size_t(24));
    QCOMPARE(points->size(), std::size_t(6000));
    const AttributeColumn& pidColumn = polygons->attributes().column("pid");

    for (JoinPredicate predicate : {JoinPredicate::Within, JoinPredicate::Intersects}) {
        const char* fn = predicate == JoinPredicate::Within ? "ST_Within" : "ST_Intersects";
        const QString sql = QString("SELECT p.pid, COUNT(*), COUNT(pt.value), COALESCE(SUM(pt.value), 'null') FROM polys p "
                                    "JOIN pts pt ON %1(pt.GEOMETRY, p.GEOMETRY) GROUP BY p.pid ORDER BY p.pid;").arg(fn);
        r = test::runTool("spatialite", {"-batch", "-bail", db, sql});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        std::map<std::int64_t, QByteArrayList> want;
        for (const QByteArray& line : r.out.trimmed().split('\n')) {
            const QByteArrayList f = line.trimmed().split('|');
            QCOMPARE(f.size(), 4);
            want[f[0].toLongLong()] = f;
        }
        QVERIFY(want.size() > 15);

        const auto got = aggregatePerPolygon(*points, *polygons, predicate, "value");
        std::uint64_t total = 0;
        for (std::size_t row = 0; row < polygons->size(); ++row) {
            const std::int64_t id = pidColumn.integer(row);
            const PolygonAggregate& a = got[row];
            total += a.count;
            if (!want.count(id)) {
                QCOMPARE(a.count, std::uint64_t(0));
                continue;
            }
            const QByteArrayList& f = want[id];
            QCOMPARE(a.count, f[1].toULongLong());
            QCOMPARE(a.valueCount, f[2].toULongLong());
            if (a.valueCount)
                QCOMPARE(a.sum, f[3].toDouble());
        }
        QVERIFY(total > 3000);
    }
}

// One thread or many: the same pairs and bit-for-bit the same sums (real values whose sum depends on order).
void TestSpatialJoin::threadCountDoesNotMatter()
{
    const auto polygons = makeLayer("areas", polygonSet(), GeometryType::MultiPolygon);
    const std::vector<Coord> pts = joinPoints(*polygons, 1000);
    std::vector<double> values(pts.size());
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> v(-1e6, 1e6);
    for (double& x : values)
        x = v(rng) / 3;
    const auto points = makePointLayer(pts, values);
    QVERIFY(points->size() > 3 * 4096); // several chunks

    const JoinPairs one = spatialJoin(*points, *polygons, JoinPredicate::Intersects, {}, 1);
    const auto oneAggregates = aggregatePerPolygon(*points, *polygons, JoinPredicate::Intersects, "value", {}, 1);
    for (unsigned threads : {2U, 3U, 8U, 0U}) {
        const JoinPairs many = spatialJoin(*points, *polygons, JoinPredicate::Intersects, {}, threads);
        QCOMPARE(many.left, one.left);
        QCOMPARE(many.right, one.right);
        const auto aggregates = aggregatePerPolygon(*points, *polygons, JoinPredicate::Intersects, "value", {}, threads);
        for (std::size_t r = 0; r < aggregates.size(); ++r) {
            QCOMPARE(aggregates[r].count, oneAggregates[r].count);
            QVERIFY(std::memcmp(&aggregates[r].sum, &oneAggregates[r].sum, sizeof(double)) == 0);
        }
    }
    // Sorted by left row, then polygon row.
    for (std::size_t i = 1; i < one.size(); ++i)
        QVERIFY(one.left[i - 1] < one.left[i] || (one.left[i - 1] == one.left[i] && one.right[i - 1] < one.right[i]));
}

void TestSpatialJoin::cancellation()
{
    const auto polygons = makeLayer("areas", polygonSet(), GeometryType::MultiPolygon);
    const auto points = makePointLayer(joinPoints(*polygons, 3000));

    Feedback cancelled;
    cancelled.cancel.cancel();
    QCOMPARE(errorCodeOf([&] { spatialJoin(*points, *polygons, JoinPredicate::Within, cancelled); }), ErrorCode::Cancelled);
    QCOMPARE(errorCodeOf([&] { aggregatePerPolygon(*points, *polygons, JoinPredicate::Within, {}, cancelled); }),
        ErrorCode::Cancelled);

    // Cancelled from the progress callback half-way: stops with Cancelled, progress never goes backwards.
    Feedback midway;
    std::atomic<int> reports{0};
    double last = 0;
    bool monotonic = true;
    midway.progress = [&, token = midway.cancel](double f) {
        monotonic = monotonic && f >= last && f <= 1;
        last = f;
        if (++reports == 3)
            token.cancel();
    };
    QCOMPARE(errorCodeOf([&] { spatialJoin(*points, *polygons, JoinPredicate::Within, midway, 2); }), ErrorCode::Cancelled);
    QVERIFY(reports >= 3);
    QVERIFY(monotonic);
    QVERIFY(last < 1);

    // Progress reaches 1 when not cancelled.
    Feedback watched;
    double final = 0;
    watched.progress = [&](double f) { final = f; };
    spatialJoin(*points, *polygons, JoinPredicate::Within, watched);
    QCOMPARE(final, 1.0);
}

void TestSpatialJoin::crsMustMatch()
{
    const std::vector<std::string> square{"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"};
    const auto wgs84 = makeLayer("areas", square, GeometryType::Polygon);
    const auto utm = makePointLayer({{5, 5}}, {}, Crs::fromEpsg(32640));
    try {
        spatialJoin(*utm, *wgs84, JoinPredicate::Within);
        QFAIL("different CRSs were accepted");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Crs);
        QVERIFY2(QString(e.what()).contains("different CRSs (EPSG:32640 and EPSG:4326); reproject one first"), e.what());
    }
    const auto unknown = makePointLayer({{5, 5}}, {}, Crs());
    QCOMPARE(errorCodeOf([&] { spatialJoin(*unknown, *wgs84, JoinPredicate::Within); }), ErrorCode::Crs);
    // Two layers without a CRS are taken to share it.
    const auto unknownAreas = makeLayer("areas", square, GeometryType::Polygon, {}, Crs());
    QCOMPARE(spatialJoin(*unknown, *unknownAreas, JoinPredicate::Within).size(), std::size_t(1));
    // The same CRS from another definition is the same.
    const auto lonLat = makePointLayer({{5, 5}}, {}, Crs::fromUserInput("+proj=longlat +datum=WGS84 +no_defs"));
    QCOMPARE(spatialJoin(*lonLat, *wgs84, JoinPredicate::Within).size(), std::size_t(1));
}

void TestSpatialJoin::badArguments()
{
    const auto areas = makeLayer("areas", {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"}, GeometryType::Polygon);
    const auto points = makePointLayer({{5, 5}, {50, 50}});
    QCOMPARE(errorCodeOf([&] { spatialJoin(*areas, *points, JoinPredicate::Within); }), ErrorCode::Argument);
    QCOMPARE(errorCodeOf([&] { aggregatePerPolygon(*points, *areas, JoinPredicate::Within, "nope"); }), ErrorCode::Query);
    GeometryColumn g;
    g.appendPoint(5, 5);
    AttributeTable t;
    t.addColumn("name", FieldType::String).appendString("x");
    const Layer named("named", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
    QCOMPARE(errorCodeOf([&] { aggregatePerPolygon(named, *areas, JoinPredicate::Within, "name"); }), ErrorCode::Query);
    // An empty left layer joins to nothing.
    const auto none = makePointLayer({});
    QCOMPARE(spatialJoin(*none, *areas, JoinPredicate::Within).size(), std::size_t(0));
    const auto counts = aggregatePerPolygon(*none, *areas, JoinPredicate::Within);
    QCOMPARE(counts.size(), std::size_t(1));
    QCOMPARE(counts[0].count, std::uint64_t(0));
}

QTEST_GUILESS_MAIN(TestSpatialJoin)
#include "tst_spatialjoin.moc"
