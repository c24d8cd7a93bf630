// Crash and recovery test of `gis edit` with photos (the idea of tst_killgisedit, with its own copy of the harness:
// that file is left alone): the real binary applies 120 updates and inserts, 30 of them with attachments (files and
// inline base64), to a copy of the sample GeoPackage and is killed with SIGKILL at random moments over the time a
// whole run takes. After every kill, checked with sqlite3:
//   - integrity_check is ok, and the layer with its media and mapping rows is exactly as before the command or
//     exactly as after it (all the changes and pictures or none, never a part);
//   - `gis edit --recover` (or, every third round, `--discard`) then leaves it as before or as after too: a journal
//     whose batch was complete is replayed and committed (after), an unfinished batch is dropped whole (before), a
//     journal whose commit had landed is not replayed twice; with --discard the file does not change;
//   - a second `--recover` finds nothing and changes nothing (idempotent), and no journal is left beside the file.
//
// Kills: GIS_KILL_ROUNDS (default 12).

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <csignal>
#include <random>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/killsupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

int rounds()
{
    const int n = qEnvironmentVariableIntValue("GIS_KILL_ROUNDS");
    return n > 0 ? n : 12;
}

QString sql(const QString& gpkg, const QString& query)
{
    return QString::fromUtf8(gis::test::runTool("sqlite3", {"-batch", gpkg, query}).out).trimmed();
}

/// The layer's rows and its pictures (mapping rows joined with their media), hashed.
QByteArray content(const QString& gpkg)
{
    const auto r = gis::test::runTool("sqlite3", {"-batch", gpkg,
        "SELECT * FROM inspections ORDER BY fid; SELECT p.base_id, m.content_type, m.name, hex(m.data) FROM "
        "inspections_inspection_photos p JOIN inspection_photos m ON m.id = p.related_id ORDER BY p.id; "
        "SELECT count(*) FROM inspection_photos"});
    return QCryptographicHash::hash(r.out, QCryptographicHash::Sha256).toHex();
}

/// Journals beside the file.
QStringList journals(const QString& dir)
{
    return QDir(dir).entryList({"*.gis-journal"}, QDir::Files);
}

