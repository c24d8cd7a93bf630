// dissolve against independent oracles: GEOS's unary union called directly (its own context, tests/support/
// geosoracle.h) for every group's geometry (area within 1e-9 relative, symmetric difference ≤ 1e-9 of the area), and
// PostGIS's `ST_Union … GROUP BY` with SQL's sum/avg/min/max/count/string_agg over the same rows
// (tests/support/postgissupport.h). Data made here: a coverage (a grid of cells whose shared edges are jittered, one
// cell with a hole filled by an island) grouped by a text field with a null group, overlapping polygons with holes
// and multipolygons, lines, an invalid bow-tie. Also: which path each group took, the three invalid policies, one
// thread against all, cancel, and the parameter errors.

#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/geosoracle.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

using test::oracleArea;
using test::oracleOf;

struct Row {
    std::string wkt;
    std::optional<std::string> zone; ///< nullopt: null
    std::int64_t pop = 0;
    double ha = 0;
    std::string name;
};

/// A layer of `rows` with fields seq (the row's number), zone, pop, ha, name; ids from 1.
std::shared_ptr<const Layer> makeLayer(const std::vector<Row>& rows, GeometryType type, const std::string& name = "cells")
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("seq", FieldType::Integer);
    attributes.addColumn("zone", FieldType::String);
    attributes.addColumn("pop", FieldType::Integer);
    attributes.addColumn("ha", FieldType::Real);
    attributes.addColumn("name", FieldType::String);
    // References once every column is added (adding one may move the others).
    AttributeColumn& seq = attributes.column(0);
    AttributeColumn& zone = attributes.column(1);
    AttributeColumn& pop = attributes.column(2);
    AttributeColumn& ha = attributes.column(3);
    AttributeColumn& label = attributes.column(4);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].wkt.empty())
            geometries.appendNull();
        else
            geometries.append(geometryFromWkt(rows[i].wkt).column(), 0);
        seq.appendInteger(static_cast<std::int64_t>(i));
        rows[i].zone ? zone.appendString(*rows[i].zone) : zone.appendNull();
        pop.appendInteger(rows[i].pop);
        ha.appendReal(rows[i].ha);
        label.appendString(rows[i].name);
    }
    attributes.setRowCount(rows.size());
    return std::make_shared<const Layer>(name, Crs::fromEpsg(32640), type, std::move(geometries), std::move(attributes),
        std::vector<std::int64_t>{}, LoadReport{}, 1);
}

/// A deterministic value in [-1, 1] for an edge point (the same for both cells that share the edge).
double jitter(int a, int b, int c, int k)
{
    // Unsigned arithmetic: the products wrap (a signed int product overflowed, which UBSan reports).
    std::uint32_t h = static_cast<std::uint32_t>(a) * 73856093u ^ static_cast<std::uint32_t>(b) * 19349663u
        ^ static_cast<std::uint32_t>(c) * 83492791u ^ static_cast<std::uint32_t>(k) * 2654435761u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    return static_cast<double>(h % 2001u) / 1000.0 - 1.0;
}

