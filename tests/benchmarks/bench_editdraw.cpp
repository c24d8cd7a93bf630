// A frame of a vertex drag (issue #12: "dragging a vertex of a 100,000-vertex polygon: frames under 16 ms"): move one
// vertex with an EditSession, then render the view at 1280x800 from the edited data, the way the viewer does in
// edit mode: base layer + edit overlay (MapLayer::edits, O(edited features)) against the edited layer made again
// (EditSnapshot::toLayer(), O(layer)). Both draw the same picture (tests/render/tst_editoverlay).
//
//   bench_editdraw [FRAMES]
//
// Layers, 100,000 vertices each: one polygon of 100,000 vertices (the case: the whole layer is the dragged
// feature), and 5,000 polygons of 20 vertices (a parcels layer: one small feature dragged among many). The view
// shows the whole layer (everything drawn); the map CRS is the layer's, and also UTM 40N for the first (the dragged
// feature is then reprojected every frame). The session is in memory: the journaled move is bench_edit's "drag"
// (its fdatasync is not a render cost). Renders share a RenderSession, as the viewer's do.
// Prints "name median p90 max" in milliseconds per frame.

#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/render/maprenderer.h"

using namespace gis;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

// `count` polygons of `vertices` vertices each (closing coordinate apart), circles on a grid over a 0.2 degree square.
std::shared_ptr<const Layer> polygons(std::size_t count, std::size_t vertices)
{
    const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
    const double cell = 0.2 / static_cast<double>(side);
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("name", FieldType::String);
    t.addColumn("kind", FieldType::Integer);
    for (std::size_t i = 0; i < count; ++i) {
        const double cx = 57.4 + cell * (static_cast<double>(i % side) + 0.5);
        const double cy = 22.8 + cell * (static_cast<double>(i / side) + 0.5);
        g.beginGeometry(GeometryType::Polygon);
        g.beginPart(GeometryType::Polygon);
        g.beginRing();
        for (std::size_t k = 0; k < vertices; ++k) {
            const double a = 2 * M_PI * static_cast<double>(k) / static_cast<double>(vertices);
            g.addCoord(cx + 0.4 * cell * std::cos(a), cy + 0.4 * cell * std::sin(a));
        }
        g.addCoord(cx + 0.4 * cell, cy);
        g.endGeometry();
        t.column(0).appendString("parcel " + std::to_string(i));
        t.column(1).appendInteger(static_cast<std::int64_t>(i % 3));
    }
    return std::make_shared<const Layer>("parcels", Crs::fromEpsg(4326), GeometryType::Polygon, std::move(g), std::move(t));
}

LayerStyle style()
{
    LayerStyle s;
    s.renderer.kind = Renderer::Kind::Categorized;
    s.renderer.field = "kind";
    const Color colours[] = {Color(230, 120, 40), Color(40, 120, 230), Color(60, 170, 60)};
    for (int i = 0; i < 3; ++i) {
        Renderer::Category c;
        c.value = std::to_string(i);
        c.symbol.fill.color = colours[i];
        c.symbol.stroke.color = Color(30, 30, 30);
        s.renderer.categories.push_back(c);
    }
    return s;
}

struct Stats {
    double median, p90, max;
};
Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v[v.size() * 9 / 10], v.back()};
}

void run(const char* name, std::shared_ptr<const Layer> base, const Crs& mapCrs, int frames)
{
    EditSession session(base);
    const std::int64_t fid = base->fid(base->size() / 2);
    // The view: the layer's extent in the map CRS.
    const Box view = mapCrs.isEquivalentTo(base->crs()) ? base->extent()
                                                         : Transformer(base->crs(), mapCrs).transformBox(base->extent());
    const auto renderSession = std::make_shared<RenderSession>();
    const LayerStyle layerStyle = style();

    std::vector<double> overlayMs, copyMs, overlayBuild, copyBuild;
    for (int mode = 0; mode < 2; ++mode) {
        for (int i = 0; i < frames + 2; ++i) { // two warm-up frames (caches, the base's reprojection)
            const Clock::time_point start = Clock::now();
            const Box b = base->geometries().bounds(base->size() / 2);
            session.moveVertex(fid, 1, b.minX + (b.maxX - b.minX) * (0.3 + 0.01 * i), b.minY + (b.maxY - b.minY) * 0.4);
            const auto snapshot = session.snapshot();
            MapLayer layer;
            if (mode == 0) {
                layer.vector = snapshot->baseLayer();
                auto edits = std::make_shared<VectorEdits>();
                edits->hiddenRows = snapshot->hiddenRows();
                edits->added = snapshot->deltaLayer();
                layer.edits = std::move(edits);
            } else {
                layer.vector = snapshot->toLayer();
            }
            const Clock::time_point built = Clock::now();
            layer.name = "parcels";
            layer.style = layerStyle;
            RenderRequest r;
            r.session = renderSession;
            r.crs = mapCrs;
            r.extent = view;
            r.size = QSize(1280, 800);
            r.drawLabels = false;
            r.layers.push_back(std::move(layer));
            const RenderResult result = renderImage(r);
            if (!result.errors.empty())
                throw Error(ErrorCode::Argument, result.errors.front().message);
            if (i < 2)
                continue;
            (mode == 0 ? overlayMs : copyMs).push_back(ms(start, Clock::now()));
            (mode == 0 ? overlayBuild : copyBuild).push_back(ms(start, built));
        }
    }
    const Stats o = stats(overlayMs), c = stats(copyMs);
    std::printf("%s overlay %.2f %.2f %.2f (edit+overlay %.2f)\n", name, o.median, o.p90, o.max, stats(overlayBuild).median);
    std::printf("%s toLayer %.2f %.2f %.2f (edit+toLayer %.2f)\n", name, c.median, c.p90, c.max, stats(copyBuild).median);
}

} // namespace

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    try {
        const int frames = argc > 1 ? std::max(3, std::atoi(argv[1])) : 30;
        const auto one = polygons(1, 100000);
        const auto many = polygons(5000, 20);
        run("one_polygon_100k", one, one->crs(), frames);
        run("one_polygon_100k_utm", one, Crs::fromEpsg(32640), frames);
        run("parcels_5000x20", many, many->crs(), frames);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_editdraw: %s\n", e.what());
        return 1;
    }
    return 0;
}
