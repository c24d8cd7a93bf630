// Views drawn from a raster's tile pyramid (gis/data/rastertiles.h). The oracle is GDAL itself, through its Python
// bindings (tests/data/rastertiles_oracle.py): the same window read straight from the file with ReadAsArray's
// buf_xsize/buf_ysize, GDAL picking the overview. Tolerances, per table row: the share of pixels whose values are
// within `tolerance` of GDAL's, the worst difference allowed, and the share of pixels covered alike (GDAL's mask).
// Measured with GDAL 3.6.2: nearest-neighbour RGB rows are exact, DSM rows at 1:1
// and averaged within 1 mm (float sums); averaged RGB rows are within
// 0.5 (plus float rounding: GDAL rounds its average to a Byte, the tiles keep it as a float); bilinear DSM rows are within 0.05 m for
// 99.98 % of pixels and 0.13 m at worst, beside nodata holes, where GDAL's kernel and ours renormalise differently.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <cmath>
#include <thread>

#include "gis/core/error.h"
#include "gis/data/rastertiles.h"
#include "support/testsupport.h"

using namespace gis;
using gis::test::runTool;

namespace {

const QString kOracle = QStringLiteral(GIS_SOURCE_DIR "/tests/data/rastertiles_oracle.py");
const QString kPython = QStringLiteral("/usr/bin/python3"); // the system Python, which has GDAL's bindings

struct Window {
    int xoff, yoff, xsize, ysize, bufw, bufh;
};

RasterGrid gridOf(const RasterInfo& info, const Window& w)
{
    const auto& gt = info.geoTransform;
    RasterGrid g;
    g.extent = Box(gt[0] + w.xoff * gt[1], gt[3] + (w.yoff + w.ysize) * gt[5], gt[0] + (w.xoff + w.xsize) * gt[1],
        gt[3] + w.yoff * gt[5]);
    g.crs = info.crs;
    g.width = w.bufw;
    g.height = w.bufh;
    return g;
}

} // namespace