/// The points of the edge from grid corner (i, j) along x (horizontal) or y, jittered across it, corners exact.
std::vector<std::pair<double, double>> gridEdge(int i, int j, bool horizontal)
{
    constexpr double kSize = 100, kAmplitude = 12;
    constexpr int kSteps = 6;
    std::vector<std::pair<double, double>> pts;
    for (int k = 0; k <= kSteps; ++k) {
        const double t = kSize * k / kSteps;
        const double d = (k == 0 || k == kSteps) ? 0.0 : kAmplitude * jitter(i, j, horizontal ? 1 : 2, k);
        pts.emplace_back(horizontal ? 500000 + i * kSize + t : 500000 + i * kSize + d,
            horizontal ? 2500000 + j * kSize + d : 2500000 + j * kSize + t);
    }
    return pts;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string ringWkt(const std::vector<std::pair<double, double>>& ring)
{
    std::string s = "(";
    for (std::size_t k = 0; k < ring.size(); ++k)
        s += (k ? ", " : "") + number(ring[k].first) + " " + number(ring[k].second);
    return s + ", " + number(ring.front().first) + " " + number(ring.front().second) + ")";
}

/// A 9 x 8 coverage (or nx x ny): zones of 3 x 3 cells ("z0".."z8"; the top row of zones is 3 x 2), the cells of
/// zone z4 with a null zone; cell (4, 4) has a square hole, and an island (zone "island") fills it.
std::vector<Row> coverageRows(int nx = 9, int ny = 8)
{
    std::vector<Row> rows;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            std::vector<std::pair<double, double>> ring;
            for (const auto& p : gridEdge(i, j, true))
                ring.push_back(p);
            ring.pop_back();
            for (const auto& p : gridEdge(i + 1, j, false))
                ring.push_back(p);
            ring.pop_back();
            auto top = gridEdge(i, j + 1, true);
            for (auto it = top.rbegin(); it != top.rend(); ++it)
                ring.push_back(*it);
            ring.pop_back();
            auto left = gridEdge(i, j, false);
            for (auto it = left.rbegin(); it != left.rend() - 1; ++it)
                ring.push_back(*it);
            std::string wkt = "POLYGON (" + ringWkt(ring);
            if (i == 4 && j == 4)
                wkt += ", (500430 2500430, 500470 2500430, 500470 2500470, 500430 2500470, 500430 2500430)";
            wkt += ")";
            const int zone = i / 3 + 3 * (j / 3);
            Row r;
            r.wkt = wkt;
            if (zone != 4)
                r.zone = "z" + std::to_string(zone);
            r.pop = 100 + (i * 37 + j * 101) % 900;
            r.ha = 0.25 * ((i * 13 + j * 7) % 40);
            r.name = "c" + std::to_string(i) + "," + std::to_string(j);
            rows.push_back(r);
        }
    rows.push_back({"POLYGON ((500430 2500430, 500470 2500430, 500470 2500470, 500430 2500470, 500430 2500430))",
        std::string("island"), 7, 1.5, "island"});
    return rows;
}

/// Overlapping polygons, with holes and multipolygons, in zones "a" and "b".
std::vector<Row> overlapRows()
{
    return {
        {"POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (20 20, 40 20, 40 40, 20 40, 20 20))", std::string("a"), 5, 1, "p1"},
        {"POLYGON ((50 50, 150 50, 150 150, 50 150, 50 50))", std::string("a"), 7, 2, "p2"},
        {"MULTIPOLYGON (((200 0, 260 0, 260 60, 200 60, 200 0)), ((90 -30, 130 -30, 130 10, 90 10, 90 -30)))",
            std::string("b"), 11, 3.5, "p3"},
        {"POLYGON ((210 10, 300 10, 300 90, 210 90, 210 10))", std::string("b"), 13, 0.5, "p4"},
        {"POLYGON ((25 25, 35 25, 35 35, 25 35, 25 25))", std::string("a"), 17, 4, "p5"}, // in p1's hole
        {"POLYGON ((0.5 0.5, 99.5 0.5, 99.5 99.5, 0.5 99.5, 0.5 0.5))", std::string("a"), 19, 8, "p6"}, // over the hole
        {"POLYGON ((220 20, 240 20, 230 40, 220 20))", std::string("b"), 23, 1.25, "p7"}, // inside p3 and p4
    };
}

/// GEOS's own unary union of the rows of `layer` whose `zone` equals `zone` (nullopt: null).
test::GeosPtr oracleUnion(const Layer& layer, const std::optional<std::string>& zone)
{
    std::vector<GEOSGeometry*> parts;
    const AttributeColumn& z = layer.attributes().column("zone");
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const bool match = zone ? !z.isNull(i) && z.string(i) == *zone : z.isNull(i);
        if (match && !layer.geometries().isNull(i))
            parts.push_back(oracleOf(layer.geometry(i)).release());
    }
    test::GeosPtr collection(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
        static_cast<unsigned>(parts.size())));
    return test::GeosPtr(GEOSUnaryUnion_r(test::oracleGeos(), collection.get()));
}

