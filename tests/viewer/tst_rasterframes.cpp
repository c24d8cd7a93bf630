// The map canvas's renders of big rasters (issue 16 §1): a frame from the tile cache at once (a coarser cached level
// upscaled), then the refined frame once the tiles are read, both from the RenderWorker, never the GUI thread.
// Waits on frameReady signals, never sleeps. The oracle of the refined frame is drawRaster's own full draw of the
// same view (itself compared with GDAL in tests/data/tst_rastertiles.cpp); the preview's is the coarse level.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "gis/data/rastersource.h"
#include "gis/data/rastertiles.h"
#include "gis/render/rasterdraw.h"
#include "map/renderworker.h"
#include "support/testsupport.h"

using gis::test::runTool;

class TestRasterFrames : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const gis::RasterSource> m_source;

    gis::RenderRequest requestFor(const gis::Box& extent, QSize size) const
    {
        gis::RenderRequest r;
        gis::MapLayer layer;
        layer.name = "ortho";
        layer.raster = m_source;
        r.layers.push_back(layer);
        r.crs = m_source->info().crs;
        r.extent = extent;
        r.size = size;
        r.background = Qt::transparent;
        return r;
    }
    /// The view at 1:1 (0.1 m/px) of 600 x 400 raster pixels at column `col`, row `row`.
    gis::Box oneToOne(int col, int row) const
    {
        const auto& gt = m_source->info().geoTransform;
        return gis::Box(gt[0] + col * gt[1], gt[3] + (row + 400) * gt[5], gt[0] + (col + 600) * gt[1],
            gt[3] + row * gt[5]);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = runTool("/usr/bin/python3",
            {QStringLiteral(GIS_SOURCE_DIR "/tests/data/rastertiles_oracle.py"), "make", m_dir.path()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_source = gis::RasterSource::open(m_dir.filePath("rgb.tif").toStdString());
    }

    void coarseFirstThenRefined()
    {
        gis::RasterTileCache::shared().clear();
        // The whole raster seen once, small: only its coarsest level (16 x reduced) is cached.
        gis::drawRaster(*m_source, m_source->info().extent, m_source->info().crs, QSize(187, 125), {});
        const std::size_t coarseTiles = gis::RasterTileCache::shared().size();
        QCOMPARE(coarseTiles, std::size_t(1));

        viewer::RenderWorker worker;
        // Every frame as it arrives (two queued deliveries may be handled in one pass of the event loop).
        std::vector<viewer::RenderFrame> seen;
        connect(&worker, &viewer::RenderWorker::frameReady, this, [&] { seen.push_back(worker.lastFrame()); });
        const gis::Box view = oneToOne(1200, 800);
        worker.submit(requestFor(view, QSize(600, 400)));
        QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 2, 60000);
        QCOMPARE(seen.size(), std::size_t(2));
        // The first frame: drawn from the coarse tile alone (nothing was read yet), the view fully covered.
        const viewer::RenderFrame& preview = seen[0];
        QVERIFY(preview.preview);
        QCOMPARE(preview.image.size(), QSize(600, 400));
        QCOMPARE(qAlpha(preview.image.pixel(300, 200)), 255);
        // Coarse: 16 x 16 blocks of one colour.
        QCOMPARE(preview.image.pixel(1, 1), preview.image.pixel(2, 2));

        const viewer::RenderFrame& refined = seen[1];
        QVERIFY(!refined.preview);
        QCOMPARE(refined.generation, preview.generation);
        QVERIFY(!worker.isBusy());
        QVERIFY(gis::RasterTileCache::shared().size() > coarseTiles); // level 0's tiles were read meanwhile
        const QImage oracle = gis::drawRaster(*m_source, view, m_source->info().crs, QSize(600, 400), {})
                                  .convertToFormat(refined.image.format());
        QCOMPARE(refined.image, oracle);
        QVERIFY(refined.image != preview.image);
    }

    void cachedViewIsOneFrame()
    {
        viewer::RenderWorker worker;
        QSignalSpy frames(&worker, &viewer::RenderWorker::frameReady);
        const gis::Box view = oneToOne(1200, 800); // read by the previous test
        worker.submit(requestFor(view, QSize(600, 400)));
        QVERIFY(frames.wait(60000));
        QVERIFY(!worker.lastFrame().preview);
        QVERIFY(!worker.isBusy());
        QCOMPARE(frames.count(), 1);
    }

    void newerViewCancelsTheOlder()
    {
        gis::RasterTileCache::shared().clear();
        viewer::RenderWorker worker;
        QSignalSpy frames(&worker, &viewer::RenderWorker::frameReady);
        worker.submit(requestFor(oneToOne(0, 0), QSize(600, 400)));
        const std::uint64_t newest = worker.submit(requestFor(oneToOne(2000, 1500), QSize(600, 400)));
        // Only the newest view's frames are shown; the older one's are dropped whatever stage they reached.
        while (worker.isBusy())
            QVERIFY(frames.wait(60000));
        QCOMPARE(worker.lastFrame().generation, newest);
        QVERIFY(!worker.lastFrame().preview);
    }
};

QTEST_MAIN(TestRasterFrames)
#include "tst_rasterframes.moc"
