// The network algorithms (shortest-path, service-area, isochrone) against independent oracles:
// - a brute-force Bellman-Ford over an explicit edge list, on generated grids (jittered nodes, roads drawn as long
//   lines crossing at shared vertices, one-way roads both ways round, classes with speeds, a disconnected part,
//   endpoints off by less than the snap tolerance); costs equal within 1e-9 relative;
// - pgRouting's pgr_dijkstra on the sample's roads (a throwaway PostGIS server), geodesic lengths from PostGIS's
//   ST_Length(geography).
// Also: the Point parameter's checks, one thread against all, cancel from the progress callback, the invalid-geometry
// policy on a line of one point.

#include <QtTest>

#include <cmath>
#include <memory>
#include <optional>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/datasource.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

struct Rng {
    std::uint64_t s;
    explicit Rng(std::uint64_t seed) : s(seed * 2862933555777941757ull + 3037000493ull) {}
    std::uint32_t next()
    {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>(s >> 33);
    }
    double uniform() { return next() / 2147483648.0; } // [0, 1)
};

/// One stretch between two oracle nodes, as drawn in a feature (a→b is the feature's direction).
struct OracleEdge {
    int a = 0, b = 0;
    Coord pa, pb;
    std::string cls;
    bool forward = true, backward = true;
    double length() const { return std::hypot(pb.x - pa.x, pb.y - pa.y); }
};

struct Grid {
    std::shared_ptr<const Layer> layer;
    std::vector<OracleEdge> edges;
    int nodes = 0;
};

const std::map<std::string, double> kSpeeds{{"primary", 80}, {"secondary", 60}, {"track", 20}};
const double kDefaultSpeed = 35; // class "lane", not in kSpeeds

/// An nx × ny grid of jittered nodes 100 m apart (UTM 40N): each row's horizontal edges drawn as long lines over
/// runs of present edges (so that vertical roads meet them at interior vertices), vertical edges as lines of their
/// own whose ends are moved by up to 0.3 m (joined by the 1 m snap), about 15 % of edges missing, 20 % of roads
/// one-way (either way round), and a two-edge road 5 km away that nothing reaches.
Grid makeGrid(int nx, int ny, std::uint64_t seed)
{
    Rng rng(seed);
    Grid grid;
    std::vector<Coord> p(static_cast<std::size_t>(nx * ny));
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i)
            p[static_cast<std::size_t>(j * nx + i)] = {500000 + i * 100 + (rng.uniform() - 0.5) * 40,
                2500000 + j * 100 + (rng.uniform() - 0.5) * 40};
    const auto at = [&](int i, int j) { return p[static_cast<std::size_t>(j * nx + i)]; };
    grid.nodes = nx * ny;
    const std::vector<std::string> classes{"primary", "secondary", "track", "lane"};
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("class", FieldType::String);
    attributes.addColumn("oneway", FieldType::String); // may move the first column: take references afterwards
    AttributeColumn& cls = attributes.column(0);
    AttributeColumn& oneway = attributes.column(1);
    const auto addFeature = [&](const std::vector<Coord>& coords, const std::string& c, const std::string& ow) {
        geometries.beginGeometry(GeometryType::LineString);
        geometries.beginPart(GeometryType::LineString);
        geometries.beginRing();
        for (const Coord& xy : coords)
            geometries.addCoord(xy.x, xy.y);
        geometries.endGeometry();
        cls.appendString(c);
        oneway.appendString(ow);
    };
    const auto drawDirection = [&](std::string& ow, bool& f, bool& b) {
        const double u = rng.uniform();
        ow = u < 0.1 ? "yes" : u < 0.2 ? "-1" : (u < 0.6 ? "no" : "");
        f = ow != "-1";
        b = ow != "yes";
    };
    for (int j = 0; j < ny; ++j) {
        std::vector<bool> present(static_cast<std::size_t>(nx - 1));
        for (auto&& v : present)
            v = rng.uniform() < 0.85;
        for (int i = 0; i < nx - 1;) {
            if (!present[static_cast<std::size_t>(i)]) {
                ++i;
                continue;
            }
            std::vector<Coord> coords{at(i, j)};
            const std::string c = classes[rng.next() % classes.size()];
            std::string ow;
            bool f = true, b = true;
            drawDirection(ow, f, b);
            for (; i < nx - 1 && present[static_cast<std::size_t>(i)]; ++i) {
                coords.push_back(at(i + 1, j));
                grid.edges.push_back({j * nx + i, j * nx + i + 1, at(i, j), at(i + 1, j), c, f, b});
            }
            addFeature(coords, c, ow);
        }
    }
    for (int j = 0; j < ny - 1; ++j)
        for (int i = 0; i < nx; ++i) {
            if (rng.uniform() >= 0.85)
                continue;
            Coord a = at(i, j), b = at(i, j + 1);
            a.x += (rng.uniform() - 0.5) * 0.6;
            b.y += (rng.uniform() - 0.5) * 0.6;
            const std::string c = classes[rng.next() % classes.size()];
            std::string ow;
            bool f = true, bw = true;
            drawDirection(ow, f, bw);
            addFeature({a, b}, c, ow);
            grid.edges.push_back({j * nx + i, (j + 1) * nx + i, a, b, c, f, bw});
        }
    const Coord far{505000, 2500000}, far2{505100, 2500030}, far3{505150, 2500120};
    addFeature({far, far2, far3}, "primary", "");
    grid.edges.push_back({grid.nodes, grid.nodes + 1, far, far2, "primary", true, true});
    grid.edges.push_back({grid.nodes + 1, grid.nodes + 2, far2, far3, "primary", true, true});
    grid.nodes += 3;
    attributes.setRowCount(geometries.size());
    grid.layer = std::make_shared<const Layer>("grid", Crs::fromEpsg(32640), GeometryType::LineString,
        std::move(geometries), std::move(attributes), std::vector<std::int64_t>{});
    return grid;
}

