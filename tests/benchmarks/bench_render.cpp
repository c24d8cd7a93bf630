// Render benchmark: libgis's renderImage over the files bench_render_data.py makes, timed in the same way as the
// peers (bench_render_mapnik.py, bench_render_qgis.py) so that bench_render.sh can print one table.
//
//   bench_render POLYGONS.gpkg POINTS.gpkg OUTDIR
//   bench_render --polygons CASE POLYGONS.gpkg OUTDIR    only the polygon case, under another name (the admin-style
//                                                        data of bench_admin.sh), image OUTDIR/libgis-CASE.png
//
// Prints one line per case, "RESULT <case> libgis <load s> <render s> <encode s> <note>", where render is the first
// render after loading (what a user waits for) and the note gives the median of the following renders and where
// the time went; then "RERENDER libgis <ms>": the median re-render of the loaded 1M-point layer at 1920x1080.

#include <QFile>
#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/render/exportformat.h"
#include "gis/render/maprenderer.h"

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

gis::RenderRequest request(std::shared_ptr<const gis::Layer> layer, const gis::Symbol& symbol, QSize size)
{
    gis::RenderRequest r;
    // Renders one after another share their caches, as the viewer's renders do.
    static const auto session = std::make_shared<gis::RenderSession>();
    r.session = session;
    r.crs = layer->crs();
    r.extent = gis::Box(-180, -90, 180, 90);
    r.size = size;
    r.background = Qt::white;
    r.drawLabels = false;
    gis::MapLayer m;
    m.name = layer->name();
    m.vector = std::move(layer);
    m.style.renderer.symbol = symbol;
    r.layers.push_back(std::move(m));
    return r;
}

double encode(const QImage& image, const std::string& path)
{
    // What every PNG export of the product does (gis::encodePng: adaptive filters, libdeflate level 6, RGB when
    // opaque), timed with the file write.
    const Clock::time_point start = Clock::now();
    const QByteArray bytes = gis::encodePng(image, path);
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        throw gis::Error(gis::ErrorCode::Io, path + ": " + file.errorString().toStdString());
    file.close();
    const double seconds = secondsSince(start);
    std::fprintf(stderr, "  %s: %lld bytes\n", path.c_str(), static_cast<long long>(bytes.size()));
    return seconds;
}

void runCase(const char* name, const std::string& file, const gis::Symbol& symbol, QSize size, const std::string& out,
    std::shared_ptr<const gis::Layer>* keep = nullptr)
{
    Clock::time_point start = Clock::now();
    auto layer = gis::readLayer(file);
    const double load = secondsSince(start);
    const gis::RenderRequest r = request(layer, symbol, size);
    start = Clock::now();
    const gis::RenderResult first = gis::renderImage(r);
    const double render = secondsSince(start);
    if (!first.errors.empty())
        throw gis::Error(gis::ErrorCode::Argument, first.errors.front().message);
    // Warm renders, with the CPU time of both threads: on a shared machine wall time says as much about the
    // neighbours as about the renderer.
    std::vector<double> again, cpu;
    double prepare = 0, draw = 0;
    for (int i = 0; i < 5; ++i) {
        start = Clock::now();
        const std::clock_t c0 = std::clock();
        const gis::RenderResult result = gis::renderImage(r);
        cpu.push_back(static_cast<double>(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC);
        again.push_back(secondsSince(start));
        prepare += result.prepareMs / 5;
        draw += result.drawMs / 5;
    }
    const double png = encode(first.image, out);
    std::printf("RESULT %s libgis %.4f %.4f %.4f warm-median=%.1fms cpu-median=%.1fms (prepare %.1f, draw %.1f) "
                "features=%zu\n",
        name, load, render, png, median(again) * 1000, median(cpu), prepare, draw, first.featuresDrawn);
    std::fflush(stdout);
    if (keep)
        *keep = layer;
}

} // namespace

int main(int argc, char** argv)
{
    const bool polygonsOnly = argc == 5 && std::string(argv[1]) == "--polygons";
    if (argc != 4 && !polygonsOnly) {
        std::fprintf(stderr, "usage: bench_render POLYGONS.gpkg POINTS.gpkg OUTDIR\n"
                             "       bench_render --polygons CASE POLYGONS.gpkg OUTDIR\n");
        return 2;
    }
    QGuiApplication app(argc, argv); // fonts and image plugins; run with QT_QPA_PLATFORM=offscreen
    const std::string outdir = argv[3];
    try {
        gis::Symbol land;
        land.fill.color = gis::Color(200, 190, 150);
        land.stroke.color = gis::Color(80, 80, 80);
        land.stroke.width = gis::Length{1};
        if (polygonsOnly) {
            const std::string name = argv[2];
            runCase(name.c_str(), argv[3], land, QSize(4096, 2048), std::string(argv[4]) + "/libgis-" + name + ".png");
            return 0;
        }
        runCase("a:4600-polygons-4096x2048", argv[1], land, QSize(4096, 2048), outdir + "/libgis-a.png");

        gis::Symbol dot;
        dot.marker = gis::Symbol::Marker::Circle;
        dot.size = gis::Length{3};
        dot.fill.color = gis::Color(31, 120, 180);
        dot.stroke.enabled = false;
        std::shared_ptr<const gis::Layer> points;
        runCase("b:1M-points-2048x1024", argv[2], dot, QSize(2048, 1024), outdir + "/libgis-b.png", &points);

        const gis::RenderRequest r = request(points, dot, QSize(1920, 1080));
        std::vector<double> times, cpu;
        gis::RenderResult last;
        for (int i = 0; i < 11; ++i) {
            const Clock::time_point start = Clock::now();
            const std::clock_t c0 = std::clock();
            last = gis::renderImage(r);
            cpu.push_back(static_cast<double>(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC);
            times.push_back(secondsSince(start) * 1000);
        }
        encode(last.image, outdir + "/libgis-c.png");
        std::printf("RERENDER libgis %.1f min=%.1f max=%.1f cpu-median=%.1f\n", median(times),
            *std::min_element(times.begin(), times.end()), *std::max_element(times.begin(), times.end()), median(cpu));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_render: %s\n", e.what());
        return 1;
    }
    return 0;
}
