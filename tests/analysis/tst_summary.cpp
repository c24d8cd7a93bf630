// summary-by-location with --weighting area against PostGIS: per input polygon, the sum over the overlay polygons
// that overlap it of value × ST_Area(ST_Intersection(a, b)) / ST_Area(b), the sum of the fractions (count), the
// weighted mean and the minimum and maximum over the features that overlap at all — planar areas on a projected
// layer (EPSG:32640), geography (ellipsoidal) areas on the same data in longitude/latitude, both within 1e-6
// relative. Generated data: a grid of "wilayat" with a hole and a multipolygon, rotated "census blocks" with nulls,
// a block touching a polygon only along an edge, a multipolygon block and a block with a hole. Also: within, the
// refusal of a point overlay, an invalid block named and skipped, one thread against all, cancel.

#include <QtTest>

#include <atomic>
#include <cmath>

#include <map>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

/// A ring as WKT from (x, y) pairs, mapped to the layer's coordinates by `map`.
using Mapper = std::pair<double, double> (*)(double, double);

std::pair<double, double> projected(double x, double y)
{
    return {500000 + x, 2500000 + y};
}

std::pair<double, double> geographic(double x, double y)
{
    return {57.0 + x * 1e-5, 23.0 + y * 1e-5};
}

QString ring(const std::vector<std::pair<double, double>>& pts, Mapper map)
{
    QStringList parts;
    for (std::size_t i = 0; i <= pts.size(); ++i) {
        const auto [x, y] = map(pts[i % pts.size()].first, pts[i % pts.size()].second);
        parts << QString::number(x, 'g', 17) + " " + QString::number(y, 'g', 17);
    }
    return "(" + parts.join(", ") + ")";
}

std::vector<std::pair<double, double>> square(double x, double y, double w, double h)
{
    return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
}

/// The input polygons: a 3×3 grid of 1000 m cells (the middle one with a hole), a multipolygon of two cells above
/// it, and one polygon overlapping two cells.
std::vector<QString> wilayat(Mapper m)
{
    std::vector<QString> out;
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 3; ++i) {
            QString w = "POLYGON (" + ring(square(i * 1000, j * 1000, 1000, 1000), m);
            if (i == 1 && j == 1)
                w += ", " + ring(square(1350, 1350, 300, 300), m);
            out.push_back(w + ")");
        }
    out.push_back("MULTIPOLYGON ((" + ring(square(0, 3000, 1000, 1000), m) + "), (" + ring(square(2000, 3000, 1000, 1000), m)
        + "))");
    out.push_back("POLYGON (" + ring(square(500, 500, 1000, 700), m) + ")");
    return out;
}

/// The overlay polygons: 60 rotated rectangles over the grid, then an edge-touching block, a multipolygon block
/// and a block with a hole. Row k's value is value(k) (null for every eleventh).
std::vector<QString> blocks(Mapper m)
{
    std::vector<QString> out;
    for (int k = 0; k < 60; ++k) {
        const double cx = (k * 373) % 3300 - 100.0, cy = (k * 611) % 4100 - 50.0;
        const double hw = 80 + (k * 53) % 220, hh = 60 + (k * 29) % 180;
        const double a = ((k * 37) % 90) * M_PI / 180;
        std::vector<std::pair<double, double>> pts;
        for (const auto [sx, sy] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}})
            pts.emplace_back(cx + sx * hw * std::cos(a) - sy * hh * std::sin(a), cy + sx * hw * std::sin(a) + sy * hh * std::cos(a));
        out.push_back("POLYGON (" + ring(pts, m) + ")");
    }
    out.push_back("POLYGON (" + ring(square(3000, 0, 400, 1000), m) + ")"); // touches cells (2,0) along x = 3000 only
    out.push_back("MULTIPOLYGON ((" + ring(square(200, 200, 300, 300), m) + "), (" + ring(square(2700, 2600, 600, 200), m)
        + "))");
    out.push_back("POLYGON (" + ring(square(900, 900, 800, 800), m) + ", " + ring(square(1100, 1100, 200, 200), m) + ")");
    return out;
}

