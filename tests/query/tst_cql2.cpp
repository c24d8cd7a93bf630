// gis::compileCql2 (CQL2 text onto the expression engine). Every case of the table is checked two ways on the
// sample geodatabase: the CQL2 filter selects exactly the features (a) of the equivalent expression compiled by
// gis::Expression::compile (what `gis query --where` runs) and (b) of an independent oracle, SQLite itself
// (`sqlite3` on the GeoPackage) for attributes and SpatiaLite (`spatialite`, ST_Intersects/ST_Within/... on
// GeomFromGPB(geom), ST_Transform for other CRSs) for spatial predicates. Then axis order (CRS84 vs EPSG:4326),
// errors with their columns, quotes in names and strings, the nesting limit on 10,000 parentheses, and the
// spatial predicates on many threads against brute force.

#include <QtTest>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/query/cql2.h"
#include "gis/query/expression.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kSample = QStringLiteral(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg");
const char* const kBox = "POLYGON((57.5 22.9, 57.6 22.9, 57.6 23.0, 57.5 23.0, 57.5 22.9))";
const char* const kBoxLatLon = "POLYGON((22.9 57.5, 22.9 57.6, 23.0 57.6, 23.0 57.5, 22.9 57.5))";

std::vector<std::int64_t> fidsOf(const Layer& layer, const std::vector<std::uint32_t>& rows)
{
    std::vector<std::int64_t> fids;
    for (const std::uint32_t r : rows)
        fids.push_back(layer.fid(r));
    std::sort(fids.begin(), fids.end());
    return fids;
}

