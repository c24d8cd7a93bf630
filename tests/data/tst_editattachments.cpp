// Attachments (photos) in edit sessions on a GeoPackage: after each commit the sqlite3 tool (a process) sees exactly
// the media and mapping rows (base_id the feature's stored id, the bytes as given), PRAGMA integrity_check is ok and
// GDAL's GeoPackage validator accepts the file (tables created and registered by the store included); undo/redo,
// detach, a deleted feature's attachments, replay of an abandoned session's journal, refusals (single-file store,
// limits, names, types), and a child killed at random while committing attachments leaves all or nothing. A JPEG's
// EXIF time is stored as "taken" (the text built from ImageMagick's identify, the instant from SQLite's strftime),
// through the journal too, and a media table without "taken" or "name" (an older file) still lists and gets them.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>

#include <sys/wait.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/editattachment.h"
#include "gis/data/editsession.h"
#include "gis/data/layerwriter.h"
#include "support/exifjpeg.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kValidator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
const AttachmentTable kPhotos{"inspection_photos", ""};

QString sql(const QString& path, const QString& query)
{
    const auto r = test::runTool("sqlite3", {"-batch", path, query});
    return QString::fromUtf8(r.out + r.err).trimmed();
}

QString gdalValidation(const QString& path)
{
    const auto r = test::runTool("/usr/bin/python3", {kValidator, path});
    return r.exitCode == 0 && r.err.isEmpty() ? QString() : QString::fromUtf8(r.out + r.err).left(600);
}

AttachmentData picture(const std::string& bytes, const std::string& type = "image/jpeg", const std::string& name = {})
{
    AttachmentData d;
    d.bytes = std::make_shared<const std::string>(bytes);
    d.contentType = type;
    d.name = name;
    return d;
}

/// identify's EXIF DateTimeOriginal of `jpeg` as ISO 8601 ("2026-03-01T10:15:00"), empty when it has none.
QString identifyIso(const QByteArray& jpeg, const QString& path)
{
    test::writeFile(path, jpeg);
    const auto r = test::runTool("identify", {"-format", "%[EXIF:DateTimeOriginal]", path});
    QString t = QString::fromUtf8(r.out).trimmed();
    if (t.size() != 19)
        return {};
    t[4] = '-';
    t[7] = '-';
    t[10] = 'T';
    return t;
}

std::string bytesOf(const QByteArray& b) { return b.toStdString(); }

QString hex(const std::string& bytes) { return QString::fromLatin1(QByteArray::fromStdString(bytes).toHex().toUpper()); }

Geometry point(double x, double y)
{
    GeometryColumn c;
    c.appendPoint(x, y);
    return Geometry(std::move(c));
}

} // namespace