/// Compares every output feature's geometry with the oracle's union of its zone.
void compareWithGeos(const Layer& input, const Layer& output)
{
    const AttributeColumn& zone = output.attributes().column("zone");
    for (std::size_t k = 0; k < output.size(); ++k) {
        const std::optional<std::string> z = zone.isNull(k) ? std::nullopt : std::optional<std::string>(std::string(zone.string(k)));
        const test::GeosPtr expected = oracleUnion(input, z);
        const test::GeosPtr actual = oracleOf(output.geometry(k));
        QVERIFY(expected && actual);
        const double ea = oracleArea(expected.get()), aa = oracleArea(actual.get());
        QVERIFY2(std::fabs(aa - ea) <= 1e-9 * ea, qPrintable(QString("zone %1: %2 against %3").arg(z.value_or("null").c_str()).arg(aa, 0, 'g', 17).arg(ea, 0, 'g', 17)));
        const test::GeosPtr diff(GEOSSymDifference_r(test::oracleGeos(), expected.get(), actual.get()));
        QVERIFY(diff);
        QVERIFY2(oracleArea(diff.get()) <= 1e-9 * ea, qPrintable(QString("zone %1: symmetric difference %2")
                .arg(z.value_or("null").c_str()).arg(oracleArea(diff.get()))));
        QCOMPARE(GEOSisValid_r(test::oracleGeos(), actual.get()), char(1));
    }
}

/// The test's own GEOS interrupt callback, installed before any run (dissolve's chains to it): once armed, it
/// cancels `token` at the 50th check GEOS makes and counts the checks made after that.
struct InterruptProbe {
    std::atomic<bool> armed{false};
    std::atomic<int> checks{0};
    std::atomic<int> afterCancel{0};
    const CancellationToken* token = nullptr;
    std::chrono::steady_clock::time_point cancelledAt;
};
InterruptProbe g_probe;

void probeCallback()
{
    if (!g_probe.armed)
        return;
    const int n = ++g_probe.checks;
    if (n == 50) {
        g_probe.cancelledAt = std::chrono::steady_clock::now();
        g_probe.token->cancel();
    } else if (n > 50) {
        ++g_probe.afterCancel;
    }
}

QString warningOf(const analysis::RunResult& r)
{
    for (const auto& w : r.warnings)
        if (w.rfind("dissolve: ", 0) == 0)
            return QString::fromStdString(w);
    return {};
}

const char* kAggregates = "pop:sum,ha:mean,pop:min,ha:max,name:count,name:first,name:concat";

} // namespace

