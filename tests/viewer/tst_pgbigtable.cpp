// Big PostGIS tables in the viewer (issue #14 §2, docs/postgis.md "Big tables in the viewer"): a table above
// PgViewLoader::kBigTableRows is fetched by view. A throwaway server (tests/support/postgissupport.h) holds 300,000
// points with a GIST index; psql is the oracle (`count(*) … WHERE geom && ST_MakeEnvelope(…)`), pg_stat_activity shows
// what the server runs. A colleague's lock on the table holds a read on the server for as long as the test needs
// one in flight: no sleeps.

#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <memory>

#include "gis/data/layer.h"
#include "gis/data/postgis.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "postgis/pgchangewatcher.h"
#include "postgis/pgviewloader.h"
#include "support/postgissupport.h"

using namespace viewer;

namespace {

constexpr int kRows = 300'000; // above kBigTableRows; a 600 × 500 grid of points 10 m apart
constexpr int kWait = 60'000;  // ms: generous for a shared 2-core machine; conditions end the waits

QString envelope(const gis::Box& b)
{
    return QString("ST_MakeEnvelope(%1, %2, %3, %4, 32640)").arg(b.minX, 0, 'g', 17).arg(b.minY, 0, 'g', 17)
        .arg(b.maxX, 0, 'g', 17).arg(b.maxY, 0, 'g', 17);
}

gis::Box grown(const gis::Box& b, double f)
{
    return {b.minX - b.width() * f, b.minY - b.height() * f, b.maxX + b.width() * f, b.maxY + b.height() * f};
}

} // namespace

class TestPgBigTable : public QObject {
    Q_OBJECT
    gis::test::PostgisServer m_db;
    std::unique_ptr<MapDocument> m_doc;
    int m_id = 0;
    PgViewLoader* m_loader = nullptr;

