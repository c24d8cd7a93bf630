// `gis analyse` with the raster algorithms, as a service scripts them: the real binary, run as a process. Oracles:
// zonal-statistics: GEOS called directly intersects every DEM pixel with each wilayah (reprojected by ogr2ogr) over
// values read by gdal_translate -of AAIGrid (tests/support/zonaloracle.h); heatmap: the quartic kernel summed by
// brute force over the points as ogr2ogr projects them, against the GeoTIFF's pixels as gdallocationinfo reads them;
// sample-raster: gdallocationinfo at each town.

#include <cmath>

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "support/testsupport.h"
#include "support/zonaloracle.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";

bool near(double a, double b, double relative)
{
    return std::fabs(a - b) <= relative * std::max({std::fabs(a), std::fabs(b), 1.0});
}

} // namespace

class TestAnalyseRaster : public QObject {
    Q_OBJECT

private slots:
    void zonalStatisticsAsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("z.gpkg");
        // The issue's form: gis analyse zonal-statistics wilayat.gpkg -o z.gpkg --raster dem.tif --stats mean,max
        const auto r = gis::test::runTool(kGis,
            {"analyse", "zonal-statistics", kGpkg, "--layer", "wilayat", "-o", out, "--raster", kDem, "--stats", "mean,max"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("zonal-statistics: 9 features in, 9 out, written to"), r.out.constData());

        // The oracle: each wilayah in the DEM's CRS (ogr2ogr), every pixel's covered area by GEOS.
        const QString asc = dir.filePath("dem.asc");
        const QString utm = dir.filePath("wilayat_utm.gpkg");
        QCOMPARE(gis::test::runTool("gdal_translate", {"-q", "-of", "AAIGrid", kDem, asc}).exitCode, 0);
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-t_srs", "EPSG:32640", utm, kGpkg, "wilayat"}).exitCode, 0);
        const gis::test::Grid grid = gis::test::readAsc(asc);
        const auto projected = gis::readLayer(utm.toStdString(), "wilayat");
        const auto written = gis::readLayer(out.toStdString());
        QCOMPARE(written->size(), projected->size());
        int covered = 0;
        for (std::size_t row = 0; row < written->size(); ++row) {
            QCOMPARE(written->fid(row), projected->fid(row));
            const auto polygon = gis::test::geosFromWkb(gis::toWkb(projected->geometry(row)));
            const auto exact = gis::test::exactOracle(polygon.get(), grid);
            const auto& mean = written->attributes().column("mean");
            const auto& max = written->attributes().column("max");
            if (exact.count == 0) {
                QVERIFY(mean.isNull(row) && max.isNull(row));
                continue;
            }
            ++covered;
            QVERIFY2(near(mean.real(row), exact.mean(), 1e-6),
                qPrintable(QString("row %1: mean %2 vs %3").arg(row).arg(mean.real(row)).arg(exact.mean())));
            QCOMPARE(max.real(row), exact.max);
        }
        QVERIFY(covered >= 2);
    }

