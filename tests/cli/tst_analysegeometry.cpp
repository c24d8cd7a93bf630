// `gis analyse` with the geometry tools (fix-geometries, explode, simplify, hulls, voronoi, delaunay, densify,
// reproject), run as a process. Oracles: SpatiaLite
// (GEOS inside SQLite, through ogrinfo's SQLite dialect) reads what the command wrote — ST_IsValid and ST_Area of the
// repairs, ST_NumGeometries of the input for explode, ST_Simplify / ST_SimplifyPreserveTopology on the input for
// simplify, ST_ConvexHull and ST_Envelope of ST_Collect per group for the hulls, ST_Contains and
// DelaunayTriangulation for voronoi and delaunay; ogr2ogr -t_srs for reproject — and the refusals name the parameter.

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// The named numeric columns per feature id of a SELECT by ogrinfo's SQLite dialect ("fid AS id" names the feature;
/// the one row of an aggregate is feature 0).
QMap<qint64, QMap<QString, double>> rowsBySql(const QString& file, const QString& sql)
{
    const auto r = gis::test::runTool("ogrinfo", {"-q", "-dialect", "sqlite", "-sql", sql, file});
    QMap<qint64, QMap<QString, double>> out;
    qint64 current = -1;
    const QRegularExpression feature(R"(^OGRFeature\(SELECT\):(\d+)$)");
    const QRegularExpression value(R"(^\s+(\w+) \((?:Real|Integer|Integer64)\) = ([-\d.e+]+)$)");
    for (const QString& line : QString::fromUtf8(r.out).split('\n')) {
        if (const auto m = feature.match(line); m.hasMatch())
            current = m.captured(1).toLongLong();
        else if (const auto v = value.match(line); v.hasMatch() && current >= 0)
            out[current][v.captured(1)] = v.captured(2).toDouble();
    }
    return out;
}

} // namespace

