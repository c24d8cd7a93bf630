#include "benchmark.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QImage>
#include <QTimer>

#include <algorithm>
#include <random>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/project/style.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

struct Stats {
    double median = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> v)
{
    if (v.empty())
        return {};
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5))]; };
    return {at(0.5), at(0.95), v.back()};
}

/// Waits for the canvas's next frame; false on timeout.
bool waitForFrame(MapCanvas& canvas, int timeoutMs)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    bool got = false;
    QObject::connect(&canvas, &MapCanvas::frameShown, &loop, [&] {
        if (!canvas.worker().isBusy()) {
            got = true;
            loop.quit();
        }
    });
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    timeout.start(timeoutMs);
    loop.exec();
    return got;
}

} // namespace

std::shared_ptr<const gis::Layer> randomPointLayer(std::size_t count, unsigned seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lon(56.2, 58.7), lat(21.0, 23.6), value(0, 1000);
    gis::GeometryColumn g;
    g.reserve(count, count);
    gis::AttributeTable t;
    t.addColumn("id", gis::FieldType::Integer);
    t.addColumn("value", gis::FieldType::Real);
    auto& id = t.column(0); // references once all columns exist: adding a column may move the others
    auto& val = t.column(1);
    id.reserve(count);
    val.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const double x = lon(rng), y = lat(rng);
        g.appendPoint(x, y);
        id.appendInteger(static_cast<std::int64_t>(i));
        val.appendReal(value(rng));
    }
    return std::make_shared<const gis::Layer>("random_points", gis::Crs::fromEpsg(4326), gis::GeometryType::Point,
        std::move(g), std::move(t));
}

int runPanBenchmark(const QString& project, std::size_t addPoints, std::ostream& out)
{
    MapDocument doc;
    try {
        doc.loadProject(project);
    } catch (const gis::Error& e) {
        out << "benchmark: " << e.what() << "\n";
        return 1;
    }
    if (addPoints > 0) {
        QElapsedTimer t;
        t.start();
        gis::ProjectLayer l;
        l.map.name = "random_points";
        l.map.vector = randomPointLayer(addPoints);
        l.map.style = gis::defaultStyle("Point", 3);
        l.map.style.renderer.symbol.size = gis::Length{3};
        l.map.style.renderer.symbol.stroke.enabled = false;
        doc.addLayer(std::move(l));
        out << "added " << addPoints << " random points in " << t.elapsed() << " ms\n";
    }
    std::size_t features = 0;
    int layers = 0;
    for (const gis::ProjectLayer& l : doc.layers()) {
        if (l.available && l.map.visible) {
            ++layers;
            features += l.map.vector ? l.map.vector->size() : 0;
        }
    }
    out << "project: " << project.toStdString() << " (" << layers << " visible layers, " << features << " features)\n";

    MapCanvas canvas(&doc);
    canvas.resize(1920, 1080);
    canvas.show();
    if (!waitForFrame(canvas, 120000)) {
        out << "benchmark: no first frame within 120 s\n";
        return 1;
    }

    // The script: pans in eight directions, zooms in towards Nizwa's area and out again, pans when zoomed in.
    struct Step {
        enum { Pan, ZoomIn, ZoomOut } kind;
        QPointF arg;
    };
    std::vector<Step> steps;
    const QPointF dirs[] = {{300, 0}, {0, 200}, {-300, 0}, {0, -200}, {220, 160}, {-220, 160}, {-220, -160}, {220, -160}};
    for (int i = 0; i < 16; ++i)
        steps.push_back({Step::Pan, dirs[i % 8]});
    for (int i = 0; i < 6; ++i)
        steps.push_back({Step::ZoomIn, QPointF(960 + (i % 3 - 1) * 200, 540 + (i % 2) * 100)});
    for (int i = 0; i < 16; ++i)
        steps.push_back({Step::Pan, dirs[(i + 3) % 8]});
    for (int i = 0; i < 6; ++i)
        steps.push_back({Step::ZoomOut, QPointF(960, 540)});

    std::vector<double> preview, sharp, worker;
    QImage frame(canvas.size(), QImage::Format_ARGB32_Premultiplied);
    for (const Step& s : steps) {
        QElapsedTimer t;
        t.start();
        switch (s.kind) {
        case Step::Pan: canvas.panByPixels(s.arg); break;
        case Step::ZoomIn: canvas.zoomAt(1.6, s.arg); break;
        case Step::ZoomOut: canvas.zoomAt(1 / 1.6, s.arg); break;
        }
        canvas.render(&frame); // the preview: what the user sees at once
        preview.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        QElapsedTimer r;
        r.start();
        canvas.refresh();
        if (!waitForFrame(canvas, 120000)) {
            out << "benchmark: a render did not finish within 120 s\n";
            return 1;
        }
        sharp.push_back(static_cast<double>(r.nsecsElapsed()) / 1e6);
        worker.push_back(canvas.worker().lastFrame().milliseconds);
    }
    const Stats p = stats(preview), s = stats(sharp), w = stats(worker);
    out.setf(std::ios::fixed);
    out.precision(2);
    out << "frames: " << steps.size() << " steps at 1920x1080\n";
    out << "preview frames (immediate): median " << p.median << " ms, p95 " << p.p95 << " ms, max " << p.max << " ms\n";
    out << "sharp renders (request to image): median " << s.median << " ms, p95 " << s.p95 << " ms, max " << s.max << " ms\n";
    out << "  of which renderImage on the worker: median " << w.median << " ms, p95 " << w.p95 << " ms\n";
    return 0;
}

} // namespace viewer