// fids from the oracle's CLI: one integer a line.
std::vector<std::int64_t> oracleFids(const QString& tool, const QString& sql, const QString& db = kSample)
{
    const test::ToolResult r = test::runTool(tool, {"-batch", db, sql});
    if (r.exitCode != 0)
        qFatal("%s failed: %s", qPrintable(tool), r.err.constData());
    std::vector<std::int64_t> fids;
    for (const QByteArray& line : r.out.split('\n'))
        if (!line.trimmed().isEmpty())
            fids.push_back(line.trimmed().toLongLong());
    std::sort(fids.begin(), fids.end());
    return fids;
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

class TestCql2 : public QObject {
    Q_OBJECT

private:
    std::map<QString, std::shared_ptr<const Layer>> m_layers;

    const Layer& layer(const QString& name)
    {
        auto& l = m_layers[name];
        if (!l)
            l = readLayer(kSample.toStdString(), name.toStdString());
        return *l;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(test::haveTool("sqlite3"));
        QVERIFY(test::haveTool("spatialite"));
    }

    void againstExpressionAndSqlite_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("cql");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("sql"); // WHERE clause for sqlite3 (LIKE case-sensitive)
        auto row = [](const char* tag, const char* t, const char* c, const char* e, const char* s) {
            QTest::newRow(tag) << t << QString::fromUtf8(c) << QString::fromUtf8(e) << QString::fromUtf8(s);
        };
        row("=", "projects", "status = 'in_progress'", "status = 'in_progress'", "status = 'in_progress'");
        row("<>", "projects", "status <> 'completed'", "status <> 'completed'", "status <> 'completed'");
        row("<", "inspections", "score < 50", "score < 50", "score < 50");
        row("<=", "inspections", "score <= 50", "score <= 50", "score <= 50");
        row(">", "projects", "budget_omr > 500000", "budget_omr > 500000", "budget_omr > 500000");
        row(">= real", "projects", "budget_omr >= 1.5e5", "budget_omr >= 1.5e5", "budget_omr >= 1.5e5");
        row("arabic", "projects", "status_ar = 'قيد التنفيذ'", "status_ar = 'قيد التنفيذ'", "status_ar = 'قيد التنفيذ'");
        row("quoted property", "projects", "\"category_ar\" = 'صحة'", "category_ar = 'صحة'", "category_ar = 'صحة'");
        row("AND OR precedence", "projects", "status = 'completed' OR status = 'planned' AND budget_omr > 100000",
            "status = 'completed' OR status = 'planned' AND budget_omr > 100000",
            "status = 'completed' OR status = 'planned' AND budget_omr > 100000");
        row("parentheses", "projects", "(status = 'completed' OR status = 'planned') AND budget_omr > 100000",
            "(status = 'completed' OR status = 'planned') AND budget_omr > 100000",
            "(status = 'completed' OR status = 'planned') AND budget_omr > 100000");
        row("NOT", "projects", "NOT status = 'completed'", "NOT status = 'completed'", "NOT status = 'completed'");
        row("IS NULL", "inspections", "follow_up_date IS NULL", "follow_up_date IS NULL", "follow_up_date IS NULL");
        row("IS NOT NULL", "inspections", "hygiene IS NOT NULL AND score < 60", "hygiene IS NOT NULL AND score < 60", "hygiene IS NOT NULL AND score < 60");
        row("LIKE", "towns", "name_en LIKE 'B%'", "name_en LIKE 'B%'", "name_en LIKE 'B%'");
        row("LIKE _", "towns", "name_en LIKE '_uscat'", "name_en LIKE '_uscat'", "name_en LIKE '_uscat'");
        row("LIKE case", "towns", "name_en LIKE '%s%'", "name_en LIKE '%s%'", "name_en LIKE '%s%'");
        row("NOT LIKE", "towns", "name_en NOT LIKE '%a'", "name_en NOT LIKE '%a'", "name_en NOT LIKE '%a'");
        row("LIKE arabic", "wilayat", "name_ar LIKE 'ال%'", "name_ar LIKE 'ال%'", "name_ar LIKE 'ال%'");
        row("BETWEEN", "projects", "progress_pct BETWEEN 40 AND 60", "progress_pct BETWEEN 40 AND 60",
            "progress_pct BETWEEN 40 AND 60");
        row("NOT BETWEEN", "projects", "progress_pct NOT BETWEEN 40 AND 60", "progress_pct NOT BETWEEN 40 AND 60",
            "progress_pct NOT BETWEEN 40 AND 60");
        row("IN", "parcels", "land_use IN ('agricultural', 'mixed')", "land_use IN ('agricultural', 'mixed')",
            "land_use IN ('agricultural', 'mixed')");
        row("NOT IN", "parcels", "land_use NOT IN ('agricultural', 'mixed')",
            "land_use NOT IN ('agricultural', 'mixed')", "land_use NOT IN ('agricultural', 'mixed')");
        row("DATE", "inspections", "inspection_date >= DATE('2025-03-01')", "inspection_date >= date '2025-03-01'",
            "inspection_date >= '2025-03-01'");
        row("DATE <", "projects", "finish_date < DATE('2027-01-01') AND status <> 'completed'",
            "finish_date < date '2027-01-01' AND status <> 'completed'",
            "finish_date < '2027-01-01' AND status <> 'completed'");
        row("CASEI", "towns", "CASEI(name_en) = CASEI('MUSCAT')", "lower(name_en) = lower('MUSCAT')",
            "lower(name_en) = 'muscat'");
        row("CASEI LIKE", "towns", "CASEI(name_en) LIKE CASEI('BAH%')", "name_en ILIKE 'bah%'",
            "lower(name_en) LIKE 'bah%'");
        row("negative number", "inspections", "score > -1 AND score < 30", "score > -1 AND score < 30", "score > -1 AND score < 30");
    }

    void againstExpressionAndSqlite()
    {
        QFETCH(QString, table);
        QFETCH(QString, cql);
        QFETCH(QString, expression);
        QFETCH(QString, sql);
        const Layer& l = layer(table);
        const auto ours = fidsOf(l, compileCql2(cql.toStdString(), l).filter());
        const auto engine = fidsOf(l, Expression::compile(expression.toStdString(), l).filter());
        const auto sqlite = oracleFids(
            "sqlite3", "PRAGMA case_sensitive_like = ON; SELECT fid FROM " + table + " WHERE " + sql + ";");
        QCOMPARE(ours, engine);
        QCOMPARE(ours, sqlite);
        // Each case selects some features and leaves some, so a filter that keeps all or none fails.
        QVERIFY2(!ours.empty() && ours.size() < l.size(), qPrintable(QString::number(ours.size())));
    }

    void spatialAgainstSpatialite_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("cql");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("sql");
        const QString box = kBox;
        const QString g = "GeomFromText('" + box + "', 4326)";
        auto row = [&](const char* tag, const char* t, QString c, QString e, QString s) {
            QTest::newRow(tag) << t << c << e << s;
        };
        row("S_INTERSECTS polygons", "parcels", "S_INTERSECTS(geometry, " + box + ")",
            "intersects($geometry, geom_from_wkt('" + box + "'))", "ST_Intersects(GeomFromGPB(geom), " + g + ")");
        row("S_WITHIN polygons", "parcels", "S_WITHIN(geom, " + box + ")",
            "within($geometry, geom_from_wkt('" + box + "'))", "ST_Within(GeomFromGPB(geom), " + g + ")");
        row("S_INTERSECTS lines", "roads", "S_INTERSECTS(geometry, " + box + ")",
            "intersects($geometry, geom_from_wkt('" + box + "'))", "ST_Intersects(GeomFromGPB(geom), " + g + ")");
        const QString big = "POLYGON((57.4 22.8, 57.7 22.8, 57.7 23.1, 57.4 23.1, 57.4 22.8))";
        row("S_WITHIN lines", "roads", "S_WITHIN(geometry, " + big + ")",
            "within($geometry, geom_from_wkt('" + big + "'))", "ST_Within(GeomFromGPB(geom), GeomFromText('" + big + "', 4326))");
        row("S_CROSSES lines", "roads", "S_CROSSES(geometry, " + box + ")",
            "crosses($geometry, geom_from_wkt('" + box + "'))", "ST_Crosses(GeomFromGPB(geom), " + g + ")");
        row("S_OVERLAPS polygons", "parcels", "S_OVERLAPS(geometry, " + box + ")",
            "overlaps($geometry, geom_from_wkt('" + box + "'))", "ST_Overlaps(GeomFromGPB(geom), " + g + ")");
        row("GEOMETRYCOLLECTION", "parcels",
            "S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(57.53 22.93), LINESTRING(57.5 22.9, 57.6 23.0)))",
            "intersects($geometry, geom_from_wkt('GEOMETRYCOLLECTION(POINT(57.53 22.93), LINESTRING(57.5 22.9, 57.6 23.0))'))",
            "ST_Intersects(GeomFromGPB(geom), GeomFromText('GEOMETRYCOLLECTION(POINT(57.53 22.93), LINESTRING(57.5 22.9, 57.6 23.0))', 4326))");
        row("S_DISJOINT points", "inspections", "S_DISJOINT(geometry, " + box + ")",
            "disjoint($geometry, geom_from_wkt('" + box + "'))", "ST_Disjoint(GeomFromGPB(geom), " + g + ")");
        row("BBOX", "parcels", "S_INTERSECTS(geometry, BBOX(57.5, 22.9, 57.6, 23.0))",
            "intersects($geometry, geom_from_wkt('" + box + "'))", "ST_Intersects(GeomFromGPB(geom), " + g + ")");
        row("literal first", "wilayat", "S_WITHIN(POINT(57.53 22.93), geometry)",
            "contains($geometry, geom_from_wkt('POINT(57.53 22.93)'))",
            "ST_Within(GeomFromText('POINT(57.53 22.93)', 4326), GeomFromGPB(geom))");
        row("S_CONTAINS point", "wilayat", "S_CONTAINS(geometry, POINT(57.53 22.93))",
            "contains($geometry, geom_from_wkt('POINT(57.53 22.93)'))",
            "ST_Contains(GeomFromGPB(geom), GeomFromText('POINT(57.53 22.93)', 4326))");
        row("with attributes", "parcels",
            "S_INTERSECTS(geometry, " + box + ") AND land_use = 'agricultural' OR NOT S_INTERSECTS(geometry, " + box + ")",
            "intersects($geometry, geom_from_wkt('" + box + "')) AND land_use = 'agricultural' OR NOT "
            "intersects($geometry, geom_from_wkt('" + box + "'))",
            "ST_Intersects(GeomFromGPB(geom), " + g + ") AND land_use = 'agricultural' OR NOT ST_Intersects("
            "GeomFromGPB(geom), " + g + ")");
    }

    void spatialAgainstSpatialite()
    {
        QFETCH(QString, table);
        QFETCH(QString, cql);
        QFETCH(QString, expression);
        QFETCH(QString, sql);
        const Layer& l = layer(table);
        const auto ours = fidsOf(l, compileCql2(cql.toStdString(), l).filter());
        const auto engine = fidsOf(l, Expression::compile(expression.toStdString(), l).filter());
        const auto spatialite = oracleFids("spatialite", "SELECT fid FROM " + table + " WHERE " + sql + ";");
        QCOMPARE(ours, engine);
        QCOMPARE(ours, spatialite);
        QVERIFY2(!ours.empty() && ours.size() < l.size(), qPrintable(QString::number(ours.size())));
    }

    // EPSG:4326 is latitude first (OGC API – Features Part 2), CRS84 longitude first; UTM is reprojected.
    void filterCrs()
    {
        const Layer& l = layer("parcels");
        const auto crs84 = fidsOf(l, compileCql2(std::string("S_INTERSECTS(geometry, ") + kBox + ")", l).filter());
        const auto latLon = fidsOf(
            l, compileCql2(std::string("S_INTERSECTS(geometry, ") + kBoxLatLon + ")", l, Crs::fromEpsg(4326)).filter());
        const auto bboxLatLon =
            fidsOf(l, compileCql2("S_INTERSECTS(geometry, BBOX(22.9, 57.5, 23.0, 57.6))", l, Crs::fromEpsg(4326)).filter());
        QVERIFY(!crs84.empty());
        QCOMPARE(latLon, crs84);
        QCOMPARE(bboxLatLon, crs84);
        // The same numbers read lon/lat as CRS84 land nowhere near the data.
        QVERIFY(compileCql2(std::string("S_INTERSECTS(geometry, ") + kBoxLatLon + ")", l).filter().empty());

        const char* utm = "POLYGON((545000 2535000, 560000 2535000, 560000 2545000, 545000 2545000, 545000 2535000))";
        const auto ours = fidsOf(l, compileCql2(std::string("S_INTERSECTS(geometry, ") + utm + ")", l,
                                                Crs::fromEpsg(32640)).filter());
        // The GeoPackage has no SpatiaLite CRS table: attached to an in-memory database, which has one.
        const auto spatialite = oracleFids(
            "spatialite",
            QString("ATTACH '%1' AS g; SELECT fid FROM g.parcels WHERE ST_Intersects(GeomFromGPB(geom), "
                    "ST_Transform(GeomFromText('%2', 32640), 4326));").arg(kSample, utm),
            ":memory:");
        QVERIFY(!ours.empty());
        QCOMPARE(ours, spatialite);
    }

    // Names and strings are data: quotes in them never end them, whatever follows.
    void quotesStayInside()
    {
        AttributeTable t;
        t.addColumn("a\"b", FieldType::String);
        t.addColumn("x'y", FieldType::Integer);
        const char* values[] = {"it's", "a\"b", "'; DROP TABLE x; --"};
        GeometryColumn g;
        for (int r = 0; r < 3; ++r) {
            t.column(std::size_t(0)).appendString(values[r]);
            t.column(std::size_t(1)).appendInteger(r);
            g.appendPoint(57.5 + r * 0.01, 22.9);
        }
        const Layer l("q", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
        QCOMPARE(compileCql2("\"a\"\"b\" = 'it''s'", l).filter(), std::vector<std::uint32_t>{0});
        QCOMPARE(compileCql2("\"a\"\"b\" = 'it\\'s'", l).filter(), std::vector<std::uint32_t>{0});
        QCOMPARE(compileCql2("\"a\"\"b\" = 'a\"b'", l).filter(), std::vector<std::uint32_t>{1});
        QCOMPARE(compileCql2("\"a\"\"b\" = '''; DROP TABLE x; --'", l).filter(), std::vector<std::uint32_t>{2});
        QCOMPARE(compileCql2("\"x'y\" >= 1", l).filter(), (std::vector<std::uint32_t>{1, 2}));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("cql");
        QTest::addColumn<QString>("message");
        auto row = [](const char* c, const char* m) { QTest::newRow(c) << QString::fromUtf8(c) << QString::fromUtf8(m); };
        row("stauts = 'x'", "CQL2: unknown property \"stauts\" at column 1 \u2014 did you mean \"status\"?");
        row("status = ", "CQL2: expected a property name or a value instead of the end of the filter at column 10");
        row("status = 'x", "CQL2: unterminated string (a ' is missing) at column 10");
        row("status 'x'", "CQL2: expected a comparison operator, LIKE, BETWEEN, IN or IS after \"status\" instead of "
                          "\"'x'\" at column 8");
        row("(status = 'x'", "CQL2: expected \")\" instead of the end of the filter at column 14 \u2014 to close \"(\" at column 1");
        row("budget_omr = 'x'", "CQL2: cannot compare a number with text at column 12 \u2014 text values need quotes on both sides or none");
        row("status_ar = 'قيد' AND بلا = 1", "CQL2: unknown property \"بلا\" at column 23");
        row("status IS 5", "CQL2: expected NULL instead of \"5\" at column 11 \u2014 write IS NULL or IS NOT NULL");
        row("finish_date > DATE('2025-13-01')", "CQL2: '2025-13-01' is not a date at column 20 \u2014 write DATE('YYYY-MM-DD')");
        row("S_INTERSECTS(geometry, POLYGON((1 2, 3 4)", "CQL2: unterminated geometry: a \")\" is missing at column 42 \u2014 to close the geometry at column 24");
        row("S_INTERSECTS(status, POINT(1 2))", "CQL2: property \"status\" is not a geometry at column 14 \u2014 the layer's geometry is \"geometry\"");
        row("geometry = 1", "CQL2: the geometry \"geometry\" can only be compared with spatial functions at column 1 \u2014 for example S_INTERSECTS(geometry, BBOX(57.4, 22.8, 57.7, 23.0))");
        row("status = 'a' ! status = 'b'", "CQL2: unexpected character \"!\" at column 14 \u2014 write <> for \"not equal\"");
        row("", "CQL2: empty filter at column 1");
    }

    void errors()
    {
        QFETCH(QString, cql);
        QFETCH(QString, message);
        const Layer& l = layer("projects");
        QCOMPARE(QString::fromStdString(errorOf([&] { (void)compileCql2(cql.toStdString(), l); })), message);
    }

    void limits()
    {
        const Layer& l = layer("projects");
        const std::string deep = std::string(10000, '(') + "status = 'x'" + std::string(10000, ')');
        QVERIFY(QString::fromStdString(errorOf([&] { (void)compileCql2(deep, l); }))
                    .startsWith("CQL2: filter too deeply nested (more than 100 levels) at column 101"));
        std::string nots;
        for (int i = 0; i < 10000; ++i)
            nots += "NOT ";
        QVERIFY(QString::fromStdString(errorOf([&] { (void)compileCql2(nots + "status = 'x'", l); }))
                    .contains("too deeply nested"));
        const std::string inDeep = "status IN (" + std::string(10000, '(');
        QVERIFY(!errorOf([&] { (void)compileCql2(inDeep, l); }).empty());
        // 99 levels are accepted; a 10,000-term OR chain is not nesting.
        const std::string ok = std::string(99, '(') + "status = 'planned'" + std::string(99, ')');
        QCOMPARE(compileCql2(ok, l).filter(), Expression::compile("status = 'planned'", l).filter());
        std::string chain = "status = 'planned'";
        for (int i = 0; i < 10000; ++i)
            chain += " OR progress_pct = " + std::to_string(1000 + i);
        QCOMPARE(compileCql2(chain, l).filter(), Expression::compile("status = 'planned'", l).filter());
        const std::string huge(std::size_t(3) << 20, ' ');
        QCOMPARE(QString::fromStdString(errorOf([&] { (void)compileCql2(huge, l); })),
                 QString("CQL2: filter too long: 3145728 bytes, more than the limit of 2 MiB"));
    }

    // The expression language's side: a spatial predicate compares $geometry with a constant; neither has a
    // value of its own.
    void spatialExpressionErrors_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        auto row = [](const char* e, const char* m) { QTest::newRow(e) << QString(e) << QString::fromUtf8(m); };
        row("$geometry = 1", "$geometry can only be an argument of a spatial predicate at column 1 \u2014 for example "
                             "intersects($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
        row("geom_from_wkt('POINT (1 2)') IS NULL", "geom_from_wkt() can only be an argument of a spatial predicate at "
                                                   "column 1 \u2014 for example intersects($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
        row("intersects($geometry, $geometry)", "intersects() compares the layer's $geometry with a constant geometry at "
                                               "column 1 \u2014 for example intersects($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
        row("within($geometry, geom_from_wkt(status))", "geom_from_wkt() takes one text literal here at column 19 \u2014 "
                                                       "the Well-Known Text of a geometry in the layer's CRS, for example 'POINT (57.53 22.93)'");
        row("within($geometry, geom_from_wkt('POLYGON ((0 0, 1 0, 1 1, 0 1))'))",
            "invalid geometry (GEOS: IllegalArgumentException: Points of LinearRing do not form a closed linestring) at column 33");
        row("intersects($geometry)", "intersects() takes 2 arguments, not 1 at column 1");
    }

    void spatialExpressionErrors()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        const Layer& l = layer("projects");
        QCOMPARE(QString::fromStdString(errorOf([&] { (void)Expression::compile(expression.toStdString(), l); })),
                 message);
    }

    // Above 100,000 rows filter() runs on two threads, each borrowing its own prepared geometry: the result
    // equals brute force (points strictly inside the box; none lies on its edges).
    void spatialOnManyThreads()
    {
        std::mt19937_64 rng(15);
        std::uniform_real_distribution<double> x(57.0, 58.0), y(22.5, 23.5);
        GeometryColumn g;
        AttributeTable t;
        t.addColumn("n", FieldType::Integer);
        std::vector<std::uint32_t> expected;
        for (std::uint32_t i = 0; i < 300000; ++i) {
            const double px = x(rng), py = y(rng);
            g.appendPoint(px, py);
            t.column(std::size_t(0)).appendInteger(i);
            if (px > 57.5 && px < 57.6 && py > 22.9 && py < 23.0)
                expected.push_back(i);
        }
        const Layer l("points", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
        QVERIFY(expected.size() > 1000);
        QCOMPARE(compileCql2(std::string("S_WITHIN(geometry, ") + kBox + ")", l).filter(), expected);
        QCOMPARE(compileCql2("S_INTERSECTS(geometry, BBOX(57.5, 22.9, 57.6, 23.0))", l).filter(), expected);
    }
};

QTEST_GUILESS_MAIN(TestCql2)
#include "tst_cql2.moc"