    void zonalStatisticsRefusals_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("status"); // 2 for a wrong argument, 1 for a file that cannot be read (main.cpp)
        QTest::newRow("no raster") << QStringList{} << "zonal-statistics: --raster is required" << 2;
        QTest::newRow("missing raster") << QStringList{"--raster", "/nonexistent/dem.tif"}
                                        << "zonal-statistics: --raster: /nonexistent/dem.tif: no such file" << 1;
        QTest::newRow("misspelt statistic") << QStringList{"--raster", kDem, "--stats", "mean,maxx"}
                                            << "did you mean \"max\"?" << 2;
        QTest::newRow("band") << QStringList{"--raster", kDem, "--band", "2"}
                              << "--band \"2\": not all nor a band of" << 2;
    }

    void zonalStatisticsRefusals()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QFETCH(int, status);
        QTemporaryDir dir;
        const QString out = dir.filePath("z.gpkg");
        const auto r = gis::test::runTool(kGis,
            QStringList{"analyse", "zonal-statistics", kGpkg, "--layer", "wilayat", "-o", out} + extra);
        QCOMPARE(r.exitCode, status);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void theRasterIsAnInput()
    {
        // -o naming the raster it reads is refused before any work, whatever the format says.
        QTemporaryDir dir;
        const QString copy = dir.filePath("dem.gpkg");
        QVERIFY(QFile::copy(kDem, copy));
        const QByteArray before = gis::test::readFile(copy);
        const auto r = gis::test::runTool(kGis,
            {"analyse", "zonal-statistics", kGpkg, "--layer", "wilayat", "-o", copy, "--raster", copy, "--overwrite"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(gis::test::readFile(copy), before);
    }

    void heatmapAsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("h.tif");
        // The issue's form: gis analyse heatmap inspections.gpkg -o h.tif --radius 2000 --pixel-size 100
        const auto r = gis::test::runTool(kGis,
            {"analyse", "heatmap", kGpkg, "--layer", "inspections", "-o", out, "--radius", "2000", "--pixel-size", "100"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("heatmap: 3000 features in, a "), r.out.constData());
        QVERIFY2(r.err.contains("EPSG:32640"), r.err.constData());
        // The oracle: the points projected by ogr2ogr, the quartic kernel summed by brute force, per km².
        const QString csv = dir.filePath("points.csv");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-f", "CSV", "-t_srs", "EPSG:32640", "-lco", "GEOMETRY=AS_XY", "-select", "",
                     csv, kGpkg, "inspections"}).exitCode, 0);
        QList<QPointF> points;
        const auto lines = gis::test::readFile(csv).split('\n');
        for (int i = 1; i < lines.size(); ++i)
            if (const auto f = lines[i].split(','); f.size() >= 2 && !f[0].isEmpty())
                points.append(QPointF(f[0].toDouble(), f[1].toDouble()));
        QCOMPARE(points.size(), 3000);
        const auto info = gis::test::runTool("gdalinfo", {out});
        const QRegularExpression origin(R"(Origin = \(([-\d.]+),([-\d.]+)\))");
        const auto m = origin.match(QString::fromUtf8(info.out));
        QVERIFY2(m.hasMatch() && info.out.contains("Pixel Size = (100.000000000000000,-100.000000000000000)")
                && info.out.contains("COMPRESSION=DEFLATE") && info.out.contains("ID[\"EPSG\",32640]"),
            info.out.constData());
        const double left = m.captured(1).toDouble(), top = m.captured(2).toDouble();
        int nonzero = 0;
        for (int k = 0; k < 40; ++k) {
            // Pixels around the points (some inside a disk, some not).
            const QPointF& p = points[k * 73];
            const int col = int((p.x() - left) / 100) + (k % 7) - 3;
            const int row = int((top - p.y()) / 100) + (k % 5) - 2;
            const double x = left + (col + 0.5) * 100, y = top - (row + 0.5) * 100;
            double expected = 0;
            for (const auto& q : points) {
                const double d = std::hypot(q.x() - x, q.y() - y);
                if (d < 2000)
                    expected += std::pow(1 - (d / 2000) * (d / 2000), 2) * 3 / (M_PI * 2000.0 * 2000.0) * 1e6;
            }
            nonzero += expected > 0;
            const auto v = gis::test::runTool("gdallocationinfo", {"-valonly", out, QString::number(col), QString::number(row)});
            QVERIFY2(near(v.out.trimmed().toDouble(), expected, 1e-6), // Float32 in the file
                qPrintable(QString("pixel %1,%2: %3 vs %4").arg(col).arg(row).arg(v.out.trimmed().constData()).arg(expected)));
        }
        QVERIFY(nonzero > 30);

        // Again without --overwrite: refused, the file kept; an output that is not a GeoTIFF: refused.
        const QByteArray before = gis::test::readFile(out);
        const auto again = gis::test::runTool(kGis,
            {"analyse", "heatmap", kGpkg, "--layer", "inspections", "-o", out, "--radius", "3000", "--pixel-size", "100"});
        QCOMPARE(again.exitCode, 2);
        QCOMPARE(gis::test::readFile(out), before);
        const auto gpkg = gis::test::runTool(kGis,
            {"analyse", "heatmap", kGpkg, "--layer", "inspections", "-o", dir.filePath("h.gpkg"), "--radius", "2000",
                "--pixel-size", "100"});
        QCOMPARE(gpkg.exitCode, 2);
        QVERIFY2(gpkg.err.contains("heatmap makes a raster: -o must name a GeoTIFF (.tif)"), gpkg.err.constData());
        // Recording a raster result in a project is not supported yet: refused before any work, the project kept.
        const QString project = dir.filePath("p.json");
        QVERIFY(QFile::copy(QStringLiteral(GIS_SOURCE_DIR "/data/dakhiliyah.json"), project));
        const QByteArray projectBefore = gis::test::readFile(project);
        const auto recorded = gis::test::runTool(kGis, {"analyse", "heatmap", kGpkg, "--layer", "inspections", "-o",
            dir.filePath("h2.tif"), "--radius", "2000", "--pixel-size", "100", "--project", project});
        QCOMPARE(recorded.exitCode, 2);
        QVERIFY2(recorded.err.contains("--project does not record runs whose input or output is a raster"), recorded.err.constData());
        QCOMPARE(gis::test::readFile(project), projectBefore);
        QVERIFY(!QFile::exists(dir.filePath("h2.tif")));
    }

    void sampleRasterAsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("s.csv");
        const auto r = gis::test::runTool(kGis,
            {"analyse", "sample-raster", kGpkg, "--layer", "towns", "-o", out, "--raster", kDem, "--prefix", "dem_"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("sample-raster: 41 features in, 41 out, written to"), r.out.constData());
        // The oracle: gdallocationinfo at each town's longitude/latitude, read by ogr2ogr from the input.
        const QString xy = dir.filePath("towns.csv");
        QCOMPARE(gis::test::runTool("ogr2ogr", {"-f", "CSV", "-lco", "GEOMETRY=AS_XY", "-select", "", xy, kGpkg, "towns"})
                     .exitCode, 0);
        QByteArray input;
        const auto towns = gis::test::readFile(xy).split('\n');
        for (int i = 1; i < towns.size(); ++i)
            if (const auto f = towns[i].split(','); f.size() >= 2 && !f[0].isEmpty())
                input += f[0] + " " + f[1] + "\n";
        const auto expected = gis::test::runTool("gdallocationinfo", {"-valonly", "-wgs84", kDem}, input).out.split('\n');
        const auto written = gis::readLayer(out.toStdString());
        QCOMPARE(written->size(), std::size_t(41));
        const auto& dem = written->attributes().column("dem_1");
        int inside = 0;
        for (std::size_t i = 0; i < written->size(); ++i) {
            const QByteArray v = expected[int(i)].trimmed();
            if (v.isEmpty()) {
                QVERIFY(dem.isNull(i));
                continue;
            }
            ++inside;
            QCOMPARE(dem.toString(i), std::string(v.constData()));
        }
        QVERIFY(inside >= 3);
    }

    void helpShowsTheRasterParameter()
    {
        const auto r = gis::test::runTool(kGis, {"analyse", "zonal-statistics", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--raster (raster file, required)"), r.out.constData());
        QVERIFY2(r.out.contains("--stats (list of: count, sum, mean, min, max, stddev, majority, minority, variety"),
            r.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestAnalyseRaster)
#include "tst_analyseraster.moc"