class TestRasterTiles : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_rgb, m_dsm;

    /// GDAL's read of the window: bands then the mask of band 1, each bufw x bufh.
    std::vector<float> oracle(const QString& file, const Window& w, const QString& alg)
    {
        const QString out = m_dir.filePath("oracle.f32");
        const auto r = runTool(kPython, {kOracle, "read", file, QString::number(w.xoff), QString::number(w.yoff),
                                            QString::number(w.xsize), QString::number(w.ysize),
                                            QString::number(w.bufw), QString::number(w.bufh), alg, out});
        if (r.exitCode != 0)
            qWarning() << r.err;
        const QByteArray bytes = gis::test::readFile(out);
        std::vector<float> values(static_cast<std::size_t>(bytes.size()) / sizeof(float));
        std::memcpy(values.data(), bytes.constData(), values.size() * sizeof(float));
        return values;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const auto r = runTool(kPython, {kOracle, "make", m_dir.path()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_rgb = m_dir.filePath("rgb.tif");
        m_dsm = m_dir.filePath("dsm.tif");
    }

    void levelsAsGdalPicksThem()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        const RasterTilePyramid pyramid(*source);
        QCOMPARE(pyramid.levelCount(), 5);
        QCOMPARE(pyramid.levelWidth(1), 1500);
        QCOMPARE(pyramid.tilesAcross(0), 12); // 3000 / 256, rounded up
        QCOMPARE(pyramid.tilesDown(4), 1);
        QCOMPARE(pyramid.levelFor(0.5), 0);
        QCOMPARE(pyramid.levelFor(1.0), 0);
        QCOMPARE(pyramid.levelFor(1.7), 1); // 2 <= 1.2 x 1.7
        QCOMPARE(pyramid.levelFor(3.0), 1);
        QCOMPARE(pyramid.levelFor(3.4), 2);
        QCOMPARE(pyramid.levelFor(1000.0), 4);
    }

    void tilesMatchGdal_data()
    {
        QTest::addColumn<bool>("dsm");
        QTest::addColumn<int>("resampling");
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QList<int>>("window"); // xoff, yoff, xsize, ysize, bufw, bufh
        QTest::addColumn<double>("tolerance");  // value difference most pixels stay within
        QTest::addColumn<double>("share");      // the share of pixels that must
        QTest::addColumn<double>("worst");      // the largest difference allowed anywhere
        const int img = int(RasterResampling::Imagery), cont = int(RasterResampling::Continuous);
        QTest::newRow("RGB enlarged 4x (nearest)") << false << img << "near" << QList<int>{1000, 700, 150, 100, 600, 400} << 0.0 << 1.0 << 0.0;
        QTest::newRow("RGB 1:1 across tiles") << false << img << "near" << QList<int>{200, 130, 700, 500, 700, 500} << 0.0 << 1.0 << 0.0;
        QTest::newRow("RGB 1:1.5 level 0") << false << img << "average" << QList<int>{300, 300, 900, 600, 600, 400} << 0.501 << 1.0 << 0.501;
        QTest::newRow("RGB 1:2 level 1") << false << img << "average" << QList<int>{0, 0, 1200, 800, 600, 400} << 0.501 << 1.0 << 0.501;
        QTest::newRow("RGB 1:3 level 1") << false << img << "average" << QList<int>{600, 300, 1800, 1200, 600, 400} << 0.501 << 1.0 << 0.501;
        QTest::newRow("RGB 1:5 level 2") << false << img << "average" << QList<int>{0, 0, 3000, 2000, 600, 400} << 0.501 << 1.0 << 0.501;
        QTest::newRow("RGB 1:10 level 3") << false << img << "average" << QList<int>{0, 0, 3000, 2000, 300, 200} << 0.501 << 1.0 << 0.501;
        QTest::newRow("RGB 1:20 level 4") << false << img << "average" << QList<int>{0, 0, 3000, 2000, 150, 100} << 0.501 << 1.0 << 0.501;
        QTest::newRow("DSM enlarged 3x (bilinear)") << true << cont << "bilinear" << QList<int>{500, 250, 200, 150, 600, 450} << 0.05 << 0.999 << 0.2;
        QTest::newRow("DSM 1:1") << true << cont << "near" << QList<int>{400, 200, 600, 400, 600, 400} << 0.001 << 1.0 << 0.001;
        QTest::newRow("DSM 1:2.5 level 1") << true << cont << "average" << QList<int>{0, 0, 1500, 1000, 600, 400} << 0.001 << 1.0 << 0.001;
        QTest::newRow("DSM 1:6 level 2") << true << cont << "average" << QList<int>{0, 0, 1500, 1000, 250, 166} << 0.001 << 1.0 << 0.001;
    }

    void tilesMatchGdal()
    {
        QFETCH(bool, dsm);
        QFETCH(int, resampling);
        QFETCH(QString, alg);
        QFETCH(QList<int>, window);
        QFETCH(double, tolerance);
        QFETCH(double, share);
        QFETCH(double, worst);
        const Window w{window[0], window[1], window[2], window[3], window[4], window[5]};
        const QString file = dsm ? m_dsm : m_rgb;
        const auto source = RasterSource::open(file.toStdString());
        const std::vector<int> bands = dsm ? std::vector<int>{1} : std::vector<int>{1, 2, 3};
        RasterTileCache cache(64 << 20);
        RasterTileOptions options;
        options.cache = &cache;
        const RasterPixels ours = readTiled(*source, bands, gridOf(source->info(), w),
            static_cast<RasterResampling>(resampling), options);
        const std::vector<float> gdal = oracle(file, w, alg);
        const std::size_t n = static_cast<std::size_t>(w.bufw) * w.bufh;
        QCOMPARE(gdal.size(), n * (bands.size() + 1));
        QCOMPARE(ours.width, w.bufw);

        std::size_t compared = 0, within = 0, coverAlike = 0;
        double worstSeen = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const bool gdalValid = gdal[bands.size() * n + i] > 0;
            const bool ourValid = ours.coverage[i] > 0;
            coverAlike += gdalValid == ourValid;
            if (!gdalValid || !ourValid)
                continue;
            double diff = 0;
            for (std::size_t b = 0; b < bands.size(); ++b)
                diff = std::max(diff, double(std::abs(ours.bands[b][i] - gdal[b * n + i])));
            ++compared;
            within += diff <= tolerance + 1e-6;
            worstSeen = std::max(worstSeen, diff);
        }
        qInfo("%zu/%zu within %g, worst %g, coverage alike %zu/%zu", within, compared, tolerance, worstSeen, coverAlike, n);
        QVERIFY(compared > n / 2);
        QVERIFY(double(within) >= share * double(compared));
        QVERIFY(worstSeen <= worst);
        QVERIFY(double(coverAlike) >= 0.99 * double(n));
    }

    void secondDrawReadsNothing()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        RasterTileCache cache(256 << 20);
        RasterTileOptions options;
        options.cache = &cache;
        const RasterGrid grid = gridOf(source->info(), {0, 0, 3000, 2000, 800, 533});
        RasterTileStats first, second;
        const RasterPixels a = readTiled(*source, {1, 2, 3}, grid, RasterResampling::Imagery, options, {}, &first);
        const RasterPixels b = readTiled(*source, {1, 2, 3}, grid, RasterResampling::Imagery, options, {}, &second);
        QCOMPARE(first.level, 2);
        QCOMPARE(first.read, first.tiles);
        QCOMPARE(second.read, 0);
        QCOMPARE(second.cached, second.tiles);
        QVERIFY(a.bands == b.bands && a.coverage == b.coverage);
        // Other bands are other tiles.
        RasterTileStats other;
        readTiled(*source, {3, 2, 1}, grid, RasterResampling::Imagery, options, {}, &other);
        QCOMPARE(other.read, other.tiles);
    }

    void cacheStaysWithinItsBound()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        RasterTile probe;
        probe.width = probe.height = 256;
        probe.byteBands.assign(3, std::vector<std::uint8_t>(256 * 256)); // the sample is Byte RGB: kept as bytes
        probe.coverage.resize(256 * 256);
        const std::size_t capacity = 5 * probe.bytes(); // five full tiles
        RasterTileCache cache(capacity);
        RasterTileOptions options;
        options.cache = &cache;
        std::size_t peak = 0;
        options.onTileRead = [&](const RasterTileKey&) { peak = std::max(peak, cache.bytes()); };
        options.maxThreads = 1;
        // Pan across the full resolution: 12 x 8 tiles in all, never more than five kept.
        for (int x = 0; x + 600 <= 3000; x += 400) {
            const RasterPixels p = readTiled(*source, {1, 2, 3}, gridOf(source->info(), {x, 700, 600, 400, 600, 400}),
                RasterResampling::Imagery, options);
            QVERIFY(cache.bytes() <= capacity);
            QVERIFY(p.coverage[0] == 255); // drawn whole although its tiles did not all stay
        }
        QVERIFY(peak <= capacity);
        QVERIFY(peak >= 3 * probe.bytes());
        QVERIFY(cache.size() <= 5);
        // The most recently used tile stays, the first one read is gone.
        QVERIFY(!cache.contains({source->id(), rasterTileBands({1, 2, 3}), 0, 0, 2}));
        QVERIFY(cache.contains({source->id(), rasterTileBands({1, 2, 3}), 0, 11, 3}));
    }

    void cancellationStopsReading()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        RasterTileCache cache(256 << 20);
        RasterTileOptions options;
        options.cache = &cache;
        options.maxThreads = 1;
        CancellationToken cancel;
        int read = 0;
        // The view is left after its first tile: no other tile starts.
        options.onTileRead = [&](const RasterTileKey&) { ++read; cancel.cancel(); };
        const RasterGrid grid = gridOf(source->info(), {0, 0, 2000, 1500, 2000, 1500});
        try {
            readTiled(*source, {1, 2, 3}, grid, RasterResampling::Imagery, options, cancel);
            QFAIL("not cancelled");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QCOMPARE(read, 1);
        QCOMPARE(cache.size(), std::size_t(1)); // what was read stays for the next view
        // Cancelled before it starts: nothing read at all.
        CancellationToken early;
        early.cancel();
        options.onTileRead = nullptr;
        QVERIFY_THROWS_EXCEPTION(Error, readTiled(*source, {1, 2, 3}, grid, RasterResampling::Imagery, options, early));
        QCOMPARE(cache.size(), std::size_t(1));
    }

    void concurrentDrawsShareOneCache()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        const std::vector<Window> views{{0, 0, 3000, 2000, 600, 400}, {500, 300, 1200, 800, 600, 400},
            {1000, 700, 600, 400, 600, 400}, {200, 200, 300, 200, 600, 400}, {0, 0, 3000, 2000, 600, 400},
            {500, 300, 1200, 800, 600, 400}};
        // Serial answers, each from a cache of its own.
        std::vector<RasterPixels> expected;
        for (const Window& w : views) {
            RasterTileCache own(256 << 20);
            RasterTileOptions o;
            o.cache = &own;
            expected.push_back(readTiled(*source, {1, 2, 3}, gridOf(source->info(), w), RasterResampling::Imagery, o));
        }
        // The same views drawn at once by six threads, twice, through one small shared cache (evictions race too).
        RasterTileCache shared(8 << 20);
        RasterTileOptions o;
        o.cache = &shared;
        std::vector<RasterPixels> got(views.size() * 2);
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (std::size_t t = 0; t < got.size(); ++t)
            threads.emplace_back([&, t] {
                try {
                    got[t] = readTiled(*source, {1, 2, 3}, gridOf(source->info(), views[t % views.size()]),
                        RasterResampling::Imagery, o);
                } catch (const std::exception&) {
                    ++failures;
                }
            });
        for (std::thread& t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        for (std::size_t t = 0; t < got.size(); ++t)
            QVERIFY2(got[t].bands == expected[t % views.size()].bands
                    && got[t].coverage == expected[t % views.size()].coverage,
                qPrintable(QString("view %1").arg(t)));
        QVERIFY(shared.bytes() <= shared.capacity());
    }

    void cachedOnlyDrawsCoarserFirst()
    {
        const auto source = RasterSource::open(m_rgb.toStdString());
        RasterTileCache cache(256 << 20);
        RasterTileOptions options;
        options.cache = &cache;
        const RasterGrid whole = gridOf(source->info(), {0, 0, 3000, 2000, 187, 125}); // level 4
        readTiled(*source, {1, 2, 3}, whole, RasterResampling::Imagery, options);
        // Zoomed in to 1:1: nothing of level 0 is cached, the frame comes from level 4, upscaled.
        const Window w{1000, 700, 600, 400, 600, 400};
        options.cachedOnly = true;
        RasterTileStats coarse;
        const RasterPixels first = readTiled(*source, {1, 2, 3}, gridOf(source->info(), w), RasterResampling::Imagery,
            options, {}, &coarse);
        QCOMPARE(coarse.level, 0);
        QCOMPARE(coarse.read, 0);
        QCOMPARE(coarse.missing, coarse.tiles);
        QVERIFY(std::all_of(first.coverage.begin(), first.coverage.end(), [](auto c) { return c == 255; }));
        // Its pixels are level 4's (188 x 125, 16 x coarser): brute force from GDAL's read of that level.
        const std::vector<float> level4 = oracle(m_rgb, {0, 0, 3000, 2000, 188, 125}, "near");
        for (int y = 0; y < 400; y += 37)
            for (int x = 0; x < 600; x += 41) {
                const int cx = std::min(187, int((1000 + x + 0.5) * 188 / 3000.0));
                const int cy = std::min(124, int((700 + y + 0.5) * 125 / 2000.0));
                QCOMPARE(first.bands[0][std::size_t(y) * 600 + x], level4[std::size_t(cy) * 188 + cx]);
            }
        // Read for real, then the cached frame is the refined one.
        options.cachedOnly = false;
        const RasterPixels refined = readTiled(*source, {1, 2, 3}, gridOf(source->info(), w), RasterResampling::Imagery, options);
        options.cachedOnly = true;
        RasterTileStats after;
        const RasterPixels cached = readTiled(*source, {1, 2, 3}, gridOf(source->info(), w), RasterResampling::Imagery,
            options, {}, &after);
        QCOMPARE(after.missing, 0);
        QVERIFY(cached.bands == refined.bands);
        QVERIFY(cached.bands != first.bands);
    }
};

QTEST_GUILESS_MAIN(TestRasterTiles)
#include "tst_rastertiles.moc"