class TestEditAttachments : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

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
        QVERIFY2(test::haveTool("sqlite3"), "sqlite3 is the oracle");
        QVERIFY2(QFileInfo::exists(kValidator), qPrintable(kValidator + " (python3-gdal)"));
    }

    void commitWritesMediaAndMappingRows()
    {
        const QString path = copy("commit.gpkg");
        auto s = EditSession::open(path.toStdString(), "inspections");
        const std::string jpeg("\xff\xd8\xff\xe0\x00\x10JFIF\x00 photo one", 22);
        AttachmentData first = picture(jpeg, "image/jpeg", "p1.jpg");
        first.takenMs = 1764583200000; // 2025-12-01T10:00:00Z
        const std::int64_t a1 = s->attach(2, kPhotos, first);
        const std::int64_t a2 = s->attach(2, kPhotos, picture("second", "image/png", "p2.png"));
        QVERIFY(a1 < 0 && a2 < 0 && a1 != a2);
        EditFeature f;
        f.geometry = point(57.53, 22.93);
        const std::int64_t inserted = s->insert(std::move(f));
        s->attach(inserted, kPhotos, picture("third"));
        QVERIFY(s->isModified());
        QCOMPARE(s->pendingAttachmentCount(), std::size_t(3));
        const auto listed = s->attachments(2, kPhotos);
        QCOMPARE(listed.size(), std::size_t(2));
        QVERIFY(listed[0].pending && listed[0].name == "p1.jpg" && listed[1].name == "p2.png");
        QCOMPARE(*listed[0].bytes, jpeg);

        const CommitResult r = s->commit();
        QVERIFY(r.committed);
        const std::int64_t stored = r.insertedIds.at(inserted);
        QCOMPARE(sql(path, "SELECT p.base_id, m.content_type, coalesce(m.name, ''), coalesce(m.taken, ''), hex(m.data)"
                           " FROM inspections_inspection_photos p JOIN inspection_photos m ON m.id = p.related_id"
                           " ORDER BY p.id"),
            QString("2|image/jpeg|p1.jpg|2025-12-01T10:00:00Z|%1\n2|image/png|p2.png||%2\n%3|image/jpeg|||%4")
                .arg(hex(jpeg), hex("second"))
                .arg(stored)
                .arg(hex("third")));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(gdalValidation(path), QString());
        // After the commit the session lists them as stored, with their bytes in the store.
        const auto after = s->attachments(2, kPhotos);
        QCOMPARE(after.size(), std::size_t(2));
        QVERIFY(!after[0].pending && after[0].id > 0 && after[0].size == jpeg.size());
        QVERIFY(after[0].takenMs && *after[0].takenMs == 1764583200000);
        QVERIFY(!s->isModified());
        QCOMPARE(readAttachmentCounts(path.toStdString(), "inspections", kPhotos),
            (std::map<std::int64_t, std::size_t>{{2, 2}, {stored, 1}}));
    }

    void undoRedoAndDetach()
    {
        const QString path = copy("undo.gpkg");
        auto s = EditSession::open(path.toStdString(), "inspections");
        const std::int64_t a = s->attach(5, kPhotos, picture("one"));
        s->attach(5, kPhotos, picture("two"));
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(2));
        s->undo();
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(1));
        s->undo();
        QVERIFY(s->attachments(5, kPhotos).empty());
        QVERIFY(!s->isModified());
        s->redo();
        s->redo();
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(2));
        s->detach(5, kPhotos, a); // a pending one: taken back
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(1));
        s->undo();
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(2));
        s->detach(5, kPhotos, a);
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT hex(m.data) FROM inspections_inspection_photos p JOIN inspection_photos m"
                           " ON m.id = p.related_id WHERE p.base_id = 5"),
            hex("two"));
        // A stored one detached: at commit its mapping row goes, and its media row (nothing else refers to it).
        const auto stored = s->attachments(5, kPhotos);
        QCOMPARE(stored.size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(Error, s->detach(6, kPhotos, stored[0].id)); // not feature 6's
        s->detach(5, kPhotos, stored[0].id);
        QVERIFY_THROWS_EXCEPTION(Error, s->detach(5, kPhotos, stored[0].id)); // already detached
        QVERIFY(s->attachments(5, kPhotos).empty());
        s->undo();
        QCOMPARE(s->attachments(5, kPhotos).size(), std::size_t(1));
        s->redo();
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT count(*) FROM inspections_inspection_photos; SELECT count(*) FROM inspection_photos"),
            QString("0\n0"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
    }

    void deletedFeatureTakesItsAttachments()
    {
        const QString path = copy("delete.gpkg");
        auto s = EditSession::open(path.toStdString(), "inspections");
        s->attach(7, kPhotos, picture("seven"));
        s->attach(8, kPhotos, picture("eight"));
        QVERIFY(s->commit().committed);
        s->remove(7);
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT p.base_id || ':' || hex(m.data) FROM inspections_inspection_photos p"
                           " JOIN inspection_photos m ON m.id = p.related_id"),
            QString("8:%1").arg(hex("eight")));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), QString("1"));
        // Attached to a feature inserted then deleted in the same session: nothing is written for it.
        EditFeature f;
        f.geometry = point(57.5, 22.9);
        const std::int64_t n = s->insert(std::move(f));
        s->attach(n, kPhotos, picture("gone"));
        s->remove(n);
        QVERIFY_THROWS_EXCEPTION(Error, s->attach(n, kPhotos, picture("x"))); // no such feature now
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), QString("1"));
    }

    void tablesCreatedAndRegistered()
    {
        const QString path = copy("create.gpkg");
        auto s = EditSession::open(path.toStdString(), "parcels");
        const AttachmentTable t{"parcel_photos", ""};
        s->attach(1, t, picture("parcel"));
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT p.base_id || ':' || hex(m.data) FROM parcels_parcel_photos p JOIN parcel_photos m"
                           " ON m.id = p.related_id"),
            QString("1:%1").arg(hex("parcel")));
        QCOMPARE(sql(path, "SELECT table_name, data_type FROM gpkg_contents WHERE table_name LIKE 'parcel%photos'"
                           " ORDER BY table_name"),
            QString("parcel_photos|attributes\nparcels_parcel_photos|attributes"));
        QCOMPARE(sql(path, "SELECT base_table_name, base_primary_column, related_table_name, relation_name FROM"
                           " gpkgext_relations WHERE mapping_table_name = 'parcels_parcel_photos'"),
            QString("parcels|fid|parcel_photos|media"));
        QCOMPARE(sql(path, "SELECT count(*) FROM gpkg_extensions WHERE table_name = 'parcels_parcel_photos'"
                           " AND extension_name = 'gpkg_related_tables'"),
            QString("1"));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(gdalValidation(path), QString());
    }

    void replayAfterAbandonedSession()
    {
        const QString path = copy("replay.gpkg");
        std::string bytes(100000, '\0');
        std::mt19937 rng(12);
        for (char& c : bytes)
            c = static_cast<char>(rng());
        {
            auto s = EditSession::open(path.toStdString(), "inspections");
            s->attach(3, kPhotos, picture(bytes, "image/webp", "big.webp"));
            s->attach(3, kPhotos, picture("undone"));
            s->undo();
        } // ends with unsaved edits: the journal stays, as after a crash
        const auto found = EditSession::recoverable(path.toStdString(), "inspections");
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].edits, std::size_t(3));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), QString("0"));
        EditSessionOptions o;
        o.journalChoice = JournalChoice::Replay;
        auto s = EditSession::open(path.toStdString(), "inspections", o);
        const auto pending = s->attachments(3, kPhotos);
        QCOMPARE(pending.size(), std::size_t(1));
        QVERIFY(*pending[0].bytes == bytes);
        QVERIFY(s->canRedo()); // the undone one is there to redo, as before
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT m.content_type, m.name, length(m.data), hex(substr(m.data, 1, 64)) FROM"
                           " inspections_inspection_photos p JOIN inspection_photos m ON m.id = p.related_id"),
            QString("image/webp|big.webp|100000|%1").arg(hex(bytes.substr(0, 64))));
        QCOMPARE(sql(path, "SELECT hex(data) FROM inspection_photos"), hex(bytes));
        QVERIFY(EditSession::recoverable(path.toStdString(), "inspections").empty());
    }

    void takenTimeFromExif()
    {
        const QString path = copy("exif.gpkg");
        test::ExifSpec spec;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        spec.offsetTimeOriginal = "+04:00";
        const QByteArray withOffset = test::jpegWithExif(spec);
        spec.bigEndian = true;
        spec.dateTimeOriginal = "2026:03:02 08:30:00";
        spec.offsetTimeOriginal.clear();
        const QByteArray noOffset = test::jpegWithExif(spec);
        const QString isoOffset = identifyIso(withOffset, m_dir.filePath("offset.jpg"));
        const QString isoPlain = identifyIso(noOffset, m_dir.filePath("nooffset.jpg"));
        QCOMPARE(isoOffset, QString("2026-03-01T10:15:00"));
        QCOMPARE(isoPlain, QString("2026-03-02T08:30:00"));
        QCOMPARE(identifyIso(test::plainJpeg(), m_dir.filePath("plain.jpg")), QString());
        {
            auto s = EditSession::open(path.toStdString(), "inspections");
            s->attach(2, kPhotos, picture(bytesOf(withOffset), "image/jpeg", "offset.jpg"));
            s->attach(2, kPhotos, picture(bytesOf(noOffset), "image/jpeg", "nooffset.jpg"));
            s->attach(2, kPhotos, picture(bytesOf(test::plainJpeg()), "image/jpeg", "plain.jpg")); // no EXIF: no time
            AttachmentData given = picture(bytesOf(withOffset), "image/jpeg", "given.jpg");
            given.takenMs = 1764583200000; // the caller's time wins over the picture's
            s->attach(2, kPhotos, given);
            const auto pending = s->attachments(2, kPhotos);
            QCOMPARE(pending.size(), std::size_t(4));
            QVERIFY(pending[0].takenMs && pending[0].takenOffsetMinutes == 240);
            QVERIFY(pending[1].takenMs && !pending[1].takenOffsetMinutes);
            QVERIFY(!pending[2].takenMs && !pending[2].takenOffsetMinutes);
            QVERIFY(pending[3].takenMs == 1764583200000 && !pending[3].takenOffsetMinutes);
        } // abandoned: the journal carries the times and the offset
        EditSessionOptions o;
        o.journalChoice = JournalChoice::Replay;
        auto s = EditSession::open(path.toStdString(), "inspections", o);
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT m.name, coalesce(m.taken, ''), coalesce(strftime('%s', m.taken), '') FROM"
                           " inspections_inspection_photos p JOIN inspection_photos m ON m.id = p.related_id ORDER BY p.id"),
            QString("offset.jpg|%1+04:00|1772345700\nnooffset.jpg|%2Z|1772440200\nplain.jpg||\ngiven.jpg|2025-12-01T10:00:00Z|1764583200")
                .arg(isoOffset, isoPlain));
        const auto stored = s->attachments(2, kPhotos);
        QCOMPARE(stored.size(), std::size_t(4));
        QVERIFY(!stored[0].pending);
        QCOMPARE(stored[0].takenMs.value_or(0), std::int64_t(1772345700) * 1000);
        QCOMPARE(stored[0].takenOffsetMinutes.value_or(0), 240);
        QCOMPARE(stored[1].takenMs.value_or(0), std::int64_t(1772440200) * 1000);
        QVERIFY(!stored[1].takenOffsetMinutes && !stored[2].takenMs);
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
    }

    void mediaTableWithoutTakenColumn()
    {
        // A media table as an older file (or another program) has it: id, data and content_type only.
        const QString path = copy("older.gpkg");
        QCOMPARE(sql(path, "DROP TABLE inspection_photos; CREATE TABLE inspection_photos (id INTEGER PRIMARY KEY"
                           " AUTOINCREMENT, data BLOB NOT NULL, content_type TEXT NOT NULL); INSERT INTO inspection_photos"
                           " (data, content_type) VALUES (x'0102', 'image/png'); INSERT INTO inspections_inspection_photos"
                           " (base_id, related_id) VALUES (2, 1)"),
            QString());
        auto s = EditSession::open(path.toStdString(), "inspections");
        const auto before = s->attachments(2, kPhotos); // opens and lists without the columns
        QCOMPARE(before.size(), std::size_t(1));
        QVERIFY(before[0].id == 1 && before[0].name.empty() && !before[0].takenMs && before[0].size == 2);
        QCOMPARE(readAttachmentCounts(path.toStdString(), "inspections", kPhotos), (std::map<std::int64_t, std::size_t>{{2, 1}}));
        test::ExifSpec spec;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        spec.offsetTimeOriginal = "+04:00";
        s->attach(2, kPhotos, picture(bytesOf(test::jpegWithExif(spec)), "image/jpeg", "new.jpg"));
        QVERIFY(s->commit().committed);
        QCOMPARE(sql(path, "SELECT name || ':' || type FROM pragma_table_info('inspection_photos') ORDER BY cid"),
            QString("id:INTEGER\ndata:BLOB\ncontent_type:TEXT\nname:TEXT\ntaken:TEXT"));
        QCOMPARE(sql(path, "SELECT id, coalesce(name, ''), coalesce(taken, '') FROM inspection_photos ORDER BY id"),
            QString("1||\n2|new.jpg|2026-03-01T10:15:00+04:00"));
        QCOMPARE(s->attachments(2, kPhotos).size(), std::size_t(2));
        QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(gdalValidation(path), QString());
    }

    void refusals()
    {
        const QString path = copy("refuse.gpkg");
        auto s = EditSession::open(path.toStdString(), "inspections");
        auto refused = [&](auto&& call, const char* needle) {
            try {
                call();
            } catch (const Error& e) {
                if (!QString::fromUtf8(e.what()).contains(needle))
                    qWarning("message: %s", e.what());
                return QString::fromUtf8(e.what()).contains(needle);
            }
            return false;
        };
        QVERIFY(refused([&] { s->attach(999999, kPhotos, picture("x")); }, "no such feature"));
        QVERIFY(refused([&] { s->attach(2, kPhotos, picture("")); }, "without bytes"));
        QVERIFY(refused([&] { s->attach(2, kPhotos, picture("x", "jpeg")); }, "not a content type"));
        QVERIFY(refused([&] { s->attach(2, kPhotos, picture("x", "image/jp eg")); }, "not a content type"));
        QVERIFY(refused([&] { s->attach(2, {"gpkg_contents", ""}, picture("x")); }, "belong to the GeoPackage"));
        QVERIFY(refused([&] { s->attach(2, {"", ""}, picture("x")); }, "media table"));
        QVERIFY(refused([&] { s->attach(2, kPhotos, picture(std::string(kMaxAttachmentBytes + 1, 'x'))); }, "32 MiB"));
        // The session total: 8 pictures of 32 MiB fill 256 MiB; the ninth is refused.
        const auto big = std::make_shared<const std::string>(kMaxAttachmentBytes, 'y');
        for (int k = 0; k < 8; ++k)
            s->attach(2, kPhotos, AttachmentData{big, "image/jpeg", {}, {}});
        QVERIFY(refused([&] { s->attach(2, kPhotos, picture("z")); }, "256 MiB"));
        s->rollback();
        QVERIFY(!s->isModified()); // nothing pending now
        s->attach(2, kPhotos, picture("z")); // room again
        s->rollback();

        // A single-file store: refused with a clear error, at the attach.
        const QString geojson = m_dir.filePath("single.geojson");
        QFile::remove(geojson);
        const auto layer = readLayer(path.toStdString(), "towns");
        writeLayer(*layer, geojson.toStdString());
        auto g = EditSession::open(geojson.toStdString(), layer->name());
        QVERIFY(refused([&] { g->attach(layer->fid(0), kPhotos, picture("x")); }, "GeoPackages only"));
        QVERIFY_THROWS_EXCEPTION(Error, readAttachmentCounts(geojson.toStdString(), layer->name(), kPhotos));
        QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), QString("0"));
    }

    // A child attaches 6 pictures to 6 features (and updates one of them) in one batch and commits; it is SIGKILLed
    // at a random moment. The file then holds none or all of the 6 (never a part), integrity holds; replaying what
    // the child journaled and committing gives all 6, once, and a second recovery finds nothing.
    void killMidCommitAllOrNothing()
    {
        // The child's work, run whole once first: the kills are drawn over 1.2 times its duration.
        auto work = [](const std::string& file) {
            auto s = EditSession::open(file, "inspections");
            s->beginBatch("photos");
            for (std::int64_t fid = 10; fid < 16; ++fid)
                s->attach(fid, kPhotos, picture(std::string(200000, static_cast<char>('a' + fid)), "image/jpeg"));
            s->setAttribute(10, 0, FieldValue(std::string("killed")));
            s->endBatch();
            s->commit();
        };
        auto runChild = [&](const std::string& file) {
            const pid_t child = ::fork();
            if (child == 0) {
                try {
                    work(file);
                } catch (...) {
                    ::_exit(3);
                }
                ::_exit(0);
            }
            return child;
        };
        QElapsedTimer clock;
        clock.start();
        {
            const QString reference = copy("killreference.gpkg");
            int status = 0;
            ::waitpid(runChild(reference.toStdString()), &status, 0);
            QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            QCOMPARE(sql(reference, "SELECT count(*) FROM inspections_inspection_photos"), QString("6"));
        }
        const qint64 referenceUs = std::max<qint64>(1000, clock.nsecsElapsed() / 1000);
        std::mt19937 rng(20261207);
        std::uniform_int_distribution<qint64> delay(0, referenceUs * 12 / 10);
        int landedBefore = 0, landedAfter = 0, replayed = 0;
        for (int round = 0; round < 16; ++round) {
            const QString path = copy(QString("kill%1.gpkg").arg(round));
            const std::string file = path.toStdString();
            const pid_t child = runChild(file);
            ::usleep(static_cast<useconds_t>(delay(rng)));
            ::kill(child, SIGKILL);
            int status = 0;
            ::waitpid(child, &status, 0);
            QVERIFY(!WIFEXITED(status) || WEXITSTATUS(status) == 0);
            const QString n = sql(path, "SELECT count(*) FROM inspections_inspection_photos");
            QVERIFY2(n == "0" || n == "6", qPrintable("round " + QString::number(round) + ": " + n + " mappings"));
            QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), n);
            QCOMPARE(sql(path, "SELECT count(*) FROM inspections WHERE inspection_id = 'killed'"), n == "6" ? "1" : "0");
            QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
            (n == "6" ? landedAfter : landedBefore) += 1;
            const auto found = EditSession::recoverable(file, "inspections");
            const bool unsaved = !found.empty() && !found.back().alreadyCommitted && found.back().edits > 0;
            if (unsaved) {
                EditSessionOptions o;
                o.journalChoice = JournalChoice::Replay;
                auto s = EditSession::open(file, "inspections", o);
                QVERIFY(s->commit().committed);
                ++replayed;
            } else {
                EditSession::open(file, "inspections"); // deletes a journal whose commit landed
            }
            // Replayed: all six now (the child journaled the whole batch before it committed) or none (killed before
            // the batch ended: a replay drops an unfinished batch whole). Never twice.
            const QString m = sql(path, "SELECT count(*) FROM inspections_inspection_photos");
            QVERIFY2(m == "0" || m == "6", qPrintable(m));
            QVERIFY(!(n == "6" && m != "6"));
            QCOMPARE(sql(path, "SELECT count(*) FROM inspection_photos"), m);
            if (m == "6")
                QCOMPARE(sql(path, "SELECT count(DISTINCT base_id) FROM inspections_inspection_photos"), QString("6"));
            QVERIFY(EditSession::recoverable(file, "inspections").empty()); // idempotent: nothing left to recover
        }
        qInfo("kills: %d before the commit landed, %d after, %d journals replayed", landedBefore, landedAfter, replayed);
    }
};

QTEST_GUILESS_MAIN(TestEditAttachments)
#include "tst_editattachments.moc"
