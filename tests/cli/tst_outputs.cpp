// What `gis query -o` does to files: each format is a real file of that format (ogrinfo says which driver reads
// it and how many features it has), an input is never an output (same file, symlink, hard link, Shapefile set),
// an existing file is replaced only with --overwrite, and --layer-name adds a layer to a GeoPackage leaving its
// other tables as they were (sqlite3 dumps and PRAGMA integrity_check are the oracle).

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kInProgress = "status = 'in_progress'";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(gis::test::readFile(path), QCryptographicHash::Sha256).toHex();
}

/// "Driver: N features" as ogrinfo -so reads the file.
QString ogrSummary(const QString& path)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-so", "-al", path});
    const auto driver = QRegularExpression("using driver `([^']+)'").match(QString::fromUtf8(r.out));
    const auto count = QRegularExpression("Feature Count: (\\d+)").match(QString::fromUtf8(r.out));
    return driver.captured(1) + ": " + count.captured(1) + " features";
}

QStringList gpkgLayers(const QString& path)
{
    const auto r = gis::test::runTool("sqlite3", {path, "SELECT table_name FROM gpkg_contents ORDER BY table_name"});
    return QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
}

QByteArray dumpTable(const QString& path, const QString& table)
{
    return gis::test::runTool("sqlite3", {path, ".dump " + table}).out;
}

} // namespace

