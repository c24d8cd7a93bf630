// MapCanvas and RenderWorker: the newest request wins (stale renders are cancelled and their results
// dropped), the preview is immediate while the sharp render runs on the worker, and zoom/pan keep the map
// point under the cursor.

#include <QSignalSpy>
#include <QtTest>

#include "app/benchmark.h"
#include "gis/data/layer.h"
#include "gis/project/style.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/renderworker.h"

using namespace viewer;

class TestMapCanvas : public QObject {
    Q_OBJECT
    MapDocument m_doc;

private slots:
    void initTestCase()
    {
        m_doc.loadProject(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        gis::ProjectLayer points;
        points.map.name = "random_points";
        points.map.vector = randomPointLayer(200000);
        points.map.style = gis::defaultStyle("Point", 1);
        m_doc.addLayer(std::move(points));
    }

    void newestRequestWins()
    {
        RenderWorker worker;
        QSignalSpy frames(&worker, &RenderWorker::frameReady);
        const gis::Box full = m_doc.fullExtent();
        std::uint64_t last = 0;
        for (int i = 0; i < 6; ++i) {
            const double shrink = i * full.width() * 0.05;
            last = worker.submit(m_doc.makeRequest({full.minX + shrink, full.minY, full.maxX - shrink, full.maxY}, QSize(800, 600)));
        }
        QVERIFY(worker.isBusy());
        QVERIFY(frames.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!worker.isBusy(), 60000);
        QTest::qWait(200);
        // Only the newest request's images reach the GUI: its preview (the relief drawn from cached raster tiles,
        // none yet on a first draw) and its full frame, or the full frame alone.
        QVERIFY2(frames.count() == 1 || frames.count() == 2, qPrintable(QString::number(frames.count())));
        for (const QList<QVariant>& f : frames)
            QCOMPARE(f.front().toULongLong(), static_cast<qulonglong>(last));
        QCOMPARE(worker.lastFrame().generation, last);
        QVERIFY(!worker.lastFrame().preview);
        QCOMPARE(worker.lastFrame().image.size(), QSize(800, 600));
    }

    void previewIsImmediateAndSharpFollows()
    {
        MapCanvas canvas(&m_doc);
        canvas.resize(1000, 700);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        QSignalSpy shown(&canvas, &MapCanvas::frameShown);
        QVERIFY(shown.wait(60000));
        QTest::qWait(300); // nothing else pending
        QTRY_VERIFY(!canvas.worker().isBusy());
        const auto generation = canvas.worker().latestGeneration();
        const gis::Coord grabbed = canvas.widgetToMap(QPointF(500, 350));
        // A drag pans the preview only; no render is requested until the button is released.
        QTest::mousePress(&canvas, Qt::LeftButton, {}, QPoint(500, 350));
        QElapsedTimer t;
        t.start();
        for (int i = 1; i <= 10; ++i) {
            QTest::mouseMove(&canvas, QPoint(500 + i * 20, 350 + i * 5));
            canvas.repaint();
        }
        const qint64 previewMs = t.elapsed();
        QCOMPARE(canvas.worker().latestGeneration(), generation);
        QTest::mouseRelease(&canvas, Qt::LeftButton, {}, QPoint(700, 400));
        QVERIFY2(previewMs < 2000, qPrintable(QString::number(previewMs))); // ten preview frames
        QVERIFY(shown.wait(60000));
        QVERIFY(canvas.worker().latestGeneration() > generation);
        // The map point that was grabbed followed the mouse.
        const gis::Coord now = canvas.widgetToMap(QPointF(700, 400));
        const double px = canvas.transform().pixelSize();
        QVERIFY(std::abs(now.x - grabbed.x) < px * 1e-6 && std::abs(now.y - grabbed.y) < px * 1e-6);
    }

    void zoomKeepsAnchorAndHistory()
    {
        MapCanvas canvas(&m_doc);
        canvas.resize(800, 600);
        canvas.show();
        QVERIFY(QTest::qWaitForWindowExposed(&canvas));
        canvas.zoomToFullExtent();
        QTest::qWait(50);
        const gis::Box start = canvas.extent();
        const QPointF anchor(123, 456);
        const gis::Coord before = canvas.widgetToMap(anchor);
        canvas.zoomAt(3.0, anchor);
        const gis::Coord after = canvas.widgetToMap(anchor);
        QVERIFY(std::abs(after.x - before.x) < 1e-6 && std::abs(after.y - before.y) < 1e-6);
        QVERIFY(std::abs(canvas.extent().width() * 3 - start.width()) < start.width() * 1e-9);
        QTest::qWait(400); // settles: the view joins the history
        QVERIFY(canvas.canGoBack());
        canvas.previousExtent();
        QVERIFY(std::abs(canvas.extent().width() - start.width()) < start.width() * 1e-9);
        QVERIFY(canvas.canGoForward());
        canvas.nextExtent();
        QVERIFY(std::abs(canvas.extent().width() * 3 - start.width()) < start.width() * 1e-9);
        // Zoom box with shift-drag.
        QTest::mousePress(&canvas, Qt::LeftButton, Qt::ShiftModifier, QPoint(100, 100));
        QTest::mouseMove(&canvas, QPoint(300, 250));
        QTest::mouseRelease(&canvas, Qt::LeftButton, Qt::ShiftModifier, QPoint(300, 250));
        QVERIFY(canvas.extent().width() < start.width() / 3 * 0.5);
    }
};

QTEST_MAIN(TestMapCanvas)
#include "tst_mapcanvas.moc"
