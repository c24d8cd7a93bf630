// The gis commands with PostGIS sources, as a user runs them: the real binary against a throwaway server
// (tests/support/postgissupport.h), psql and the same commands on the GeoPackage as oracles. Projects name the
// database by a service of a pg_service.conf written here (PGSERVICEFILE).

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/postgissupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

QJsonObject layerOf(const QByteArray& json, const QString& name)
{
    for (const auto l : QJsonDocument::fromJson(json).object()["layers"].toArray())
        if (l.toObject()["name"].toString() == name)
            return l.toObject();
    return {};
}

} // namespace

class TestCliPostgis : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    QTemporaryDir m_dir;
    QString pg() const { return "PG:" + m_db.connInfo(); }

    /// Row count and an md5 of every row of the tables a hostile project might touch.
    QString checksum()
    {
        return m_db.value("SELECT (SELECT count(*) FROM roads) || ':' || (SELECT md5(string_agg(t::text, ',' ORDER BY fid))"
            " FROM roads t) || ':' || (SELECT count(*) FROM parcels)");
    }

    QString writeProject(const QString& name, const QString& source, const QString& layer)
    {
        const QString path = m_dir.path() + "/" + name + ".json";
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(QJsonObject{{"version", 1}, {"name", name},
            {"layers", QJsonArray{QJsonObject{{"name", "parcels"}, {"source", source}, {"layer", layer}}}}}).toJson());
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        for (const char* layer : {"roads", "parcels", "inspections", "wilayat"})
            QVERIFY2(m_db.loadLayer(kGpkg, layer, layer), m_db.why());
        QVERIFY2(m_db.exec("ANALYZE"), m_db.why());
        // The service the projects name; libgis and libpq read it from PGSERVICEFILE.
        const QStringList keywords = m_db.connInfo().split(' ');
        QFile service(m_dir.path() + "/pg_service.conf");
        QVERIFY(service.open(QIODevice::WriteOnly));
        service.write(("[ietest]\n" + keywords.join('\n') + "\n").toUtf8());
        service.close();
        qputenv("PGSERVICEFILE", service.fileName().toUtf8());
    }

    void infoListsEstimatesOrExact()
    {
        // A password in the source is never printed (trust authentication ignores it).
        const auto r = gis::test::runTool(kGis, {"info", "--json", pg() + " password=s3cret"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains("s3cret"));
        const QJsonObject roads = layerOf(r.out, "public.roads");
        QCOMPARE(roads["feature_count"].toInteger(), m_db.value("SELECT reltuples::int8 FROM pg_class WHERE oid = 'roads'::regclass").toLongLong());
        QCOMPARE(roads["crs"].toString(), "EPSG:" + m_db.value("SELECT srid FROM geometry_columns WHERE f_table_name = 'roads'"));
        const auto exact = gis::test::runTool(kGis, {"info", "--json", "--exact", "PG:service=ietest"});
        QVERIFY2(exact.exitCode == 0, exact.err.constData());
        const QJsonObject parcels = layerOf(exact.out, "public.parcels");
        QCOMPARE(parcels["feature_count"].toInteger(), m_db.value("SELECT count(*) FROM parcels").toLongLong());
        const QStringList e = m_db.query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM parcels) s").first().split('|');
        const QJsonArray extent = parcels["extent"].toArray();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(extent[i].toDouble(), e[i].toDouble());
        QVERIFY(layerOf(exact.out, "public.inspections").contains("fields"));
    }

    void queryAndJoinEqualTheGeoPackage()
    {
        const auto count = gis::test::runTool(kGis, {"query", "PG:service=ietest", "--layer", "public.roads", "--where",
            "lanes > 2", "--format", "count"});
        QVERIFY2(count.exitCode == 0, count.err.constData());
        QCOMPARE(count.out.trimmed(), m_db.value("SELECT count(*) FROM roads WHERE lanes > 2").toUtf8());
        const auto ids = gis::test::runTool(kGis, {"query", pg(), "--layer", "roads", "--where", "lanes > 2", "--format", "ids"});
        const auto gpkgIds = gis::test::runTool(kGis, {"query", kGpkg, "--layer", "roads", "--where", "lanes > 2", "--format", "ids"});
        QCOMPARE(ids.out, gpkgIds.out);
        // A file output beside a database input is fine.
        const QString out = m_dir.path() + "/wide.gpkg";
        const auto written = gis::test::runTool(kGis, {"query", pg(), "--layer", "public.roads", "--where", "lanes > 2", "-o", out});
        QVERIFY2(written.exitCode == 0, written.err.constData());
        QVERIFY(QFile::exists(out));
        const auto join = gis::test::runTool(kGis, {"join", pg(), pg(), "--points-layer", "public.inspections",
            "--polygons-layer", "public.wilayat", "--group-by", "name_en"});
        const auto gpkgJoin = gis::test::runTool(kGis, {"join", kGpkg, kGpkg, "--points-layer", "inspections",
            "--polygons-layer", "wilayat", "--group-by", "name_en"});
        QVERIFY2(join.exitCode == 0, join.err.constData());
        QVERIFY(!join.out.isEmpty());
        QCOMPARE(join.out, gpkgJoin.out);
    }

    void analyseReadsADatabase()
    {
        const QString out = m_dir.path() + "/centroids.gpkg";
        const auto r = gis::test::runTool(kGis, {"analyse", "centroid", "PG:service=ietest", "--layer", "public.parcels", "-o", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto count = gis::test::runTool(kGis, {"query", out, "--format", "count"});
        QCOMPARE(count.out.trimmed(), m_db.value("SELECT count(*) FROM parcels WHERE geom IS NOT NULL").toUtf8());
    }

    void projectWithAService()
    {
        const QString project = writeProject("db", "PG:service=ietest", "public.parcels");
        const QString png = m_dir.path() + "/db.png";
        const auto r = gis::test::runTool(kGis, {"render", project, "-o", png, "--size", "300x200"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString gpkgCopy = m_dir.path() + "/dakhiliyah.gpkg";
        QVERIFY(QFile::copy(kGpkg, gpkgCopy));
        const QString fileProject = writeProject("file", "dakhiliyah.gpkg", "parcels");
        const QString filePng = m_dir.path() + "/file.png";
        QCOMPARE(gis::test::runTool(kGis, {"render", fileProject, "-o", filePng, "--size", "300x200"}).exitCode, 0);
        QFile a(png), b(filePng);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QVERIFY2(a.readAll() == b.readAll(), "the map of the database differs from the map of the GeoPackage");
    }

    void hostileProjects()
    {
        const QString before = checksum();
        QVERIFY(!before.isEmpty());
        // A service nobody configured: a clear error naming it, nothing changed.
        const QString missing = writeProject("missing", "PG:service=nosuchservice", "public.parcels");
        auto r = gis::test::runTool(kGis, {"render", missing, "-o", m_dir.path() + "/m.png"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("nosuchservice"), r.err.constData());
        // A host: refused when the project loads, before any connection (the server is the real one).
        const QString host = writeProject("host", pg(), "public.parcels");
        r = gis::test::runTool(kGis, {"render", host, "-o", m_dir.path() + "/h.png"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("layers[0].source") && r.err.contains("service"), r.err.constData());
        QVERIFY(!QFile::exists(m_dir.path() + "/h.png"));
        // A service plus a host of the project's choosing: refused too, naming the keyword.
        const QString both = writeProject("both", "PG:service=ietest host=/tmp", "public.parcels");
        r = gis::test::runTool(kGis, {"render", both, "-o", m_dir.path() + "/b.png"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("layers[0].source") && r.err.contains("\"host\""), r.err.constData());
        // A service with a hostile table name: quoted, not run.
        const QString drop = writeProject("drop", "PG:service=ietest", "public.parcels\"; DROP TABLE roads; --");
        r = gis::test::runTool(kGis, {"render", drop, "-o", m_dir.path() + "/d.png"});
        QVERIFY(r.exitCode != 0);
        QCOMPARE(checksum(), before);
    }
};

QTEST_GUILESS_MAIN(TestCliPostgis)
#include "tst_clipostgis.moc"
