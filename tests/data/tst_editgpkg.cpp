// EditSession on files: after each commit the sqlite3 tool and ogrinfo (run as processes) see exactly the changes,
// PRAGMA integrity_check is ok and the GeoPackage's R-tree agrees with a brute-force extent of every row; conflicts
// with another session are reported and nothing is written until resolved; several layers commit atomically; two
// writer processes lose no edit and never see "database is locked"; the journal replays unsaved edits; GeoJSON and
// Shapefile sets are rewritten whole.

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <random>

#include <sys/wait.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/editsession.h"
#include "gis/data/layerwriter.h"
#include "support/gpkgcheck.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
/// GDAL's own GeoPackage validator (python3-gdal, packaging/debian/packages.txt), run with Debian's Python.
const QString kValidator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";

/// "" when GDAL's validator finds nothing wrong with the file.
QString gdalValidation(const QString& path)
{
    const auto r = test::runTool("/usr/bin/python3", {kValidator, path});
    return r.exitCode == 0 && r.err.isEmpty() ? QString() : QString::fromUtf8(r.out + r.err).left(600);
}

QString sql(const QString& path, const QString& query)
{
    const auto r = test::runTool("sqlite3", {"-batch", path, query});
    return QString::fromUtf8(r.out + r.err).trimmed();
}

Geometry point(double x, double y)
{
    GeometryColumn c;
    c.appendPoint(x, y);
    return Geometry(std::move(c));
}

std::int64_t asInt(const FieldValue& v) { return std::get<std::int64_t>(v); }

} // namespace

