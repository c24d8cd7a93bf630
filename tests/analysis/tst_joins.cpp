// join-by-location against brute force: every pair (input feature, overlay feature) tested with GEOS's own
// predicates on the test's own context (tests/support/geosoracle.h), for the six predicates and both modes, on
// generated data where the boundary cases matter (points on edges and in holes, lines ending on edges, touching and
// overlapping polygons). Also: the overlay-field subset, discard-unmatched, features without geometry, an invalid
// overlay feature named, one thread against all, cancel.

#include <QProcess>
#include <QtTest>

#include <cmath>

#include <array>
#include <map>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/geosoracle.h"

using namespace gis;

namespace {

std::shared_ptr<const Layer> makeLayer(const std::string& name, const std::vector<std::string>& wkts,
    const std::string& field, std::int64_t firstFid)
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn(field, FieldType::String);
    attributes.addColumn("n", FieldType::Integer);
    for (std::size_t i = 0; i < wkts.size(); ++i) {
        if (wkts[i].empty())
            geometries.appendNull();
        else
            geometries.append(geometryFromWkt(wkts[i]).column(), 0);
        attributes.column(0).appendString(field + std::to_string(i));
        attributes.column(1).appendInteger(static_cast<std::int64_t>(i) * 10);
    }
    attributes.setRowCount(wkts.size());
    std::vector<std::int64_t> fids;
    for (std::size_t i = 0; i < wkts.size(); ++i)
        fids.push_back(firstFid + static_cast<std::int64_t>(i));
    return std::make_shared<const Layer>(name, Crs::fromEpsg(32640), GeometryType::Unknown, std::move(geometries),
        std::move(attributes), std::move(fids));
}

std::vector<std::string> overlayWkts()
{
    std::vector<std::string> out;
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 3; ++i)
            out.push_back(QString("POLYGON ((%1 %2, %3 %2, %3 %4, %1 %4, %1 %2))").arg(i * 10).arg(j * 10).arg(i * 10 + 10).arg(j * 10 + 10).toStdString());
    out.push_back("POLYGON ((5 5, 25 5, 25 25, 5 25, 5 5), (12 12, 18 12, 18 18, 12 18, 12 12))"); // over the grid, a hole
    out.push_back("LINESTRING (0 15, 30 15)");
    out.push_back("POINT (10 10)");
    return out;
}

std::vector<std::string> inputWkts()
{
    return {
        "POINT (5 5)", "POINT (10 10)", "POINT (15 15)", "POINT (10 3)", "POINT (40 40)", "POINT (13 13)",
        "LINESTRING (2 2, 8 8)", "LINESTRING (2 2, 10 2)", "LINESTRING (-5 15, 35 15)", "LINESTRING (12 5, 12 25)",
        "POLYGON ((1 1, 9 1, 9 9, 1 9, 1 1))", "POLYGON ((0 0, 30 0, 30 30, 0 30, 0 0))",
        "POLYGON ((8 8, 14 8, 14 14, 8 14, 8 8))", "POLYGON ((30 0, 40 0, 40 10, 30 10, 30 0))",
        "", "POLYGON ((12 12, 18 12, 18 18, 12 18, 12 12))",
    };
}

/// The brute-force matches of input row i: overlay rows (ascending) for which GEOS says input <predicate> overlay.
std::vector<std::vector<std::size_t>> bruteForce(const std::string& predicate)
{
    const auto in = inputWkts();
    const auto over = overlayWkts();
    std::vector<std::vector<std::size_t>> out(in.size());
    GEOSContextHandle_t h = test::oracleGeos();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i].empty())
            continue;
        const test::GeosPtr a = test::geosFromWkt(QString::fromStdString(in[i]));
        for (std::size_t k = 0; k < over.size(); ++k) {
            const test::GeosPtr b = test::geosFromWkt(QString::fromStdString(over[k]));
            char r = 0;
            if (predicate == "intersects")
                r = GEOSIntersects_r(h, a.get(), b.get());
            else if (predicate == "within")
                r = GEOSWithin_r(h, a.get(), b.get());
            else if (predicate == "contains")
                r = GEOSContains_r(h, a.get(), b.get());
            else if (predicate == "touches")
                r = GEOSTouches_r(h, a.get(), b.get());
            else if (predicate == "crosses")
                r = GEOSCrosses_r(h, a.get(), b.get());
            else
                r = GEOSOverlaps_r(h, a.get(), b.get());
            if (r == 1)
                out[i].push_back(k);
        }
    }
    return out;
}