    qint64 oracleCount(const gis::Box& box)
    {
        return m_db.value("SELECT count(*) FROM pts WHERE geom && " + envelope(box)).toLongLong();
    }
    std::size_t rowsHeld() const { return m_doc->layer(m_id)->map.vector->size(); }
    /// Every row the document holds lies in `box` (the read kept nothing outside).
    bool allInside(const gis::Box& box) const
    {
        const gis::Layer& l = *m_doc->layer(m_id)->map.vector;
        for (std::size_t i = 0; i < l.size(); ++i)
            if (!box.intersects(l.geometries().bounds(i)))
                return false;
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.exec(QString("CREATE TABLE pts (fid serial PRIMARY KEY, v integer, geom geometry(Point, 32640));"
                                   "INSERT INTO pts (v, geom) SELECT i, ST_SetSRID(ST_MakePoint((i %% 600) * 10, (i / 600) * 10), 32640)"
                                   " FROM generate_series(0, %1) i;"
                                   "CREATE INDEX pts_geom ON pts USING gist (geom); ANALYZE pts;")
                               .arg(kRows - 1).replace("%%", "%")),
            m_db.why());
        m_doc = std::make_unique<MapDocument>();
        m_id = m_doc->addPostgisLayer(("PG:" + m_db.connInfo()).toStdString(), "public.pts");
        m_loader = m_doc->viewLoader(m_id);
    }

    void bigTableIsNotReadWhole()
    {
        QVERIFY(m_loader);
        // The server's estimate after ANALYZE decided, not a count.
        QCOMPARE(qint64(m_loader->info().featureCount), m_db.value("SELECT reltuples::int8 FROM pg_class WHERE relname = 'pts'").toLongLong());
        QVERIFY(m_loader->info().featureCount > PgViewLoader::kBigTableRows);
        QCOMPARE(rowsHeld(), std::size_t{0});
        QCOMPARE(m_loader->queries(), 0);
        // The map's extent is the server's estimate, not the (empty) rows held.
        const gis::Box full = m_doc->fullExtent();
        QVERIFY(full.contains(gis::Box(10, 10, 5980, 4980)));

        // A smaller table is read whole, as before.
        QVERIFY(m_db.exec("CREATE TABLE small AS SELECT * FROM pts WHERE fid <= 1000; ANALYZE small"));
        MapDocument doc;
        const int id = doc.addPostgisLayer(("PG:" + m_db.connInfo()).toStdString(), "public.small");
        QVERIFY(!doc.viewLoader(id));
        QCOMPARE(doc.layer(id)->map.vector->size(), std::size_t{1000});
    }

    void fetchesOnlyTheViewThenItsMargin()
    {
        const gis::Box view(1000, 1000, 1500, 1400);
        const qint64 inView = oracleCount(view);
        const qint64 inMargin = oracleCount(grown(view, PgViewLoader::kMarginFraction));
        QVERIFY(inView > 0 && inMargin > inView);
        QSignalSpy ready(m_loader, &PgViewLoader::viewReady);
        m_doc->showingExtent(view);
        QVERIFY(m_loader->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 1, kWait);
        QCOMPARE(ready.at(0).at(1).toBool(), false); // the view first
        QCOMPARE(qint64(ready.at(0).at(0).value<std::shared_ptr<const gis::Layer>>()->size()), inView);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 2, kWait);
        QCOMPARE(ready.at(1).at(1).toBool(), true); // then the view and its margin
        QCOMPARE(qint64(rowsHeld()), inMargin);
        QVERIFY(allInside(grown(view, PgViewLoader::kMarginFraction)));
        QVERIFY(!m_loader->isBusy());
        QCOMPARE(m_loader->queries(), 2);
    }

    void cacheAnswersARevisitedBoxWithoutAQuery()
    {
        const gis::Box first(1000, 1000, 1500, 1400);
        const gis::Box far(4000, 3000, 4500, 3400);
        QSignalSpy ready(m_loader, &PgViewLoader::viewReady);
        m_doc->showingExtent(far);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 2, kWait);
        QCOMPARE(qint64(rowsHeld()), oracleCount(grown(far, PgViewLoader::kMarginFraction)));
        const int queries = m_loader->queries();
        QCOMPARE(queries, 4);

        // Back to the first view: answered before showingExtent returns, from the box fetched with its margin.
        m_doc->showingExtent(first);
        QCOMPARE(ready.size(), 3);
        QCOMPARE(ready.at(2).at(2).toBool(), true); // fromCache
        QCOMPARE(qint64(rowsHeld()), oracleCount(grown(first, PgViewLoader::kMarginFraction)));
        // A short pan stays inside the margin: no query either.
        m_doc->showingExtent(gis::Box(1200, 1100, 1700, 1500));
        QCOMPARE(ready.size(), 4);
        QCOMPARE(m_loader->queries(), queries);
        QVERIFY(!m_loader->isBusy());
        QVERIFY(m_loader->cache().hits() >= 2);
        QVERIFY(m_loader->cache().bytes() > 0 && m_loader->cache().bytes() <= m_loader->cache().maxBytes());
    }

    void panCancelsTheRunningQueryWhileTheEventLoopTurns()
    {
        const gis::Box held(2000, 2000, 2400, 2300);
        const gis::Box next(3000, 1000, 3400, 1300);
        const qint64 inNext = oracleCount(next); // before the lock: it would hold psql too
        // A colleague holds the table: the loader's read waits on the server until the lock goes.
        gis::pg::Connection colleague = gis::pg::Connection::open(("PG:" + m_db.connInfo()).toStdString());
        colleague.command("BEGIN");
        colleague.command("LOCK TABLE pts IN ACCESS EXCLUSIVE MODE");
        const QString waiting =
            "SELECT pid || '|' || query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pts%'";

        QSignalSpy ready(m_loader, &PgViewLoader::viewReady);
        QSignalSpy cancelled(m_loader, &PgViewLoader::readCancelled);
        m_doc->showingExtent(held);
        QVERIFY(m_loader->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!m_db.value(waiting).isEmpty(), kWait);
        const QString first = m_db.query(waiting).value(0);

        // The GUI thread never waits on the query: a timer fires while the server holds the read.
        bool fired = false;
        QTimer::singleShot(1, this, [&fired] { fired = true; });
        QTRY_VERIFY_WITH_TIMEOUT(fired, kWait);
        QVERIFY(m_loader->isBusy());
        QCOMPARE(m_db.query(waiting).size(), 1);

        // The pan cancels it on the server (PQcancel): the statement waiting now is the new view's.
        m_doc->showingExtent(next);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 1, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(m_db.query(waiting).size() == 1 && m_db.query(waiting).value(0) != first, kWait);
        QCOMPARE(ready.size(), 0);

        colleague.command("ROLLBACK");
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 1, kWait);
        QCOMPARE(qint64(ready.at(0).at(0).value<std::shared_ptr<const gis::Layer>>()->size()), inNext);
        QTRY_VERIFY_WITH_TIMEOUT(!m_loader->isBusy(), kWait);
        QVERIFY(m_db.query(waiting).isEmpty());
        QCOMPARE(m_loader->cancelledReads(), 1);
    }

    void wholeLayerInViewSaysZoomIn()
    {
        const int queries = m_loader->queries();
        QSignalSpy tooMany(m_loader, &PgViewLoader::tooMany);
        m_doc->showingExtent(gis::Box(-100, -100, 6100, 5100));
        QTRY_COMPARE_WITH_TIMEOUT(tooMany.size(), 1, kWait);
        QVERIFY(tooMany.at(0).at(0).toLongLong() > PgViewLoader::kMaxViewRows);
        QCOMPARE(m_loader->queries(), queries); // nothing asked of the server
        QCOMPARE(rowsHeld(), std::size_t{0});
        QVERIFY2(m_doc->layerNote(m_id).contains("zoom in"), qPrintable(m_doc->layerNote(m_id)));
        QCOMPARE(m_doc->layerNotes().size(), 1);
        // Zooming in clears the note.
        QSignalSpy ready(m_loader, &PgViewLoader::viewReady);
        m_doc->showingExtent(gis::Box(1000, 1000, 1500, 1400));
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 1, kWait);
        QVERIFY(m_doc->layerNote(m_id).isEmpty());
    }

    void colleaguesCommitInvalidatesTheCache()
    {
        const gis::Box view(1000, 1000, 1500, 1400);
        QTRY_VERIFY_WITH_TIMEOUT(!m_loader->isBusy(), kWait);
        PgChangeWatcher watcher(m_doc.get());
        QVERIFY(watcher.isWatching(m_id));
        const int queries = m_loader->queries();
        const std::size_t before = rowsHeld();
        QSignalSpy ready(m_loader, &PgViewLoader::viewReady);
        // A colleague adds a point in the view, as the edit store would announce it.
        const QString fid = m_db.value("INSERT INTO pts (v, geom) VALUES (-1, ST_SetSRID(ST_MakePoint(1234.5, 1234.5), 32640)) RETURNING fid");
        QVERIFY(m_db.exec("SELECT pg_notify('gis_changes', '{\"layer\":\"public.pts\",\"fids\":[" + fid +
                          "],\"deleted\":[],\"session\":\"colleague\"}')"));
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 2, kWait); // read again: view, then margin
        QCOMPARE(m_loader->queries(), queries + 2);
        QCOMPARE(qint64(rowsHeld()), oracleCount(grown(view, PgViewLoader::kMarginFraction)));
        QCOMPARE(rowsHeld(), before + 1);
        QCOMPARE(watcher.reloadCount(), 0); // the table was never read whole
    }

    void cacheIsBoundedByBytes()
    {
        PgViewCache cache(1); // nothing fits: nothing is kept
        cache.insert(gis::Box(0, 0, 1, 1), m_doc->layer(m_id)->map.vector);
        QCOMPARE(cache.entries(), std::size_t{0});
        PgViewCache roomy;
        const auto rows = m_doc->layer(m_id)->map.vector;
        roomy.insert(gis::Box(0, 0, 1, 1), rows);
        roomy.insert(gis::Box(5, 5, 6, 6), rows);
        QCOMPARE(roomy.entries(), std::size_t{2});
        roomy.insert(gis::Box(-1, -1, 2, 2), rows); // holds the first: replaces it
        QCOMPARE(roomy.entries(), std::size_t{2});
        QVERIFY(roomy.find(gis::Box(0.5, 0.5, 0.7, 0.7)));
        QVERIFY(!roomy.find(gis::Box(3, 3, 4, 4)));
        // Room for two entries: the least recently used goes.
        PgViewCache two(2 * (rows->memoryUsage() + 200));
        two.insert(gis::Box(0, 0, 1, 1), rows);
        two.insert(gis::Box(5, 5, 6, 6), rows);
        QVERIFY(two.find(gis::Box(0, 0, 1, 1))); // now the most recent
        two.insert(gis::Box(10, 10, 11, 11), rows);
        QCOMPARE(two.entries(), std::size_t{2});
        QVERIFY(two.find(gis::Box(0, 0, 1, 1)));
        QVERIFY(!two.find(gis::Box(5, 5, 6, 6)));
    }

    void canvasAsksForWhatItShows()
    {
        MapCanvas canvas(m_doc.get());
        canvas.resize(400, 300);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QTRY_VERIFY_WITH_TIMEOUT(canvas.hasFrame(), kWait);
        const int queries = m_loader->queries();
        canvas.setExtent(gis::Box(2000, 3000, 2400, 3300)); // never shown before: not cached
        QTRY_VERIFY_WITH_TIMEOUT(m_loader->queries() == queries + 2 && !m_loader->isBusy(), kWait);
        const gis::Box shown = canvas.extent();
        QCOMPARE(qint64(rowsHeld()), oracleCount(grown(shown, PgViewLoader::kMarginFraction)));
        // The frame with the rows is drawn, and no further query follows it.
        QTRY_VERIFY_WITH_TIMEOUT(!canvas.isRendering() && canvas.worker().lastFrame().featuresDrawn > 0, kWait);
        QCOMPARE(m_loader->queries(), queries + 2);
    }

    void cleanupTestCase()
    {
        m_doc.reset(); // joins the loader's worker before the server goes
        m_db.stop();
    }
};

QTEST_MAIN(TestPgBigTable)
#include "tst_pgbigtable.moc"
