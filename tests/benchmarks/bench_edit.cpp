// Edit-session benchmarks (issue #12): figures for docs/editing.md, printed as a table by bench_edit.sh.
//
//   bench_edit inserts WORK_DIR [N]      commit N (100,000) inserted points into a GeoPackage; writes the same points
//                                        to WORK_DIR/points-src.gpkg and WORK_DIR/ogr-target.gpkg for ogr2ogr's run
//   bench_edit updates FILE.gpkg LAYER [N]   N (1,000) scattered attribute updates committed into a copy-free FILE
//   bench_edit undo [N]                  N (10,000) edits, then each undo and redo step timed (in memory)
//   bench_edit drag WORK_DIR [VERTICES]  moving one vertex of a VERTICES (100,000) polygon, journaled, per step
//
// Each prints "name value unit" lines.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/editsession.h"
#include "gis/data/layerwriter.h"

using namespace gis;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

void print(const char* name, double value, const char* unit) { std::printf("%s %.3f %s\n", name, value, unit); }

std::shared_ptr<const Layer> pointLayer(std::size_t n, std::uint32_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lon(52.0, 59.8), lat(16.7, 26.4);
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("value", FieldType::Integer);
    t.addColumn("name", FieldType::String);
    for (std::size_t i = 0; i < n; ++i) {
        g.appendPoint(lon(rng), lat(rng));
        t.column(0).appendInteger(static_cast<std::int64_t>(i));
        t.column(1).appendString("point " + std::to_string(i));
    }
    return std::make_shared<const Layer>("points", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
}

int inserts(const std::string& dir, std::size_t n)
{
    namespace fs = std::filesystem;
    fs::create_directories(dir);
    const std::string target = dir + "/edit-target.gpkg";
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("edit-target.gpkg", 0) == 0)
            fs::remove(e.path());
    // The same points: the session's inserts and ogr2ogr's source. Both targets start as one-feature layers.
    const auto points = pointLayer(n, 20261207);
    writeLayer(*points, dir + "/points-src.gpkg");
    LayerWriteOptions o;
    writeLayer(*points, target, WriteSelection{{0}, false, {}}, o);
    writeLayer(*points, dir + "/ogr-target.gpkg", WriteSelection{{0}, false, {}}, o);

    auto s = EditSession::open(target, "points");
    const auto t0 = Clock::now();
    s->beginBatch("import");
    for (std::size_t i = 0; i < n; ++i) {
        EditFeature f;
        f.geometry = Geometry(points->geometry(i));
        f.values = {std::int64_t(i), std::string(points->attributes().column(1).string(i))};
        s->insert(std::move(f));
    }
    s->endBatch();
    const auto t1 = Clock::now();
    const CommitResult r = s->commit();
    const auto t2 = Clock::now();
    if (!r.committed || r.insertedIds.size() != n) {
        std::fprintf(stderr, "commit failed\n");
        return 1;
    }
    print("insert_edits", ms(t0, t1), "ms");
    print("insert_commit", ms(t1, t2), "ms");
    return 0;
}

int updates(const std::string& path, const std::string& layer, std::size_t n)
{
    auto s = EditSession::open(path, layer);
    const std::size_t rows = s->base()->size();
    const int field = s->base()->attributes().indexOf("value");
    if (field < 0 || rows == 0)
        return 1;
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::size_t> row(0, rows - 1);
    const auto t0 = Clock::now();
    s->beginBatch("updates");
    for (std::size_t i = 0; i < n; ++i)
        s->setAttribute(s->base()->fid(row(rng)), static_cast<std::size_t>(field), std::int64_t(5000 + i));
    s->endBatch();
    const auto t1 = Clock::now();
    const CommitResult r = s->commit();
    const auto t2 = Clock::now();
    if (!r.committed)
        return 1;
    print("update_rows", static_cast<double>(rows), "rows");
    print("update_edits", ms(t0, t1), "ms");
    print("update_commit", ms(t1, t2), "ms");
    return 0;
}

