// `gis analyse` for the aggregate group (dissolve) as a service scripts it: the real binary, run as a process.
// Oracle: SpatiaLite's ST_Union with SQL's sum/count (GEOS inside SQLite, through GDAL's SQLite dialect) over the
// same input, read back from what the command wrote; and the refusal messages, which must name the parameter,
// the field and the feature.

#include <QMap>
#include <cmath>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// Rows of an ogrinfo SQLite-dialect query: per feature, field name → value text.
QList<QMap<QString, QString>> sqlRows(const QString& file, const QString& sql)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", "-dialect", "sqlite", "-sql", sql, file});
    QList<QMap<QString, QString>> rows;
    const QRegularExpression field(R"(^\s+(\w+) \((?:Integer|Integer64|Real|String)\) = (.*)$)");
    for (const QString& line : QString::fromUtf8(r.out).split('\n')) {
        if (line.startsWith("OGRFeature("))
            rows.append(QMap<QString, QString>());
        else if (const auto m = field.match(line); m.hasMatch() && !rows.isEmpty())
            rows.last().insert(m.captured(1), m.captured(2));
    }
    return rows;
}

/// A 4 x 3 grid of 10-unit squares in GeoJSON: zone "w" for the west half, "e" for the east; pop = 10 * i + j.
QByteArray gridGeoJson()
{
    QByteArray s = R"({"type": "FeatureCollection", "features": [)";
    for (int j = 0; j < 3; ++j)
        for (int i = 0; i < 4; ++i) {
            const int x = 56 + i, y = 22 + j; // degrees: a lon/lat layer, as the sample data is
            s += QString(R"(%1{"type": "Feature", "properties": {"zone": "%2", "pop": %3, "name": "c%4%5"}, )"
                         R"("geometry": {"type": "Polygon", "coordinates": [[[%6, %7], [%8, %7], [%8, %9], [%6, %9], [%6, %7]]]}})")
                     .arg(i + j == 0 ? "" : ", ")
                     .arg(i < 2 ? "w" : "e")
                     .arg(10 * i + j)
                     .arg(i)
                     .arg(j)
                     .arg(x)
                     .arg(y)
                     .arg(x + 1)
                     .arg(y + 1)
                     .toUtf8();
        }
    return s + "]}";
}

} // namespace