class TestOutputs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(gis::test::haveTool("ogrinfo") && gis::test::haveTool("sqlite3"), "ogrinfo and sqlite3 are the oracles");
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        // A fresh copy of the sample for every test: the victim of the mistakes tried here.
        m_victim = m_dir.filePath(QString("victim-%1.gpkg").arg(++m_round));
        QVERIFY(QFile::copy(kSample, m_victim));
        QFile(m_victim).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        m_victimSum = sha256(m_victim);
        m_layers = gpkgLayers(m_victim);
        // 18 layers with geometry (construction_sites and drone_flights among them) and the 4 tables of the forms' photos
        QCOMPARE(m_layers.size(), 22);
    }

    // The defect: this exited 0 and left a 4 KB GeoJSON text where the 15-layer GeoPackage was.
    void outputIsTheInput_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("same path") << "same";
        QTest::newRow("symlink") << "symlink";
        QTest::newRow("hard link") << "hardlink";
        QTest::newRow("another spelling") << "dotdot";
    }
    void outputIsTheInput()
    {
        QFETCH(QString, how);
        QString out = m_victim;
        if (how == "symlink") {
            out = m_dir.filePath("link-" + QString::number(m_round) + ".gpkg");
            QVERIFY(QFile::link(m_victim, out));
        } else if (how == "hardlink") {
            out = m_dir.filePath("hard-" + QString::number(m_round) + ".gpkg");
            QCOMPARE(::link(QFile::encodeName(m_victim).constData(), QFile::encodeName(out).constData()), 0);
        } else if (how == "dotdot") {
            QVERIFY(QDir(m_dir.path()).mkdir("sub"));
            out = m_dir.filePath("sub/../" + QFileInfo(m_victim).fileName());
        }
        for (const QStringList& extra : {QStringList{}, QStringList{"--overwrite"}, QStringList{"--layer-name", "x"},
                 QStringList{"--format", "count"}}) {
            const auto r = runGis(QStringList{"query", m_victim, "--layer", "projects", "--where", kInProgress, "-o", out} + extra);
            QVERIFY2(r.exitCode != 0, qPrintable(extra.join(' ')));
            QVERIFY2(r.err.contains("is an input of this command") && r.err.contains("choose another output"), r.err.constData());
            QCOMPARE(sha256(m_victim), m_victimSum);
        }
    }

    // The files of one Shapefile are one input: its .dbf is not a fresh output, nor is its .shp under a hard link.
    void outputIsPartOfAnInputShapefile()
    {
        const QString shp = m_dir.filePath("towns.shp");
        QCOMPARE(runGis({"query", kSample, "--layer", "towns", "-o", shp}).exitCode, 0);
        const QByteArray dbf = sha256(m_dir.filePath("towns.dbf"));
        for (const QString& out : {m_dir.filePath("towns.dbf"), m_dir.filePath("towns.csv"), shp}) {
            const auto r = runGis({"query", shp, "--where", "1 = 1", "-o", out, "--overwrite", "--format", "csv"});
            QVERIFY2(r.exitCode != 0 && r.err.contains("is an input of this command"), qPrintable(out + ": " + r.err));
        }
        QCOMPARE(sha256(m_dir.filePath("towns.dbf")), dbf);
        // A query geometry read from a file is an input too.
        const auto r = runGis({"query", kSample, "--layer", "towns", "--within", shp, "-o", shp, "--overwrite"});
        QVERIFY2(r.exitCode != 0 && r.err.contains("is an input of this command"), r.err.constData());
    }

    // Every format is what its extension says (was: GeoJSON text under any name).
    void formatFollowsExtension_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("driver");
        QTest::newRow("gpkg") << "r.gpkg" << QStringList{} << "GPKG";
        QTest::newRow("shp") << "r.shp" << QStringList{} << "ESRI Shapefile";
        QTest::newRow("fgb") << "r.fgb" << QStringList{} << "FlatGeobuf";
        QTest::newRow("geojson") << "r.geojson" << QStringList{} << "GeoJSON";
        QTest::newRow("json") << "r.json" << QStringList{} << "GeoJSON";
        QTest::newRow("csv") << "r.csv" << QStringList{} << "CSV";
        QTest::newRow("kml") << "r.kml" << QStringList{} << "LIBKML";
        QTest::newRow("gml") << "r.gml" << QStringList{} << "GML";
        QTest::newRow("--format overrides") << "r.txt" << QStringList{"--format", "geojson"} << "GeoJSON";
        QTest::newRow("--format gpkg") << "r.data" << QStringList{"--format", "gpkg"} << "GPKG";
    }
    void formatFollowsExtension()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, extra);
        QFETCH(QString, driver);
        QTemporaryDir dir;
        const QString out = dir.filePath(file);
        const auto r = runGis(QStringList{"query", m_victim, "--layer", "projects", "--where", kInProgress, "-o", out} + extra);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(ogrSummary(out), driver + ": 6 features");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot).filter("tmp").size(), 0);
    }

    void badOutputsAreRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown extension") << QStringList{"-o", "r.txt"} << "unknown format \".txt\"";
        QTest::newRow("standard output as a file") << QStringList{"--format", "geojson", "-o", "/dev/stdout"} << "not a regular file";
        QTest::newRow("text to /dev/stdout") << QStringList{"--format", "count", "-o", "/dev/stdout"} << "not a regular file";
        QTest::newRow("a folder") << QStringList{"-o", "."} << "not a regular file";
        QTest::newRow("a folder named .gpkg") << QStringList{"-o", "folder.gpkg"} << "not a regular file";
        QTest::newRow("count as a GeoPackage") << QStringList{"--format", "count", "-o", "n.gpkg"} << "writes text";
        QTest::newRow("layer name in a Shapefile") << QStringList{"-o", "r.shp", "--layer-name", "a"} << "inside a GeoPackage";
        QTest::newRow("--overwrite without -o") << QStringList{"--overwrite"} << "go with -o";
        QTest::newRow("gpkg to stdout") << QStringList{"--format", "gpkg"} << "give -o OUT";
    }
    void badOutputsAreRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("folder.gpkg"));
        gis::test::ToolResult r;
        {
            const QString cwd = QDir::currentPath();
            QDir::setCurrent(dir.path());
            r = runGis(QStringList{"query", m_victim, "--layer", "projects"} + args);
            QDir::setCurrent(cwd);
        }
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Hidden | QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"folder.gpkg"});
        QVERIFY(r.out.isEmpty());
    }

    void existingOutputNeedsOverwrite_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("driver");
        QTest::newRow("geojson") << "e.geojson" << "GeoJSON";
        QTest::newRow("shp") << "e.shp" << "ESRI Shapefile";
        QTest::newRow("csv") << "e.csv" << "CSV";
    }
    void existingOutputNeedsOverwrite()
    {
        QFETCH(QString, file);
        QFETCH(QString, driver);
        QTemporaryDir dir;
        const QString out = dir.filePath(file);
        QCOMPARE(runGis({"query", kSample, "--layer", "towns", "-o", out}).exitCode, 0);
        const QByteArray before = sha256(out);
        const auto refused = runGis({"query", kSample, "--layer", "projects", "--where", kInProgress, "-o", out});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("exists; add --overwrite"), refused.err.constData());
        QCOMPARE(sha256(out), before);
        const auto replaced = runGis({"query", kSample, "--layer", "projects", "--where", kInProgress, "-o", out, "--overwrite"});
        QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
        QCOMPARE(ogrSummary(out), driver + ": 6 features");
    }

    // --overwrite without --layer-name replaces a GeoPackage whole, and says first how many layers go.
    void overwriteWholeGeoPackageSaysWhatIsLost()
    {
        const QString out = m_dir.filePath("whole.gpkg");
        QVERIFY(QFile::copy(m_victim, out));
        const auto r = runGis({"query", kSample, "--layer", "projects", "--where", kInProgress, "-o", out, "--overwrite"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("replacing " + out.toUtf8() + " whole (its " + QByteArray::number(m_layers.size()) + " layers)"), r.err.constData());
        QCOMPARE(gpkgLayers(out), QStringList{"projects"});
        QCOMPARE(ogrSummary(out), QString("GPKG: 6 features"));
    }

    // --layer-name: one new layer; every other table's rows exactly as before, and a sound database.
    void layerNameAddsOneLayer()
    {
        QMap<QString, QByteArray> before;
        for (const QString& t : m_layers)
            before[t] = dumpTable(m_victim, t);
        const auto r = runGis({"query", kSample, "--layer", "projects", "--where", kInProgress, "-o", m_victim,
            "--layer-name", "in_progress"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList expected = m_layers + QStringList{"in_progress"};
        expected.sort();
        QCOMPARE(gpkgLayers(m_victim), expected);
        for (const QString& t : m_layers)
            QVERIFY2(dumpTable(m_victim, t) == before[t], qPrintable(t + " changed"));
        QCOMPARE(gis::test::runTool("sqlite3", {m_victim, "PRAGMA integrity_check"}).out, QByteArray("ok\n"));
        const auto count = gis::test::runTool("sqlite3", {m_victim, "SELECT COUNT(*) FROM in_progress"});
        QCOMPARE(count.out, QByteArray("6\n"));

        // The name is taken now: refused, file unchanged; with --overwrite only that layer is replaced.
        const QByteArray withLayer = sha256(m_victim);
        const auto again = runGis({"query", kSample, "--layer", "projects", "-o", m_victim, "--layer-name", "in_progress"});
        QVERIFY(again.exitCode != 0);
        QVERIFY2(again.err.contains("already has a layer \"in_progress\""), again.err.constData());
        QCOMPARE(sha256(m_victim), withLayer);
        const auto replace = runGis({"query", kSample, "--layer", "projects", "-o", m_victim, "--layer-name", "projects",
            "--where", "status = 'completed'", "--overwrite"});
        QVERIFY2(replace.exitCode == 0, replace.err.constData());
        QCOMPARE(gis::test::runTool("sqlite3", {m_victim, "SELECT COUNT(*) FROM projects"}).out, QByteArray("15\n"));
        for (const QString& t : m_layers)
            if (t != "projects")
                QVERIFY2(dumpTable(m_victim, t) == before[t], qPrintable(t + " changed"));
        QCOMPARE(gis::test::runTool("sqlite3", {m_victim, "PRAGMA integrity_check"}).out, QByteArray("ok\n"));
        QCOMPARE(gpkgLayers(m_victim).size(), m_layers.size() + 1);
    }

    // The kill test of the in-place path: a file-size limit kills gis (SIGXFSZ) while SQLite commits the new layer
    // into the GeoPackage. The next opener (sqlite3) rolls the hot journal back: the file is byte-identical.
    void layerNameKilledMidCommitLeavesFileAsItWas()
    {
        const qint64 limitKb = (QFileInfo(m_victim).size() + 100 * 1024) / 1024;
        const QString command = QString("ulimit -f %1; exec '%2' query '%3' --layer parcels -o '%4' --layer-name big")
                                    .arg(limitKb)
                                    .arg(kGis, kSample, m_victim);
        const auto r = gis::test::runTool("sh", {"-c", command});
        QVERIFY2(r.crashed || r.exitCode != 0, "the limit did not stop the write");
        QVERIFY(QFile::exists(m_victim + "-journal")); // killed mid-transaction indeed
        QCOMPARE(gis::test::runTool("sqlite3", {m_victim, "PRAGMA integrity_check"}).out, QByteArray("ok\n"));
        QCOMPARE(gpkgLayers(m_victim), m_layers);
        QCOMPARE(sha256(m_victim), m_victimSum);
    }

private:
    QTemporaryDir m_dir;
    int m_round = 0;
    QString m_victim;
    QByteArray m_victimSum;
    QStringList m_layers;
};

QTEST_GUILESS_MAIN(TestOutputs)
#include "tst_outputs.moc"
