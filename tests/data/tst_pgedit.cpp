// Edit sessions on PostGIS (the PostGIS EditStore) against a throwaway server; psql is the oracle for what reached
// the database: each kind of edit lands with its type, conflicts between two sessions are found by content (and a
// no-op UPDATE by another tool is none), keep-mine and keep-theirs, a multi-layer commit is all or nothing, hostile
// values and names stay data, journals live in the user's state folder, and change notifications reach a listener
// on another connection for committed work only.

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "gis/data/editsession.h"
#include "gis/data/pgchanges.h"
#include "gis/data/postgis.h"
#include "gis/geom/wkb.h"

#include "support/postgissupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

Geometry point(double x, double y)
{
    GeometryColumn c;
    c.appendPoint(x, y);
    return Geometry(std::move(c));
}

QString hexWkb(const Geometry& g)
{
    const auto wkb = toWkb(g.ref());
    return QByteArray(reinterpret_cast<const char*>(wkb.data()), static_cast<int>(wkb.size())).toHex();
}

FeatureVersion version(const EditSession& s, std::int64_t fid)
{
    const auto f = s.feature(fid);
    return featureVersion(f ? &*f : nullptr);
}

ConflictResolution choose(ConflictResolution::Choice choice)
{
    ConflictResolution r;
    r.choice = choice;
    return r;
}

std::size_t field(const EditSession& s, const char* name)
{
    const int i = s.base()->attributes().indexOf(name);
    if (i < 0)
        throw Error(ErrorCode::Argument, std::string("no field ") + name);
    return static_cast<std::size_t>(i);
}

} // namespace

