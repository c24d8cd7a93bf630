// Crash test of `gis edit` (the pattern of tst_killwrites and tst_killedits): the real binary applies a collection
// of 300 changes (updates, inserts, deletes) to a copy of the sample GeoPackage and is killed with SIGKILL at random
// moments, uniformly over the time a whole run takes. After every kill:
//   - the file passes PRAGMA integrity_check and its R-tree holds exactly one box per geometry (brute force);
//   - the layer's content is exactly as before the command or exactly as after it (all the changes or none:
//     one commit), compared with sqlite3's dump of every row.
//
// Kills: GIS_KILL_ROUNDS (default 20 in `make test`; `make bench` runs 200).

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <random>
#include <set>

#include "support/gpkgcheck.h"
#include "support/killsupport.h"
#include "support/testsupport.h"

namespace {

using gis::test::killRounds;
using gis::test::runToEnd;

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// Every row of the layer as sqlite3 dumps it, hashed.
QByteArray content(const QString& gpkg)
{
    const auto r = gis::test::runTool("sqlite3", {"-batch", gpkg, "SELECT * FROM inspections ORDER BY fid"});
    return QCryptographicHash::hash(r.out, QCryptographicHash::Sha256).toHex();
}

/// 200 attribute updates, 50 moved points, 40 inserts and 10 deletes, scattered over the layer (fixed seed).
QJsonObject changes()
{
    std::mt19937 rng(20261207);
    std::uniform_int_distribution<int> fid(1, 3000);
    QJsonArray features;
    for (int i = 0; i < 250; ++i) {
        QJsonObject f{{"type", "Feature"}, {"id", fid(rng)},
            {"properties", QJsonObject{{"score", 50 + i % 50}, {"inspector_en", QString("Kill test %1").arg(i)}}}};
        if (i >= 200)
            f["geometry"] = QJsonObject{{"type", "Point"}, {"coordinates", QJsonArray{57.3 + i * 1e-4, 22.8 + i * 1e-4}}};
        features.append(f);
    }
    for (int i = 0; i < 40; ++i)
        features.append(QJsonObject{{"type", "Feature"},
            {"properties", QJsonObject{{"inspection_id", QString("KILL-%1").arg(i)}, {"score", i}}},
            {"geometry", QJsonObject{{"type", "Point"}, {"coordinates", QJsonArray{57.0 + i * 0.01, 22.5}}}}});
    std::set<int> gone;
    while (gone.size() < 10)
        gone.insert(fid(rng));
    for (const int id : gone)
        features.append(QJsonObject{{"type", "Feature"}, {"id", id}, {"deleted", true}});
    return {{"type", "FeatureCollection"}, {"features", features}};
}

} // namespace

class TestKillGisEdit : public QObject {
    Q_OBJECT

private slots:
    void killedEditIsAllOrNothing()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString changesFile = tmp.filePath("changes.geojson");
        gis::test::writeFile(changesFile, QJsonDocument(changes()).toJson());
        const QByteArray before = content(kGpkg);

        // Reference runs on fresh copies: the content after, and the time a whole run takes (the fastest of three).
        QByteArray after;
        auto whole = std::chrono::microseconds::max();
        for (int i = 0; i < 3; ++i) {
            const QString copy = tmp.filePath(QString("ref%1.gpkg").arg(i));
            QVERIFY(QFile::copy(kGpkg, copy));
            QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
            const auto start = std::chrono::steady_clock::now();
            QCOMPARE(runToEnd({kGis, "edit", copy, "--layer", "inspections", "--apply", changesFile}), 0);
            whole = std::min(whole,
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
            after = content(copy);
        }
        QVERIFY(after != before);

        int sawBefore = 0, sawAfter = 0;
        const auto tally = gis::test::killUntilLanded(std::chrono::microseconds(0), whole * 11 / 10, 20261207,
            [&](int round) {
                const QString dir = tmp.filePath(QString("round%1").arg(round));
                QDir().mkpath(dir);
                const QString copy = dir + "/dakhiliyah.gpkg";
                if (!QFile::copy(kGpkg, copy))
                    return pid_t(-1);
                QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
                return gis::test::spawnQuiet({kGis, "edit", copy, "--layer", "inspections", "--apply", changesFile});
            },
            [&](int round, int) {
                const QString dir = tmp.filePath(QString("round%1").arg(round));
                const QString copy = dir + "/dakhiliyah.gpkg";
                const QString integrity = QString::fromUtf8(
                    gis::test::runTool("sqlite3", {"-batch", copy, "PRAGMA integrity_check"}).out).trimmed();
                QVERIFY2(integrity == "ok", qPrintable(QString("round %1: %2").arg(round).arg(integrity)));
                const QString rtree = gis::test::rtreeMismatch(copy, "inspections");
                QVERIFY2(rtree.isEmpty(), qPrintable(QString("round %1: %2").arg(round).arg(rtree)));
                const QByteArray now = content(copy);
                QVERIFY2(now == before || now == after, qPrintable(QString("round %1: neither before nor after").arg(round)));
                sawBefore += now == before;
                sawAfter += now == after;
                QDir(dir).removeRecursively();
            });
        qInfo("%d runs killed before they finished (of %d): %d left the file as before, %d as after", tally.landed,
            tally.tries, sawBefore, sawAfter);
        QVERIFY2(tally.landed >= killRounds(), "too few kills landed during a run");
    }
};

QTEST_MAIN(TestKillGisEdit)
#include "tst_killgisedit.moc"
