// Change polygons to building-inspection tasks (gis/analysis/inspectiontasks.h) in a GeoPackage made by ogr2ogr,
// read back by GDAL (ogr2ogr to CSV, the points transformed back to UTM 40N by GDAL) and sqlite3: one task per
// change polygon, its fields, its flight link, its point inside the polygon; nothing written when the layer lacks
// flight_id or the session has edits of its own.

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "gis/analysis/dsmchange.h"
#include "gis/analysis/inspectiontasks.h"
#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"
#include "support/analysissupport.h"

using namespace gis;

namespace {

constexpr double kX0 = 500000, kY0 = 2600000;

RasterData flatWith(double blockHeight, double pitDepth)
{
    RasterData d;
    d.width = d.height = 400;
    d.extent = Box(kX0, kY0, kX0 + 200, kY0 + 200);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = -9999;
    d.bands.assign(1, std::vector<double>(400 * 400, 100.0));
    for (int row = 0; row < 400; ++row)
        for (int col = 0; col < 400; ++col) {
            const double x = (col + 0.5) * 0.5, y = 200 - (row + 0.5) * 0.5;
            double& z = d.bands[0][static_cast<std::size_t>(row) * 400 + col];
            if (x >= 40 && x < 60 && y >= 60 && y < 72)
                z += blockHeight;
            if (x >= 120 && x < 130 && y >= 120 && y < 128)
                z -= pitDepth;
        }
    return d;
}

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return "FAILED: " + QString(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// Every row of the layer, geometry blob included, as sqlite3 prints them.
QString rowsOf(const QString& path)
{
    return run("sqlite3", {path, "SELECT *, hex(geom) FROM building_inspections ORDER BY fid"});
}

} // namespace

class TestInspectionTasks : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const Layer> m_polygons;

    /// A GeoPackage with one existing inspection, in EPSG:4326, with or without flight_id.
    QString inspections(const char* name, bool withFlight)
    {
        const QString json = m_dir.filePath(QString(name) + ".geojson");
        QFile f(json);
        f.open(QIODevice::WriteOnly);
        f.write(QString(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"inspection_id":"INS-1",)"
                        R"("inspection_date":"2026-01-05","stage":"foundation","violations":"","result":"pass"%1},)"
                        R"("geometry":{"type":"Point","coordinates":[57.5,22.9]}}]})")
                    .arg(withFlight ? R"(,"flight_id":"")" : "")
                    .toUtf8());
        f.close();
        const QString gpkg = m_dir.filePath(QString(name) + ".gpkg");
        const QString out = run("ogr2ogr", {"-f", "GPKG", gpkg, json, "-nln", "building_inspections", "-a_srs", "EPSG:4326"});
        return out.startsWith("FAILED") ? out : gpkg;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeGeoTiff(flatWith(0, 0), m_dir.filePath("a.tif").toStdString());
        writeGeoTiff(flatWith(6, 2), m_dir.filePath("b.tif").toStdString());
        const auto site = test::layerFromWkt({"POLYGON((500010 2600010,500190 2600010,500190 2600190,500010 2600190,500010 2600010))"},
            GeometryType::Polygon);
        m_polygons = analysis::dsmChange(m_dir.filePath("a.tif").toStdString(), m_dir.filePath("b.tif").toStdString(), *site, {}).polygons;
        QCOMPARE(m_polygons->size(), std::size_t(2));
    }

    void appended()
    {
        const QString gpkg = inspections("tasks", true);
        QVERIFY2(!gpkg.startsWith("FAILED"), qPrintable(gpkg));
        auto session = EditSession::open(gpkg.toStdString(), "building_inspections");
        analysis::InspectionTaskOptions o;
        o.flightId = "F-P-0001-2026-09-15";
        o.inspectionDate = "2026-09-15";
        const auto ids = analysis::appendInspectionTasks(*session, *m_polygons, o);
        QCOMPARE(ids.size(), std::size_t(2));
        QVERIFY(!session->isModified());
        session.reset();

        // sqlite3: the rows as stored.
        const QString rows = run("sqlite3", {gpkg, "SELECT inspection_id, inspection_date, stage, result, flight_id, violations "
                                                   "FROM building_inspections ORDER BY inspection_id"});
        const QStringList lines = rows.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[2].left(6), QString("INS-1|"));
        QCOMPARE(lines[0], QString("F-P-0001-2026-09-15-C1|2026-09-15|drone change|pending|F-P-0001-2026-09-15|"
                                   "fill of 240.0 m², mean height change +6.00 m, 1440.0 m³"));
        QCOMPARE(lines[1], QString("F-P-0001-2026-09-15-C2|2026-09-15|drone change|pending|F-P-0001-2026-09-15|"
                                   "cut of 80.0 m², mean height change -2.00 m, 160.0 m³"));
        // GDAL: the points, put back into UTM 40N, inside their polygons.
        const QString csv = run("ogr2ogr", {"-f", "CSV", "/vsistdout/", gpkg, "-t_srs", "EPSG:32640", "-lco", "GEOMETRY=AS_XY",
                                               "-sql", "SELECT inspection_id, geom FROM building_inspections WHERE stage = 'drone change' ORDER BY inspection_id"});
        const QStringList points = csv.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(points.size(), 3);
        const auto inside = [](const QString& line, double x0, double y0, double x1, double y1) {
            const QStringList v = line.split(',');
            const double x = v[0].toDouble(), y = v[1].toDouble();
            return x > x0 && x < x1 && y > y0 && y < y1;
        };
        QVERIFY2(inside(points[1], kX0 + 40, kY0 + 60, kX0 + 60, kY0 + 72), qPrintable(points[1]));
        QVERIFY2(inside(points[2], kX0 + 120, kY0 + 120, kX0 + 130, kY0 + 128), qPrintable(points[2]));
    }

    void nothingWrittenOnFailure()
    {
        // No flight_id field: refused before any edit, every row as it was.
        const QString gpkg = inspections("noflight", false);
        QVERIFY2(!gpkg.startsWith("FAILED"), qPrintable(gpkg));
        const QString before = rowsOf(gpkg);
        {
            auto session = EditSession::open(gpkg.toStdString(), "building_inspections");
            analysis::InspectionTaskOptions o;
            o.flightId = "F-1";
            try {
                analysis::appendInspectionTasks(*session, *m_polygons, o);
                QFAIL("tasks appended to a layer without flight_id");
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).find("flight_id") != std::string::npos);
            }
            QVERIFY(!session->isModified());
        }
        QCOMPARE(rowsOf(gpkg), before);
        QCOMPARE(run("sqlite3", {gpkg, "SELECT count(*) FROM building_inspections"}).trimmed(), QString("1"));

        // A session with an edit of its own: refused, the edit kept for its owner.
        const QString other = inspections("pending", true);
        auto session = EditSession::open(other.toStdString(), "building_inspections");
        session->setAttribute(1, static_cast<std::size_t>(session->base()->attributes().indexOf("result")), std::string("fail"));
        analysis::InspectionTaskOptions o;
        o.flightId = "F-1";
        QVERIFY_THROWS_EXCEPTION(Error, analysis::appendInspectionTasks(*session, *m_polygons, o));
        QCOMPARE(session->changedCount(), std::size_t(1));
        QCOMPARE(run("sqlite3", {other, "SELECT count(*) FROM building_inspections"}).trimmed(), QString("1"));
    }
};

QTEST_GUILESS_MAIN(TestInspectionTasks)
#include "tst_inspectiontasks.moc"