/// Lon/lat points for the nearest tests (deterministic, around Nizwa).
std::vector<std::pair<double, double>> lonLatPoints(int n, int seed)
{
    std::vector<std::pair<double, double>> out;
    for (int i = 0; i < n; ++i)
        out.emplace_back(57.0 + 0.9 * std::fabs(std::sin(seed * 3.1 + i * 1.37)), 22.4 + 0.8 * std::fabs(std::cos(seed * 1.9 + i * 2.11)));
    return out;
}

std::shared_ptr<const Layer> pointLayer(const std::string& name, const std::vector<std::pair<double, double>>& pts,
    const std::string& field, std::int64_t firstFid)
{
    std::vector<std::string> wkts;
    for (const auto& [lon, lat] : pts)
        wkts.push_back(QString("POINT (%1 %2)").arg(lon, 0, 'g', 17).arg(lat, 0, 'g', 17).toStdString());
    const auto l = makeLayer(name, wkts, field, firstFid);
    return std::make_shared<const Layer>(l->name(), Crs::fromEpsg(4326), GeometryType::Point, l->geometries(),
        l->attributes(), std::vector<std::int64_t>{}, LoadReport{}, firstFid);
}

/// GeographicLib's GeodSolve (WGS 84) distances in metres for every pair, from one run of the tool.
std::vector<double> geodSolve(const std::vector<std::array<double, 4>>& pairs)
{
    QByteArray input;
    for (const auto& p : pairs)
        input += QByteArray::number(p[1], 'g', 17) + " " + QByteArray::number(p[0], 'g', 17) + " "
            + QByteArray::number(p[3], 'g', 17) + " " + QByteArray::number(p[2], 'g', 17) + "\n";
    QProcess proc;
    proc.start("GeodSolve", {"-i", "-p", "9"});
    proc.write(input);
    proc.closeWriteChannel();
    proc.waitForFinished(-1);
    std::vector<double> out;
    for (const QString& line : QString::fromUtf8(proc.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts))
        out.push_back(line.split(' ', Qt::SkipEmptyParts).value(2).toDouble());
    return out;
}

} // namespace

