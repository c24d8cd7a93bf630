// What the commands say about a read that skipped features: the real binary on a copy of the sample
// GeoPackage with crafted geometry blobs. Oracle: sqlite3's row count equals the features a command reports
// reading plus those its stderr summary says it skipped.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

QByteArray sqlite(const QString& db, const QString& sql)
{
    return gis::test::runTool("sqlite3", {db, sql}).out.trimmed();
}

QStringList lines(const QByteArray& text)
{
    return QString::fromUtf8(text).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestReadReportCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_bad;

private slots:
    void initTestCase()
    {
        QVERIFY2(gis::test::haveTool("sqlite3"), "sqlite3 is the oracle and builds the fixture");
        m_bad = m_dir.filePath("bad.gpkg");
        QVERIFY(QFile::copy(kSample, m_bad));
        QFile(m_bad).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        // The R-tree triggers call SpatiaLite functions the sqlite3 shell does not have.
        const QByteArray triggers = sqlite(m_bad, "SELECT group_concat('DROP TRIGGER \"' || name || '\";', '') "
                                                  "FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('parcels', 'inspections')");
        sqlite(m_bad, QString::fromUtf8(triggers));
        sqlite(m_bad, "UPDATE parcels SET geom = X'58500001E61000000101000000000000000000F03F0000000000000040' WHERE fid = 5;"
                      "UPDATE parcels SET geom = X'47500001E61000000101000000000000000000F87F0000000000000040' WHERE fid = 50;"
                      "UPDATE parcels SET geom = X'47500001E61000000103000000FFFFFFFF' WHERE fid = 500;"
                      "UPDATE inspections SET geom = X'47500001' WHERE fid = 9;");
        QCOMPARE(sqlite(m_bad, "SELECT count(*) FROM parcels"), QByteArray("3026"));
    }

    void summaryIsOneLine()
    {
        const auto r = runGis({"query", m_bad, "--layer", "parcels", "--format", "count"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("3023\n"));
        QCOMPARE(QString::fromUtf8(r.err), "gis: " + m_bad + ", layer \"parcels\": 3 features skipped (corrupt geometry)"
                " — --verbose lists them\n");
        // What was read plus what was skipped is every row.
        const auto m = QRegularExpression("(\\d+) features skipped").match(QString::fromUtf8(r.err));
        QCOMPARE(r.out.trimmed().toLongLong() + m.captured(1).toLongLong(),
            sqlite(m_bad, "SELECT count(*) FROM parcels").toLongLong());
    }

    void verboseListsEachFeature()
    {
        const auto r = runGis({"query", m_bad, "--layer", "parcels", "--format", "count", "--verbose"});
        QCOMPARE(r.exitCode, 0);
        const QStringList err = lines(r.err);
        QCOMPARE(err.size(), 4);
        const QString prefix = "gis: " + m_bad + ", layer \"parcels\", feature ";
        QCOMPARE(err[1], prefix + "5: skipped: not a GeoPackage geometry blob (no \"GP\" header)");
        QCOMPARE(err[2], prefix + "50: skipped: coordinate is NaN or infinite");
        QVERIFY2(err[3].startsWith(prefix + "500: skipped: WKB: truncated"), qPrintable(err[3]));
    }

    void strictFails()
    {
        const auto r = runGis({"query", m_bad, "--layer", "parcels", "--format", "count", "--strict"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty()); // no partial result for a pipeline to take as whole
        const QStringList err = lines(r.err);
        QCOMPARE(err.size(), 2);
        QVERIFY(err[0].contains("3 features skipped"));
        QVERIFY2(err[1].startsWith("gis query: " + m_bad + ", layer \"parcels\"") && err[1].contains("--strict"),
            qPrintable(err[1]));

        // A clean layer: not a word, under --strict too.
        for (const QStringList& extra : {QStringList{}, QStringList{"--strict", "--verbose"}}) {
            const auto clean = runGis(QStringList{"query", m_bad, "--layer", "roads", "--format", "count"} + extra);
            QCOMPARE(clean.exitCode, 0);
            QCOMPARE(clean.out, QByteArray("19\n"));
            QVERIFY2(clean.err.isEmpty(), clean.err.constData());
        }
    }

    /// info counts what a read keeps, as query does, and says what the file declares when that differs.
    void infoAgreesWithQuery()
    {
        const auto text = runGis({"info", m_bad});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("parcels: Polygon, 3023 features (the file declares 3026"), text.out.constData());
        QVERIFY(text.out.contains("roads: LineString, 19 features, "));
        QCOMPARE(lines(text.err).size(), 2); // parcels and inspections
        const auto json = runGis({"info", "--json", m_bad});
        QCOMPARE(json.exitCode, 0);
        for (const auto& v : QJsonDocument::fromJson(json.out).object()["layers"].toArray()) {
            const QJsonObject l = v.toObject();
            const auto query = runGis({"query", m_bad, "--layer", l["name"].toString(), "--format", "count"});
            QCOMPARE(l["feature_count"].toInteger(), query.out.trimmed().toLongLong());
            if (l["name"] == "parcels")
                QCOMPARE(l["declared_feature_count"].toInteger(), 3026);
            else if (l["name"] != "inspections")
                QVERIFY(!l.contains("declared_feature_count"));
        }
    }

    /// join, render and export-map say the same of the layers they read.
    void everyReadingCommandReports()
    {
        const QString project = m_dir.filePath("bad.json");
        gis::test::writeFile(project, R"({"version": 1, "title": "Bad", "crs": "EPSG:4326", "layers": [
            {"name": "parcels", "source": "bad.gpkg", "layer": "parcels"},
            {"name": "inspections", "source": "bad.gpkg", "layer": "inspections"}]})");
        const QString inspections = ", layer \"inspections\": 1 feature skipped (corrupt geometry)";
        const QString parcels = ", layer \"parcels\": 3 features skipped (corrupt geometry)";
        struct Run {
            QStringList args;
            QStringList says;
        };
        const QList<Run> runs = {
            {{"join", m_bad, m_bad, "--points-layer", "inspections", "--polygons-layer", "wilayat", "--group-by", "name_en"},
                {inspections}},
            {{"render", m_bad, "-o", m_dir.filePath("all.png"), "--size", "200x150"}, {inspections, parcels}},
            {{"render", project, "-o", m_dir.filePath("project.png"), "--size", "200x150"}, {inspections, parcels}},
            {{"export-map", project, "-o", m_dir.filePath("page.pdf")}, {inspections, parcels}},
        };
        for (const Run& run : runs) {
            const auto r = runGis(run.args);
            QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
            for (const QString& s : run.says)
                QVERIFY2(QString::fromUtf8(r.err).contains(s), qPrintable(run.args.join(' ') + "\n" + r.err));
            const auto strict = runGis(run.args + QStringList{"--strict"});
            QVERIFY2(strict.exitCode == 1, qPrintable(run.args.join(' ') + "\n" + strict.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestReadReportCli)
#include "tst_readreport.moc"
