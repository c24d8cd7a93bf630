// The sample drone flights (data/generate_drone.py, issue #16) in data/dakhiliyah.gpkg: the trigger keeps
// projects.last_drone_survey equal to the latest flight_date of the project's flights after an insert, an update
// and a delete, whoever writes (the sqlite3 tool, and our own EditSession); `gis info` lists the layers; every file
// a flight names exists and is a Cloud-Optimised GeoTIFF by GDAL's own account (gdalinfo's LAYOUT=COG and GDAL's
// validate_cloud_optimized_geotiff.py); the reference columns match between the layers.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>

#include "gis/data/editsession.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kCogValidator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py";
const QString kProject = "DA-2025-003";

QString sql(const QString& path, const QString& query)
{
    const auto r = test::runTool("sqlite3", {"-batch", path, query});
    return QString::fromUtf8(r.out + r.err).trimmed();
}

/// What the trigger must give, computed by the oracle itself from the flights table.
QString expectedSurvey(const QString& path, const QString& project)
{
    return sql(path, "SELECT ifnull(max(flight_date), 'NULL') FROM drone_flights WHERE project_id = '" + project + "'");
}

/// Runs a writing SQL statement through GDAL (ogrinfo -sql): the sqlite3 tool cannot, as the GeoPackage's R-tree
/// triggers call GDAL's ST_* functions. The triggers under test are SQLite's own, whoever runs the statement.
QString write(const QString& path, const QString& statement)
{
    const auto r = test::runTool("ogrinfo", {"-q", path, "-sql", statement});
    return r.exitCode == 0 ? QString() : QString::fromUtf8(r.out + r.err).trimmed();
}

QString survey(const QString& path, const QString& project)
{
    return sql(path, "SELECT ifnull(last_drone_survey, 'NULL') FROM projects WHERE project_id = '" + project + "'");
}

std::int64_t days(int y, unsigned m, unsigned d)
{
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

} // namespace

class TestDroneFlights : public QObject {
    Q_OBJECT

