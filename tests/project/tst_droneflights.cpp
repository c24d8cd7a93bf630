// Drone flights of a drone_flights layer (gis/project/droneflights.h): listed by date per project (sqlite3 is the
// oracle of the order), rows without a date left out, a layer without the schema refused; and the guard on the
// flights' raster paths: inside the GeoPackage's folder, the project's or a trusted one only, no URL, no virtual
// path, no link or VRT leading elsewhere.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/project/droneflights.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

using gis::test::runTool;

class TestDroneFlights : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_gpkg;
    std::shared_ptr<const gis::Layer> m_flights;
    std::shared_ptr<const gis::Layer> m_other;

    QString path(const QString& rel) const { return QDir(m_tmp.path()).filePath(rel); }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("ogr2ogr") && gis::test::haveTool("sqlite3"));
        QVERIFY(QDir(m_tmp.path()).mkpath("proj/site/drone") && QDir(m_tmp.path()).mkpath("elsewhere")
            && QDir(m_tmp.path()).mkpath("trusted"));
        for (const QString f : {"proj/site/drone/a.tif", "proj/shared.tif", "elsewhere/b.tif", "trusted/c.tif"})
            gis::test::writeFile(path(f), "II*\0");
        gis::test::writeFile(path("proj/site/drone/v.vrt"), "<VRTDataset rasterXSize=\"1\" rasterYSize=\"1\"></VRTDataset>");
        QVERIFY(QFile::link(path("elsewhere/b.tif"), path("proj/site/drone/link.tif")));
        const char* rows[][4] = {
            {"F-2-2026-10-15", "P2", "2026-10-15", "drone/a.tif"},
            {"F-1-2026-09-15", "P1", "2026-09-15", "drone/a.tif"},
            {"F-1-2026-08-15", "P1", "2026-08-15", "drone/a.tif"},
            {"F-1-nodate", "P1", "", "drone/a.tif"},
            {"F-1-2026-10-15", "P1", "2026-10-15", "drone/a.tif"},
        };
        QString features;
        for (const auto& r : rows)
            features += QString(R"({"type":"Feature","properties":{"flight_id":"%1","project_id":"%2","flight_date":%3,"ortho_path":"%4","gsd_m":0.1},"geometry":{"type":"Point","coordinates":[1,2]}},)")
                            .arg(r[0], r[1], *r[2] ? QString("\"%1\"").arg(r[2]) : QString("null"), r[3]);
        features.chop(1);
        gis::test::writeFile(path("f.geojson"), ("{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}").toUtf8());
        m_gpkg = path("proj/site/flights.gpkg");
        auto r = runTool("ogr2ogr", {"-f", "GPKG", m_gpkg, path("f.geojson"), "-nln", "drone_flights"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        gis::test::writeFile(path("o.geojson"), R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"flight_id":"x","name":"y"},"geometry":{"type":"Point","coordinates":[1,2]}}]})");
        r = runTool("ogr2ogr", {"-f", "GPKG", "-update", m_gpkg, path("o.geojson"), "-nln", "other"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const gis::DataSource ds = gis::DataSource::open(m_gpkg.toStdString());
        m_flights = ds.readLayer("drone_flights");
        m_other = ds.readLayer("other");
    }

    void listedByDate()
    {
        QVERIFY(gis::isDroneFlightsLayer(*m_flights));
        QVERIFY(!gis::isDroneFlightsLayer(*m_other));
        const auto r = runTool("sqlite3", {m_gpkg, "SELECT flight_id FROM drone_flights WHERE project_id = 'P1' "
                                                   "AND flight_date IS NOT NULL ORDER BY flight_date, flight_id"});
        const QStringList expected = QString::fromUtf8(r.out).trimmed().split('\n');
        const auto flights = gis::droneFlights(*m_flights, "P1");
        QCOMPARE(static_cast<int>(flights.size()), expected.size());
        for (std::size_t i = 0; i < flights.size(); ++i) {
            QCOMPARE(QString::fromStdString(flights[i].flightId), expected[static_cast<int>(i)]);
            QCOMPARE(flights[i].projectId, std::string("P1"));
            QCOMPARE(flights[i].gsdMetres, 0.1);
            QCOMPARE(flights[i].orthoPath, std::string("drone/a.tif"));
        }
        QCOMPARE(flights.front().date, std::string("2026-08-15"));
        QCOMPARE(gis::droneFlights(*m_flights).size(), std::size_t(4)); // every project, the dateless row left out
        QCOMPARE(gis::droneFlightProjects(*m_flights), (std::vector<std::string>{"P1", "P2"}));
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::droneFlights(*m_other));
    }

    void guard_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected"); // relative to the temporary folder; "refused" / "error"
        QTest::newRow("relative inside") << "drone/a.tif" << "proj/site/drone/a.tif";
        QTest::newRow("project's folder") << "../shared.tif" << "proj/shared.tif";
        QTest::newRow("trusted folder") << "../../trusted/c.tif" << "trusted/c.tif";
        QTest::newRow("outside") << "../../elsewhere/b.tif" << "refused";
        QTest::newRow("absolute outside") << path("elsewhere/b.tif") << "refused";
        QTest::newRow("link leading outside") << "drone/link.tif" << "refused";
        QTest::newRow("dot-dot back in") << "drone/../../site/drone/a.tif" << "proj/site/drone/a.tif";
        QTest::newRow("VRT") << "drone/v.vrt" << "refused";
        QTest::newRow("URL") << "http://127.0.0.1:1/a.tif" << "error";
        QTest::newRow("vsicurl") << "/vsicurl/http://127.0.0.1:1/a.tif" << "error";
        QTest::newRow("missing") << "drone/none.tif" << "error";
    }

    void guard()
    {
        QFETCH(QString, value);
        QFETCH(QString, expected);
        gis::Project project;
        project.path = path("proj/project.json").toStdString();
        project.trustedFolders = {path("trusted").toStdString()};
        const auto resolve = [&] { return gis::resolveFlightFile(value.toStdString(), m_gpkg.toStdString(), project, "F"); };
        if (expected == "refused") {
            QVERIFY_THROWS_EXCEPTION(gis::PathRefusedError, resolve());
        } else if (expected == "error") {
            try {
                resolve();
                QFAIL("accepted");
            } catch (const gis::PathRefusedError&) {
                QFAIL("refused for its folder: expected an error that no trust fixes");
            } catch (const gis::Error& e) {
                QVERIFY(QString(e.what()).contains("flights.gpkg: flight F"));
            }
        } else {
            QCOMPARE(QString::fromStdString(resolve()), QFileInfo(path(expected)).canonicalFilePath());
        }
    }
};

QTEST_MAIN(TestDroneFlights)
#include "tst_droneflights.moc"
