// `gis analyse dsm-change --raster-out` and `gis inspection-tasks`, the real binary run as a process, as a service
// scripts them. Oracles: GDAL's gdalinfo -stats and ogrinfo on what it wrote, sqlite3 on the tasks.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "gis/data/rasterwriter.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";

/// 400 x 400 pixels of 0.5 m from (500000, 2600000) in UTM 40N at 100 m, plus `block` m on x 40..60, y 60..72.
void writeDsm(const QString& path, double block)
{
    RasterData d;
    d.width = d.height = 400;
    d.extent = Box(500000, 2600000, 500200, 2600200);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = -9999;
    d.bands.assign(1, std::vector<double>(400 * 400, 100.0));
    for (int row = 256; row < 280; ++row)
        for (int col = 80; col < 120; ++col)
            d.bands[0][static_cast<std::size_t>(row) * 400 + col] += block;
    writeGeoTiff(d, path.toStdString());
}

QString text(const test::ToolResult& r) { return QString::fromUtf8(r.out + r.err); }

} // namespace

class TestAnalyseDsmChange : public QObject {
    Q_OBJECT

private slots:
    void differenceVolumesAndTasks()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.tif"), b = dir.filePath("b.tif"), site = dir.filePath("site.geojson");
        writeDsm(a, 0);
        writeDsm(b, 6);
        QFile f(site);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32640"}},)"
                R"("features":[{"type":"Feature","properties":{"project_id":"P-1"},"geometry":{"type":"Polygon",)"
                R"("coordinates":[[[500010,2600010],[500190,2600010],[500190,2600190],[500010,2600190],[500010,2600010]]]}}]})");
        f.close();
        const QString out = dir.filePath("change.gpkg"), diff = dir.filePath("diff.tif");
        const auto r = test::runTool(kGis, {"analyse", "dsm-change", site, "--earlier", a, "--later", b, "--filter",
                                               "project_id = 'P-1'", "-o", out, "--raster-out", diff});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        QVERIFY2(text(r).contains("volumes: fill 1440.00 m³, cut 0.00 m³"), qPrintable(text(r)));
        QVERIFY2(text(r).contains("a 360 x 360 raster to"), qPrintable(text(r)));
        const auto info = test::runTool("gdalinfo", {"-stats", diff});
        QVERIFY2(info.out.contains("Size is 360, 360") && info.out.contains("Minimum=0.000, Maximum=6.000")
                && info.out.contains("NoData Value=-9999"),
            info.out.constData());
        const auto features = test::runTool("ogrinfo", {"-al", "-q", out});
        QVERIFY2(features.out.contains("volume_m3 (Real) = 1440") && features.out.contains("area_m2 (Real) = 240"),
            features.out.constData());

        // --raster-out over an input: refused before any work, nothing written.
        const auto clash = test::runTool(kGis, {"analyse", "dsm-change", site, "--earlier", a, "--later", b, "-o",
                                                   dir.filePath("c2.gpkg"), "--raster-out", a});
        QCOMPARE(clash.exitCode, 2);
        QVERIFY(!QFile::exists(dir.filePath("c2.gpkg")));
        // --raster-out for an algorithm that makes no raster beside its layer: refused before any work.
        const auto none = test::runTool(kGis, {"analyse", "centroid", site, "-o", dir.filePath("c3.gpkg"), "--raster-out",
                                                  dir.filePath("c3.tif")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("centroid makes no raster beside its layer"), none.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("c3.gpkg")) && !QFile::exists(dir.filePath("c3.tif")));

        // The polygon as an inspection task in a GeoPackage whose layer has flight_id.
        const QString tasks = dir.filePath("inspections.gpkg");
        QCOMPARE(test::runTool("ogr2ogr", {"-f", "GPKG", tasks, GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "building_inspections",
                                              "-where", "fid <= 3"}).exitCode, 0);
        // The sample's building_inspections has flight_id (generate_drone.py adds it).
        QVERIFY(test::runTool("sqlite3", {tasks, "SELECT count(*) FROM pragma_table_info('building_inspections') WHERE name = 'flight_id'"})
                    .out.trimmed() == "1");
        const auto t = test::runTool(kGis, {"inspection-tasks", out, "--to", tasks, "--flight", "F-P-1-2026-09-15", "--date", "2026-09-15"});
        QVERIFY2(t.exitCode == 0, qPrintable(text(t)));
        const auto rows = test::runTool("sqlite3", {tasks, "SELECT count(*), max(stage), max(result), max(flight_id), max(violations), "
                                                           "max(inspection_date) FROM building_inspections WHERE fid > 3"});
        QCOMPARE(QString::fromUtf8(rows.out).trimmed(),
            QString("1|drone change|pending|F-P-1-2026-09-15|fill of 240.0 m², mean height change +6.00 m, 1440.0 m³|2026-09-15"));
    }
};

QTEST_GUILESS_MAIN(TestAnalyseDsmChange)
#include "tst_analysedsmchange.moc"