bool hasValue(std::size_t k)
{
    return k % 11 != 5;
}

double value(std::size_t k)
{
    return 100.0 + static_cast<double>((k * 97) % 900) + 0.25 * static_cast<double>(k % 4);
}

std::shared_ptr<const Layer> makeLayer(const std::string& name, const Crs& crs, const std::vector<QString>& wkts,
    bool withValues)
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("name", FieldType::String);
    if (withValues)
        attributes.addColumn("pop", FieldType::Real);
    std::vector<std::int64_t> fids;
    for (std::size_t k = 0; k < wkts.size(); ++k) {
        geometries.append(geometryFromWkt(wkts[k].toStdString()).column(), 0);
        attributes.column(0).appendString(name + std::to_string(k));
        if (withValues)
            hasValue(k) ? attributes.column(1).appendReal(value(k)) : attributes.column(1).appendNull();
        fids.push_back(static_cast<std::int64_t>(k) + 1);
    }
    attributes.setRowCount(wkts.size());
    return std::make_shared<const Layer>(name, crs, GeometryType::Unknown, std::move(geometries), std::move(attributes),
        std::move(fids));
}

bool near(double got, double want, double relative)
{
    return std::fabs(got - want) <= relative * std::fabs(want) + 1e-12;
}

} // namespace

class TestSummary : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;

    /// Loads both layers' WKT into tables a (id, geom) and b (id, pop, geom) with `srid`.
    void load(const std::vector<QString>& a, const std::vector<QString>& b, int srid)
    {
        QStringList sql{"DROP TABLE IF EXISTS a, b", QString("CREATE TABLE a (id int, geom geometry(Geometry, %1))").arg(srid),
            QString("CREATE TABLE b (id int, pop double precision, geom geometry(Geometry, %1))").arg(srid)};
        for (std::size_t k = 0; k < a.size(); ++k)
            sql << QString("INSERT INTO a VALUES (%1, ST_GeomFromText('%2', %3))").arg(k).arg(a[k]).arg(srid);
        for (std::size_t k = 0; k < b.size(); ++k)
            sql << QString("INSERT INTO b VALUES (%1, %2, ST_GeomFromText('%3', %4))")
                       .arg(k)
                       .arg(hasValue(k) ? QString::number(value(k), 'g', 17) : QString("NULL"))
                       .arg(b[k])
                       .arg(srid);
        QVERIFY2(m_db.exec(sql.join(";\n")), m_db.why());
    }

