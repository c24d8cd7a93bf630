// `gis analyse` for the network algorithms, as a service scripts it: the real binary on the sample's roads. Oracles
// (a throwaway PostGIS server with pgRouting): pgr_dijkstra for the route's cost, ST_Length(geography) for its
// length, and ST_DWithin(geography) for which towns lie within a 30-minute isochrone of the health centres.

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "support/postgissupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// The value of `field` of the first feature ogrinfo prints of `file`.
double firstValue(const QString& file, const QString& field)
{
    const auto r = gis::test::runTool("ogrinfo", {"-q", "-al", file});
    const QRegularExpression re("\\b" + field + R"( \(Real\) = ([-\d.e+]+))");
    const auto m = re.match(QString::fromUtf8(r.out));
    return m.hasMatch() ? m.captured(1).toDouble() : std::nan("");
}

} // namespace

class TestAnalyseNetwork : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.exec("CREATE EXTENSION pgrouting"), m_db.why());
        QVERIFY2(m_db.loadLayer(kGpkg, "roads", "roads"), m_db.why());
        QVERIFY2(m_db.loadLayer(kGpkg, "towns", "towns"), m_db.why());
        // The sample's roads meet at their ends: pgRouting's own topology (nodes at ends) is the same network.
        QVERIFY2(m_db.exec("ALTER TABLE roads ADD COLUMN source integer, ADD COLUMN target integer;"
                           "SELECT pgr_createTopology('roads', 0.000001, 'geom', 'fid');"),
            m_db.why());
        // The hubs: the sample's health-centre projects.
        const auto r = gis::test::runTool("ogr2ogr", {"-f", "GPKG", m_dir.filePath("health.gpkg"), kGpkg, "projects",
            "-where", "category = 'health'", "-nln", "health"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void shortestPathAgainstPgRouting()
    {
        const QString out = m_dir.filePath("route.geojson");
        const QString from = "58.40778,23.58413", to = "57.76667,22.93333"; // Muscat; the end of the Samail – Izki road
        const auto r = gis::test::runTool(kGis, {"analyse", "shortest-path", kGpkg, "--layer", "roads", "-o", out,
            "--overwrite", "--from", from, "--to", to, "--cost", "time", "--speeds",
            "motorway:100,primary:80,secondary:60,track:20"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("shortest-path: 19 features in, 1 out"), r.out.constData());
        const QString vertex = "(SELECT id FROM roads_vertices_pgr ORDER BY the_geom <-> ST_SetSRID(ST_MakePoint(%1), 4326)"
                               " LIMIT 1)";
        const QString speed = "(CASE class WHEN 'motorway' THEN 100 WHEN 'primary' THEN 80 WHEN 'secondary' THEN 60"
                              " WHEN 'track' THEN 20 ELSE 50 END)";
        const QString agg = m_db.value("SELECT agg_cost FROM pgr_dijkstra($q$SELECT fid AS id, source, target, "
            "ST_Length(geom::geography) * 60.0 / (" + speed + " * 1000.0) AS cost FROM roads$q$, "
            + vertex.arg(from) + ", " + vertex.arg(to) + ", false) ORDER BY seq DESC LIMIT 1");
        QVERIFY2(m_db.ok() && !agg.isEmpty(), m_db.why());
        const double cost = firstValue(out, "cost");
        QVERIFY2(std::fabs(cost - agg.toDouble()) <= 1e-6 * cost, qPrintable(QString("%1 vs pgRouting %2").arg(cost).arg(agg)));
        QCOMPARE(firstValue(out, "time_min"), cost);

        QVERIFY2(m_db.loadLayer(out, "", "route"), m_db.why());
        const double geodesic = m_db.value("SELECT ST_Length(geom::geography) FROM route").toDouble();
        const double length = firstValue(out, "length_m");
        QVERIFY2(std::fabs(length - geodesic) <= 1e-6 * geodesic, qPrintable(QString("%1 vs %2").arg(length).arg(geodesic)));
    }

    void townsWithin30MinutesOfAHealthCentre()
    {
        const QString health = m_dir.filePath("health.gpkg");
        const QString iso = m_dir.filePath("iso.geojson");
        const QString reach = m_dir.filePath("reach.gpkg");
        const QStringList network{"--cost", "time"};
        auto r = gis::test::runTool(kGis, QStringList{"analyse", "isochrone", kGpkg, "--layer", "roads", "--overlay",
            health, "-o", iso, "--breaks", "30", "--buffer", "2000"} + network);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.startsWith("isochrone: 19 features in, 3 out"), r.out.constData());
        r = gis::test::runTool(kGis, QStringList{"analyse", "service-area", kGpkg, "--layer", "roads", "--overlay", health,
            "-o", reach, "--max-cost", "30"} + network);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(m_db.loadLayer(reach, "roads_service_area", "reach"), m_db.why());
        QCOMPARE(m_db.value("SELECT count(*) FROM reach WHERE cost > 30 OR cost_start > cost"), QString("0"));
        QVERIFY(m_db.value("SELECT count(DISTINCT hub) FROM reach").toInt() == 3);

        // The CLI's answer: towns in the isochrones.
        r = gis::test::runTool(kGis, {"query", kGpkg, "--layer", "towns", "--intersects", iso, "--format", "ids"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QSet<QString> mine;
        for (const QString& id : QString::fromUtf8(r.out).split(QRegularExpression("\\s+"), Qt::SkipEmptyParts))
            mine.insert(id);
        // PostGIS's: towns within 2 km (on the ellipsoid) of a road stretch reached within 30 minutes; a town within
        // 1 % of 2 km of one is left out (GEOS draws the buffer's arcs as chords).
        const QStringList rows = m_db.query("SELECT t.fid, min(ST_Distance(t.geom::geography, r.geom::geography)) "
                                            "FROM towns t, reach r GROUP BY t.fid");
        QVERIFY2(m_db.ok(), m_db.why());
        int compared = 0, within = 0;
        for (const QString& row : rows) {
            const QString fid = row.section('|', 0, 0);
            const double d = row.section('|', 1, 1).toDouble();
            if (std::fabs(d - 2000) < 20)
                continue;
            QVERIFY2(mine.contains(fid) == (d < 2000), qPrintable(QString("town %1 is %2 m from a reached road").arg(fid).arg(d)));
            ++compared;
            within += d < 2000;
        }
        QVERIFY(compared >= 35);
        QVERIFY(within >= 5);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("point") << QStringList{"shortest-path", kGpkg, "--layer", "roads", "--from", "58.4", "--to", "58,23"}
                               << "--from \"58.4\": not a point";
        QTest::newRow("speeds") << QStringList{"shortest-path", kGpkg, "--layer", "roads", "--from", "58,23", "--to",
            "57,22", "--cost", "time", "--speeds", "primary=80"}
                                << "--speeds \"primary=80\": \"primary=80\" has no speed";
        QTest::newRow("no hubs") << QStringList{"service-area", kGpkg, "--layer", "roads", "--max-cost", "10"}
                                 << "service-area needs --overlay PATH";
        QTest::newRow("hubs not points") << QStringList{"service-area", kGpkg, "--layer", "roads", "--overlay", kGpkg,
            "--overlay-layer", "wilayat", "--max-cost", "10"}
                                         << "the hubs (layer \"wilayat\") must be points";
        QTest::newRow("breaks") << QStringList{"isochrone", kGpkg, "--layer", "roads", "--overlay", kGpkg,
            "--overlay-layer", "towns", "--breaks", "10,x"}
                                << "--breaks \"10,x\": \"x\" is not a cost above 0";
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString out = m_dir.filePath("refused.gpkg");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse"} + args + QStringList{"-o", out});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestAnalyseNetwork)
#include "tst_analysenetwork.moc"