class TestPgEdit : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;
    QTemporaryDir m_state;
    std::string source() const { return "PG:" + m_db.connInfo().toStdString(); }

    /// A fresh copy of the sample inspections (3,000 points, fid 1..3000 from a sequence) as `table`.
    void load(const QString& table) { QVERIFY2(m_db.loadLayer(kGpkg, "inspections", table), m_db.why()); }

    QString checksum(const QString& table)
    {
        return m_db.value("SELECT md5(string_agg(t::text, ',' ORDER BY fid)) FROM " + table + " t");
    }

    std::unique_ptr<EditSession> open(const QString& layer)
    {
        EditSessionOptions o;
        o.journalChoice = JournalChoice::Discard;
        return EditSession::open(source(), layer.toStdString(), o);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_state.isValid());
        qputenv("XDG_STATE_HOME", m_state.path().toLocal8Bit()); // journals go here, not in the user's home
        QVERIFY2(m_db.start(), m_db.why());
    }

    void editsLandAsPsqlSeesThem()
    {
        load("land");
        auto s = open("public.land");
        QCOMPARE(s->base()->size(), std::size_t(3000));
        // The session's base read from PostGIS holds what the GeoPackage holds, feature by feature (same versions).
        const auto gpkg = readLayer(kGpkg.toStdString(), "inspections");
        QCOMPARE(s->fields().size(), gpkg->attributes().columnCount());
        for (std::size_t row = 0; row < gpkg->size(); row += 7) {
            const auto mine = editFeatureFromLayer(*gpkg, row);
            const auto theirs = s->feature(gpkg->fid(row));
            QVERIFY(theirs);
            QVERIFY2(featureVersion(&mine) == featureVersion(&*theirs), qPrintable(QString("fid %1").arg(gpkg->fid(row))));
        }
        const std::size_t score = field(*s, "score"), inspector = field(*s, "inspector"), date = field(*s, "inspection_date");
        const std::size_t key = field(*s, "inspection_id");
        s->setAttribute(3, score, std::int64_t(77));
        s->setAttribute(3, date, *parseDate("2026-12-07"));
        s->setAttribute(4, inspector, std::string("مفتش \"جديد\" O'Brien"));
        s->setAttribute(4, score, FieldValue{});
        const Geometry moved = point(57.123456789012345, 22.987654321098765);
        s->setGeometry(5, moved);
        s->remove(6);
        EditFeature f = *s->feature(7);
        f.values[key] = std::string("NEW-1");
        f.geometry = point(57.5, 23.25);
        const std::int64_t provisional = s->insert(f);
        // Another desk inserts meanwhile: ids come from the sequence, so ours does not collide with theirs.
        QVERIFY2(m_db.exec("INSERT INTO land (inspection_id, geom) VALUES ('OTHER', ST_SetSRID(ST_MakePoint(57, 23), 4326))"),
            m_db.why());
        const auto r = s->commit();
        QVERIFY(r.committed);
        QCOMPARE(r.insertedIds.size(), std::size_t(1));
        const std::int64_t id = r.insertedIds.at(provisional);

        QCOMPARE(m_db.query("SELECT score || '|' || pg_typeof(score) || '|' || inspection_date FROM land WHERE fid = 3").value(0),
            QString("77|integer|2026-12-07"));
        QCOMPARE(m_db.value("SELECT inspector FROM land WHERE fid = 4"), QString("مفتش \"جديد\" O'Brien"));
        QCOMPARE(m_db.value("SELECT score IS NULL FROM land WHERE fid = 4"), QString("t"));
        QCOMPARE(m_db.query("SELECT encode(ST_AsBinary(geom), 'hex') || '|' || ST_SRID(geom) FROM land WHERE fid = 5").value(0),
            hexWkb(moved) + "|4326");
        QCOMPARE(m_db.value("SELECT count(*) FROM land WHERE fid = 6"), QString("0"));
        QCOMPARE(m_db.query("SELECT inspection_id || '|' || encode(ST_AsBinary(geom), 'hex') FROM land WHERE fid = " + QString::number(id)).value(0),
            "NEW-1|" + hexWkb(f.geometry));
        QCOMPARE(m_db.value("SELECT fid FROM land WHERE inspection_id = 'OTHER'").toLongLong() + 1, id);
        QCOMPARE(m_db.value("SELECT count(*) FROM land"), QString("3001"));
        // Untouched rows: the same as in the GeoPackage (fid 8's values, as GDAL reads them from PostGIS too).
        QCOMPARE(m_db.value("SELECT inspection_id FROM land WHERE fid = 8"),
            QString::fromStdString(std::get<std::string>(editFeatureFromLayer(*gpkg, 7).values[key])));
        // The session goes on from what it wrote; a second session reads the same.
        QCOMPARE(std::get<std::int64_t>(s->feature(3)->values[score]), std::int64_t(77));
        auto again = open("public.land");
        QVERIFY(version(*again, 5) == version(*s, 5));
        QVERIFY(version(*again, id) == version(*s, id));
    }

    void tablesWithoutIntegerKeyRefused()
    {
        QVERIFY(m_db.exec("CREATE TABLE nokey (name text, geom geometry(Point, 4326));"
                          "CREATE TABLE textkey (code text PRIMARY KEY, geom geometry(Point, 4326))"));
        for (const char* layer : {"public.nokey", "public.textkey"}) {
            try {
                open(layer);
                QFAIL("opened");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Argument);
                QVERIFY2(QString(e.what()).contains(QString("\"%1\" cannot be edited: no integer primary key").arg(layer)), e.what());
                QVERIFY(!QString(e.what()).contains("password"));
            }
        }
    }

    void sameFeatureConflictsKeepTheirsAndKeepMine()
    {
        load("conf");
        auto a = open("public.conf");
        auto b = open("public.conf");
        const std::size_t score = field(*a, "score"), inspector = field(*a, "inspector");

        // Same feature: the second commit is refused with the conflict; the database holds the first.
        a->setAttribute(3, score, std::int64_t(1));
        QVERIFY(a->commit().committed);
        b->setAttribute(3, score, std::int64_t(2));
        b->setAttribute(10, score, std::int64_t(10)); // no conflict, but nothing is written while one stands
        auto r = b->commit();
        QVERIFY(!r.committed);
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QCOMPARE(r.conflicts[0].fid, std::int64_t(3));
        QCOMPARE(r.conflicts[0].layer, std::string("public.conf"));
        QCOMPARE(std::get<std::int64_t>(r.conflicts[0].theirs->values[score]), std::int64_t(1));
        QCOMPARE(std::get<std::int64_t>(r.conflicts[0].mine->values[score]), std::int64_t(2));
        QCOMPARE(m_db.value("SELECT score FROM conf WHERE fid = 3"), QString("1"));
        QVERIFY(m_db.value("SELECT score FROM conf WHERE fid = 10") != "10");
        // Keep theirs: b drops its change, the other one lands.
        b->resolve(r.conflicts[0], choose(ConflictResolution::Choice::KeepTheirs));
        QVERIFY(b->commit().committed);
        QCOMPARE(m_db.value("SELECT score FROM conf WHERE fid = 3"), QString("1"));
        QCOMPARE(m_db.value("SELECT score FROM conf WHERE fid = 10"), QString("10"));
        QCOMPARE(std::get<std::int64_t>(b->feature(3)->values[score]), std::int64_t(1));

        // Keep mine: b's version is written over a's.
        a->setAttribute(4, inspector, std::string("A"));
        QVERIFY(a->commit().committed);
        b->setAttribute(4, inspector, std::string("B"));
        r = b->commit();
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QCOMPARE(m_db.value("SELECT inspector FROM conf WHERE fid = 4"), QString("A"));
        b->resolve(r.conflicts[0], choose(ConflictResolution::Choice::KeepMine));
        QVERIFY(b->commit().committed);
        QCOMPARE(m_db.value("SELECT inspector FROM conf WHERE fid = 4"), QString("B"));

        // A deleted row is a conflict too; keep mine brings it back under its id.
        a->remove(8);
        QVERIFY(a->commit().committed);
        b->setAttribute(8, score, std::int64_t(88));
        r = b->commit();
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QVERIFY(!r.conflicts[0].theirs);
        QCOMPARE(m_db.value("SELECT count(*) FROM conf WHERE fid = 8"), QString("0"));
        b->resolve(r.conflicts[0], choose(ConflictResolution::Choice::KeepMine));
        QVERIFY(b->commit().committed);
        QCOMPARE(m_db.value("SELECT score FROM conf WHERE fid = 8"), QString("88"));

        // A no-op UPDATE by another tool changes xmin but not the feature: no conflict.
        const QString xmin = m_db.value("SELECT xmin FROM conf WHERE fid = 9");
        QVERIFY(m_db.exec("UPDATE conf SET score = score, geom = geom WHERE fid = 9"));
        QVERIFY(m_db.value("SELECT xmin FROM conf WHERE fid = 9") != xmin);
        b->setAttribute(9, score, std::int64_t(99));
        r = b->commit();
        QVERIFY(r.committed);
        QVERIFY(r.conflicts.empty());
        QCOMPARE(m_db.value("SELECT score FROM conf WHERE fid = 9"), QString("99"));
        // ... while a real change of the geometry by another tool is one.
        QVERIFY(m_db.exec("UPDATE conf SET geom = ST_Translate(geom, 0.001, 0) WHERE fid = 11"));
        b->setAttribute(11, score, std::int64_t(11));
        r = b->commit();
        QCOMPARE(r.conflicts.size(), std::size_t(1));
        QCOMPARE(r.conflicts[0].fid, std::int64_t(11));
    }

    void differentFeaturesBothLand()
    {
        load("bothland");
        auto a = open("public.bothland");
        auto b = open("public.bothland");
        const std::size_t score = field(*a, "score");
        a->setAttribute(20, score, std::int64_t(2020));
        b->setAttribute(21, score, std::int64_t(2121));
        b->setGeometry(22, point(57.7, 23.3));
        QVERIFY(a->commit().committed);
        const auto r = b->commit();
        QVERIFY(r.committed);
        QVERIFY(r.conflicts.empty());
        QCOMPARE(m_db.value("SELECT string_agg(coalesce(score::text, '-'), ',' ORDER BY fid) FROM bothland WHERE fid IN (20, 21)"),
            QString("2020,2121"));
        QCOMPARE(m_db.value("SELECT ST_AsText(geom) FROM bothland WHERE fid = 22"), QString("POINT(57.7 23.3)"));
    }

    void multiLayerCommitIsAllOrNothing()
    {
        load("first");
        load("second");
        QVERIFY(m_db.exec("UPDATE second SET inspector = 'x' WHERE inspector IS NULL;"
                          "ALTER TABLE second ALTER COLUMN inspector SET NOT NULL"));
        const QString before1 = checksum("first"), before2 = checksum("second");
        auto store = openEditStore(source());
        QCOMPARE(store->kind(), std::string("PostGIS"));
        auto s1 = std::make_shared<EditSession>(store, open("public.first")->base());
        auto s2 = std::make_shared<EditSession>(store, open("public.second")->base());
        s1->setAttribute(3, field(*s1, "score"), std::int64_t(5));
        s1->remove(4);
        EditFeature f = *s1->feature(5);
        s1->insert(f);
        s2->setAttribute(6, field(*s2, "score"), std::int64_t(6));
        s2->setAttribute(7, field(*s2, "inspector"), FieldValue{}); // NOT NULL: the second layer fails
        try {
            EditSession::commitTogether({s1.get(), s2.get()});
            QFAIL("committed");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"public.second\""), e.what());
            QVERIFY2(QString(e.what()).contains("nothing of this commit was written"), e.what());
            QVERIFY2(QString(e.what()).contains("inspector"), e.what());
        }
        QCOMPARE(checksum("first"), before1);
        QCOMPARE(checksum("second"), before2);
        QCOMPARE(m_db.value("SELECT count(*) FROM first"), QString("3000"));
        // Fixed, the same commit lands whole.
        s2->setAttribute(7, field(*s2, "inspector"), std::string("someone"));
        QVERIFY(EditSession::commitTogether({s1.get(), s2.get()}).committed);
        QCOMPARE(m_db.value("SELECT count(*) FROM first"), QString("3000"));
        QCOMPARE(m_db.value("SELECT score FROM first WHERE fid = 3") + m_db.value("SELECT score FROM second WHERE fid = 6"),
            QString("56"));
    }

    void hostileValuesAndNamesStayData()
    {
        load("victim");
        QVERIFY(m_db.exec("CREATE TABLE \"we\"\"ird; x\" (id serial PRIMARY KEY, \"na\"\"me\" text, \"n'um\" bigint,"
                          " geom geometry(Point, 4326));"
                          "INSERT INTO \"we\"\"ird; x\" (\"na\"\"me\", \"n'um\", geom)"
                          " SELECT 'row ' || i, i, ST_SetSRID(ST_MakePoint(57 + i * 0.01, 23), 4326) FROM generate_series(1, 5) i"));
        const QString victim = checksum("victim");
        const QString tables = m_db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
        auto s = open("public.we\"ird; x");
        QCOMPARE(s->base()->size(), std::size_t(5));
        const std::size_t name = field(*s, "na\"me"), num = field(*s, "n'um");
        const std::string drops[] = {"'; DROP TABLE victim; --", "\"); DELETE FROM victim; --",
            "$1; DROP TABLE victim", "\\x00'::bytea; --"};
        for (std::int64_t fid = 1; fid <= 4; ++fid)
            s->setAttribute(fid, name, drops[fid - 1]);
        s->setAttribute(5, num, std::int64_t(-9223372036854775807LL));
        EditFeature f = *s->feature(1);
        f.values[name] = std::string("'); TRUNCATE victim; SELECT ('");
        const std::int64_t provisional = s->insert(f);
        const auto r = s->commit();
        QVERIFY(r.committed);
        for (std::int64_t fid = 1; fid <= 4; ++fid)
            QCOMPARE(m_db.value(QString("SELECT \"na\"\"me\" FROM \"we\"\"ird; x\" WHERE id = %1").arg(fid)),
                QString::fromStdString(drops[fid - 1]));
        QCOMPARE(m_db.value("SELECT \"n'um\" FROM \"we\"\"ird; x\" WHERE id = 5"), QString("-9223372036854775807"));
        QCOMPARE(m_db.value(QString("SELECT \"na\"\"me\" FROM \"we\"\"ird; x\" WHERE id = %1").arg(r.insertedIds.at(provisional))),
            QString("'); TRUNCATE victim; SELECT ('"));
        QCOMPARE(checksum("victim"), victim);
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), tables);
        // A layer name that is SQL names no table.
        try {
            open("public.victim; DROP TABLE victim");
            QFAIL("opened");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("no such table"), e.what());
        }
        QCOMPARE(checksum("victim"), victim);
    }

    void journalInTheStateFolder()
    {
        load("journaled");
        const std::string withPassword = source() + " password=s3cret";
        std::string journal;
        {
            EditSessionOptions o;
            o.journalChoice = JournalChoice::Discard;
            auto s = EditSession::open(withPassword, "public.journaled", o);
            journal = s->journalPath();
            s->setAttribute(12, field(*s, "score"), std::int64_t(1212));
            // Closed with unsaved edits: the journal stays, as after a crash.
        }
        const QString folder = m_state.path() + "/interior-explorer/journals/";
        QVERIFY2(QString::fromStdString(journal).startsWith(folder + "pg-"), journal.c_str());
        QVERIFY(QString::fromStdString(journal).contains(".public%2Ejournaled."));
        QVERIFY(!QString::fromStdString(journal).contains("s3cret"));
        QCOMPARE(QFileInfo(folder).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());
        // Found again by the same database named without the password (or with another): the name hashes the
        // connection keywords but the password.
        QCOMPARE(EditSession::recoverable(source() + " password=other", "public.journaled").size(), std::size_t(1));
        const auto found = EditSession::recoverable(source(), "public.journaled");
        QCOMPARE(found.size(), std::size_t(1));
        QCOMPARE(found[0].journalPath, journal);
        QCOMPARE(found[0].edits, std::size_t(1));
        QVERIFY(EditSession::recoverable(source(), "public.other").empty());
        EditSessionOptions replay;
        replay.journalChoice = JournalChoice::Replay;
        auto s = EditSession::open(source(), "public.journaled", replay);
        QCOMPARE(std::get<std::int64_t>(s->feature(12)->values[field(*s, "score")]), std::int64_t(1212));
        QVERIFY(s->commit().committed);
        QCOMPARE(m_db.value("SELECT score FROM journaled WHERE fid = 12"), QString("1212"));
    }

    void notificationsOfCommittedWorkOnly()
    {
        load("watched");
        pg::ChangeListener all(source(), {}); // hears this process's commits too
        all.listen();
        pg::ChangeListener others(source()); // leaves this process's commits out
        others.listen();
        auto a = open("public.watched");
        auto b = open("public.watched");
        const std::size_t score = field(*a, "score");
        a->setAttribute(3, score, std::int64_t(3));
        a->remove(4);
        const std::int64_t provisional = a->insert(*a->feature(5));
        const auto r = a->commit();
        QVERIFY(r.committed);
        auto changes = all.poll(10000);
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes[0].layer, std::string("public.watched"));
        auto fids = changes[0].fids;
        std::sort(fids.begin(), fids.end());
        QCOMPARE(fids, (std::vector<std::int64_t>{3, r.insertedIds.at(provisional)}));
        QCOMPARE(changes[0].deleted, std::vector<std::int64_t>{4});
        QVERIFY(!changes[0].all);
        QCOMPARE(changes[0].session, pg::changeSessionId());

        // A refused commit (conflict) and a failed one send nothing: the next notification either listener gets is a
        // marker sent afterwards (notifications arrive in commit order).
        b->setAttribute(3, score, std::int64_t(33));
        QVERIFY(!b->commit().committed);
        QVERIFY(m_db.exec("ALTER TABLE watched ADD CONSTRAINT small CHECK (score < 1000000)"));
        auto c = open("public.watched");
        c->setAttribute(6, score, std::int64_t(5000000));
        QVERIFY_THROWS_EXCEPTION(Error, c->commit());
        QVERIFY(m_db.exec("SELECT pg_notify('gis_changes', '{\"layer\":\"marker\",\"session\":\"psql\",\"extra\":[{\"a\":1}]}')"));
        for (auto* listener : {&all, &others}) {
            std::vector<pg::LayerChange> got;
            while (got.empty())
                got = listener->poll(10000);
            QCOMPARE(got.size(), std::size_t(1));
            QCOMPARE(got[0].layer, std::string("marker")); // this process's own commit above is not in `others`
        }

        // Beyond PostgreSQL's 8000-byte payload: "all".
        QVERIFY(m_db.exec("ALTER TABLE watched DROP CONSTRAINT small"));
        auto d = open("public.watched");
        d->beginBatch();
        for (std::int64_t fid = 100; fid < 2100; ++fid)
            d->setAttribute(fid, score, fid);
        d->endBatch();
        QElapsedTimer timer;
        timer.start();
        QVERIFY(d->commit().committed);
        qInfo("commit of 2,000 attribute updates: %lld ms", static_cast<long long>(timer.elapsed())); // a figure, not a test
        changes = all.poll(10000);
        QCOMPARE(changes.size(), std::size_t(1));
        QVERIFY(changes[0].all);
        QVERIFY(changes[0].fids.empty());
        QCOMPARE(m_db.value("SELECT count(*) FROM watched WHERE score = fid AND fid BETWEEN 100 AND 2099"), QString("2000"));
        QVERIFY(all.socket() >= 0);
    }

    void payloadsParse()
    {
        auto c = pg::parseLayerChange(" {\"layer\" : \"s.\\\"t\\u00e9\", \"fids\":[1, -2 ,3], \"deleted\":[],"
                                      " \"x\":{\"y\":[null,true,1.5e3,\"z\"]}, \"session\":\"ab\"} ");
        QVERIFY(c);
        QCOMPARE(c->layer, std::string("s.\"t\xc3\xa9"));
        QCOMPARE(c->fids, (std::vector<std::int64_t>{1, -2, 3}));
        QVERIFY(c->deleted.empty());
        QCOMPARE(c->session, std::string("ab"));
        QVERIFY(pg::parseLayerChange("{\"layer\":\"a\",\"all\":true}")->all);
        for (const char* bad : {"", "{}", "{\"fids\":[1]}", "{\"layer\":1}", "{\"layer\":\"a\",\"fids\":[1.5]}",
                 "{\"layer\":\"a\"", "{\"layer\":\"a\"} x", "[\"layer\"]",
                 "{\"layer\":\"a\",\"x\":[[[[[[[[[[[[1]]]]]]]]]]]]}"})
            QVERIFY2(!pg::parseLayerChange(bad), bad);
    }
};

QTEST_GUILESS_MAIN(TestPgEdit)
#include "tst_pgedit.moc"