class TestJoins : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("join-by-location");
        QVERIFY(a);
        QVERIFY(a->info().input == analysis::InputKind::VectorAndOverlay);
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void againstBruteForce_data()
    {
        QTest::addColumn<QString>("predicate");
        QTest::addColumn<bool>("oneToMany");
        for (const char* p : {"intersects", "within", "contains", "touches", "crosses", "overlaps"}) {
            QTest::newRow((std::string(p) + " one-to-one").c_str()) << p << false;
            QTest::newRow((std::string(p) + " one-to-many").c_str()) << p << true;
        }
    }

    void againstBruteForce()
    {
        QFETCH(QString, predicate);
        QFETCH(bool, oneToMany);
        const auto input = makeLayer("sites", inputWkts(), "site", 1);
        const auto overlay = makeLayer("zones", overlayWkts(), "zone", 101);
        const auto result = analysis::run("join-by-location", {input, overlay},
            {{"predicate", predicate.toStdString()}, {"mode", oneToMany ? "one-to-many" : "one-to-one"}});
        const auto expected = bruteForce(predicate.toStdString());
        // The expected rows: per input row, its matches (one-to-many) or the first (one-to-one); unmatched once, null.
        std::vector<std::pair<std::int64_t, QString>> rows;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (expected[i].empty())
                rows.emplace_back(input->fid(i), QString());
            for (std::size_t k = 0; k < (oneToMany ? expected[i].size() : std::min<std::size_t>(1, expected[i].size())); ++k)
                rows.emplace_back(input->fid(i), QString("zone%1").arg(expected[i][k]));
        }
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), rows.size());
        std::size_t matched = 0;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            QCOMPARE(out.fid(r), rows[r].first);
            const AttributeColumn& zone = out.attributes().column("zone");
            QCOMPARE(zone.isNull(r) ? QString() : QString::fromStdString(std::string(zone.string(r))), rows[r].second);
            QCOMPARE(QString::fromStdString(out.attributes().column("site").toString(r)),
                QString("site%1").arg(rows[r].first - 1));
            matched += !zone.isNull(r);
        }
        QVERIFY2(matched > 0, "the data has no match for this predicate: the case proves nothing");
        QCOMPARE(out.attributes().column("n_2").type(), FieldType::Integer); // the overlay's "n", made unique
    }

    void fieldSubsetAndDiscard()
    {
        const auto input = makeLayer("sites", inputWkts(), "site", 1);
        const auto overlay = makeLayer("zones", overlayWkts(), "zone", 101);
        const auto result = analysis::run("join-by-location", {input, overlay},
            {{"predicate", "within"}, {"overlay-fields", "zone"}, {"discard-unmatched", "true"}});
        QCOMPARE(result.layer->attributes().columnCount(), std::size_t(3));
        const auto expected = bruteForce("within");
        std::size_t matched = 0;
        for (const auto& e : expected)
            matched += !e.empty();
        QCOMPARE(result.layer->size(), matched);
        QVERIFY(!result.layer->attributes().column("zone").isNull(0));
        try {
            (void)analysis::run("join-by-location", {input, overlay}, {{"overlay-fields", "zon"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("unknown field \"zon\" in layer \"zones\" — did you mean \"zone\"?"), e.what());
        }
    }

    void invalidOverlayIsNamed()
    {
        auto wkts = overlayWkts();
        wkts[2] = "POLYGON ((20 0, 30 10, 30 0, 20 10, 20 0))";
        const auto input = makeLayer("sites", inputWkts(), "site", 1);
        const auto overlay = makeLayer("zones", wkts, "zone", 101);
        try {
            (void)analysis::run("join-by-location", {input, overlay}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"zones\", feature 103: Self-intersection"), e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto result = analysis::run("join-by-location", {input, overlay}, {}, skip);
        QCOMPARE(result.invalid.size(), std::size_t(1));
        QCOMPARE(result.invalid[0].fid, std::int64_t(103));
    }

    void nearestAgainstGeodSolve_data()
    {
        QTest::addColumn<double>("maxDistance");
        QTest::newRow("any distance") << -1.0;
        QTest::newRow("within 15 km") << 15000.0;
    }

    void nearestAgainstGeodSolve()
    {
        QFETCH(double, maxDistance);
        const auto from = lonLatPoints(25, 1);
        const auto to = lonLatPoints(12, 2);
        std::vector<std::array<double, 4>> pairs;
        for (const auto& a : from)
            for (const auto& b : to)
                pairs.push_back({a.first, a.second, b.first, b.second});
        const std::vector<double> d = geodSolve(pairs);
        QCOMPARE(d.size(), pairs.size());
        const auto input = pointLayer("villages", from, "village", 1);
        const auto overlay = pointLayer("clinics", to, "clinic", 1);
        std::map<std::string, std::string> params{{"overlay-fields", "clinic"}};
        if (maxDistance >= 0)
            params["max-distance"] = QString::number(maxDistance).toStdString();
        const auto result = analysis::run("join-nearest", {input, overlay}, params);
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), from.size());
        QCOMPARE(out.attributes().columnCount(), std::size_t(4)); // village, n, clinic, distance
        std::size_t beyond = 0;
        for (std::size_t i = 0; i < from.size(); ++i) {
            std::size_t best = 0;
            for (std::size_t k = 1; k < to.size(); ++k)
                if (d[i * to.size() + k] < d[i * to.size() + best])
                    best = k;
            const double expected = d[i * to.size() + best];
            if (maxDistance >= 0 && expected > maxDistance) {
                QVERIFY(out.attributes().column("clinic").isNull(i));
                QVERIFY(out.attributes().column("distance").isNull(i));
                ++beyond;
                continue;
            }
            QCOMPARE(QString::fromStdString(std::string(out.attributes().column("clinic").string(i))), QString("clinic%1").arg(best));
            const double got = out.attributes().column("distance").real(i);
            QVERIFY2(std::fabs(got - expected) <= 1e-6 * expected + 1e-6, qPrintable(QString("%1 against %2").arg(got, 0, 'g', 15).arg(expected, 0, 'g', 15)));
        }
        if (maxDistance >= 0)
            QVERIFY2(beyond > 0 && beyond < from.size(), "the limit must leave some out and keep others");
    }

    void nearestHubAgainstGeodSolve()
    {
        const auto from = lonLatPoints(30, 3);
        const auto to = lonLatPoints(9, 4);
        std::vector<std::array<double, 4>> pairs;
        for (const auto& a : from)
            for (const auto& b : to)
                pairs.push_back({a.first, a.second, b.first, b.second});
        const std::vector<double> d = geodSolve(pairs);
        const auto villages = pointLayer("villages", from, "village", 1);
        const auto centres = pointLayer("centres", to, "centre", 1);
        const auto points = analysis::run("distance-to-nearest-hub", {villages, centres}, {{"hub-field", "centre"}});
        const auto lines = analysis::run("distance-to-nearest-hub", {villages, centres}, {{"output", "lines"}});
        QCOMPARE(points.layer->size(), from.size());
        QCOMPARE(lines.layer->size(), from.size());
        QCOMPARE(lines.layer->geometryType(), GeometryType::LineString);
        for (std::size_t i = 0; i < from.size(); ++i) {
            std::size_t best = 0;
            for (std::size_t k = 1; k < to.size(); ++k)
                if (d[i * to.size() + k] < d[i * to.size() + best])
                    best = k;
            const AttributeTable& t = points.layer->attributes();
            QCOMPARE(t.column("hub_id").integer(i), std::int64_t(best) + 1);
            QCOMPARE(QString::fromStdString(std::string(t.column("hub_centre").string(i))), QString("centre%1").arg(best));
            QVERIFY(std::fabs(t.column("distance").real(i) - d[i * to.size() + best]) <= 1e-6 * d[i * to.size() + best]);
            QVERIFY(toWkb(points.layer->geometry(i)) == toWkb(villages->geometry(i)));
            const Box b = lines.layer->geometry(i).bounds();
            QCOMPARE(b.minX, std::min(from[i].first, to[best].first));
            QCOMPARE(b.maxY, std::max(from[i].second, to[best].second));
            QCOMPARE(lines.layer->attributes().column("distance").real(i), t.column("distance").real(i));
        }
    }

    void summaryAgainstBruteForce_data()
    {
        QTest::addColumn<QString>("predicate");
        QTest::newRow("within") << "within";
        QTest::newRow("intersects") << "intersects";
    }

    void summaryAgainstBruteForce()
    {
        QFETCH(QString, predicate);
        std::vector<std::string> polygons = overlayWkts();
        polygons.resize(10); // the grid and the polygon with a hole
        std::vector<std::string> points;
        for (int i = 0; i < 200; ++i) // on a 2.5-unit lattice: many on edges, vertices and the hole's ring
            points.push_back(QString("POINT (%1 %2)").arg((i * 37 % 13) * 2.5).arg((i * 53 % 14) * 2.5).toStdString());
        const auto input = makeLayer("zones", polygons, "zone", 1);
        const auto overlay = makeLayer("points", points, "pt", 1);
        const auto result = analysis::run("summary-by-location", {input, overlay},
            {{"predicate", predicate.toStdString()}, {"field", "n"}});
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), polygons.size());
        GEOSContextHandle_t h = test::oracleGeos();
        bool differs = false;
        for (std::size_t p = 0; p < polygons.size(); ++p) {
            const test::GeosPtr poly = test::geosFromWkt(QString::fromStdString(polygons[p]));
            std::int64_t count = 0, within = 0;
            double sum = 0, min = HUGE_VAL, max = -HUGE_VAL;
            for (std::size_t k = 0; k < points.size(); ++k) {
                const test::GeosPtr pt = test::geosFromWkt(QString::fromStdString(points[k]));
                const bool in = GEOSWithin_r(h, pt.get(), poly.get()) == 1;
                const bool hit = predicate == "within" ? in : GEOSIntersects_r(h, pt.get(), poly.get()) == 1;
                within += in;
                if (!hit)
                    continue;
                const double v = static_cast<double>(k) * 10;
                ++count;
                sum += v;
                min = std::min(min, v);
                max = std::max(max, v);
            }
            differs |= within != count;
            QCOMPARE(out.attributes().column("count").integer(p), count);
            if (count == 0) {
                QVERIFY(out.attributes().column("n_sum").isNull(p));
                continue;
            }
            QCOMPARE(out.attributes().column("n_sum").real(p), sum);
            QCOMPARE(out.attributes().column("n_min").real(p), min);
            QCOMPARE(out.attributes().column("n_max").real(p), max);
            QVERIFY(std::fabs(out.attributes().column("n_mean").real(p) - sum / count) <= 1e-12 * sum);
        }
        if (predicate == "intersects")
            QVERIFY2(differs, "no point on an edge: the case does not tell within from intersects");
        try {
            (void)analysis::run("summary-by-location", {overlay, input}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"points\", feature 1 is not a polygon"), e.what());
        }
    }

    void sameOnOneThreadAndOnAllAndCancel()
    {
        std::vector<std::string> points;
        for (int i = 0; i < 6000; ++i)
            points.push_back(QString("POINT (%1 %2)").arg((i * 7919) % 3100 / 100.0).arg((i * 104729) % 3100 / 100.0).toStdString());
        const auto input = makeLayer("points", points, "site", 1);
        const auto overlay = makeLayer("zones", overlayWkts(), "zone", 101);
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("join-by-location", {input, overlay}, {{"mode", "one-to-many"}}, one);
        const auto b = analysis::run("join-by-location", {input, overlay}, {{"mode", "one-to-many"}});
        QCOMPARE(a.layer->size(), b.layer->size());
        for (std::size_t r = 0; r < a.layer->size(); ++r) {
            QCOMPARE(a.layer->fid(r), b.layer->fid(r));
            QCOMPARE(a.layer->attributes().column("zone").toString(r), b.layer->attributes().column("zone").toString(r));
        }
        analysis::RunOptions cancelled;
        cancelled.feedback.cancel.cancel();
        try {
            (void)analysis::run("join-by-location", {input, overlay}, {}, cancelled);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestJoins)
#include "tst_joins.moc"
