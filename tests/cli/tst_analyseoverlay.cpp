// `gis analyse` for the overlays, as a service scripts it: the real binary, run as a process, in the form the issue
// gives (`gis analyse clip parcels.gpkg -o c.gpkg --overlay wilayat.gpkg`, relative paths in the working folder).
// Oracle: PostGIS (ST_Intersection, ST_Difference, ST_Union) on the same files loaded with ogr2ogr: total area and
// symmetric-difference area within 1e-6 relative, attribute rows identical. And the refusals.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "support/postgissupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runGis(const QString& folder, const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(folder);
    p.start(kGis, args);
    p.waitForFinished(-1);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestAnalyseOverlay : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    gis::test::PostgisServer m_db;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // parcels.gpkg: a 12 × 8 grid of 0.05° parcels across Ad Dakhiliyah (EPSG:4326, as the wilayat).
        QString json = R"({"type":"FeatureCollection","features":[)";
        for (int r = 0; r < 8; ++r)
            for (int c = 0; c < 12; ++c) {
                const double x = 57.0 + 0.05 * c, y = 22.6 + 0.05 * r;
                json += QString(R"(%1{"type":"Feature","properties":{"parcel":"P%2"},"geometry":{"type":"Polygon",)"
                                R"("coordinates":[[[%3,%4],[%5,%4],[%5,%6],[%3,%6],[%3,%4]]]}})")
                            .arg(r + c ? "," : "").arg(r * 12 + c).arg(x, 0, 'f', 2).arg(y, 0, 'f', 2)
                            .arg(x + 0.05, 0, 'f', 2).arg(y + 0.05, 0, 'f', 2);
            }
        json += "]}";
        gis::test::writeFile(m_dir.filePath("parcels.geojson"), json.toUtf8());
        auto r = gis::test::runTool("ogr2ogr", {"-f", "GPKG", "-nln", "parcels", "-nlt", "MULTIPOLYGON",
            m_dir.filePath("parcels.gpkg"), m_dir.filePath("parcels.geojson")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = gis::test::runTool("ogr2ogr", {"-f", "GPKG", m_dir.filePath("wilayat.gpkg"), kGpkg, "wilayat"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.loadLayer(m_dir.filePath("parcels.gpkg"), "parcels", "parcels"), m_db.why());
        QVERIFY2(m_db.loadLayer(m_dir.filePath("wilayat.gpkg"), "wilayat", "wilayat"), m_db.why());
    }

    void asTheIssueWritesIt_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("columns"); // attribute columns compared, as in the output
        QTest::addColumn<QString>("sql");     // PostGIS's pieces: those columns, then g
        QTest::newRow("clip") << "clip" << "parcel"
                              << "SELECT p.parcel, ST_Intersection(p.geom, (SELECT ST_Union(w.geom) FROM wilayat w "
                                 "WHERE ST_Intersects(p.geom, w.geom))) AS g FROM parcels p";
        QTest::newRow("intersection") << "intersection" << "parcel, name_en"
                                      << "SELECT p.parcel, w.name_en, ST_CollectionExtract(ST_Intersection(p.geom, "
                                         "w.geom), 3) AS g FROM parcels p JOIN wilayat w ON ST_Intersects(p.geom, w.geom)";
        QTest::newRow("difference") << "difference" << "parcel"
                                    << "SELECT p.parcel, COALESCE(ST_Difference(p.geom, (SELECT ST_Union(w.geom) FROM "
                                       "wilayat w WHERE ST_Intersects(p.geom, w.geom))), p.geom) AS g FROM parcels p";
    }

    void asTheIssueWritesIt()
    {
        QFETCH(QString, id);
        QFETCH(QString, columns);
        QFETCH(QString, sql);
        const QString out = id + ".gpkg";
        QStringList args{"analyse", id, "parcels.gpkg", "-o", out, "--overlay", "wilayat.gpkg"};
        if (id == "intersection")
            args << "--overlay-fields" << "name_en";
        const Run r = runGis(m_dir.path(), args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.startsWith(id + ": 96 features in, "), qPrintable(r.out));
        QVERIFY2(m_db.loadLayer(m_dir.filePath(out), "parcels_" + id, "mine"), m_db.why());
        QVERIFY2(m_db.exec("DROP TABLE IF EXISTS theirs; CREATE TABLE theirs AS SELECT * FROM (" + sql
                     + ") s WHERE g IS NOT NULL AND ST_Area(g) > 0"),
            m_db.why());
        const double theirs = m_db.value("SELECT sum(ST_Area(g)) FROM theirs").toDouble();
        const double mine = m_db.value("SELECT sum(ST_Area(geom)) FROM mine").toDouble();
        QVERIFY2(theirs > 0 && std::abs(mine - theirs) <= 1e-6 * theirs, qPrintable(QString("%1 against %2").arg(mine).arg(theirs)));
        const double symDiff = m_db.value("SELECT ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM mine), "
                                          "(SELECT ST_Union(g) FROM theirs)))").toDouble();
        QVERIFY2(m_db.ok() && symDiff <= 1e-6 * theirs, qPrintable(QString::number(symDiff)));
        const QStringList theirRows = m_db.query("SELECT " + columns + " FROM theirs ORDER BY " + columns);
        QVERIFY(!theirRows.isEmpty());
        QCOMPARE(m_db.query("SELECT " + columns + " FROM mine ORDER BY " + columns), theirRows);
        QVERIFY2(m_db.value("SELECT GeometryType(geom) FROM mine GROUP BY 1") == "MULTIPOLYGON"
                && m_db.query("SELECT DISTINCT GeometryType(geom) FROM mine").size() == 1,
            m_db.why());
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no overlay") << QStringList{"analyse", "clip", "parcels.gpkg", "-o", "x.gpkg"}
                                    << "clip needs --overlay PATH";
        QTest::newRow("misspelt overlay field")
            << QStringList{"analyse", "intersection", "parcels.gpkg", "-o", "x.gpkg", "--overlay", "wilayat.gpkg",
                   "--overlay-fields", "name_eng"}
            << "did you mean \"name_en\"";
        QTest::newRow("union of points and polygons")
            << QStringList{"analyse", "union", kGpkg, "--layer", "towns", "-o", "x.gpkg", "--overlay", "wilayat.gpkg"}
            << "union needs layers of one dimension: \"towns\" has Point, \"wilayat\" has MultiPolygon";
        QTest::newRow("output over the overlay")
            << QStringList{"analyse", "clip", "parcels.gpkg", "-o", "wilayat.gpkg", "--overlay", "wilayat.gpkg", "--overwrite"}
            << "wilayat.gpkg";
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runGis(m_dir.path(), args);
        // main() exits 2 for argument errors and 1 for the others (an unknown field is a query error).
        QCOMPARE(r.exitCode, message.contains("did you mean") ? 1 : 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_dir.filePath("x.gpkg")));
    }
};

QTEST_GUILESS_MAIN(TestAnalyseOverlay)
#include "tst_analyseoverlay.moc"