int undo(std::size_t n)
{
    EditSession s(pointLayer(100000, 1));
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<std::int64_t> fid(0, 99999);
    std::uniform_real_distribution<double> pos(52, 59);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 3 == 0)
            s.moveVertex(fid(rng), 0, pos(rng), pos(rng));
        else
            s.setAttribute(fid(rng), 0, std::int64_t(i));
    }
    // Each step alone, then each step with the snapshot a redraw takes after it (O(edited features)).
    std::vector<double> undoMs, redoMs, undoSnapMs;
    for (std::size_t i = 0; i < n; ++i) {
        const auto a = Clock::now();
        s.undo();
        undoMs.push_back(ms(a, Clock::now()));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto a = Clock::now();
        s.redo();
        redoMs.push_back(ms(a, Clock::now()));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto a = Clock::now();
        s.undo();
        (void)s.snapshot();
        undoSnapMs.push_back(ms(a, Clock::now()));
    }
    auto stats = [](const char* name, std::vector<double> v) {
        std::sort(v.begin(), v.end());
        std::printf("%s_mean %.4f ms\n%s_p99 %.4f ms\n%s_max %.4f ms\n", name,
            std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()), name, v[v.size() * 99 / 100], name, v.back());
    };
    stats("undo_step", undoMs);
    stats("redo_step", redoMs);
    stats("undo_step_with_snapshot", undoSnapMs);
    return 0;
}

int drag(const std::string& dir, std::size_t vertices)
{
    namespace fs = std::filesystem;
    fs::create_directories(dir);
    GeometryColumn g;
    g.beginGeometry(GeometryType::Polygon);
    g.beginPart(GeometryType::Polygon);
    g.beginRing();
    for (std::size_t i = 0; i < vertices; ++i) {
        const double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(vertices);
        g.addCoord(57.5 + 0.1 * std::cos(a), 22.9 + 0.1 * std::sin(a));
    }
    g.addCoord(57.6, 22.9);
    g.endGeometry();
    AttributeTable t;
    t.addColumn("name", FieldType::String);
    t.column(0).appendString("big");
    const std::string path = dir + "/drag.gpkg";
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind("drag.gpkg", 0) == 0)
            fs::remove(e.path());
    writeLayer(Layer("big", Crs::fromEpsg(4326), GeometryType::Polygon, std::move(g), std::move(t)), path);
    auto s = EditSession::open(path, "big");
    const std::int64_t fid = s->base()->fid(0);
    std::vector<double> stepMs;
    for (int i = 0; i < 60; ++i) {
        const auto a = Clock::now();
        s->moveVertex(fid, 1000, 57.55 + 0.001 * i, 22.95);
        (void)s->snapshot(); // what a frame then draws from
        stepMs.push_back(ms(a, Clock::now()));
    }
    std::sort(stepMs.begin(), stepMs.end());
    print("drag_steps_undo", static_cast<double>(s->undoCount()), "steps");
    print("drag_step_median", stepMs[stepMs.size() / 2], "ms");
    print("drag_step_max", stepMs.back(), "ms");
    s->rollback();
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const std::string what = argc > 1 ? argv[1] : "";
        if (what == "inserts" && argc >= 3)
            return inserts(argv[2], argc > 3 ? std::stoul(argv[3]) : 100000);
        if (what == "updates" && argc >= 4)
            return updates(argv[2], argv[3], argc > 4 ? std::stoul(argv[4]) : 1000);
        if (what == "undo")
            return undo(argc > 2 ? std::stoul(argv[2]) : 10000);
        if (what == "drag" && argc >= 3)
            return drag(argv[2], argc > 3 ? std::stoul(argv[3]) : 100000);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_edit: %s\n", e.what());
        return 1;
    }
    std::fprintf(stderr, "usage: bench_edit inserts DIR [N] | updates FILE LAYER [N] | undo [N] | drag DIR [VERTICES]\n");
    return 2;
}