private slots:
    void initTestCase() { QVERIFY2(m_db.start(), m_db.why()); }

    void schema()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("summary-by-location");
        QVERIFY(a);
        const analysis::Parameter* w = a->info().parameter("weighting");
        QVERIFY(w);
        QCOMPARE(QString::fromStdString(w->defaultValue), QString("none"));
        QVERIFY(!w->titleAr.empty() && !w->helpAr.empty());
    }

    void areaWeightedAgainstPostgis_data()
    {
        QTest::addColumn<bool>("lonLat");
        QTest::addColumn<QString>("predicate");
        QTest::newRow("projected intersects") << false << "intersects";
        QTest::newRow("projected within") << false << "within";
        QTest::newRow("lon/lat intersects") << true << "intersects";
        QTest::newRow("lon/lat within") << true << "within";
    }

    void areaWeightedAgainstPostgis()
    {
        QFETCH(bool, lonLat);
        QFETCH(QString, predicate);
        const Mapper m = lonLat ? &geographic : &projected;
        const int srid = lonLat ? 4326 : 32640;
        const auto polygons = wilayat(m);
        const auto overlay = blocks(m);
        load(polygons, overlay, srid);
        const auto input = makeLayer("wilayat", Crs::fromEpsg(srid), polygons, false);
        const auto census = makeLayer("blocks", Crs::fromEpsg(srid), overlay, true);
        const auto result = analysis::run("summary-by-location", {input, census},
            {{"weighting", "area"}, {"field", "pop"}, {"predicate", predicate.toStdString()}});
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), polygons.size());
        QCOMPARE(out.attributes().column("count").type(), FieldType::Real);

        const QString area = lonLat ? "ST_Area(%1::geography)" : "ST_Area(%1)";
        const QString fraction = predicate == "within"
            ? QString("1.0")
            : area.arg("ST_Intersection(a.geom, b.geom)") + " / " + area.arg("b.geom");
        const QString match = predicate == "within" ? "ST_Within(b.geom, a.geom)" : "ST_Intersects(a.geom, b.geom)";
        const QStringList rows = m_db.query(QString(
            "SELECT id, SUM(f), SUM(pop * f), SUM(CASE WHEN pop IS NOT NULL THEN f END), MIN(pop), MAX(pop) FROM ("
            "SELECT a.id, b.pop, %1 AS f FROM a JOIN b ON %2) x WHERE f > 0 GROUP BY id ORDER BY id")
                                                .arg(fraction, match));
        QVERIFY2(m_db.ok(), m_db.why());
        std::map<int, QStringList> want;
        for (const QString& r : rows)
            want[r.section('|', 0, 0).toInt()] = r.split('|');
        QVERIFY2(want.size() >= (predicate == "within" ? 4u : 8u), "too few polygons with overlaps to tell anything");
        const AttributeTable& t = out.attributes();
        bool fractional = false;
        for (std::size_t p = 0; p < polygons.size(); ++p) {
            const auto it = want.find(static_cast<int>(p));
            if (it == want.end()) {
                QCOMPARE(t.column("count").real(p), 0.0);
                QVERIFY(t.column("pop_sum").isNull(p));
                continue;
            }
            const QStringList& w = it->second;
            const double count = w[1].toDouble();
            fractional |= std::fabs(count - std::round(count)) > 1e-3;
            QVERIFY2(near(t.column("count").real(p), count, 1e-6),
                qPrintable(QString("polygon %1: count %2, PostGIS %3").arg(p).arg(t.column("count").real(p), 0, 'g', 17).arg(w[1])));
            if (w[2].isEmpty()) {
                QVERIFY(t.column("pop_sum").isNull(p));
                continue;
            }
            QVERIFY2(near(t.column("pop_sum").real(p), w[2].toDouble(), 1e-6),
                qPrintable(QString("polygon %1: sum %2, PostGIS %3").arg(p).arg(t.column("pop_sum").real(p), 0, 'g', 17).arg(w[2])));
            QVERIFY(near(t.column("pop_mean").real(p), w[2].toDouble() / w[3].toDouble(), 1e-6));
            QCOMPARE(t.column("pop_min").real(p), w[4].toDouble());
            QCOMPARE(t.column("pop_max").real(p), w[5].toDouble());
        }
        if (predicate == "intersects")
            QVERIFY2(fractional, "no polygon with a fractional count: the data do not test apportioning");
        // The block touching cell (2, 0) along an edge only contributes nothing, not even to min/max.
        QCOMPARE(result.invalid.size(), std::size_t(0));
    }

    void pointsRefusedAndInvalidNamed()
    {
        const auto input = makeLayer("wilayat", Crs::fromEpsg(32640), wilayat(&projected), false);
        const auto points = makeLayer("towns", Crs::fromEpsg(32640), {"POINT (500500 2500500)"}, true);
        try {
            (void)analysis::run("summary-by-location", {input, points}, {{"weighting", "area"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("overlay \"towns\", feature 1 is not a polygon"), e.what());
        }
        auto wkts = blocks(&projected);
        wkts.push_back("POLYGON ((500000 2500000, 501000 2501000, 501000 2500000, 500000 2501000, 500000 2500000))");
        const auto census = makeLayer("blocks", Crs::fromEpsg(32640), wkts, true);
        try {
            (void)analysis::run("summary-by-location", {input, census}, {{"weighting", "area"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains("\"blocks\"") && QString(e.what()).contains(QString::number(wkts.size())),
                e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = analysis::run("summary-by-location", {input, census}, {{"weighting", "area"}}, skip);
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        QCOMPARE(skipped.invalid[0].fid, static_cast<std::int64_t>(wkts.size()));
        const auto clean = analysis::run("summary-by-location",
            {input, makeLayer("blocks", Crs::fromEpsg(32640), blocks(&projected), true)}, {{"weighting", "area"}});
        for (std::size_t p = 0; p < input->size(); ++p)
            QCOMPARE(skipped.layer->attributes().column("count").real(p), clean.layer->attributes().column("count").real(p));
    }

    /// The list parameters parsed at run time refuse more than 1000 items (docs/analysis.md, "Parameter limits"),
    /// naming the parameter; 1000 items still parse.
    void listLimits()
    {
        const auto input = makeLayer("wilayat", Crs::fromEpsg(32640), wilayat(&projected), false);
        QStringList items;
        for (int k = 0; k < 1001; ++k)
            items << "name:count";
        const auto refused = [](const std::string& id, const analysis::RunInputs& in,
                                 const std::map<std::string, std::string>& params, const QString& message) {
            try {
                (void)analysis::run(id, in, params);
                return QString("no error");
            } catch (const Error& e) {
                return e.code() == ErrorCode::Argument && QString(e.what()).contains(message) ? QString() : QString(e.what());
            }
        };
        QString why = refused("dissolve", {input, nullptr}, {{"aggregates", items.join(',').toStdString()}},
            "dissolve: --aggregates: more than 1000 items");
        QVERIFY2(why.isEmpty(), qPrintable(why));
        items.removeLast();
        const auto ok = analysis::run("dissolve", {input, nullptr}, {{"aggregates", items.join(',').toStdString()}});
        QVERIFY(ok.layer->attributes().columnCount() >= 1000); // name_count, name_count_2, …
        const auto roads = makeLayer("roads", Crs::fromEpsg(32640), {"LINESTRING (500000 2500000, 501000 2500000)"}, false);
        const auto hubs = makeLayer("hubs", Crs::fromEpsg(32640), {"POINT (500000 2500000)"}, false);
        QStringList breaks;
        for (int k = 1; k <= 1001; ++k)
            breaks << QString::number(k);
        why = refused("isochrone", {roads, hubs}, {{"breaks", breaks.join(',').toStdString()}},
            "isochrone: --breaks: more than 1000 breaks");
        QVERIFY2(why.isEmpty(), qPrintable(why));
        why = refused("isochrone", {roads, hubs}, {{"breaks", "10"}, {"cost", "time"}, {"speeds", breaks.join(":5,").toStdString() + ":5"}},
            "isochrone: --speeds: more than 1000 classes");
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void sameOnOneThreadAndOnAllAndCancel()
    {
        const auto input = makeLayer("wilayat", Crs::fromEpsg(4326), wilayat(&geographic), false);
        const auto census = makeLayer("blocks", Crs::fromEpsg(4326), blocks(&geographic), true);
        const std::map<std::string, std::string> params{{"weighting", "area"}, {"field", "pop"}, {"predicate", "intersects"}};
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("summary-by-location", {input, census}, params, one);
        const auto b = analysis::run("summary-by-location", {input, census}, params);
        QCOMPARE(a.layer->size(), b.layer->size());
        for (std::size_t r = 0; r < a.layer->size(); ++r)
            for (const char* f : {"count", "pop_sum", "pop_mean", "pop_min", "pop_max"})
                QCOMPARE(a.layer->attributes().column(f).toString(r), b.layer->attributes().column(f).toString(r));

        analysis::RunOptions cancelled;
        std::atomic<int> reports{0};
        cancelled.feedback.progress = [&](double) {
            if (++reports == 1)
                cancelled.feedback.cancel.cancel();
        };
        try {
            (void)analysis::run("summary-by-location", {input, census}, params, cancelled);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestSummary)
#include "tst_summary.moc"
