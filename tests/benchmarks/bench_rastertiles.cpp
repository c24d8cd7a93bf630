// Big orthophotos drawn from the tile pyramid (issue 16 §5): drawRaster on a 40,000 x 40,000 RGB JPEG-YCbCr COG
// (make_rastertiles_data.py), timed as bench_rastertiles_qgis.py times QGIS on the same extents and sizes.
//
//   bench_rastertiles COG.tif OUTDIR
//
// Cases, each a 1600 x 1000 view: "whole" (the whole raster) and "1:500" (96 dpi, at the centre). "cold" opens the
// source and draws with an empty tile cache (the file itself is in the OS's page cache after the first run: the
// figures are for decoding and composing, not the disk), "warm" draws the same view again (the last view kept:
// RasterDrawOptions::reuseFrames) and "warm-whole" composes it again from the cached tiles. Pan: 60 frames of 16 px
// at 1:500, each the last moved by whole pixels as a viewer's pan is: "pan-frame" reuses the last frame and draws
// the strips that came into view (what the viewer does), "pan-frame-whole-*" composes every frame whole, over
// tiles read by a first pass or not (ms/frame, fps). "direct" is the same view read straight through GDAL
// (Raster::read, the path before the tiles) for comparison. Prints "RESULT <case> libgis <ms>" lines.

#include <QGuiApplication>
#include <QImage>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/raster.h"
#include "gis/data/rastersource.h"
#include "gis/data/rastertiles.h"
#include "gis/render/rasterdraw.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

constexpr int kWidth = 1600, kHeight = 1000;

gis::Box viewAround(double cx, double cy, double metresPerPixel)
{
    return gis::Box(cx - kWidth / 2.0 * metresPerPixel, cy - kHeight / 2.0 * metresPerPixel,
        cx + kWidth / 2.0 * metresPerPixel, cy + kHeight / 2.0 * metresPerPixel);
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_rastertiles COG.tif OUTDIR\n");
        return 2;
    }
    const std::string path = argv[1];
    const std::string outdir = argv[2];
    try {
        const gis::RasterStyle style; // Auto: RGB
        gis::RasterDrawOptions whole;
        whole.reuseFrames = false;
        gis::RasterTileCache& cache = gis::RasterTileCache::shared();
        const auto probe = gis::RasterSource::open(path);
        const gis::Box full = probe->info().extent;
        const double cx = (full.minX + full.maxX) / 2, cy = (full.minY + full.maxY) / 2;
        const double wholeRes = std::max(full.width() / kWidth, full.height() / kHeight);
        const double scale500 = 500 * 0.0254 / 96; // metres per pixel at 1:500 and 96 dpi
        struct View {
            const char* name;
            gis::Box extent;
        };
        const std::vector<View> views{{"whole", viewAround(cx, cy, wholeRes)}, {"1:500", viewAround(cx, cy, scale500)}};

        for (const View& v : views) {
            cache.clear();
            auto t = Clock::now();
            const auto source = gis::RasterSource::open(path);
            QImage image = gis::drawRaster(*source, v.extent, source->info().crs, QSize(kWidth, kHeight), style);
            std::printf("RESULT first-screen-%s-cold libgis %.1f\n", v.name, msSince(t));
            t = Clock::now();
            image = gis::drawRaster(*source, v.extent, source->info().crs, QSize(kWidth, kHeight), style);
            std::printf("RESULT first-screen-%s-warm libgis %.1f\n", v.name, msSince(t));
            t = Clock::now();
            image = gis::drawRaster(*source, v.extent, source->info().crs, QSize(kWidth, kHeight), style, {}, whole);
            std::printf("RESULT first-screen-%s-warm-whole libgis %.1f\n", v.name, msSince(t));
            image.save(QString::fromStdString(outdir + "/libgis-" + (v.name[0] == 'w' ? "whole" : "500") + ".png"));
            t = Clock::now();
            const gis::Raster raster = source->reader();
            gis::RasterGrid grid{v.extent, source->info().crs, kWidth, kHeight, 0};
            raster.read({1, 2, 3}, grid, gis::RasterResampling::Imagery);
            std::printf("RESULT direct-gdal-read-%s libgis %.1f\n", v.name, msSince(t));
            std::fflush(stdout);
        }

        // Panning at 1:500: each frame the last moved by (16, 8) px. Composed whole: a first pass reads the tiles,
        // the second is timed on cached tiles. Reusing the last frame (the default): a third pass over the same views.
        const auto source = gis::RasterSource::open(path);
        const int frames = 60;
        const double step = 16 * scale500;
        const auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        const auto pan = [&](double from, const gis::RasterDrawOptions& options) {
            std::vector<double> ms;
            for (int f = 0; f < frames; ++f) {
                const auto t = Clock::now();
                gis::drawRaster(*source, viewAround(cx + (from + f) * step, cy + (from + f) * step / 2, scale500),
                    source->info().crs, QSize(kWidth, kHeight), style, {}, options);
                ms.push_back(msSince(t));
            }
            return ms;
        };
        const std::vector<double> reading = pan(0, whole), cached = pan(0, whole);
        std::printf("RESULT pan-frame-whole-reading-new-tiles libgis %.1f\n", median(reading));
        std::printf("RESULT pan-frame-whole-cached-tiles libgis %.1f (%.0f fps, max %.1f ms)\n", median(cached),
            1000.0 / median(cached), *std::max_element(cached.begin(), cached.end()));
        gis::drawRaster(*source, viewAround(cx - step, cy - step / 2, scale500), source->info().crs,
            QSize(kWidth, kHeight), style); // the frame before the first: kept
        const std::vector<double> moved = pan(0, gis::RasterDrawOptions{});
        std::printf("RESULT pan-frame libgis %.1f (%.0f fps, max %.1f ms; the last frame moved, new strips drawn)\n",
            median(moved), 1000.0 / median(moved), *std::max_element(moved.begin(), moved.end()));
        std::printf("NOTE tile cache %zu tiles, %.0f MB of %.0f MB\n", cache.size(), cache.bytes() / 1048576.0,
            cache.capacity() / 1048576.0);
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "bench_rastertiles: %s\n", e.what());
        return 1;
    }
    return 0;
}