/// A place on an oracle edge: its fraction from a to b.
struct Place {
    std::size_t edge = 0;
    double fraction = 0.5;
};

double perMetre(const OracleEdge& e, bool time)
{
    if (!time)
        return 1;
    const auto it = kSpeeds.find(e.cls);
    return 60.0 / ((it == kSpeeds.end() ? kDefaultSpeed : it->second) * 1000.0);
}

/// Bellman-Ford: the cost of every node from `source` (all edges relaxed until nothing changes).
std::vector<double> bellmanFord(const Grid& g, const Place& source, bool time)
{
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> d(static_cast<std::size_t>(g.nodes), inf);
    const OracleEdge& s = g.edges[source.edge];
    const double k = perMetre(s, time), len = s.length();
    if (s.backward)
        d[static_cast<std::size_t>(s.a)] = source.fraction * len * k;
    if (s.forward)
        d[static_cast<std::size_t>(s.b)] = std::min(d[static_cast<std::size_t>(s.b)], (1 - source.fraction) * len * k);
    for (bool changed = true; changed;) {
        changed = false;
        for (const OracleEdge& e : g.edges) {
            const double c = e.length() * perMetre(e, time);
            auto& da = d[static_cast<std::size_t>(e.a)];
            auto& db = d[static_cast<std::size_t>(e.b)];
            if (e.forward && da + c < db) {
                db = da + c;
                changed = true;
            }
            if (e.backward && db + c < da) {
                da = db + c;
                changed = true;
            }
        }
    }
    return d;
}

/// The cost at `to` from `from` given the node costs from `from`.
double costAt(const Grid& g, const std::vector<double>& d, const Place& from, const Place& to, bool time)
{
    const OracleEdge& e = g.edges[to.edge];
    const double k = perMetre(e, time), len = e.length();
    double best = std::numeric_limits<double>::infinity();
    if (e.forward)
        best = std::min(best, d[static_cast<std::size_t>(e.a)] + to.fraction * len * k);
    if (e.backward)
        best = std::min(best, d[static_cast<std::size_t>(e.b)] + (1 - to.fraction) * len * k);
    // (1e-9: a place found back from its point may land a rounding error behind on a one-way edge)
    if (from.edge == to.edge
        && ((to.fraction >= from.fraction - 1e-9 && e.forward) || (to.fraction <= from.fraction + 1e-9 && e.backward)))
        best = std::min(best, std::fabs(to.fraction - from.fraction) * len * k);
    return best;
}

/// The point of a place, moved `aside` metres to the left of the edge (snapping brings it back).
Coord pointOf(const Grid& g, const Place& p, double aside)
{
    const OracleEdge& e = g.edges[p.edge];
    const double dx = e.pb.x - e.pa.x, dy = e.pb.y - e.pa.y, len = std::hypot(dx, dy);
    return {e.pa.x + p.fraction * dx - dy / len * aside, e.pa.y + p.fraction * dy + dx / len * aside};
}