class TestAnalyseAggregate : public QObject {
    Q_OBJECT

private slots:
    void dissolveAgainstSpatiaLite()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath("cells.geojson");
        gis::test::writeFile(in, gridGeoJson());
        const QString out = dir.filePath("d.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "dissolve", in, "-o", out, "--by", "zone", "--aggregates",
                                                     "pop:sum,name:count,name:first"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("dissolve: 12 features in, 2 out, written to"), r.out.constData());
        QVERIFY2(r.err.contains("2 of 2 groups unioned as a coverage"), r.err.constData());
        const auto expected = sqlRows(in, "SELECT zone, ST_Area(ST_Union(geometry)) AS a, sum(pop) AS s, count(name) AS n "
                                          "FROM cells GROUP BY zone ORDER BY min(pop)");
        const auto actual = sqlRows(out, "SELECT zone, ST_Area(geom) AS a, pop_sum AS s, name_count AS n, name_first AS f "
                                         "FROM cells_dissolved ORDER BY fid");
        QCOMPARE(actual.size(), 2);
        QCOMPARE(expected.size(), 2);
        for (int k = 0; k < 2; ++k) {
            QCOMPARE(actual[k]["zone"], expected[k]["zone"]);
            QVERIFY(std::fabs(actual[k]["a"].toDouble() - expected[k]["a"].toDouble()) <= 1e-9 * expected[k]["a"].toDouble());
            QCOMPARE(actual[k]["a"].toDouble(), 6.0);
            QCOMPARE(actual[k]["s"], expected[k]["s"]);
            QCOMPARE(actual[k]["n"], expected[k]["n"]);
        }
        QCOMPARE(actual[0]["f"], QString("c00")); // the first feature of group "w"
        QCOMPARE(actual[1]["f"], QString("c20"));
    }

    void dissolveTheSampleWilayat()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("d.geojson");
        const auto r = gis::test::runTool(kGis, {"analyse", "dissolve", kGpkg, "--layer", "wilayat", "-o", out,
                                                     "--aggregates", "name_en:count"});
        QCOMPARE(r.exitCode, 0);
        const auto expected = sqlRows(kGpkg, "SELECT ST_Area(ST_Union(geom)) AS a FROM wilayat");
        const auto actual = sqlRows(out, "SELECT ST_Area(geometry) AS a, name_en_count AS n FROM wilayat_dissolved");
        QCOMPARE(actual.size(), 1);
        QVERIFY2(std::fabs(actual[0]["a"].toDouble() - expected[0]["a"].toDouble()) <= 1e-9 * expected[0]["a"].toDouble(),
            qPrintable(actual[0]["a"] + " against " + expected[0]["a"]));
        QCOMPARE(actual[0]["n"], QString("9"));
    }

    void fieldCalculatorAgainstSqlite()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("f.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "field-calculator", kGpkg, "--layer", "wilayat", "-o", out,
                                                     "--field", "label", "--expression", "upper(name_en) || ' ' || synthetic"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("field-calculator: 9 features in, 9 out"), r.out.constData());
        const auto expected = sqlRows(kGpkg, "SELECT fid AS id, upper(name_en) || ' ' || synthetic AS label FROM wilayat ORDER BY fid");
        const auto actual = sqlRows(out, "SELECT fid AS id, label FROM wilayat ORDER BY fid");
        QCOMPARE(actual.size(), 9);
        for (int k = 0; k < 9; ++k)
            QCOMPARE(actual[k]["label"], expected[k]["label"]);
        const auto refused = gis::test::runTool(kGis, {"analyse", "field-calculator", kGpkg, "--layer", "wilayat", "-o",
                                                           dir.filePath("g.gpkg"), "--field", "x", "--expression", "nme_en"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("field-calculator: --expression: unknown field \"nme_en\" at column 1 — did you mean \"name_en\"?"),
            refused.err.constData());
    }

    /// Towns within governorates (the shared data) against SpatiaLite's ST_Within over the same two layers.
    void joinByLocationAgainstSpatiaLite()
    {
        QTemporaryDir dir;
        const QString towns = GIS_SHARED_DATA_DIR "/oman/towns.geojson";
        const QString governorates = GIS_SHARED_DATA_DIR "/oman/governorates.geojson";
        const QString both = dir.filePath("both.gpkg");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-f", "GPKG", both, towns, "-nln", "towns"}).exitCode, 0);
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-update", both, governorates, "-nln", "governorates"}).exitCode, 0);
        const QString out = dir.filePath("j.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "join-by-location", towns, "--overlay", governorates, "-o", out,
                                                     "--predicate", "within", "--overlay-fields", "code"});
        QCOMPARE(r.exitCode, 0);
        const auto expected = sqlRows(both, "SELECT t.fid AS id, (SELECT g.code FROM governorates g WHERE "
                                            "ST_Within(t.geom, g.geom) ORDER BY g.fid LIMIT 1) AS code FROM towns t ORDER BY t.fid");
        const auto actual = sqlRows(out, "SELECT fid AS id, code FROM towns_joined ORDER BY fid");
        QCOMPARE(actual.size(), 41);
        QCOMPARE(expected.size(), 41);
        int matched = 0;
        for (int k = 0; k < 41; ++k) {
            QCOMPARE(actual[k].value("code"), expected[k].value("code"));
            matched += actual[k].value("code") != "(null)";
        }
        QVERIFY(matched > 30);
        const auto refused = gis::test::runTool(kGis, {"analyse", "join-by-location", towns, "-o", dir.filePath("k.gpkg")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("join-by-location needs --overlay PATH"), refused.err.constData());
    }

    /// merge with --overlay repeated: every feature once, the layer field naming its source (counted by SQLite).
    void mergeRepeatedOverlay()
    {
        QTemporaryDir dir;
        const QString data = GIS_SHARED_DATA_DIR "/oman/";
        const QString out = dir.filePath("m.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "merge", data + "towns.geojson", "--overlay", data + "ports.geojson",
                                                     "--overlay", data + "airports.geojson", "-o", out, "--layer-name", "places"});
        QCOMPARE(r.exitCode, 0);
        const int towns = sqlRows(data + "towns.geojson", "SELECT count(*) AS n FROM towns").value(0).value("n").toInt();
        const auto counts = sqlRows(out, "SELECT layer, count(*) AS n FROM places GROUP BY layer ORDER BY min(fid)");
        QCOMPARE(counts.size(), 3);
        QCOMPARE(counts[0].value("layer"), QString("towns"));
        QCOMPARE(counts[0].value("n").toInt(), towns);
        const auto none = gis::test::runTool(kGis, {"analyse", "merge", data + "towns.geojson", "-o", dir.filePath("n.gpkg")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("merge needs --overlay PATH, once per further layer"), none.err.constData());
    }

    /// summary-by-location --weighting area on projected cells and overlapping "census blocks" (one layer each of a
    /// GeoPackage) against SpatiaLite: per cell, Σ pop × ST_Area(ST_Intersection) / ST_Area(block), the sum of the
    /// fractions as count, and min/max over the blocks that overlap it. A point overlay is refused, named.
    void summaryAreaWeightedAgainstSpatiaLite()
    {
        QTemporaryDir dir;
        QByteArray cells = R"({"type": "FeatureCollection", "features": [)";
        for (int k = 0; k < 12; ++k) {
            const int x = 500000 + (k % 4) * 1000, y = 2500000 + (k / 4) * 1000;
            cells += QString(R"(%1{"type": "Feature", "properties": {"name": "c%2"}, "geometry": {"type": "Polygon", )"
                             R"("coordinates": [[[%3, %4], [%5, %4], [%5, %6], [%3, %6], [%3, %4]]]}})")
                         .arg(k == 0 ? "" : ", ").arg(k).arg(x).arg(y).arg(x + 1000).arg(y + 1000).toUtf8();
        }
        QByteArray blocks = R"({"type": "FeatureCollection", "features": [)";
        for (int k = 0; k < 9; ++k) {
            const double x = 499700 + k * 470.5, y = 2500150 + (k * 733) % 2600, w = 300 + (k * 91) % 500, h = 250 + (k * 57) % 400;
            const QString pop = k == 4 ? QString("null") : QString::number(1000 + k * 137);
            blocks += QString(R"(%1{"type": "Feature", "properties": {"pop": %2}, "geometry": {"type": "Polygon", )"
                              R"("coordinates": [[[%3, %4], [%5, %4], [%5, %6], [%3, %6], [%3, %4]]]}})")
                          .arg(k == 0 ? "" : ", ").arg(pop).arg(x, 0, 'f', 1).arg(y).arg(x + w, 0, 'f', 1).arg(y + h).toUtf8();
        }
        gis::test::writeFile(dir.filePath("cells.geojson"), cells + "]}");
        gis::test::writeFile(dir.filePath("blocks.geojson"), blocks + "]}");
        const QString both = dir.filePath("census.gpkg");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-f", "GPKG", both, dir.filePath("cells.geojson"), "-nln", "cells",
                                                   "-s_srs", "EPSG:32640", "-t_srs", "EPSG:32640"}).exitCode, 0);
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-update", both, dir.filePath("blocks.geojson"), "-nln", "blocks",
                                                   "-s_srs", "EPSG:32640", "-t_srs", "EPSG:32640"}).exitCode, 0);
        const QString out = dir.filePath("s.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "summary-by-location", both, "--layer", "cells", "--overlay", both,
                                                     "--overlay-layer", "blocks", "-o", out, "--weighting", "area",
                                                     "--predicate", "intersects", "--field", "pop"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("summary-by-location: 12 features in, 12 out"), r.out.constData());
        const QString f = "ST_Area(ST_Intersection(c.geom, b.geom)) / ST_Area(b.geom)";
        const auto expected = sqlRows(both, "SELECT c.fid AS id, sum(" + f + ") AS n, sum(b.pop * " + f + ") AS s, "
                                            "min(b.pop) AS lo, max(b.pop) AS hi FROM cells c JOIN blocks b ON "
                                            "ST_Area(ST_Intersection(c.geom, b.geom)) > 0 GROUP BY c.fid ORDER BY c.fid");
        const auto actual = sqlRows(out, "SELECT fid AS id, count AS n, pop_sum AS s, pop_min AS lo, pop_max AS hi "
                                         "FROM cells_summary WHERE count > 0 ORDER BY fid");
        QVERIFY(expected.size() >= 6);
        QCOMPARE(actual.size(), expected.size());
        bool fractional = false;
        for (int k = 0; k < expected.size(); ++k) {
            QCOMPARE(actual[k]["id"], expected[k]["id"]);
            for (const char* c : {"n", "s"}) {
                const double a = actual[k][c].toDouble(), e = expected[k][c].toDouble();
                QVERIFY2(std::fabs(a - e) <= 1e-9 * std::fabs(e), qPrintable(actual[k][c] + " vs " + expected[k][c]));
            }
            QCOMPARE(actual[k]["lo"].toDouble(), expected[k]["lo"].toDouble());
            QCOMPARE(actual[k]["hi"].toDouble(), expected[k]["hi"].toDouble());
            fractional |= std::fabs(actual[k]["n"].toDouble() - std::round(actual[k]["n"].toDouble())) > 1e-3;
        }
        QVERIFY(fractional);
        const QString data = GIS_SHARED_DATA_DIR "/oman/";
        const auto refused = gis::test::runTool(kGis, {"analyse", "summary-by-location", data + "governorates.geojson",
                                                           "--overlay", data + "towns.geojson", "-o", dir.filePath("t.gpkg"),
                                                           "--weighting", "area"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--weighting area needs polygons, and overlay \"towns\", feature 0 is not a polygon"),
            refused.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("t.gpkg")));
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("exitCode"); // gis's main: 2 for an argument error, 1 for the others (a field: Query)
        QTest::newRow("aggregate field") << QStringList{"--aggregates", "nme_en:concat"}
                                         << "dissolve: --aggregates \"nme_en:concat\": unknown field \"nme_en\" in layer \"wilayat\" — did you mean \"name_en\"?"
                                         << 1;
        QTest::newRow("aggregate") << QStringList{"--aggregates", "name_en:sun"} << "unknown aggregate \"sun\"" << 2;
        QTest::newRow("by") << QStringList{"--by", "synthetc"} << "did you mean \"synthetic\"?" << 1;
        QTest::newRow("text sum") << QStringList{"--aggregates", "name_en:sum"} << "and sum needs numbers" << 2;
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(int, exitCode);
        QTemporaryDir dir;
        const QString out = dir.filePath("d.gpkg");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse", "dissolve", kGpkg, "--layer", "wilayat", "-o", out} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void invalidFeatureIsNamed()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath("bad.geojson");
        gis::test::writeFile(in, R"({"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": 1, "properties": {"zone": "a"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
            {"type": "Feature", "id": 2, "properties": {"zone": "a"}, "geometry": {"type": "Polygon", "coordinates": [[[1, 0], [2, 1], [2, 0], [1, 1], [1, 0]]]}}]})");
        const QString out = dir.filePath("d.gpkg");
        const auto stop = gis::test::runTool(kGis, {"analyse", "dissolve", in, "-o", out, "--by", "zone"});
        QCOMPARE(stop.exitCode, 1); // Error(Geometry)
        QVERIFY2(stop.err.contains("layer \"bad\", feature 2: Self-intersection"), stop.err.constData());
        QVERIFY(!QFile::exists(out));
        const auto repair = gis::test::runTool(kGis, {"analyse", "dissolve", in, "-o", out, "--by", "zone", "--invalid", "repair"});
        QCOMPARE(repair.exitCode, 0);
        QVERIFY2(repair.err.contains("layer \"bad\", feature 2: Self-intersection") && repair.err.contains("(repaired)"),
            repair.err.constData());
        const auto area = sqlRows(out, "SELECT ST_Area(geom) AS a FROM bad_dissolved");
        QCOMPARE(area.size(), 1);
        QCOMPARE(area[0]["a"].toDouble(), 1.5); // the square and the bow-tie's two triangles (0.25 each)
    }
};

QTEST_GUILESS_MAIN(TestAnalyseAggregate)
#include "tst_analyseaggregate.moc"
