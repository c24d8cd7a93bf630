// gis query --where/--bbox on PostGIS, where the filter runs on the server (gis::readFiltered pushes what maps to
// SQL, the rest runs on the rows the server sends): for every expression of tests/support/sqlfiltercases.h —
// pushed whole, in part or not at all — the ids equal those of the same gis query on the file the table was
// loaded from, and --timings' server_rows says the server sent only the matching rows when everything was pushed
// (the whole table when nothing was; psql counts the tables). The injection attempts leave the tables unchanged.

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "support/postgissupport.h"
#include "support/sqlfiltercases.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// The ids gis query printed, sorted (the database's row order is its own).
QList<qint64> sortedIds(const QByteArray& out)
{
    QList<qint64> ids;
    for (const QByteArray& line : out.split('\n'))
        if (!line.isEmpty())
            ids.push_back(line.toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// server_rows=N of --timings, or -1.
qint64 serverRows(const QByteArray& err)
{
    const auto m = QRegularExpression("server_rows=(\\d+)").match(QString::fromUtf8(err));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

} // namespace

class TestCliPgFilter : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    QTemporaryDir m_dir;
    QString m_gen;
    QString m_checksum;

    QString pg() const { return "PG:" + m_db.connInfo(); }

    QString checksum()
    {
        return m_db.value("SELECT count(*) || ' ' || md5(string_agg(g::text, ',' ORDER BY fid)) FROM gen g") + " / "
            + m_db.value("SELECT count(*) FROM x") + " / " + m_db.value("SELECT count(*) FROM inspections");
    }

    /// gis query on the database and on the file the table came from, with the same arguments.
    struct Both {
        gis::test::ToolResult db;
        gis::test::ToolResult file;
    };
    Both queryBoth(const QString& table, const QStringList& conditions)
    {
        const QStringList format{"--format", "ids", "--timings"};
        Both r;
        r.db = gis::test::runTool(kGis, QStringList{"query", pg(), "--layer", "public." + table} + conditions + format);
        r.file = table == "gen" ? gis::test::runTool(kGis, QStringList{"query", m_gen} + conditions + format)
                                : gis::test::runTool(kGis, QStringList{"query", kGpkg, "--layer", table} + conditions + format);
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        for (const char* layer : {"projects", "inspections", "parcels"})
            QVERIFY2(m_db.loadLayer(kGpkg, layer, layer), m_db.why());
        m_gen = m_dir.filePath("gen.geojson");
        QFile f(m_gen);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(gis::test::generatedGeoJson());
        f.close();
        QVERIFY2(m_db.loadLayer(m_gen, {}, "gen"), m_db.why());
        // As in tst_sqlfilter: an ICU collation on the text columns must not change any answer.
        QVERIFY2(m_db.exec("ALTER TABLE gen ALTER COLUMN name TYPE varchar COLLATE \"und-x-icu\";"
                           "ALTER TABLE gen ALTER COLUMN \"na\"\"me\" TYPE varchar COLLATE \"und-x-icu\";"
                           "CREATE TABLE x (a int); INSERT INTO x VALUES (1), (2)"),
                 m_db.why());
        m_checksum = checksum();
        QVERIFY(!m_checksum.isEmpty());
    }

    void whereAsOnTheFile_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("kind");
        for (const gis::test::SqlFilterCase& c : gis::test::sqlFilterCases())
            QTest::newRow(c.expression.toUtf8().constData()) << c.table << c.expression << c.kind;
    }

    void whereAsOnTheFile()
    {
        QFETCH(QString, table);
        QFETCH(QString, expression);
        QFETCH(QString, kind);
        const Both r = queryBoth(table, {"--where", expression});
        QVERIFY2(r.db.exitCode == 0, r.db.err.constData());
        QVERIFY2(r.file.exitCode == 0, r.file.err.constData());
        const QList<qint64> ids = sortedIds(r.db.out);
        QCOMPARE(ids, sortedIds(r.file.out));
        const qint64 sent = serverRows(r.db.err);
        const qint64 rows = m_db.value("SELECT count(*) FROM " + table).toLongLong();
        QVERIFY2(sent >= 0, r.db.err.constData());
        QVERIFY(serverRows(r.file.err) == -1); // a file has no server
        if (kind == "all")
            QCOMPARE(sent, qint64(ids.size())); // only the matching rows crossed the socket
        else if (kind == "none")
            QCOMPARE(sent, rows);
        else
            QVERIFY2(sent >= ids.size() && sent <= rows, r.db.err.constData());
    }

    // --bbox goes to the server as && on the spatial index (in the layer's CRS, or brought into it from --crs),
    // alone and together with a pushed and a residual --where.
    void bboxAsOnTheFile()
    {
        const QString srid = m_db.value("SELECT srid FROM geometry_columns WHERE f_table_name = 'inspections'");
        const QStringList e = m_db.query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                                         " (SELECT ST_Extent(geom) e FROM inspections) s").first().split('|');
        const double x0 = e[0].toDouble(), y0 = e[1].toDouble(), x1 = e[2].toDouble(), y1 = e[3].toDouble();
        // The south-west quarter of the extent: the oracle is psql's exact count of points inside it.
        const double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
        const QString box = QString("%1,%2,%3,%4").arg(x0 - 1, 0, 'g', 17).arg(y0 - 1, 0, 'g', 17).arg(mx, 0, 'g', 17).arg(my, 0, 'g', 17);
        const qint64 inside = m_db.value(QString("SELECT count(*) FROM inspections WHERE ST_X(geom) BETWEEN %1 AND %2"
                                                 " AND ST_Y(geom) BETWEEN %3 AND %4")
                                             .arg(x0 - 1, 0, 'g', 17).arg(mx, 0, 'g', 17).arg(y0 - 1, 0, 'g', 17).arg(my, 0, 'g', 17))
                                  .toLongLong();
        const qint64 all = m_db.value("SELECT count(*) FROM inspections").toLongLong();
        QVERIFY(inside > 0 && inside < all);

        Both r = queryBoth("inspections", {"--bbox", box});
        QVERIFY2(r.db.exitCode == 0, r.db.err.constData());
        QCOMPARE(sortedIds(r.db.out), sortedIds(r.file.out));
        QCOMPARE(qint64(sortedIds(r.db.out).size()), inside);
        QCOMPARE(serverRows(r.db.err), inside);

        r = queryBoth("inspections", {"--bbox", box, "--where", "score < 50 AND year(inspection_date) = 2025"});
        QVERIFY2(r.db.exitCode == 0, r.db.err.constData());
        const QList<qint64> ids = sortedIds(r.db.out);
        QCOMPARE(ids, sortedIds(r.file.out));
        QVERIFY(!ids.isEmpty());
        QCOMPARE(serverRows(r.db.err), m_db.value(QString("SELECT count(*) FROM inspections WHERE score < 50 AND"
                                                          " ST_X(geom) BETWEEN %1 AND %2 AND ST_Y(geom) BETWEEN %3 AND %4")
                                                      .arg(x0 - 1, 0, 'g', 17).arg(mx, 0, 'g', 17).arg(y0 - 1, 0, 'g', 17).arg(my, 0, 'g', 17))
                                         .toLongLong());

        // The box in longitude/latitude: brought into the layer's CRS before it is sent.
        if (srid != "4326") {
            const QStringList ll = m_db.query(QString("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT"
                " ST_Transform(ST_MakeEnvelope(%1, %2, %3, %4, %5), 4326)::box2d b) s")
                .arg(x0, 0, 'g', 17).arg(y0, 0, 'g', 17).arg(mx, 0, 'g', 17).arg(my, 0, 'g', 17).arg(srid)).first().split('|');
            r = queryBoth("inspections", {"--bbox", ll.join(','), "--crs", "EPSG:4326", "--where", "result = 'fail'"});
            QVERIFY2(r.db.exitCode == 0, r.db.err.constData());
            QCOMPARE(sortedIds(r.db.out), sortedIds(r.file.out));
            QVERIFY(serverRows(r.db.err) < all);
        }
        // A reversed box (min above max) is a planner's mistake (issue 17): refused on both sides, naming --bbox,
        // before anything is sent to the server.
        r = queryBoth("inspections", {"--bbox", QString("%1,%2,%3,%4").arg(mx).arg(my).arg(x0).arg(y0)});
        QCOMPARE(r.db.exitCode, 2);
        QCOMPARE(r.file.exitCode, 2);
        QVERIFY2(r.db.err.contains("--bbox") && r.file.err.contains("--bbox"), r.db.err.constData());
        QVERIFY(serverRows(r.db.err) <= 0); // no rows came from the server (no timings line at all on an error)
    }

    void errorsNameTheLayer()
    {
        const auto r = gis::test::runTool(kGis, {"query", pg(), "--layer", "public.projects", "--where", "no_such_field = 1"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("no_such_field"), r.err.constData());
    }

    // Last: the injection attempts of the table changed nothing.
    void injectionChangesNothing() { QCOMPARE(checksum(), m_checksum); }
};

QTEST_GUILESS_MAIN(TestCliPgFilter)
#include "tst_clipgfilter.moc"