class TestDissolve : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        GEOS_interruptRegisterCallback(&probeCallback); // before any run installs dissolve's, which calls it
        QVERIFY2(m_db.start(), qPrintable(m_db.why()));
        QVERIFY(m_dir.isValid());
    }

    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("dissolve");
        QVERIFY(a);
        QCOMPARE(QString::fromStdString(a->info().group), QString("aggregate"));
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void againstGeos_data()
    {
        QTest::addColumn<bool>("coverage");
        QTest::newRow("coverage") << true;
        QTest::newRow("overlapping") << false;
    }

    void againstGeos()
    {
        QFETCH(bool, coverage);
        const auto layer = makeLayer(coverage ? coverageRows() : overlapRows(), GeometryType::MultiPolygon);
        const auto result = analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}});
        const std::size_t groups = coverage ? 10 : 2; // z0..z8 with z4 null (9 groups) and the island
        QCOMPARE(result.layer->size(), groups);
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiPolygon);
        QVERIFY(result.invalid.empty());
        compareWithGeos(*layer, *result.layer);
        // Which path: every group of the coverage by coverage union, every group of the overlapping ones by unary union.
        const QString w = warningOf(result);
        const QString expected = coverage ? QString("%1 of %1 groups unioned as a coverage").arg(groups)
                                          : QString("0 of %1 groups unioned as a coverage").arg(groups);
        QVERIFY2(w.contains(expected), qPrintable(w));
        // Groups in the order of their first feature: z0 is row 0's.
        QCOMPARE(QString::fromStdString(std::string(result.layer->attributes().column("zone").string(0))),
            coverage ? QString("z0") : QString("a"));
    }

    void nothingToGroupByMakesOneFeature()
    {
        const auto layer = makeLayer(coverageRows(), GeometryType::MultiPolygon);
        const auto result = analysis::run("dissolve", {layer, nullptr}, {{"aggregates", "pop:sum"}});
        QCOMPARE(result.layer->size(), std::size_t(1));
        QCOMPARE(result.layer->attributes().columnCount(), std::size_t(1));
        std::vector<GEOSGeometry*> parts;
        std::int64_t pop = 0;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            parts.push_back(oracleOf(layer->geometry(i)).release());
            pop += layer->attributes().column("pop").integer(i);
        }
        const test::GeosPtr all(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
            static_cast<unsigned>(parts.size())));
        const test::GeosPtr expected(GEOSUnaryUnion_r(test::oracleGeos(), all.get()));
        const test::GeosPtr actual = oracleOf(result.layer->geometry(0));
        const test::GeosPtr diff(GEOSSymDifference_r(test::oracleGeos(), expected.get(), actual.get()));
        QVERIFY(oracleArea(diff.get()) <= 1e-9 * oracleArea(expected.get()));
        QCOMPARE(GEOSGetNumGeometries_r(test::oracleGeos(), actual.get()), 1); // one polygon, no holes left
        QCOMPARE(GEOSGetNumInteriorRings_r(test::oracleGeos(), GEOSGetGeometryN_r(test::oracleGeos(), actual.get(), 0)), 0);
        QCOMPARE(result.layer->attributes().column("pop_sum").integer(0), pop);
        QVERIFY(warningOf(result).contains("1 of 1 group unioned as a coverage"));
    }

    /// A large coverage with a few overlapping polygons: cut into pieces, each by coverage union where it can be.
    void largeGroupWithOverlapsGoesByPieces()
    {
        std::vector<Row> rows = coverageRows(30, 30);
        rows.push_back({"POLYGON ((500950 2500950, 501180 2500950, 501180 2501180, 500950 2501180, 500950 2500950))",
            std::string("x"), 1, 1, "over"});
        rows.push_back({"POLYGON ((502000 2502000, 502500 2502000, 502500 2502500, 502000 2502500, 502000 2502000))",
            std::string("x"), 1, 1, "over the edge"});
        const auto layer = makeLayer(rows, GeometryType::MultiPolygon);
        const auto result = analysis::run("dissolve", {layer, nullptr}, {});
        QCOMPARE(result.layer->size(), std::size_t(1));
        QVERIFY2(warningOf(result).contains("0 of 1 group unioned as a coverage (polygons sharing only edges: GEOS "
                                            "coverage union), 1 partly"),
            qPrintable(warningOf(result)));
        std::vector<GEOSGeometry*> parts;
        for (std::size_t i = 0; i < layer->size(); ++i)
            parts.push_back(oracleOf(layer->geometry(i)).release());
        const test::GeosPtr all(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
            static_cast<unsigned>(parts.size())));
        const test::GeosPtr expected(GEOSUnaryUnion_r(test::oracleGeos(), all.get()));
        const test::GeosPtr actual = oracleOf(result.layer->geometry(0));
        const double ea = oracleArea(expected.get());
        QVERIFY(std::fabs(oracleArea(actual.get()) - ea) <= 1e-9 * ea);
        const test::GeosPtr diff(GEOSSymDifference_r(test::oracleGeos(), expected.get(), actual.get()));
        QVERIFY(oracleArea(diff.get()) <= 1e-9 * ea);
        QCOMPARE(GEOSisValid_r(test::oracleGeos(), actual.get()), char(1));
    }

    void againstPostgis_data()
    {
        QTest::addColumn<bool>("coverage");
        QTest::newRow("coverage") << true;
        QTest::newRow("overlapping") << false;
    }

    /// Areas of ST_Union … GROUP BY within 1e-6, and every aggregate against SQL's over the same rows.
    void againstPostgis()
    {
        QFETCH(bool, coverage);
        // Declared as any geometry, so that PostGIS's column takes polygons and multipolygons alike.
        const auto layer = makeLayer(coverage ? coverageRows() : overlapRows(), GeometryType::Unknown);
        const QString path = m_dir.filePath(coverage ? "coverage.gpkg" : "overlap.gpkg");
        writeLayer(*layer, path.toStdString());
        QVERIFY2(m_db.loadLayer(path, "cells", "cells"), qPrintable(m_db.why()));
        const auto result = analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}, {"aggregates", kAggregates}});
        const QStringList rows = m_db.query(
            "SELECT coalesce(zone, '<null>'), ST_Area(ST_Union(geom)), sum(pop), avg(ha), min(pop), max(ha), count(name), "
            "(array_agg(name ORDER BY seq))[1], string_agg(name, ',' ORDER BY seq) FROM cells GROUP BY zone "
            "ORDER BY min(seq)");
        QVERIFY2(m_db.ok(), qPrintable(m_db.why()));
        QCOMPARE(std::size_t(rows.size()), result.layer->size());
        const AttributeTable& t = result.layer->attributes();
        for (int k = 0; k < rows.size(); ++k) {
            const QStringList sql = rows[k].split('|');
            const std::size_t r = static_cast<std::size_t>(k);
            const QString zone = t.column("zone").isNull(r) ? QString("<null>") : QString::fromStdString(std::string(t.column("zone").string(r)));
            QCOMPARE(zone, sql[0]);
            const test::GeosPtr g = oracleOf(result.layer->geometry(r));
            QVERIFY2(std::fabs(oracleArea(g.get()) - sql[1].toDouble()) <= 1e-6 * sql[1].toDouble(), qPrintable(rows[k]));
            QCOMPARE(t.column("pop_sum").integer(r), sql[2].toLongLong());
            QVERIFY2(std::fabs(t.column("ha_mean").real(r) - sql[3].toDouble()) <= 1e-12 * std::max(1.0, sql[3].toDouble()), qPrintable(rows[k]));
            QCOMPARE(t.column("pop_min").integer(r), sql[4].toLongLong());
            QCOMPARE(t.column("ha_max").real(r), sql[5].toDouble());
            QCOMPARE(t.column("name_count").integer(r), sql[6].toLongLong());
            QCOMPARE(QString::fromStdString(std::string(t.column("name_first").string(r))), sql[7]);
            QCOMPARE(QString::fromStdString(std::string(t.column("name_concat").string(r))), sql[8]);
        }
        QCOMPARE(t.column("pop_sum").type(), FieldType::Integer);
        QCOMPARE(t.column("ha_mean").type(), FieldType::Real);
        QCOMPARE(t.column("name_concat").type(), FieldType::String);
    }

    void lines()
    {
        const auto layer = makeLayer({{"LINESTRING (0 0, 10 0)", std::string("r"), 1, 0, "a"},
                                         {"LINESTRING (5 0, 20 0)", std::string("r"), 2, 0, "b"},
                                         {"LINESTRING (0 5, 0 9)", std::string("s"), 3, 0, "c"}},
            GeometryType::LineString);
        const auto result = analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}});
        QCOMPARE(result.layer->size(), std::size_t(2));
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiLineString);
        double length = 0;
        GEOSLength_r(test::oracleGeos(), oracleOf(result.layer->geometry(0)).get(), &length);
        QCOMPARE(length, 20.0); // the overlap counted once
        QVERIFY(warningOf(result).contains("0 of 2 groups unioned as a coverage"));
    }

    void invalidPolicies()
    {
        std::vector<Row> rows = coverageRows();
        rows[10].wkt = "POLYGON ((500100 2500100, 500200 2500200, 500200 2500100, 500100 2500200, 500100 2500100))";
        rows[30].wkt.clear(); // no geometry: left out with a warning
        const auto layer = makeLayer(rows, GeometryType::Polygon);
        try {
            (void)analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            const QString m = e.what();
            QVERIFY2(m.contains("layer \"cells\", feature 11") && m.contains("Self-intersection"), qPrintable(m));
        }
        for (const auto policy : {analysis::InvalidPolicy::Skip, analysis::InvalidPolicy::Repair}) {
            analysis::RunOptions options;
            options.invalid = policy;
            const auto result = analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}, {"aggregates", "name:count"}}, options);
            QCOMPARE(result.invalid.size(), std::size_t(1));
            QCOMPARE(result.invalid[0].fid, std::int64_t(11));
            QCOMPARE(result.invalid[0].repaired, policy == analysis::InvalidPolicy::Repair);
            bool nullWarned = false;
            for (const auto& w : result.warnings)
                nullWarned |= QString::fromStdString(w).contains("1 feature of layer \"cells\" has no geometry");
            QVERIFY(nullWarned);
            // The repaired bow-tie (two triangles) is unioned with its group; a skipped one is left out, and left
            // out of the aggregates, as is the feature without geometry.
            std::vector<Row> expectedRows = rows;
            if (policy == analysis::InvalidPolicy::Skip)
                expectedRows[10].wkt.clear();
            else // the bow-tie's two triangles, as GEOS's make-valid ("structure") gives them
                expectedRows[10].wkt = "MULTIPOLYGON (((500100 2500100, 500150 2500150, 500100 2500200, 500100 2500100)), "
                                       "((500150 2500150, 500200 2500100, 500200 2500200, 500150 2500150)))";
            const auto expectedLayer = makeLayer(expectedRows, GeometryType::Polygon);
            compareWithGeos(*expectedLayer, *result.layer);
            // Repaired, the bow-tie's triangles do not match its neighbours' edges: its group goes by unary union.
            // Skipped, it leaves a hole in a coverage.
            const QString w = warningOf(result);
            QVERIFY2(w.contains(policy == analysis::InvalidPolicy::Repair
                                    ? "9 of 10 groups unioned as a coverage (polygons sharing only edges: GEOS coverage "
                                      "union), 0 partly (pieces by coverage union, overlapping pieces by unary union), 1 "
                                      "by GEOS unary union"
                                    : "10 of 10 groups unioned as a coverage"),
                qPrintable(w));
            const std::int64_t z0Count = result.layer->attributes().column("name_count").integer(0);
            QCOMPARE(z0Count, std::int64_t(policy == analysis::InvalidPolicy::Skip ? 8 : 9));
            std::int64_t total = 0;
            for (std::size_t k = 0; k < result.layer->size(); ++k)
                total += result.layer->attributes().column("name_count").integer(k);
            QCOMPARE(total, std::int64_t(rows.size()) - 1 - (policy == analysis::InvalidPolicy::Skip ? 1 : 0));
        }
    }

    void sameOnOneThreadAndOnAll()
    {
        std::vector<Row> rows = coverageRows();
        for (const Row& r : overlapRows())
            rows.push_back(r);
        const auto layer = makeLayer(rows, GeometryType::MultiPolygon);
        for (const char* by : {"zone", ""}) {
            analysis::RunOptions one;
            one.threads = 1;
            const auto a = analysis::run("dissolve", {layer, nullptr}, {{"by", by}, {"aggregates", kAggregates}}, one);
            const auto b = analysis::run("dissolve", {layer, nullptr}, {{"by", by}, {"aggregates", kAggregates}});
            QCOMPARE(a.layer->size(), b.layer->size());
            for (std::size_t k = 0; k < a.layer->size(); ++k) {
                QVERIFY(toWkb(a.layer->geometry(k)) == toWkb(b.layer->geometry(k)));
                for (std::size_t c = 0; c < a.layer->attributes().columnCount(); ++c)
                    QCOMPARE(a.layer->attributes().column(c).toString(k), b.layer->attributes().column(c).toString(k));
            }
            QCOMPARE(warningOf(a), warningOf(b));
        }
    }

    void cancel()
    {
        const auto layer = makeLayer(coverageRows(), GeometryType::MultiPolygon);
        analysis::RunOptions before;
        before.feedback.cancel.cancel();
        try {
            (void)analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}}, before);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        // Cancelled at its first progress report, in the middle of the run: it stops with Cancelled, and reports
        // no further progress past the next check (each check covers at most one group's union or 64 features).
        analysis::RunOptions during;
        std::atomic<int> reports{0};
        during.feedback.progress = [&](double) {
            ++reports;
            during.feedback.cancel.cancel();
        };
        try {
            (void)analysis::run("dissolve", {layer, nullptr}, {{"by", "zone"}}, during);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QVERIFY2(reports <= 2, qPrintable(QString::number(reports.load())));
    }

    /// A cancel while GEOS is inside the one coverage union of a whole layer (a call of a second on real data)
    /// stops that call at GEOS's next interrupt check, not at its end.
    void cancelInsideOneGeosCall()
    {
        const auto layer = makeLayer(coverageRows(60, 60), GeometryType::MultiPolygon);
        analysis::RunOptions options;
        g_probe.token = &options.feedback.cancel;
        g_probe.checks = 0;
        g_probe.afterCancel = 0;
        // Armed once every feature is checked (progress 0.3): the next GEOS checks are the union's.
        options.feedback.progress = [](double f) {
            if (f >= 0.3 - 1e-12)
                g_probe.armed = true;
        };
        try {
            (void)analysis::run("dissolve", {layer, nullptr}, {}, options);
            g_probe.armed = false;
            QFAIL("no error");
        } catch (const Error& e) {
            const auto returned = std::chrono::steady_clock::now();
            g_probe.armed = false;
            QCOMPARE(e.code(), ErrorCode::Cancelled);
            QVERIFY2(g_probe.checks >= 50, "cancelled before GEOS's union began");
            QVERIFY2(g_probe.afterCancel <= 1, qPrintable(QString::number(g_probe.afterCancel.load())));
            qInfo("returned %.1f ms after the cancel (%d GEOS checks after it)",
                std::chrono::duration<double, std::milli>(returned - g_probe.cancelledAt).count(), g_probe.afterCancel.load());
        }
        // The same layer runs to the end when nobody cancels: the interrupt left nothing behind.
        const auto result = analysis::run("dissolve", {layer, nullptr}, {});
        QCOMPARE(result.layer->size(), std::size_t(1));
    }

    void parameterErrors_data()
    {
        QTest::addColumn<QString>("by");
        QTest::addColumn<QString>("aggregates");
        QTest::addColumn<QString>("message");
        QTest::newRow("field") << "" << "popp:sum" << "unknown field \"popp\" in layer \"cells\" — did you mean \"pop\"?";
        QTest::newRow("aggregate") << "" << "pop:summ" << "unknown aggregate \"summ\"";
        QTest::newRow("aggregate suggestion") << "" << "pop:avg" << "(sum, mean, min, max, count, first, concat)";
        QTest::newRow("form") << "" << "pop" << "expected field:aggregate";
        QTest::newRow("text sum") << "" << "name:sum" << "field \"name\" is string, and sum needs numbers";
        QTest::newRow("by") << "zon" << "" << "did you mean \"zone\"?";
    }

    void parameterErrors()
    {
        QFETCH(QString, by);
        QFETCH(QString, aggregates);
        QFETCH(QString, message);
        const auto layer = makeLayer(overlapRows(), GeometryType::MultiPolygon);
        try {
            (void)analysis::run("dissolve", {layer, nullptr}, {{"by", by.toStdString()}, {"aggregates", aggregates.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
            QVERIFY2(QString(e.what()).startsWith("dissolve: --"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDissolve)
#include "tst_dissolve.moc"