class TestAnalyseGeometry : public QObject {
    Q_OBJECT

private slots:
    void fixGeometriesRepairsAndReports()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath("parcels.geojson");
        gis::test::writeFile(in, R"({"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"properties":{"name":"square"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
{"type":"Feature","id":2,"properties":{"name":"bow-tie"},"geometry":{"type":"Polygon","coordinates":[[[20,0],[30,10],[30,0],[20,10],[20,0]]]}},
{"type":"Feature","id":3,"properties":{"name":"collapsed"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[20,0],[0,0]]]}}
]})");
        const QString out = dir.filePath("fixed.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "fix-geometries", in, "-o", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("fix-geometries: 3 features in, 2 out"), r.out.constData());
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains("feature 2: Self-intersection") && err.contains("(repaired)"), r.err.constData());
        QVERIFY2(err.contains("feature 3") && err.contains("left nothing"), r.err.constData());
        const auto rows = rowsBySql(out, "SELECT fid AS id, ST_IsValid(geom) AS valid, ST_Area(geom) AS area FROM parcels_fixed");
        QCOMPARE(rows.keys(), (QList<qint64>{1, 2}));
        QCOMPARE(rows[1]["valid"], 1.0);
        QCOMPARE(rows[2]["valid"], 1.0);
        QCOMPARE(rows[1]["area"], 100.0);
        QCOMPARE(rows[2]["area"], 50.0); // the bow-tie's two triangles

        const QString kept = dir.filePath("kept.gpkg");
        const auto k = gis::test::runTool(kGis, {"analyse", "fix-geometries", in, "-o", kept, "--keep-collapsed"});
        QCOMPARE(k.exitCode, 0);
        QVERIFY2(k.out.startsWith("fix-geometries: 3 features in, 3 out"), k.out.constData());
    }

    void explodeAgainstSpatiaLite()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("parts.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "explode", kGpkg, "--layer", "wilayat", "-o", out});
        QCOMPARE(r.exitCode, 0);
        const auto parts = rowsBySql(kGpkg, "SELECT 1 AS id, SUM(ST_NumGeometries(geom)) AS n, SUM(ST_Area(geom)) AS area FROM wilayat");
        const auto ours = rowsBySql(out, "SELECT 1 AS id, COUNT(*) AS n, SUM(ST_Area(geom)) AS area, MAX(ST_NumGeometries(geom)) AS most, "
                                         "MIN(part) AS first FROM wilayat_parts");
        QVERIFY(parts[0]["n"] >= 9);
        QCOMPARE(ours[0]["n"], parts[0]["n"]);
        QCOMPARE(ours[0]["most"], 1.0);
        QCOMPARE(ours[0]["first"], 1.0);
        QVERIFY(std::abs(ours[0]["area"] - parts[0]["area"]) <= 1e-12 * parts[0]["area"]);
        const auto info = gis::test::runTool("ogrinfo", {"-so", out, "wilayat_parts"});
        QVERIFY2(info.out.contains("Geometry: Polygon") && info.out.contains("name_en: String") && info.out.contains("part: Integer"),
            info.out.constData());
    }

    void simplifyAgainstSpatiaLite_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("function");
        QTest::newRow("topology-preserving") << "topology-preserving" << "ST_SimplifyPreserveTopology";
        QTest::newRow("douglas-peucker") << "douglas-peucker" << "ST_Simplify";
    }

    void simplifyAgainstSpatiaLite()
    {
        QFETCH(QString, method);
        QFETCH(QString, function);
        QTemporaryDir dir;
        const QString out = dir.filePath("s.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "simplify", kGpkg, "--layer", "wilayat", "-o", out,
                                                    "--method", method, "--tolerance", "0.01"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("simplify: 9 features in, 9 out"), r.out.constData());
        const auto ours = rowsBySql(out, "SELECT fid AS id, ST_NPoints(geom) AS points, ST_Area(geom) AS area FROM wilayat_simplified");
        const auto theirs = rowsBySql(kGpkg,
            QString("SELECT fid AS id, ST_NPoints(%1(geom, 0.01)) AS points, ST_Area(%1(geom, 0.01)) AS area, "
                    "ST_NPoints(geom) AS before FROM wilayat").arg(function));
        QCOMPARE(ours.size(), 9);
        QCOMPARE(ours.keys(), theirs.keys());
        double before = 0, after = 0;
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            const auto& t = theirs[it.key()];
            QCOMPARE(it.value()["points"], t["points"]);
            before += t["before"];
            after += t["points"];
            QVERIFY2(std::abs(it.value()["area"] - t["area"]) <= 1e-12 * t["area"], qPrintable(QString::number(it.key())));
        }
        QVERIFY2(after < before, qPrintable(QString("%1 -> %2 vertices").arg(before).arg(after)));
    }

    void coverageSimplifyOpensNoGap()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("cov.gpkg");
        const QString governorates = GIS_SHARED_DATA_DIR "/oman/governorates.geojson";
        const auto r = gis::test::runTool(kGis, {"analyse", "simplify", governorates, "-o", out, "--tolerance", "0.02", "--coverage"});
        QCOMPARE(r.exitCode, 0);
        const auto ours = rowsBySql(out, "SELECT 1 AS id, SUM(ST_Area(geom)) AS sum, ST_Area(ST_Union(geom)) AS area, COUNT(*) AS n, "
                                         "SUM(ST_NPoints(geom)) AS points FROM governorates_simplified");
        const auto input = rowsBySql(governorates, "SELECT 1 AS id, ST_Area(ST_Union(geometry)) AS area, SUM(ST_NPoints(geometry)) AS points "
                                                   "FROM governorates");
        QCOMPARE(ours[0]["n"], 11.0);
        QVERIFY(ours[0]["points"] < input[0]["points"]);
        QVERIFY2(std::abs(ours[0]["sum"] - ours[0]["area"]) <= 1e-9 * ours[0]["area"],
            qPrintable(QString("sum %1, union %2").arg(ours[0]["sum"], 0, 'g', 15).arg(ours[0]["area"], 0, 'g', 15)));
        QVERIFY(std::abs(ours[0]["area"] - input[0]["area"]) <= 1e-3 * input[0]["area"]);
    }

    void hullsAgainstSpatiaLite()
    {
        QTemporaryDir dir;
        const QString all = dir.filePath("hull.gpkg");
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "convex-hull", kGpkg, "--layer", "wilayat", "-o", all, "--all"}).exitCode, 0);
        const auto ours = rowsBySql(all, "SELECT 1 AS id, COUNT(*) AS n, SUM(ST_Area(geom)) AS area, SUM(count) AS features FROM wilayat_hull");
        const auto theirs = rowsBySql(kGpkg, "SELECT 1 AS id, ST_Area(ST_ConvexHull(ST_Collect(geom))) AS area FROM wilayat");
        QCOMPARE(ours[0]["n"], 1.0);
        QCOMPARE(ours[0]["features"], 9.0);
        QVERIFY(theirs[0]["area"] > 0);
        QVERIFY(std::abs(ours[0]["area"] - theirs[0]["area"]) <= 1e-9 * theirs[0]["area"]);

        // The concave hull of the same vertices lies inside the convex one.
        const QString concave = dir.filePath("concave.gpkg");
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "concave-hull", kGpkg, "--layer", "wilayat", "-o", concave, "--all",
                                              "--ratio", "0.1"}).exitCode, 0);
        const auto c = rowsBySql(concave, "SELECT 1 AS id, SUM(ST_Area(geom)) AS area FROM wilayat_concave_hull");
        QVERIFY(c[0]["area"] > 0 && c[0]["area"] <= theirs[0]["area"] * (1 + 1e-12));

        // Envelopes of the towns of each governorate, against SpatiaLite's ST_Envelope of each group.
        const QString boxes = dir.filePath("boxes.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "bounding-rectangle", kGpkg, "--layer", "towns", "-o", boxes,
                                                    "--by", "governorate", "--type", "envelope"});
        QCOMPARE(r.exitCode, 0);
        const auto oursBoxes = rowsBySql(boxes, "SELECT 1 AS id, COUNT(*) AS n, SUM(ST_Area(geom)) AS area FROM towns_bounds");
        const auto theirBoxes = rowsBySql(kGpkg, "SELECT 1 AS id, COUNT(*) AS n, SUM(a) AS area FROM (SELECT ST_Area(ST_Envelope(ST_Collect(geom))) AS a "
                                                 "FROM towns GROUP BY governorate) WHERE a > 0");
        QVERIFY(theirBoxes[0]["n"] >= 1);
        QCOMPARE(oursBoxes[0]["n"], theirBoxes[0]["n"]);
        QVERIFY(std::abs(oursBoxes[0]["area"] - theirBoxes[0]["area"]) <= 1e-9 * theirBoxes[0]["area"]);
    }

    void voronoiAndDelaunayOfTheTowns()
    {
        QTemporaryDir dir;
        const QString cells = dir.filePath("cells.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "voronoi", kGpkg, "--layer", "towns", "-o", cells, "--buffer", "10"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("voronoi: 41 features in, 41 out"), r.out.constData());
        // Each town lies in its own cell (ids kept), and the cells cover the extent grown by 10 % exactly once.
        const QString joined = dir.filePath("joined.gpkg");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-f", "GPKG", joined, kGpkg, "towns"}).exitCode, 0);
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-update", joined, cells, "towns_voronoi"}).exitCode, 0);
        const auto inside = rowsBySql(joined, "SELECT 1 AS id, SUM(ST_Contains(c.geom, t.geom)) AS inside "
                                              "FROM towns t JOIN towns_voronoi c ON c.fid = t.fid");
        QCOMPARE(inside[0]["inside"], 41.0);
        const auto box = rowsBySql(kGpkg, "SELECT 1 AS id, (MAX(ST_X(geom)) - MIN(ST_X(geom))) * 1.2 * (MAX(ST_Y(geom)) - MIN(ST_Y(geom))) * 1.2 AS area FROM towns");
        const auto total = rowsBySql(cells, "SELECT 1 AS id, SUM(ST_Area(geom)) AS area, ST_Area(ST_Union(geom)) AS covered FROM towns_voronoi");
        QVERIFY(std::abs(total[0]["area"] - box[0]["area"]) <= 1e-9 * box[0]["area"]);
        QVERIFY(std::abs(total[0]["covered"] - box[0]["area"]) <= 1e-9 * box[0]["area"]);

        const QString triangles = dir.filePath("triangles.gpkg");
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "delaunay", kGpkg, "--layer", "towns", "-o", triangles}).exitCode, 0);
        const auto ours = rowsBySql(triangles, "SELECT 1 AS id, COUNT(*) AS n, SUM(ST_Area(geom)) AS area FROM towns_delaunay");
        const auto theirs = rowsBySql(kGpkg, "SELECT 1 AS id, ST_NumGeometries(DelaunayTriangulation(ST_Collect(geom))) AS n, "
                                             "ST_Area(ST_ConvexHull(ST_Collect(geom))) AS area FROM towns");
        QCOMPARE(ours[0]["n"], theirs[0]["n"]);
        QVERIFY(std::abs(ours[0]["area"] - theirs[0]["area"]) <= 1e-9 * theirs[0]["area"]); // triangles tile the hull
    }

    void reprojectAgainstOgr2ogr()
    {
        QTemporaryDir dir;
        const QString ours = dir.filePath("utm.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "reproject", kGpkg, "--layer", "wilayat", "-o", ours, "--target-crs", "EPSG:32640"});
        QCOMPARE(r.exitCode, 0);
        const auto info = gis::test::runTool("ogrinfo", {"-so", ours, "wilayat"});
        QVERIFY2(info.out.contains("UTM zone 40N") && info.out.contains("Feature Count: 9"), info.out.constData());
        const QString theirs = dir.filePath("ogr.gpkg");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-t_srs", "EPSG:32640", theirs, kGpkg, "wilayat"}).exitCode, 0);
        const auto a = rowsBySql(ours, "SELECT fid AS id, ST_Area(geom) AS area, ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS x FROM wilayat");
        const auto b = rowsBySql(theirs, "SELECT fid AS id, ST_Area(geom) AS area, ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS x FROM wilayat");
        QCOMPARE(a.size(), 9);
        QCOMPARE(a.keys(), b.keys());
        for (auto it = a.begin(); it != a.end(); ++it) {
            QVERIFY(it.value()["area"] > 1e8); // square metres now
            QVERIFY(std::abs(it.value()["area"] - b[it.key()]["area"]) <= 1e-9 * b[it.key()]["area"]);
            QVERIFY(std::abs(it.value()["x"] - b[it.key()]["x"]) < 1e-6);
        }
    }

    void densifyKeepsTheShape()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("dense.gpkg");
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "densify", kGpkg, "--layer", "wilayat", "-o", out, "--max-length", "0.01"}).exitCode, 0);
        const auto ours = rowsBySql(out, "SELECT 1 AS id, SUM(ST_NPoints(geom)) AS n, SUM(ST_Area(geom)) AS area FROM wilayat_densified");
        const auto input = rowsBySql(kGpkg, "SELECT 1 AS id, SUM(ST_NPoints(geom)) AS n, SUM(ST_Area(geom)) AS area, "
                                            "SUM(ST_Perimeter(geom)) AS perimeter FROM wilayat");
        // At least perimeter / 0.01 vertices, and the same area.
        QVERIFY2(ours[0]["n"] >= input[0]["perimeter"] / 0.01, qPrintable(QString::number(ours[0]["n"])));
        QVERIFY(std::abs(ours[0]["area"] - input[0]["area"]) <= 1e-9 * input[0]["area"]);
    }

    void mistakesAreNamed_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = "/tmp/gis-analysegeometry-test-never-written.gpkg";
        QTest::newRow("no tolerance") << QStringList{"simplify", kGpkg, "--layer", "wilayat", "-o", out}
                                      << "simplify: --tolerance is required";
        QTest::newRow("negative tolerance") << QStringList{"simplify", kGpkg, "--layer", "wilayat", "-o", out, "--tolerance", "-1"}
                                            << "--tolerance \"-1\"";
        QTest::newRow("method") << QStringList{"simplify", kGpkg, "--layer", "wilayat", "-o", out, "--tolerance", "1", "--method", "visvalingam"}
                                << "--method \"visvalingam\": not one of: topology-preserving, douglas-peucker";
        QTest::newRow("unknown parameter") << QStringList{"explode", kGpkg, "--layer", "wilayat", "-o", out, "--part", "1"}
                                                << "explode: unknown option --part";
        QTest::newRow("unknown field") << QStringList{"convex-hull", kGpkg, "--layer", "towns", "-o", out, "--by", "governerate"}
                                       << "did you mean \"governorate\"";
        QTest::newRow("by and all") << QStringList{"convex-hull", kGpkg, "--layer", "towns", "-o", out, "--by", "governorate", "--all"}
                                    << "give --by FIELDS or --all, not both";
        QTest::newRow("ratio") << QStringList{"concave-hull", kGpkg, "--layer", "towns", "-o", out, "--ratio", "2"} << "--ratio \"2\"";
        QTest::newRow("unknown crs") << QStringList{"reproject", kGpkg, "--layer", "wilayat", "-o", out, "--target-crs", "EPSG:999999"}
                                     << "reproject: --target-crs: ";
        QTest::newRow("no max-length") << QStringList{"densify", kGpkg, "--layer", "wilayat", "-o", out} << "densify: --max-length is required";
        QTest::newRow("voronoi of polygons") << QStringList{"voronoi", kGpkg, "--layer", "wilayat", "-o", out}
                                             << "Voronoi polygons are made from points";
    }

    void mistakesAreNamed()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = gis::test::runTool(kGis, QStringList{"analyse"} + args);
        // 2 for a wrong argument; the CLI gives 1 for a field error (Error(Query)) and a geometry error
        QVERIFY2(r.exitCode == 2 || (r.exitCode == 1 && QTest::currentDataTag() == QByteArray("unknown field")),
            qPrintable(QString::number(r.exitCode)));
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists("/tmp/gis-analysegeometry-test-never-written.gpkg"));
    }

    void invalidInputStopsSimplifyButNotFixGeometries()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath("bowtie.geojson");
        gis::test::writeFile(in, R"({"type":"FeatureCollection","features":[
{"type":"Feature","id":7,"properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}}]})");
        const auto stopped = gis::test::runTool(kGis, {"analyse", "simplify", in, "-o", dir.filePath("s.gpkg"), "--tolerance", "1"});
        QVERIFY(stopped.exitCode != 0);
        QVERIFY(!QFile::exists(dir.filePath("s.gpkg")));
        QVERIFY2(stopped.err.contains("feature 7") && stopped.err.contains("--invalid repair"), stopped.err.constData());
        const auto fixed = gis::test::runTool(kGis, {"analyse", "fix-geometries", in, "-o", dir.filePath("f.gpkg")});
        QCOMPARE(fixed.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestAnalyseGeometry)
#include "tst_analysegeometry.moc"
