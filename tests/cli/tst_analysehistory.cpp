// Provenance from the command line, as a service scripts it: `gis analyse ... --project P.json [--add-layer]`
// records the run, `gis history` lists it and `--rerun` repeats it. Oracles: sqlite3 reads the GeoPackages both
// runs wrote (every row, geometry blobs included), the project file is read back as JSON, and a kill test
// (tests/support/killsupport.h) shows that a run killed while saving the project leaves the old or the new project.

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/killsupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readObject(const QString& path)
{
    return QJsonDocument::fromJson(readBytes(path)).object();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

/// Every row of a GeoPackage table, blobs as hex literals (sqlite3's quote mode).
QByteArray rows(const QString& gpkg, const QString& table)
{
    return gis::test::runTool("sqlite3", {"-cmd", ".mode quote", gpkg, "SELECT * FROM \"" + table + "\" ORDER BY fid"}).out;
}

} // namespace

class TestAnalyseHistory : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    int m_count = 0;

    /// A fresh folder with the sample data and a project naming it (plus a key this program does not know).
    QString freshProject(QByteArray extra = {})
    {
        const QString dir = m_tmp.filePath(QString("p%1").arg(++m_count));
        QDir().mkpath(dir + "/out");
        QFile::copy(kGpkg, dir + "/dakhiliyah.gpkg");
        const QString path = dir + "/p.json";
        writeBytes(path, "{\"version\": 1, \"title\": \"History\", \"note\": \"another tool's key\", "
                         "\"layers\": [{\"source\": \"dakhiliyah.gpkg\", \"layer\": \"wilayat\"}]" + extra + "}\n");
        return path;
    }

    static QString folder(const QString& project) { return QFileInfo(project).absolutePath(); }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void aRunIsRecordedWithEveryParameter()
    {
        const QString p = freshProject();
        const QString d = folder(p);
        auto r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/pos.gpkg", "--method", "point-on-surface", "--invalid", "repair", "--project", p});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("recorded as run-1 in"), r.out.constData());
        // Defaults are recorded too: this run gives no --method.
        r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/c.gpkg", "--project", p});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        const QJsonObject project = readObject(p);
        QCOMPARE(project["note"].toString(), QString("another tool's key")); // the file was re-read, not regenerated
        QCOMPARE(project["layers"].toArray().size(), 1);
        const QJsonArray history = project["history"].toArray();
        QCOMPARE(history.size(), 2);
        const QJsonObject first = history[0].toObject();
        QCOMPARE(first["id"].toString(), QString("run-1"));
        QCOMPARE(first["algorithm"].toString(), QString("centroid"));
        QCOMPARE(first["parameters"].toObject(), (QJsonObject{{"method", "point-on-surface"}}));
        QCOMPARE(history[1].toObject()["parameters"].toObject(), (QJsonObject{{"method", "centroid"}}));
        QCOMPARE(first["invalid"].toString(), QString("repair"));
        const QJsonObject input = first["inputs"].toArray()[0].toObject();
        QCOMPARE(input["source"].toString(), QString("dakhiliyah.gpkg")); // relative to the project
        QCOMPARE(input["layer"].toString(), QString("wilayat"));
        QCOMPARE(input["size"].toInteger(), QFileInfo(d + "/dakhiliyah.gpkg").size());
        QCOMPARE(first["output"].toObject()["path"].toString(), QString("out/pos.gpkg"));
        QCOMPARE(first["output"].toObject()["layer"].toString(), QString("wilayat_centroids"));
        QCOMPARE(first["features_in"].toInt(), 9);
        QCOMPARE(first["features_out"].toInt(), 9);
        const auto version = gis::test::runTool(kGis, {"--version"});
        QCOMPARE(QString::fromUtf8(version.out).trimmed(),
            first["software"].toString() + " " + first["software_version"].toString());
        const QDateTime started = QDateTime::fromString(first["started"].toString(), Qt::ISODate);
        const QDateTime finished = QDateTime::fromString(first["finished"].toString(), Qt::ISODate);
        QVERIFY(started.isValid() && finished.isValid() && started <= finished);
        QCOMPARE(finished.timeSpec(), Qt::UTC);

        // gis history lists both, and --json gives the records as the project holds them.
        const auto list = gis::test::runTool(kGis, {"history", p});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains("run-1") && list.out.contains("run-2") && list.out.contains("out/pos.gpkg"), list.out.constData());
        const auto json = gis::test::runTool(kGis, {"history", p, "--json"});
        QCOMPARE(QJsonDocument::fromJson(json.out).array(), history);
    }

    void rerunGivesTheSameOutput()
    {
        const QString p = freshProject();
        const QString d = folder(p);
        auto r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/first.gpkg", "--method", "point-on-surface", "--project", p, "--add-layer"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject project = readObject(p);
        QCOMPARE(project["layers"].toArray().size(), 2);
        const QJsonObject added = project["layers"].toArray()[1].toObject();
        QCOMPARE(added["made_by"].toString(), QString("run-1"));
        QCOMPARE(added["source"].toString(), QString("out/first.gpkg"));
        QCOMPARE(added["layer"].toString(), QString("wilayat_centroids"));
        QCOMPARE(project["history"].toArray()[0].toObject()["output"].toObject()["project_layer"].toString(), added["name"].toString());

        r = gis::test::runTool(kGis, {"history", p, "--rerun", "run-1", "-o", d + "/out/again.gpkg"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray firstRows = rows(d + "/out/first.gpkg", "wilayat_centroids");
        QCOMPARE(firstRows.count('\n'), 9);
        QCOMPARE(rows(d + "/out/again.gpkg", "wilayat_centroids"), firstRows);
        project = readObject(p);
        const QJsonObject second = project["history"].toArray()[1].toObject();
        QCOMPARE(second["id"].toString(), QString("run-2"));
        QCOMPARE(second["rerun_of"].toString(), QString("run-1"));
        QCOMPARE(second["parameters"], project["history"].toArray()[0].toObject()["parameters"]);

        // Over the old output only with --overwrite; the layer it fed is then made by the new record.
        r = gis::test::runTool(kGis, {"history", p, "--rerun", "run-1"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("would write over its old output out/first.gpkg; give -o NEW, or --overwrite"), r.err.constData());
        r = gis::test::runTool(kGis, {"history", p, "--rerun", "run-1", "--overwrite"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(rows(d + "/out/first.gpkg", "wilayat_centroids"), firstRows);
        project = readObject(p);
        QCOMPARE(project["layers"].toArray()[1].toObject()["made_by"].toString(), QString("run-3"));
    }

    void rerunRefuses_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("input touched") << "touch" << "its input dakhiliyah.gpkg is changed since the run: modified";
        QTest::newRow("input grown") << "grow" << "bytes then,";
        QTest::newRow("input missing") << "remove" << "its input dakhiliyah.gpkg is missing";
        QTest::newRow("unknown record") << "id" << "no record \"run-11\" in the history — did you mean \"run-1\"?";
        QTest::newRow("over the input") << "over-input" << "is an input of this command";
    }

    void rerunRefuses()
    {
        QFETCH(QString, change);
        QFETCH(QString, message);
        const QString p = freshProject();
        const QString d = folder(p);
        const QString input = d + "/dakhiliyah.gpkg";
        auto r = gis::test::runTool(kGis, {"analyse", "centroid", input, "--layer", "wilayat", "-o", d + "/out/c.gpkg", "--project", p});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray before = readBytes(p);
        QStringList args{"history", p, "--rerun", "run-1", "-o", d + "/out/new.gpkg"};
        if (change == "touch") {
            QFile f(input);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QFileInfo(input).lastModified().addSecs(-3600), QFileDevice::FileModificationTime));
        } else if (change == "grow") {
            QFile f(input);
            QVERIFY(f.open(QIODevice::Append));
            f.write("x");
        } else if (change == "remove") {
            QVERIFY(QFile::remove(input));
        } else if (change == "id") {
            args[3] = "run-11";
        } else if (change == "over-input") {
            args[5] = input;
        }
        r = gis::test::runTool(kGis, args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(d + "/out/new.gpkg"));
        QCOMPARE(readBytes(p), before); // nothing recorded
    }

    void recordingMistakesAreNamed()
    {
        const QString p = freshProject();
        const QString d = folder(p);
        // --add-layer with an output the project could not read (outside its folder): refused before any work.
        const QString outside = m_tmp.filePath("outside.gpkg");
        auto r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o", outside,
            "--project", p, "--add-layer"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--add-layer: ") && r.err.contains("is outside the folder of"), r.err.constData());
        QVERIFY(!QFile::exists(outside));
        // The project itself is never the output, and a missing project is named.
        r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o", p,
            "--project", p, "--overwrite"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is an input of this command"), r.err.constData());
        r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/x.gpkg", "--project", d + "/missing.json"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("missing.json"), r.err.constData());
        QVERIFY(!QFile::exists(d + "/out/x.gpkg"));
        r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/x.gpkg", "--add-layer"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--add-layer and --allow-path go with --project"), r.err.constData());
    }

    void pdfExportsSayHowEachLayerWasMade()
    {
        const QString p = freshProject();
        const QString d = folder(p);
        auto r = gis::test::runTool(kGis, {"analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/c.gpkg", "--method", "point-on-surface", "--project", p, "--add-layer"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject record = readObject(p)["history"].toArray()[0].toObject();
        const QString line = "wilayat_centroids: made by centroid (method=point-on-surface) from dakhiliyah.gpkg (wilayat) on "
            + record["finished"].toString() + " with Interior Explorer " + record["software_version"].toString();
        const QString lineAr = QString::fromUtf8("\u2066wilayat_centroids\u2069: أُنتجت بالخوارزمية \u2066centroid");
        for (const QStringList& command : {QStringList{"render", p, "-o", d + "/map.pdf"},
                 QStringList{"export-map", p, "-o", d + "/page.pdf"}}) {
            r = gis::test::runTool(kGis, command);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto meta = gis::test::runTool("pdfinfo", {"-meta", command[3]});
            QCOMPARE(meta.exitCode, 0);
            const QString xmp = QString::fromUtf8(meta.out);
            QVERIFY2(xmp.contains(line) && xmp.contains(lineAr), meta.out.constData());
            QVERIFY2(xmp.contains("<xmp:CreatorTool>Interior Explorer " + record["software_version"].toString()), meta.out.constData());
            const auto check = gis::test::runTool("qpdf", {"--check", command[3]});
            QVERIFY2(check.exitCode == 0, check.out.constData());
        }
        // A layout's "provenance" item lists the same lines on the page (Arabic layout: {provenance} in Arabic).
        QVERIFY(writeBytes(d + "/note-en.json", "{\"language\": \"en\", \"page\": {\"size\": \"A4\", \"orientation\": \"landscape\", "
            "\"margin_mm\": 10}, \"items\": [{\"type\": \"map\", \"rect\": [0, 0, 277, 150]}, "
            "{\"type\": \"provenance\", \"rect\": [0, 155, 277, 30], \"font_size\": 7}]}"));
        QVERIFY(writeBytes(d + "/note-ar.json", "{\"language\": \"ar\", \"page\": {\"size\": \"A4\", \"orientation\": \"landscape\", "
            "\"margin_mm\": 10}, \"items\": [{\"type\": \"map\", \"rect\": [0, 0, 277, 150]}, "
            "{\"type\": \"provenance\", \"rect\": [0, 155, 277, 30], \"font_size\": 7}]}"));
        for (const QString& lang : {QString("en"), QString("ar")}) {
            const QString pdf = d + "/note-" + lang + ".pdf";
            r = gis::test::runTool(kGis, {"export-map", p, "-o", pdf, "--layout", d + "/note-" + lang + ".json"});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto text = gis::test::runTool("pdftotext", {pdf, "-"});
            const QString page = QString::fromUtf8(text.out).simplified();
            if (lang == "en")
                QVERIFY2(page.contains("wilayat_centroids: made by centroid (method=point-on-surface)"), text.out.constData());
            else
                QVERIFY2(page.contains(QString::fromUtf8("بالخوارزمية")), text.out.constData());
        }

        // A hidden layer is not on the map, so its line is not in the file.
        QJsonObject project = readObject(p);
        QJsonArray layers = project["layers"].toArray();
        QJsonObject made = layers[1].toObject();
        made["visible"] = false;
        layers[1] = made;
        project["layers"] = layers;
        QVERIFY(writeBytes(p, QJsonDocument(project).toJson()));
        r = gis::test::runTool(kGis, {"render", p, "-o", d + "/hidden.pdf"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto meta = gis::test::runTool("pdfinfo", {"-meta", d + "/hidden.pdf"});
        QVERIFY2(!meta.out.contains("made by") && meta.out.contains("CreatorTool"), meta.out.constData());
    }

    void killedWhileSavingLeavesTheOldOrTheNewProject()
    {
        // A long history makes the project's load and save a large part of the run, so that many kills land there.
        QByteArray history = ", \"history\": [";
        for (int i = 0; i < 4000; ++i)
            history += QString("%1{\"id\": \"old-%2\", \"algorithm\": \"centroid\", \"parameters\": {\"method\": \"centroid\"}, "
                               "\"inputs\": [{\"role\": \"input\", \"source\": \"dakhiliyah.gpkg\", \"layer\": \"wilayat\"}], "
                               "\"output\": {\"path\": \"out/c%2.gpkg\"}, \"warnings\": [\"%3\"]}")
                           .arg(i ? "," : "").arg(i).arg(QString(200, 'w')).toUtf8();
        history += "]";
        const QString p = freshProject(history);
        const QString d = folder(p);
        const QByteArray before = readBytes(p);
        const QStringList args{kGis, "analyse", "centroid", d + "/dakhiliyah.gpkg", "--layer", "wilayat", "-o",
            d + "/out/k.gpkg", "--overwrite", "--project", p};
        const auto whole = gis::test::fastestRun(args);
        QVERIFY(whole.count() > 0);
        QVERIFY(writeBytes(p, before));
        int oldSeen = 0, newSeen = 0;
        const auto tally = gis::test::killUntilLanded(whole / 3, whole * 11 / 10, 13,
            [&](int) { return gis::test::spawnQuiet(args); },
            [&](int round, int status) {
                QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0), "the run failed");
                const QByteArray now = readBytes(p);
                if (now == before) {
                    ++oldSeen;
                    return;
                }
                QJsonParseError error;
                const QJsonObject o = QJsonDocument::fromJson(now, &error).object();
                QVERIFY2(error.error == QJsonParseError::NoError,
                    qPrintable(QString("round %1: a torn project: %2").arg(round).arg(error.errorString())));
                QCOMPARE(o["history"].toArray().size(), 4001);
                QCOMPARE(o["history"].toArray()[4000].toObject()["id"].toString(), QString("run-1"));
                QCOMPARE(o["note"].toString(), QString("another tool's key"));
                ++newSeen;
                QVERIFY(writeBytes(p, before)); // the next round starts from the old project again
            });
        QVERIFY2(tally.landed >= gis::test::killRounds(), qPrintable(QString("%1 kills landed").arg(tally.landed)));
        qInfo("a whole run: %lld ms; %d kills landed of %d; old project seen %d times, new %d", // a measurement
            static_cast<long long>(whole.count() / 1000), tally.landed, tally.tries, oldSeen, newSeen);
        // The project still loads with the program.
        QCOMPARE(gis::test::runTool(kGis, {"history", p, "--json"}).exitCode, 0);
    }
};

QTEST_MAIN(TestAnalyseHistory)
#include "tst_analysehistory.moc"