std::string text(const Coord& c)
{
    char s[80];
    std::snprintf(s, sizeof s, "%.17g,%.17g", c.x, c.y);
    return s;
}

double lineLength(const Layer& layer, std::size_t row)
{
    const GeometryColumn& g = layer.geometries();
    double len = 0;
    const std::size_t r = g.ringBegin(g.partBegin(row));
    for (std::size_t c = g.coordBegin(r); c + 1 < g.coordEnd(r); ++c)
        len += std::hypot(g.coord(c + 1).x - g.coord(c).x, g.coord(c + 1).y - g.coord(c).y);
    return len;
}

Place randomPlace(const Grid& g, Rng& rng)
{
    return {rng.next() % (g.edges.size() - 2), 0.1 + 0.8 * rng.uniform()};
}

bool near(double a, double b, double relative = 1e-9)
{
    return std::fabs(a - b) <= relative * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::map<std::string, std::string> timeParameters()
{
    return {{"cost", "time"}, {"speeds", "primary:80, secondary:60,track:20"}, {"default-speed", "35"},
        {"oneway-field", "oneway"}};
}

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private:
    test::PostgisServer m_db;

private slots:
    void registered()
    {
        for (const char* id : {"shortest-path", "service-area", "isochrone"}) {
            const analysis::Algorithm* a = analysis::findAlgorithm(id);
            QVERIFY2(a, id);
            QCOMPARE(QString::fromStdString(a->info().group), QString("network"));
            QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
            for (const auto& p : a->info().parameters)
                QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        }
    }

    void pointParameterIsChecked_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        QTest::newRow("lon,lat") << "57.5,22.9" << true;
        QTest::newRow("blanks") << " 57.5 , 22.9 " << true;
        QTest::newRow("one number") << "57.5" << false;
        QTest::newRow("words") << "a,b" << false;
        QTest::newRow("infinite") << "inf,1" << false;
        QTest::newRow("three") << "1,2,3" << false;
    }

    void pointParameterIsChecked()
    {
        QFETCH(QString, value);
        QFETCH(bool, ok);
        const Grid g = makeGrid(3, 3, 1);
        const auto& info = analysis::algorithm("shortest-path").info();
        try {
            const auto v = analysis::ParameterValues::bind(info, {{"from", value.toStdString()}, {"to", "1,2"}}, *g.layer);
            QVERIFY(ok);
            QCOMPARE(v.point("from").x, 57.5);
            QCOMPARE(v.point("from").y, 22.9);
        } catch (const Error& e) {
            QVERIFY2(!ok, e.what());
            QVERIFY2(QString(e.what()).contains("--from") && QString(e.what()).contains("not a point"), e.what());
        }
    }

    void shortestPathAgainstBellmanFord_data()
    {
        QTest::addColumn<bool>("time");
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 4; ++seed) {
            QTest::addRow("length %d", seed) << false << seed;
            QTest::addRow("time %d", seed) << true << seed;
        }
    }

    void shortestPathAgainstBellmanFord()
    {
        QFETCH(bool, time);
        QFETCH(int, seed);
        const Grid g = makeGrid(9, 7, static_cast<std::uint64_t>(seed));
        Rng rng(static_cast<std::uint64_t>(seed) + 100);
        int routes = 0, unreachable = 0;
        for (int k = 0; k < 25; ++k) {
            const Place from = randomPlace(g, rng);
            Place to = randomPlace(g, rng);
            if (k == 0)
                to = {g.edges.size() - 1, 0.5}; // on the road nothing reaches
            if (k == 1)
                to = {from.edge, from.fraction < 0.5 ? 0.9 : 0.1}; // on the same edge
            const double expected = costAt(g, bellmanFord(g, from, time), from, to, time);
            auto parameters = time ? timeParameters() : std::map<std::string, std::string>{{"oneway-field", "oneway"}};
            parameters["from"] = text(pointOf(g, from, 1.5));
            parameters["to"] = text(pointOf(g, to, -1.0));
            if (!std::isfinite(expected)) {
                ++unreachable;
                try {
                    (void)analysis::run("shortest-path", {g.layer, nullptr}, parameters);
                    QFAIL("no error for an unreachable destination");
                } catch (const Error& e) {
                    const QString m = e.what();
                    QVERIFY2(m.contains("no route from " + QString::fromStdString(parameters["from"]) + " to "
                                 + QString::fromStdString(parameters["to"])) && m.contains("layer \"grid\""),
                        e.what());
                }
                continue;
            }
            ++routes;
            const auto result = analysis::run("shortest-path", {g.layer, nullptr}, parameters);
            const Layer& route = *result.layer;
            QCOMPARE(route.size(), std::size_t(1));
            const double cost = route.attributes().column("cost").real(0);
            QVERIFY2(near(cost, expected), qPrintable(QString("%1 vs %2").arg(cost, 0, 'g', 17).arg(expected, 0, 'g', 17)));
            const double length = route.attributes().column("length_m").real(0);
            // The drawn line also steps across the joins the snap made (vertical roads' ends are up to 0.42 m off).
            QVERIFY2(std::fabs(lineLength(route, 0) - length) <= 1e-9 * length + 0.43 * route.geometries().coordCount(),
                qPrintable(QString("%1 vs %2").arg(lineLength(route, 0)).arg(length)));
            if (!time)
                QVERIFY(near(length, cost));
            else
                QVERIFY(near(route.attributes().column("time_min").real(0), cost));
            const GeometryColumn& line = route.geometries();
            const Coord first = line.coord(0), last = line.coord(line.coordCount() - 1);
            const Coord a = pointOf(g, from, 0), b = pointOf(g, to, 0);
            QVERIFY(std::hypot(first.x - a.x, first.y - a.y) < 1e-6);
            QVERIFY(std::hypot(last.x - b.x, last.y - b.y) < 1e-6);
            if (routes == 1) { // the same on one thread
                analysis::RunOptions one;
                one.threads = 1;
                const auto serial = analysis::run("shortest-path", {g.layer, nullptr}, parameters, one);
                QCOMPARE(serial.layer->attributes().column("cost").real(0), cost);
                QCOMPARE(serial.layer->geometries().coordCount(), line.coordCount());
                for (std::size_t c = 0; c < line.coordCount(); ++c)
                    QVERIFY(serial.layer->geometries().coord(c) == line.coord(c));
            }
        }
        QVERIFY(routes > 10);
        QVERIFY(unreachable >= 1);
    }

    void serviceAreaAgainstBellmanFord_data()
    {
        QTest::addColumn<bool>("time");
        QTest::addColumn<double>("limit");
        QTest::newRow("length 250 m") << false << 250.0;
        QTest::newRow("length 600 m") << false << 600.0;
        QTest::newRow("time 1 min") << true << 1.0;
    }

    void serviceAreaAgainstBellmanFord()
    {
        QFETCH(bool, time);
        QFETCH(double, limit);
        const Grid g = makeGrid(12, 9, 7);
        Rng rng(77);
        std::vector<Place> hubs;
        GeometryColumn points;
        for (int h = 0; h < 4; ++h) {
            hubs.push_back(randomPlace(g, rng));
            const Coord p = pointOf(g, hubs.back(), 2.0);
            points.appendPoint(p.x, p.y);
        }
        AttributeTable none;
        none.setRowCount(points.size());
        const auto hubLayer = std::make_shared<const Layer>("hubs", Crs::fromEpsg(32640), GeometryType::Point,
            std::move(points), std::move(none), std::vector<std::int64_t>{11, 12, 13, 14});
        std::vector<std::vector<double>> d;
        for (const Place& h : hubs)
            d.push_back(bellmanFord(g, h, time));
        const auto oracle = [&](std::size_t edge, double fraction) { // (cost, hub index) at a place
            std::pair<double, std::size_t> best{std::numeric_limits<double>::infinity(), 0};
            for (std::size_t h = 0; h < hubs.size(); ++h)
                best = std::min(best, {costAt(g, d[h], hubs[h], {edge, fraction}, time), h});
            return best;
        };

        auto parameters = time ? timeParameters() : std::map<std::string, std::string>{{"oneway-field", "oneway"}};
        parameters["max-cost"] = QString::number(limit).toStdString();
        analysis::RunOptions one;
        one.threads = 1;
        const auto result = analysis::run("service-area", {g.layer, hubLayer}, parameters, one);
        const Layer& out = *result.layer;
        QVERIFY(out.size() > 0);
        QVERIFY(out.attributes().indexOf("class") >= 0 && out.attributes().indexOf("oneway") >= 0);

        // Where a point lies on the oracle's edges: (edge, fraction) of the first edge whose segment holds it.
        const auto locate = [&](const Coord& c) -> std::optional<Place> {
            for (std::size_t e = 0; e < g.edges.size(); ++e) {
                const OracleEdge& oe = g.edges[e];
                const double dx = oe.pb.x - oe.pa.x, dy = oe.pb.y - oe.pa.y;
                const double t = ((c.x - oe.pa.x) * dx + (c.y - oe.pa.y) * dy) / (dx * dx + dy * dy);
                if (t > -1e-9 && t < 1 + 1e-9 && std::hypot(oe.pa.x + t * dx - c.x, oe.pa.y + t * dy - c.y) < 1e-6)
                    return Place{e, std::clamp(t, 0.0, 1.0)};
            }
            return std::nullopt;
        };
        // The oracle's cost at the end `c` of a segment c-other of a piece, along the edge that segment lies on (at a
        // node the cost along a one-way edge is not the node's: one cannot come back up the edge).
        const auto oracleAt = [&](const Coord& c, const Coord& other) {
            const std::optional<Place> m = locate({(c.x + other.x) / 2, (c.y + other.y) / 2});
            if (!m)
                return std::numeric_limits<double>::quiet_NaN();
            const OracleEdge& oe = g.edges[m->edge];
            const double dx = oe.pb.x - oe.pa.x, dy = oe.pb.y - oe.pa.y;
            const double t = ((c.x - oe.pa.x) * dx + (c.y - oe.pa.y) * dy) / (dx * dx + dy * dy);
            const double u = ((other.x - oe.pa.x) * dx + (other.y - oe.pa.y) * dy) / (dx * dx + dy * dy);
            // A hair inside the piece: at a hub's own place the cost jumps (0 there, the cost of coming from behind
            // on a one-way edge just before it).
            return oracle(m->edge, std::clamp(t + (u > t ? 1e-8 : -1e-8), 0.0, 1.0)).first;
        };
        // Each piece: its ends' costs, and along it (segment by segment, each on one oracle edge) its hub.
        std::vector<std::vector<std::pair<double, double>>> covered(g.edges.size());
        const GeometryColumn& lines = out.geometries();
        for (std::size_t row = 0; row < out.size(); ++row) {
            const std::size_t r = lines.ringBegin(lines.partBegin(row));
            const double c0 = out.attributes().column("cost_start").real(row);
            const double c1 = out.attributes().column("cost").real(row);
            QVERIFY(c0 <= c1 && c1 <= limit * (1 + 1e-9));
            const std::size_t c0i = lines.coordBegin(r), c1i = lines.coordEnd(r) - 1;
            const double atP = oracleAt(lines.coord(c0i), lines.coord(c0i + 1));
            const double atQ = oracleAt(lines.coord(c1i), lines.coord(c1i - 1));
            // Within 1e-9 relative plus what the hair inside the piece adds (1e-8 of an edge of < 150 m).
            const auto close = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fabs(b) + 2e-6; };
            QVERIFY2(close(std::min(atP, atQ), c0) && close(std::max(atP, atQ), c1),
                qPrintable(QString("piece %1: %2..%3, oracle %4..%5").arg(row).arg(c0).arg(c1).arg(atP).arg(atQ)));
            for (std::size_t c = lines.coordBegin(r); c + 1 < lines.coordEnd(r); ++c) {
                const Coord p = lines.coord(c), q = lines.coord(c + 1);
                const Coord mid{(p.x + q.x) / 2, (p.y + q.y) / 2};
                const std::optional<Place> m = locate(mid);
                QVERIFY2(m, qPrintable(QString("piece %1 leaves the roads at %2 %3").arg(row).arg(mid.x).arg(mid.y)));
                const OracleEdge& oe = g.edges[m->edge];
                const double dx = oe.pb.x - oe.pa.x, dy = oe.pb.y - oe.pa.y, l2 = dx * dx + dy * dy;
                const double fp = std::clamp(((p.x - oe.pa.x) * dx + (p.y - oe.pa.y) * dy) / l2, 0.0, 1.0);
                const double fq = std::clamp(((q.x - oe.pa.x) * dx + (q.y - oe.pa.y) * dy) / l2, 0.0, 1.0);
                covered[m->edge].emplace_back(std::min(fp, fq), std::max(fp, fq));
                std::vector<std::pair<double, std::size_t>> byHub;
                for (std::size_t h = 0; h < hubs.size(); ++h)
                    byHub.emplace_back(costAt(g, d[h], hubs[h], *m, time), h);
                std::sort(byHub.begin(), byHub.end());
                if (!near(byHub[0].first, byHub[1].first)) // a tie between two hubs may go either way
                    QCOMPARE(out.attributes().column("hub").integer(row), std::int64_t(11 + byHub[0].second));
            }
        }
        // Every place the oracle reaches is covered, and nothing else.
        int reached = 0;
        for (std::size_t e = 0; e < g.edges.size(); ++e)
            for (int s = 0; s <= 200; ++s) {
                const double f = s / 200.0;
                const double c = oracle(e, f).first;
                if (std::fabs(c - limit) < 1e-6 * limit)
                    continue;
                bool in = false;
                for (const auto& [a, b] : covered[e])
                    in = in || (f >= a - 1e-9 && f <= b + 1e-9);
                QVERIFY2(in == (c < limit), qPrintable(QString("edge %1 at %2: oracle cost %3, covered %4").arg(e).arg(f).arg(c).arg(in)));
                reached += in;
            }
        QVERIFY(reached > 50);

        // The same on every core.
        const auto all = analysis::run("service-area", {g.layer, hubLayer}, parameters);
        QCOMPARE(all.layer->size(), out.size());
        for (std::size_t row = 0; row < out.size(); ++row) {
            QCOMPARE(all.layer->geometries().bounds(row).minX, out.geometries().bounds(row).minX);
            QCOMPARE(all.layer->geometries().bounds(row).maxY, out.geometries().bounds(row).maxY);
            QCOMPARE(all.layer->attributes().column("cost").real(row), out.attributes().column("cost").real(row));
        }
    }

    void isochroneAgainstBellmanFord()
    {
        // The oracle: a point is inside the area of hub h at break b when it is within the walk-off distance of a
        // road place that the Bellman-Ford costs give to h (the cheapest hub) at a cost within b. Road places are
        // sampled every 0.1 m; points within 0.5 m of the distance are left out (GEOS draws arcs as chords).
        const Grid g = makeGrid(10, 8, 11);
        Rng rng(5);
        std::vector<Place> hubs;
        GeometryColumn points;
        for (int h = 0; h < 3; ++h) {
            hubs.push_back(randomPlace(g, rng));
            const Coord p = pointOf(g, hubs.back(), 1.0);
            points.appendPoint(p.x, p.y);
        }
        AttributeTable attributes;
        attributes.addColumn("name", FieldType::String);
        for (int h = 0; h < 3; ++h)
            attributes.column(0).appendString("centre " + std::to_string(h));
        const auto hubLayer = std::make_shared<const Layer>("hubs", Crs::fromEpsg(32640), GeometryType::Point,
            std::move(points), std::move(attributes), std::vector<std::int64_t>{11, 12, 13});
        const std::vector<double> breaks{150, 300};
        const double walk = 30;
        const auto result = analysis::run("isochrone", {g.layer, hubLayer},
            {{"breaks", "300, 150"}, {"buffer", "30"}, {"oneway-field", "oneway"}});
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), hubs.size() * breaks.size());

        std::vector<std::vector<double>> d;
        for (const Place& h : hubs)
            d.push_back(bellmanFord(g, h, false));
        struct Sample { Coord p; double cost; std::size_t hub; };
        std::vector<Sample> samples;
        for (std::size_t e = 0; e + 2 < g.edges.size(); ++e) {
            const OracleEdge& oe = g.edges[e];
            const int n = static_cast<int>(std::ceil(oe.length() / 0.1));
            for (int s = 0; s <= n; ++s) {
                const double f = static_cast<double>(s) / n;
                std::pair<double, std::size_t> best{std::numeric_limits<double>::infinity(), 0};
                for (std::size_t h = 0; h < hubs.size(); ++h)
                    best = std::min(best, {costAt(g, d[h], hubs[h], {e, f}, false), h});
                if (best.first <= breaks.back())
                    samples.push_back({{oe.pa.x + f * (oe.pb.x - oe.pa.x), oe.pa.y + f * (oe.pb.y - oe.pa.y)}, best.first,
                        best.second});
            }
        }
        QVERIFY(samples.size() > 1000);
        const auto inside = [&](std::size_t row, const Coord& p) { // even-odd over every ring of every part
            const GeometryColumn& c = out.geometries();
            bool in = false;
            for (std::size_t part = c.partBegin(row); part < c.partEnd(row); ++part)
                for (std::size_t r = c.ringBegin(part); r < c.ringEnd(part); ++r)
                    for (std::size_t i = c.coordBegin(r), j = c.coordEnd(r) - 1; i < c.coordEnd(r); j = i++) {
                        const Coord& a = c.coord(i);
                        const Coord& b = c.coord(j);
                        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                            in = !in;
                    }
            return in;
        };
        int checked = 0, in = 0;
        Box extent; // of the grid, not of the road 5 km away
        for (std::size_t e = 0; e + 2 < g.edges.size(); ++e)
            extent.expand(g.edges[e].pa.x, g.edges[e].pa.y);
        for (int k = 0; k < 300; ++k) {
            const Coord p{extent.minX - 40 + rng.uniform() * (extent.width() + 80),
                extent.minY - 40 + rng.uniform() * (extent.height() + 80)};
            for (std::size_t h = 0; h < hubs.size(); ++h)
                for (std::size_t b = 0; b < breaks.size(); ++b) {
                    double nearest = std::numeric_limits<double>::infinity();
                    for (const Sample& s : samples)
                        if (s.hub == h && s.cost <= breaks[b])
                            nearest = std::min(nearest, std::hypot(s.p.x - p.x, s.p.y - p.y));
                    if (std::fabs(nearest - walk) < 0.5)
                        continue;
                    const std::size_t row = h * breaks.size() + b;
                    QCOMPARE(out.attributes().column("hub").integer(row), std::int64_t(11 + h));
                    QCOMPARE(out.attributes().column("cost").real(row), breaks[b]);
                    QCOMPARE(QString::fromStdString(out.attributes().column("name").toString(row)),
                        QString("centre %1").arg(h));
                    QVERIFY2(inside(row, p) == (nearest < walk),
                        qPrintable(QString("hub %1, break %2, point %3 %4: %5 m from a reached road").arg(h)
                                       .arg(breaks[b]).arg(p.x, 0, 'f', 2).arg(p.y, 0, 'f', 2).arg(nearest)));
                    ++checked;
                    in += nearest < walk;
                }
        }
        QVERIFY(checked > 1500);
        QVERIFY(in > 50);

        // The same on one thread (the hubs' areas are made in parallel otherwise).
        analysis::RunOptions one;
        one.threads = 1;
        const auto serial = analysis::run("isochrone", {g.layer, hubLayer},
            {{"breaks", "300, 150"}, {"buffer", "30"}, {"oneway-field", "oneway"}}, one);
        QCOMPARE(serial.layer->geometries().coordCount(), out.geometries().coordCount());
        for (std::size_t c = 0; c < out.geometries().coordCount(); ++c)
            QVERIFY(serial.layer->geometries().coord(c) == out.geometries().coord(c));
    }

    void cancelFromProgressStopsTheSearch()
    {
        const Grid g = makeGrid(120, 120, 3); // ~14,000 nodes: the search reports progress every 4096
        analysis::RunOptions options;
        int reports = 0;
        options.feedback.progress = [&](double) {
            ++reports;
            options.feedback.cancel.cancel();
        };
        try {
            (void)analysis::run("shortest-path", {g.layer, nullptr},
                {{"from", text(pointOf(g, {0, 0.5}, 0))}, {"to", text(pointOf(g, {g.edges.size() - 3, 0.5}, 0))}}, options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
            QCOMPARE(reports, 1); // cancelled at the first check after the callback
        }
    }

    void cancelledRunsThrow()
    {
        const Grid g = makeGrid(5, 5, 2);
        GeometryColumn points;
        points.appendPoint(500100, 2500100);
        AttributeTable none;
        none.setRowCount(1);
        const auto hubs = std::make_shared<const Layer>("hubs", Crs::fromEpsg(32640), GeometryType::Point,
            std::move(points), std::move(none), std::vector<std::int64_t>{});
        analysis::RunOptions options;
        options.feedback.cancel.cancel();
        const std::vector<std::pair<const char*, std::map<std::string, std::string>>> runs{
            {"shortest-path", {{"from", "500000,2500000"}, {"to", "500300,2500300"}}},
            {"service-area", {{"max-cost", "500"}}},
            {"isochrone", {{"breaks", "500"}}}};
        for (const auto& [id, parameters] : runs) {
            try {
                (void)analysis::run(id, {g.layer, std::string(id) == "shortest-path" ? nullptr : hubs}, parameters, options);
                QFAIL(id);
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Cancelled);
            }
        }
    }

    void invalidLineIsNamedOrSkipped()
    {
        GeometryColumn geometries;
        for (const auto& coords : std::vector<std::vector<Coord>>{{{0, 0}, {100, 0}}, {{100, 0}}, {{100, 0}, {200, 0}}}) {
            geometries.beginGeometry(GeometryType::LineString);
            geometries.beginPart(GeometryType::LineString);
            geometries.beginRing();
            for (const Coord& c : coords)
                geometries.addCoord(c.x, c.y);
            geometries.endGeometry();
        }
        AttributeTable attributes;
        attributes.setRowCount(3);
        const auto layer = std::make_shared<const Layer>("lines", Crs::fromEpsg(32640), GeometryType::LineString,
            std::move(geometries), std::move(attributes), std::vector<std::int64_t>{7, 8, 9});
        const std::map<std::string, std::string> parameters{{"from", "10,1"}, {"to", "190,-1"}};
        try {
            (void)analysis::run("shortest-path", {layer, nullptr}, parameters);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains("layer \"lines\", feature 8"), e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto result = analysis::run("shortest-path", {layer, nullptr}, parameters, skip);
        QCOMPARE(result.invalid.size(), std::size_t(1));
        QCOMPARE(result.invalid[0].fid, std::int64_t(8));
        QCOMPARE(result.layer->attributes().column("cost").real(0), 180.0);
    }

    void shortestPathAgainstPgRouting_data()
    {
        QTest::addColumn<bool>("time");
        QTest::newRow("length") << false;
        QTest::newRow("time") << true;
    }

    void shortestPathAgainstPgRouting()
    {
        QFETCH(bool, time);
        if (!m_db.ok()) {
            QVERIFY2(m_db.start(), m_db.why());
            QVERIFY2(m_db.exec("CREATE EXTENSION pgrouting"), m_db.why());
            QVERIFY2(m_db.loadLayer(kGpkg, "roads", "roads"), m_db.why());
            // pgRouting's own topology: nodes at line ends within 1e-6 degrees (the sample's roads meet at ends).
            QVERIFY2(m_db.exec("ALTER TABLE roads ADD COLUMN source integer, ADD COLUMN target integer;"
                               "SELECT pgr_createTopology('roads', 0.000001, 'geom', 'fid');"),
                m_db.why());
        }
        const auto roads = readLayer(kGpkg.toStdString(), "roads");
        const QString speed = "(CASE class WHEN 'motorway' THEN 100 WHEN 'primary' THEN 80 WHEN 'secondary' THEN 60"
                              " WHEN 'track' THEN 20 ELSE 50 END)";
        const QString cost = time ? "ST_Length(geom::geography) * 60.0 / (" + speed + " * 1000.0)"
                                  : "ST_Length(geom::geography)";
        const QStringList ends = m_db.query("SELECT id, ST_X(the_geom), ST_Y(the_geom) FROM roads_vertices_pgr ORDER BY id");
        QVERIFY2(ends.size() >= 10, m_db.why());
        int compared = 0;
        for (int i = 0; i < ends.size(); i += 3)
            for (int j = ends.size() - 1; j > i; j -= 4) {
                const QStringList a = ends[i].split('|'), b = ends[j].split('|');
                const QString agg = m_db.value(QString("SELECT agg_cost FROM pgr_dijkstra($q$SELECT fid AS id, source, "
                                                       "target, %1 AS cost FROM roads$q$, %2, %3, false) "
                                                       "ORDER BY seq DESC LIMIT 1").arg(cost, a[0], b[0]));
                QVERIFY2(m_db.ok(), m_db.why());
                std::map<std::string, std::string> parameters{{"from", (a[1] + "," + a[2]).toStdString()},
                    {"to", (b[1] + "," + b[2]).toStdString()}, {"cost", time ? "time" : "length"},
                    {"speeds", "motorway:100,primary:80,secondary:60,track:20"}, {"snap", "0.1"}};
                if (agg.isEmpty()) {
                    QVERIFY_THROWS_EXCEPTION(Error, analysis::run("shortest-path", {roads, nullptr}, parameters));
                    continue;
                }
                const auto result = analysis::run("shortest-path", {roads, nullptr}, parameters);
                const double mine = result.layer->attributes().column("cost").real(0);
                QVERIFY2(near(mine, agg.toDouble(), 1e-6),
                    qPrintable(QString("%1 → %2: %3 vs pgRouting %4").arg(a[0], b[0]).arg(mine, 0, 'g', 12).arg(agg)));
                ++compared;
            }
        QVERIFY(compared >= 10);
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "tst_network.moc"