QJsonObject changes(const QString& dir)
{
    std::mt19937 rng(7);
    QJsonArray features;
    for (int i = 0; i < 100; ++i) {
        QJsonObject f{{"type", "Feature"}, {"id", 1 + i * 29},
            {"properties", QJsonObject{{"inspector_en", QString("Recover test %1").arg(i)}}}};
        if (i % 4 == 0) {
            const QString name = QString("photo%1.jpg").arg(i);
            QByteArray bytes(20000 + i * 100, '\0');
            for (char& c : bytes)
                c = static_cast<char>(rng());
            gis::test::writeFile(dir + "/" + name, bytes);
            QJsonArray photos{QJsonObject{{"file", name}}};
            if (i % 8 == 0)
                photos.append(QJsonObject{{"data", QString::fromLatin1(bytes.left(3000).toBase64())},
                    {"content_type", "image/png"}, {"name", "inline.png"}});
            f["attachments"] = QJsonObject{{"inspection_photos", photos}};
        }
        features.append(f);
    }
    for (int i = 0; i < 20; ++i) {
        QJsonObject f{{"type", "Feature"},
            {"properties", QJsonObject{{"inspection_id", QString("REC-%1").arg(i)}}},
            {"geometry", QJsonObject{{"type", "Point"}, {"coordinates", QJsonArray{57.0 + i * 0.01, 22.6}}}}};
        if (i % 4 == 0)
            f["attachments"] = QJsonObject{{"inspection_photos", QJsonArray{QJsonObject{{"data", "aGVsbG8=" },
                {"content_type", "image/jpeg"}}}}};
        features.append(f);
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

} // namespace

class TestKillGisEditRecover : public QObject {
    Q_OBJECT

private slots:
    void killedEditRecoversAllOrNothing()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString changesFile = tmp.filePath("changes.geojson");
        gis::test::writeFile(changesFile, QJsonDocument(changes(tmp.path())).toJson());
        const QByteArray before = content(kGpkg);

        // Reference runs: the content after, and the time a whole run takes (the fastest of two).
        QByteArray after;
        auto whole = std::chrono::microseconds::max();
        for (int i = 0; i < 2; ++i) {
            const QString copy = tmp.filePath(QString("ref%1.gpkg").arg(i));
            QVERIFY(QFile::copy(kGpkg, copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
            const auto start = std::chrono::steady_clock::now();
            const auto r = gis::test::runTool(kGis, {"edit", copy, "--layer", "inspections", "--apply", changesFile});
            QVERIFY2(r.exitCode == 0, r.out + r.err);
            whole = std::min(whole,
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
            after = content(copy);
        }
        QVERIFY(after != before);
        QCOMPARE(sql(tmp.filePath("ref0.gpkg"), "SELECT count(*) FROM inspections_inspection_photos"), QString("43"));

        std::mt19937 rng(20261207);
        std::uniform_int_distribution<long> when(0, static_cast<long>(whole.count() * 11 / 10));
        int killed = 0, recovered = 0, discarded = 0, sawBefore = 0, sawAfter = 0;
        int round = 0;
        for (; killed < rounds() && round < 4 * rounds(); ++round) {
            const QString dir = tmp.filePath(QString("round%1").arg(round));
            QVERIFY(QDir().mkpath(dir));
            const QString copy = dir + "/dakhiliyah.gpkg";
            QVERIFY(QFile::copy(kGpkg, copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
            const pid_t pid = gis::test::spawnQuiet({kGis, "edit", copy, "--layer", "inspections", "--apply", changesFile});
            QVERIFY(pid > 0);
            ::usleep(static_cast<useconds_t>(when(rng)));
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
            killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
            const QString where = QString("round %1: ").arg(round);

            QCOMPARE(sql(copy, "PRAGMA integrity_check"), QString("ok"));
            const QByteArray killedState = content(copy);
            QVERIFY2(killedState == before || killedState == after, qPrintable(where + "neither before nor after"));

            const bool discard = round % 3 == 2;
            const bool hadJournal = !journals(dir).isEmpty();
            const auto r = gis::test::runTool(kGis, {"edit", copy, "--layer", "inspections", discard ? "--discard" : "--recover"});
            QVERIFY2(r.exitCode == 0, qPrintable(where + r.out + r.err));
            QCOMPARE(sql(copy, "PRAGMA integrity_check"), QString("ok"));
            const QByteArray now = content(copy);
            QVERIFY2(now == before || now == after, qPrintable(where + "after recovery: neither before nor after"));
            if (killedState == after || discard)
                QVERIFY2(now == killedState, qPrintable(where + "recovery changed a finished or discarded state"));
            recovered += !discard && hadJournal && now == after && killedState == before;
            discarded += discard && hadJournal;
            QVERIFY2(journals(dir).isEmpty(), qPrintable(where + journals(dir).join(", ")));

            const auto again = gis::test::runTool(kGis, {"edit", copy, "--layer", "inspections", "--recover"});
            QVERIFY2(again.exitCode == 0 && again.out.contains("no unsaved edits to recover"), again.out + again.err);
            QCOMPARE(content(copy), now);
            sawBefore += now == before;
            sawAfter += now == after;
            QDir(dir).removeRecursively();
        }
        qInfo("%d runs killed (of %d); %d journals replayed and committed, %d discarded; %d files ended as before, "
              "%d as after", killed, round, recovered, discarded, sawBefore, sawAfter);
        QVERIFY2(killed >= rounds(), "too few kills landed during a run");
    }
};

QTEST_MAIN(TestKillGisEditRecover)
#include "tst_killgiseditrecover.moc"