class TestEditGpkg : public QObject {
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
        for (const char* tool : {"sqlite3", "ogrinfo"})
            QVERIFY2(test::haveTool(tool), tool);
        QVERIFY2(QFileInfo::exists(kValidator), qPrintable(kValidator + " (python3-gdal)"));
        QCOMPARE(gdalValidation(kGpkg), QString());
    }

    void commitIsSeenBySqliteAndOgrinfo()
    {
        const QString path = copy("commit.gpkg");
        auto s = EditSession::open(path.toStdString(), "inspections");
        const int score = s->base()->attributes().indexOf("score");
        const int date = s->base()->attributes().indexOf("inspection_date");
        const int inspector = s->base()->attributes().indexOf("inspector");
        QVERIFY(score >= 0 && date >= 0 && inspector >= 0);
        s->setAttribute(5, static_cast<std::size_t>(score), std::int64_t(77));
        s->setAttribute(5, static_cast<std::size_t>(date), std::int64_t(20000)); // 2024-10-04
        s->setAttribute(6, static_cast<std::size_t>(inspector), std::string("مفتش جديد"));
        s->setGeometry(7, point(57.6, 22.95));
        s->remove(9);
        EditFeature f = *s->feature(8);
        f.geometry = point(57.7, 23.01);
        f.values[static_cast<std::size_t>(score)] = std::int64_t(12345);
        const std::int64_t provisional = s->insert(f);
        QVERIFY(QFileInfo::exists(QString::fromStdString(s->journalPath())));
        const CommitResult r = s->commit();
        QVERIFY(r.committed);
        QVERIFY(r.conflicts.empty());
        QCOMPARE(r.insertedIds.size(), std::size_t(1));
        const std::int64_t fid = r.insertedIds.at(provisional);
        QVERIFY(fid > 3000);

        QCOMPARE(sql(path, "SELECT score, inspection_date FROM inspections WHERE fid = 5"), QString("77|2024-10-04"));
        QCOMPARE(sql(path, "SELECT inspector FROM inspections WHERE fid = 6"), QString("مفتش جديد"));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspections WHERE fid = 9"), QString("0"));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspections"), QString("3000"));
        QCOMPARE(sql(path, QString("SELECT score FROM inspections WHERE fid = %1").arg(fid)), QString("12345"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(sql(path, "PRAGMA journal_mode"), QString("wal"));
        QVERIFY(!sql(path, "SELECT last_change FROM gpkg_contents WHERE table_name = 'inspections'").startsWith("2025-11-01"));
        QCOMPARE(sql(path, "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'inspections'"), QString("3000"));
        QCOMPARE(test::rtreeMismatch(path, "inspections"), QString());
        QCOMPARE(gdalValidation(path), QString());
        // ogrinfo (GDAL's own reader) sees the moved point, the new feature and the new date.
        const auto o = test::runTool("ogrinfo", {"-ro", "-al", "-q", path, "inspections", "-where", "fid IN (5, 7, " + QString::number(fid) + ")"});
        QCOMPARE(o.exitCode, 0);
        QVERIFY2(o.out.contains("POINT (57.6 22.95)"), o.out.constData());
        QVERIFY(o.out.contains("POINT (57.7 23.01)"));
        QVERIFY(o.out.contains("inspection_date (Date) = 2024/10/04"));
        QVERIFY(o.out.contains("score (Integer) = 12345"));
        const auto so = test::runTool("ogrinfo", {"-ro", "-so", path, "inspections"});
        QVERIFY(so.out.contains("Feature Count: 3000"));
        // The journal is empty after the commit; closing an unmodified session removes it.
        const std::string journal = s->journalPath();
        QVERIFY(!s->isModified());
        s.reset();
        QVERIFY(!std::filesystem::exists(journal));
        QVERIFY(EditSession::recoverable(path.toStdString(), "inspections").empty());
    }

    void polygonsAndRealsRoundTripWithoutFalseConflicts()
    {
        const QString path = copy("parcels.gpkg");
        auto s = EditSession::open(path.toStdString(), "parcels");
        const auto area = static_cast<std::size_t>(s->base()->attributes().indexOf("area_m2"));
        for (std::int64_t fid = 1; fid <= 40; fid += 3)
            s->setAttribute(fid, area, 1234.5 + static_cast<double>(fid));
        s->moveVertex(2, 0, 57.5, 22.9);
        auto r = s->commit();
        QVERIFY(r.committed);
        QVERIFY(r.conflicts.empty());
        // Edit the same features again: their versions now come from what this session wrote.
        s->moveVertex(2, 1, 57.51, 22.91);
        s->setAttribute(4, area, 1.0);
        r = s->commit();
        QVERIFY(r.committed);
        QVERIFY(r.conflicts.empty());
        QCOMPARE(sql(path, "SELECT area_m2 FROM parcels WHERE fid = 4"), QString("1.0"));
        QCOMPARE(sql(path, "SELECT area_m2 FROM parcels WHERE fid = 7"), QString("1241.5"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(test::rtreeMismatch(path, "parcels"), QString());
        // A fresh session (reading everything again) agrees and finds no conflict either.
        s.reset();
        auto again = EditSession::open(path.toStdString(), "parcels");
        again->setAttribute(2, area, 2.0);
        QVERIFY(again->commit().committed);
    }

    void rtreeKeptWithoutTriggers()
    {
        const QString path = copy("notriggers.gpkg");
        sql(path, "DROP TRIGGER rtree_towns_geom_insert; DROP TRIGGER rtree_towns_geom_update1;"
                  " DROP TRIGGER rtree_towns_geom_update2; DROP TRIGGER rtree_towns_geom_update3;"
                  " DROP TRIGGER rtree_towns_geom_update4; DROP TRIGGER rtree_towns_geom_delete;");
        QCOMPARE(sql(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'rtree_towns_geom_%' AND type = 'trigger'"), QString("0"));
        auto s = EditSession::open(path.toStdString(), "towns");
        s->setGeometry(1, point(50, 20));
        s->remove(2);
        EditFeature f = *s->feature(3);
        f.geometry = point(60, 25);
        s->insert(f);
        QVERIFY(s->commit().committed);
        QCOMPARE(test::rtreeMismatch(path, "towns"), QString());
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
    }

    void manyInsertsBulkLoadTheRtree_data()
    {
        QTest::addColumn<bool>("triggers");
        QTest::newRow("with the GeoPackage's triggers") << true;
        QTest::newRow("without triggers") << false;
    }
    void manyInsertsBulkLoadTheRtree()
    {
        QFETCH(bool, triggers);
        const QString path = copy(triggers ? "bulk.gpkg" : "bulk-notriggers.gpkg");
        if (!triggers)
            sql(path, "DROP TRIGGER rtree_towns_geom_insert; DROP TRIGGER rtree_towns_geom_update1;"
                      " DROP TRIGGER rtree_towns_geom_update2; DROP TRIGGER rtree_towns_geom_update3;"
                      " DROP TRIGGER rtree_towns_geom_update4; DROP TRIGGER rtree_towns_geom_delete;");
        const QString triggerCount = sql(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
        auto s = EditSession::open(path.toStdString(), "towns");
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> lon(56, 59), lat(20, 24);
        s->beginBatch("import");
        const EditFeature model = *s->feature(1);
        for (int i = 0; i < 12000; ++i) { // 12,000 inserts >= 5,000 and >= a quarter of the boxes: bulk loaded
            EditFeature f = model;
            f.geometry = point(lon(rng), lat(rng));
            s->insert(std::move(f));
        }
        s->setGeometry(2, point(50, 20)); // an update and a delete in the same commit keep their triggers' work
        s->remove(3);
        s->endBatch();
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT rtreecheck('rtree_towns_geom')"), QString("ok"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(test::rtreeMismatch(path, "towns"), QString());
        QCOMPARE(sql(path, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), triggerCount);
        if (triggers) // without its R-tree triggers the file breaks requirement 75 by construction
            QCOMPARE(gdalValidation(path), QString());
        // GDAL's spatial filter goes through the R-tree: its counts equal brute force.
        const auto layer = readLayer(path.toStdString(), "towns");
        for (const Box& q : {Box(56.5, 21, 57.2, 22.3), Box(49, 19, 51, 21), Box(58.9, 23.9, 60, 25)}) {
            std::size_t expected = 0;
            for (std::size_t i = 0; i < layer->size(); ++i)
                expected += layer->geometries().bounds(i).intersects(q);
            const auto o = test::runTool("ogrinfo", {"-ro", "-so", path, "towns", "-spat", QString::number(q.minX),
                QString::number(q.minY), QString::number(q.maxX), QString::number(q.maxY)});
            QVERIFY2(o.out.contains(QString("Feature Count: %1\n").arg(expected).toUtf8()), o.out.constData());
        }
        // The next, small commit goes through the triggers again.
        s->setGeometry(4, point(51, 21));
        EditFeature f = model;
        f.geometry = point(52, 22);
        s->insert(std::move(f));
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT rtreecheck('rtree_towns_geom')"), QString("ok"));
        QCOMPARE(test::rtreeMismatch(path, "towns"), QString());
    }

    void conflictsAreReportedAndNothingWritten()
    {
        const QString path = copy("conflict.gpkg");
        auto mine = EditSession::open(path.toStdString(), "inspections");
        auto theirs = EditSession::open(path.toStdString(), "inspections");
        const auto score = static_cast<std::size_t>(mine->base()->attributes().indexOf("score"));
        const auto inspector = static_cast<std::size_t>(mine->base()->attributes().indexOf("inspector"));
        mine->setAttribute(10, score, std::int64_t(1));
        mine->setAttribute(11, score, std::int64_t(2));
        mine->setAttribute(12, score, std::int64_t(3));
        mine->setAttribute(20, score, std::int64_t(4)); // no conflict, but not written while others conflict
        theirs->setAttribute(10, inspector, std::string("theirs"));
        theirs->remove(11);
        theirs->setAttribute(12, score, std::int64_t(98));
        QVERIFY(theirs->commit().committed);

        CommitResult r = mine->commit();
        QVERIFY(!r.committed);
        QCOMPARE(r.conflicts.size(), std::size_t(3));
        // Regression: this sqlite3 process closing its connection, after GDAL had opened and closed the file in this
        // process (dropping every POSIX lock the process held on it), checkpointed and deleted the WAL that a
        // long-lived store connection still wrote to: mine's next commit was lost. A store now connects per commit.
        QCOMPARE(sql(path, "SELECT score FROM inspections WHERE fid = 20"), sql(kGpkg, "SELECT score FROM inspections WHERE fid = 20"));
        std::map<std::int64_t, EditConflict> byFid;
        for (const auto& c : r.conflicts)
            byFid[c.fid] = c;
        QVERIFY(byFid.at(10).theirs && byFid.at(10).mine);
        QCOMPARE(std::get<std::string>(byFid.at(10).theirs->values[inspector]), std::string("theirs"));
        QVERIFY(!byFid.at(11).theirs); // they deleted it
        QCOMPARE(asInt(byFid.at(12).theirs->values[score]), std::int64_t(98));
        // 10: merge (their inspector, my score); 11: keep mine (it comes back); 12: keep theirs.
        ConflictResolution merge{ConflictResolution::Choice::Merge, {}, false};
        merge.takeTheirs.assign(mine->fields().size(), false);
        merge.takeTheirs[inspector] = true;
        QCOMPARE(asInt(byFid.at(10).mine->values[score]), std::int64_t(1));
        mine->resolve(byFid.at(10), merge);
        QCOMPARE(asInt(mine->feature(10)->values[score]), std::int64_t(1));
        QCOMPARE(std::get<std::string>(mine->feature(10)->values[inspector]), std::string("theirs"));
        mine->resolve(byFid.at(11), {ConflictResolution::Choice::KeepMine, {}, false});
        mine->resolve(byFid.at(12), {ConflictResolution::Choice::KeepTheirs, {}, false});
        QCOMPARE(mine->changedCount(), std::size_t(3));
        r = mine->commit();
        QVERIFY(r.committed);
        QCOMPARE(sql(path, "SELECT score, inspector FROM inspections WHERE fid = 10"), QString("1|theirs"));
        QCOMPARE(sql(path, "SELECT score FROM inspections WHERE fid = 11"), QString("2"));
        QCOMPARE(sql(path, "SELECT score FROM inspections WHERE fid = 12"), QString("98"));
        QCOMPARE(sql(path, "SELECT score FROM inspections WHERE fid = 20"), QString("4"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(test::rtreeMismatch(path, "inspections"), QString());
    }

    void layersCommitTogether()
    {
        const QString path = copy("together.gpkg");
        auto store = openEditStore(path.toStdString());
        EditSession parcels(store, readLayer(path.toStdString(), "parcels"));
        EditSession towns(store, readLayer(path.toStdString(), "towns"));
        parcels.remove(1);
        towns.setGeometry(1, point(57.0, 23.0));
        {
            auto other = EditSession::open(path.toStdString(), "towns");
            other->setGeometry(1, point(57.1, 23.1));
            QVERIFY(other->commit().committed);
        }
        CommitResult r = EditSession::commitTogether({&parcels, &towns});
        QVERIFY(!r.committed);
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QCOMPARE(r.conflicts[0].layer, std::string("towns"));
        QCOMPARE(sql(path, "SELECT count(*) FROM parcels WHERE fid = 1"), QString("1")); // parcels not written either
        towns.resolve(r.conflicts[0], {ConflictResolution::Choice::KeepMine, {}, false});
        r = EditSession::commitTogether({&parcels, &towns});
        QVERIFY(r.committed);
        QCOMPARE(sql(path, "SELECT count(*) FROM parcels WHERE fid = 1"), QString("0"));
        const auto o = test::runTool("ogrinfo", {"-ro", "-al", "-q", path, "towns", "-where", "fid = 1"});
        QVERIFY2(o.out.contains("POINT (57 23)"), o.out.constData());
    }

    void journalReplaysUnsavedEdits()
    {
        const QString path = copy("journal.gpkg");
        const auto score = [&] {
            return static_cast<std::size_t>(readLayer(path.toStdString(), "inspections")->attributes().indexOf("score"));
        }();
        std::string journal;
        {
            auto s = EditSession::open(path.toStdString(), "inspections");
            s->setAttribute(3, score, std::int64_t(31));
            s->moveVertex(4, 0, 57.3, 22.3);
            s->moveVertex(4, 0, 57.31, 22.31);
            s->remove(5);
            s->insert(*s->feature(6));
            s->setAttribute(7, score, std::int64_t(71));
            s->undo(); // the journal replays undo too
            journal = s->journalPath();
        } // closed without commit: like a crash
        QVERIFY(std::filesystem::exists(journal));
        auto found = EditSession::recoverable(path.toStdString(), "inspections");
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].journalPath, journal);
        QCOMPARE(found[0].edits, std::size_t(7));
        QVERIFY(found[0].firstEditMs > 0 && found[0].lastEditMs >= found[0].firstEditMs);
        QVERIFY(!found[0].tornTail);
        QVERIFY_THROWS_EXCEPTION(Error, EditSession::open(path.toStdString(), "inspections"));
        // A torn last record (the crash cut it) is dropped, the rest replayed.
        {
            QFile f(QString::fromStdString(journal));
            QVERIFY(f.open(QIODevice::Append));
            f.write(QByteArray("\x30\x00\x00\x00\x12\x34", 6));
        }
        found = EditSession::recoverable(path.toStdString(), "inspections");
        QVERIFY(found[0].tornTail);
        EditSessionOptions replay;
        replay.journalChoice = JournalChoice::Replay;
        auto s = EditSession::open(path.toStdString(), "inspections", replay);
        QCOMPARE(asInt(s->feature(3)->values[score]), std::int64_t(31));
        QCOMPARE(s->feature(4)->geometry.column().coord(0), (Coord{57.31, 22.31}));
        QVERIFY(!s->feature(5));
        QVERIFY(s->feature(-1));
        QCOMPARE(s->feature(7)->values[score], readLayer(path.toStdString(), "inspections") ? s->feature(7)->values[score] : FieldValue{});
        QCOMPARE(s->changedCount(), std::size_t(4));
        QCOMPARE(s->undoCount(), std::size_t(4)); // the two moves of one vertex are one step
        QVERIFY(s->canRedo());
        QCOMPARE(s->journalPath(), journal); // the session goes on in the same journal
        s->setAttribute(8, score, std::int64_t(81));
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT score FROM inspections WHERE fid IN (3, 8) ORDER BY fid"), QString("31\n81"));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspections"), QString("3000"));
        s.reset();
        QVERIFY(EditSession::recoverable(path.toStdString(), "inspections").empty());

        // Discard: the edits are gone.
        {
            auto d = EditSession::open(path.toStdString(), "inspections");
            d->setAttribute(3, score, std::int64_t(-1));
        }
        EditSessionOptions discard;
        discard.journalChoice = JournalChoice::Discard;
        auto d = EditSession::open(path.toStdString(), "inspections", discard);
        QVERIFY(!d->isModified());
        QCOMPARE(asInt(d->feature(3)->values[score]), std::int64_t(31));
    }

    void twoWriterProcesses()
    {
        const QString path = copy("writers.gpkg");
        const QString log = m_dir.filePath("writers-%1.log");
        int go[2];
        QVERIFY(::pipe(go) == 0);
        std::vector<pid_t> children;
        for (int child = 0; child < 2; ++child) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                ::close(go[1]);
                char byte;
                (void)!::read(go[0], &byte, 1); // both start together
                FILE* out = std::fopen(log.arg(child).toLocal8Bit().constData(), "w");
                int status = 0;
                try {
                    auto s = EditSession::open(path.toStdString(), "inspections");
                    // Child 0 writes `inspector`, child 1 `score`: merging field by field keeps both.
                    const auto field = static_cast<std::size_t>(s->base()->attributes().indexOf(child == 0 ? "inspector" : "score"));
                    std::mt19937 rng(static_cast<unsigned>(child + 1));
                    int conflicts = 0;
                    for (int round = 0; round < 40; ++round) {
                        const std::int64_t fid = std::uniform_int_distribution<std::int64_t>(1, 6)(rng);
                        const std::int64_t value = 1000 * (child + 1) + round;
                        if (child == 0)
                            s->setAttribute(fid, field, std::to_string(value));
                        else
                            s->setAttribute(fid, field, value);
                        for (;;) {
                            const CommitResult r = s->commit();
                            if (r.committed)
                                break;
                            for (const auto& c : r.conflicts) {
                                ++conflicts;
                                ConflictResolution m{ConflictResolution::Choice::Merge, {}, true};
                                m.takeTheirs.assign(s->fields().size(), true);
                                m.takeTheirs[field] = false;
                                s->resolve(c, m);
                            }
                        }
                        std::fprintf(out, "set %lld %lld\n", static_cast<long long>(fid), static_cast<long long>(value));
                        std::fflush(out);
                    }
                    std::fprintf(out, "conflicts %d\n", conflicts);
                } catch (const std::exception& e) {
                    std::fprintf(out, "error %s\n", e.what());
                    status = 1;
                }
                std::fclose(out);
                ::_exit(status);
            }
            children.push_back(pid);
        }
        ::close(go[0]);
        ::close(go[1]); // releases both
        for (const pid_t pid : children) {
            int status = 0;
            ::waitpid(pid, &status, 0);
            QVERIFY(WIFEXITED(status));
        }
        int conflicts = 0;
        for (int child = 0; child < 2; ++child) {
            const QString text = QString::fromUtf8(test::readFile(log.arg(child)));
            QVERIFY2(!text.contains("error"), qPrintable(text)); // "database is locked" would be here
            QVERIFY2(!text.contains("locked"), qPrintable(text));
            std::map<std::int64_t, QString> last;
            for (const QString& line : text.split('\n', Qt::SkipEmptyParts)) {
                const QStringList w = line.split(' ');
                if (w[0] == "set")
                    last[w[1].toLongLong()] = w[2];
                else if (w[0] == "conflicts")
                    conflicts += w[1].toInt();
            }
            // No edit lost: each feature holds the last value each writer committed to its own field.
            for (const auto& [fid, value] : last)
                QCOMPARE(sql(path, QString("SELECT %1 FROM inspections WHERE fid = %2").arg(child == 0 ? "inspector" : "score").arg(fid)), value);
        }
        qInfo("%d conflicts detected and merged", conflicts);
        QVERIFY(conflicts > 0);
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
    }

    void badOpensAreRefusedBeforeEditing()
    {
        // (A read-only file is refused too, with Error(Io): not testable here, where the tests run as root.)
        try {
            EditSession::open(m_dir.filePath("missing.gpkg").toStdString(), "towns");
            QFAIL("a missing file was opened for editing");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
            QVERIFY2(QString(e.what()).contains("missing.gpkg"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, EditSession::open(copy("noname.gpkg").toStdString(), ""));
        QVERIFY_THROWS_EXCEPTION(Error, EditSession::open(copy("nolayer.gpkg").toStdString(), "no_such_layer"));
        QVERIFY(EditSession::recoverable(m_dir.filePath("nolayer.gpkg").toStdString(), "no_such_layer").empty());
    }

    void singleFileFormatsAreRewrittenWhole_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("GeoJSON") << "towns.geojson";
        QTest::newRow("Shapefile") << "towns.shp";
    }
    void singleFileFormatsAreRewrittenWhole()
    {
        QFETCH(QString, name);
        const QString path = m_dir.filePath(name);
        writeLayer(*readLayer(kGpkg.toStdString(), "towns"), path.toStdString());
        const std::size_t before = readLayer(path.toStdString())->size();
        const std::string layerName = readLayer(path.toStdString())->name();
        auto s = EditSession::open(path.toStdString(), layerName);
        auto other = EditSession::open(path.toStdString(), layerName);
        const std::int64_t first = s->base()->fid(0);
        const auto nameField = static_cast<std::size_t>(s->base()->attributes().indexOf("name_en"));
        s->setAttribute(first + 1, nameField, std::string("Renamed"));
        s->remove(first + 2);
        EditFeature f = *s->feature(first);
        f.geometry = point(58.0, 23.5);
        s->insert(f);
        QVERIFY(s->commit().committed);
        const auto after = readLayer(path.toStdString());
        QCOMPARE(after->size(), before);
        const auto o = test::runTool("ogrinfo", {"-ro", "-al", "-q", path});
        QVERIFY(o.out.contains("name_en (String) = Renamed"));
        QVERIFY(o.out.contains("POINT (58.0 23.5)") || o.out.contains("POINT (58 23.5)"));
        const auto so = test::runTool("ogrinfo", {"-ro", "-so", "-al", path});
        QVERIFY2(so.out.contains(QString("Feature Count: %1").arg(before).toUtf8()), so.out.constData());
        // The other session's edit of the renamed feature conflicts.
        other->setAttribute(first + 1, nameField, std::string("Other"));
        const CommitResult r = other->commit();
        QVERIFY(!r.committed);
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QVERIFY(QDir(m_dir.path()).entryList({"*.gis-tmp-*"}, QDir::AllEntries | QDir::Hidden).isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestEditGpkg)
#include "tst_editgpkg.moc"