    QString copy(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        QFile::copy(kGpkg, path);
        QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* tool : {"sqlite3", "gdalinfo", "ogrinfo"})
            QVERIFY2(test::haveTool(tool), tool);
        QVERIFY2(QFileInfo::exists(kCogValidator), qPrintable(kCogValidator + " (python3-gdal)"));
    }

    void sampleIsConsistent()
    {
        QCOMPARE(sql(kGpkg, "SELECT count(*) FROM drone_flights"), QString("3"));
        QCOMPARE(sql(kGpkg, "SELECT group_concat(flight_date, ',') FROM (SELECT flight_date FROM drone_flights ORDER BY 1)"),
            QString("2026-08-15,2026-09-15,2026-10-15"));
        // Every flight and the site belong to a project of the projects layer; every flight is marked synthetic.
        QCOMPARE(sql(kGpkg, "SELECT count(*) FROM drone_flights f JOIN projects p USING (project_id)"), QString("3"));
        QCOMPARE(sql(kGpkg, "SELECT count(*) FROM construction_sites s JOIN projects p USING (project_id)"), QString("1"));
        QCOMPARE(sql(kGpkg, "SELECT count(*) FROM drone_flights WHERE synthetic = 1 AND flight_id = 'F-' || project_id || '-' || flight_date"),
            QString("3"));
        QCOMPARE(survey(kGpkg, kProject), QString("2026-10-15"));
        QCOMPARE(sql(kGpkg, "SELECT count(*) FROM projects p WHERE project_id IN (SELECT project_id FROM drone_flights) "
                            "AND last_drone_survey IS NOT (SELECT max(flight_date) FROM drone_flights f WHERE f.project_id = p.project_id)"),
            QString("0"));
        QVERIFY(sql(kGpkg, "SELECT description FROM gpkg_contents WHERE table_name = 'drone_flights'").startsWith("SYNTHETIC:"));
        QCOMPARE(sql(kGpkg, "PRAGMA integrity_check"), QString("ok"));
    }

    void triggerFollowsSqlWrites()
    {
        const QString path = copy("sqlite.gpkg");
        // Written with plain SQL through GDAL, read back with the sqlite3 tool.
        const QString insert = "INSERT INTO drone_flights (flight_id, project_id, flight_date, sensor, gsd_m, synthetic) "
                               "VALUES ('F-x', '%1', '%2', 'test', 0.1, 1)";
        QCOMPARE(write(path, insert.arg(kProject, "2026-11-20")), QString());
        QCOMPARE(survey(path, kProject), QString("2026-11-20"));
        QCOMPARE(write(path, "UPDATE drone_flights SET flight_date = '2026-07-01' WHERE flight_id = 'F-x'"), QString());
        QCOMPARE(survey(path, kProject), QString("2026-10-15"));
        QCOMPARE(survey(path, kProject), expectedSurvey(path, kProject));
        // Moving a flight to another project refreshes both.
        QCOMPARE(write(path, "UPDATE drone_flights SET project_id = 'DA-2025-018', flight_date = '2026-12-01' WHERE flight_id = 'F-x'"), QString());
        QCOMPARE(survey(path, "DA-2025-018"), QString("2026-12-01"));
        QCOMPARE(survey(path, kProject), QString("2026-10-15"));
        QCOMPARE(write(path, "DELETE FROM drone_flights WHERE flight_date = '2026-10-15'"), QString());
        QCOMPARE(survey(path, kProject), QString("2026-09-15"));
        QCOMPARE(write(path, "DELETE FROM drone_flights WHERE project_id = '" + kProject + "'"), QString());
        QCOMPARE(survey(path, kProject), QString("NULL"));
        // Projects without flights keep their recorded survey date.
        QCOMPARE(survey(path, "DA-2025-001"), survey(kGpkg, "DA-2025-001"));
    }

    void triggerFollowsEditSession()
    {
        const QString path = copy("session.gpkg");
        auto s = EditSession::open(path.toStdString(), "drone_flights");
        const int date = s->base()->attributes().indexOf("flight_date");
        const int id = s->base()->attributes().indexOf("flight_id");
        QVERIFY(date >= 0 && id >= 0);
        // Insert a later flight (a copy of flight 3, geometry included), move flight 1 after it, delete flight 2.
        EditFeature later = *s->feature(3);
        later.values[static_cast<std::size_t>(date)] = days(2026, 11, 15);
        later.values[static_cast<std::size_t>(id)] = std::string("F-DA-2025-003-2026-11-15");
        s->insert(later);
        QVERIFY(s->commit().committed);
        QCOMPARE(survey(path, kProject), QString("2026-11-15"));

        s->setAttribute(1, static_cast<std::size_t>(date), days(2026, 12, 24));
        QVERIFY(s->commit().committed);
        QCOMPARE(survey(path, kProject), QString("2026-12-24"));
        QCOMPARE(survey(path, kProject), expectedSurvey(path, kProject));

        s->remove(1);
        QVERIFY(s->commit().committed);
        QCOMPARE(survey(path, kProject), QString("2026-11-15"));
        QCOMPARE(survey(path, kProject), expectedSurvey(path, kProject));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
    }

    void gisInfoListsTheLayers()
    {
        const auto r = test::runTool(kGis, {"info", kGpkg, "--json"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("{\"name\": \"drone_flights\", \"geometry_type\": \"Polygon\", \"feature_count\": 3"), r.out.left(400).constData());
        QVERIFY(r.out.contains("{\"name\": \"construction_sites\", \"geometry_type\": \"Polygon\", \"feature_count\": 1"));
        for (const char* field : {"flight_id", "project_id", "flight_date", "sensor", "gsd_m", "ortho_path", "dsm_path", "synthetic"})
            QVERIFY2(r.out.contains(QByteArray("{\"name\": \"") + field + "\""), field);
    }

    void flightFilesAreCogs()
    {
        const QStringList files = sql(kGpkg, "SELECT ortho_path || char(10) || dsm_path FROM drone_flights ORDER BY fid").split('\n');
        QCOMPARE(files.size(), 6);
        const QDir data(GIS_SOURCE_DIR "/data");
        for (const QString& file : files) {
            const QString path = data.filePath(file);
            QVERIFY2(QFileInfo::exists(path), qPrintable(path));
            const auto info = test::runTool("gdalinfo", {path});
            QCOMPARE(info.exitCode, 0);
            QVERIFY2(info.out.contains("LAYOUT=COG"), qPrintable(file));
            QVERIFY(info.out.contains("EPSG\",32640") || info.out.contains("UTM zone 40N"));
            const bool ortho = file.endsWith("_ortho.tif");
            QVERIFY2(info.out.contains(ortho ? "COMPRESSION=YCbCr JPEG" : "COMPRESSION=DEFLATE"), qPrintable(file));
            QVERIFY(info.out.contains(ortho ? "Pixel Size = (0.100000000000000,-0.100000000000000)"
                                            : "Pixel Size = (0.250000000000000,-0.250000000000000)"));
            const auto valid = test::runTool("/usr/bin/python3", {kCogValidator, "-q", path});
            QVERIFY2(valid.exitCode == 0, (valid.out + valid.err).constData());
            const auto md = test::runTool("gdalinfo", {path});
            QVERIFY2(md.out.contains("SYNTHETIC=YES"), qPrintable(file));
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDroneFlights)
#include "tst_droneflights.moc"
