// dsm-change's work (gis::analysis::dsmChange) over a window of two DSMs, best of N runs, three ways: the volumes
// alone; the volumes and the difference raster in memory; and with the change polygons too. Prints "key value" lines
// for bench_dsmchange.sh, which runs numpy through GDAL on the same window beside it.
// Usage: bench_dsmchange EARLIER.tif LATER.tif XMIN YMIN XMAX YMAX [RUNS]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <sys/resource.h>

#include "gis/analysis/dsmchange.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"
#include "gis/geom/wkt.h"

using namespace gis;

int main(int argc, char** argv)
{
    if (argc < 7) {
        std::fprintf(stderr, "usage: bench_dsmchange EARLIER.tif LATER.tif XMIN YMIN XMAX YMAX [RUNS]\n");
        return 2;
    }
    try {
        const double x0 = std::atof(argv[3]), y0 = std::atof(argv[4]), x1 = std::atof(argv[5]), y1 = std::atof(argv[6]);
        const int runs = argc > 7 ? std::atoi(argv[7]) : 3;
        char wkt[256];
        std::snprintf(wkt, sizeof wkt, "POLYGON((%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f,%.3f %.3f))", x0, y0, x1, y0, x1, y1,
            x0, y1, x0, y0);
        GeometryColumn geometries;
        geometries.append(geometryFromWkt(wkt).column(), 0);
        AttributeTable attributes;
        attributes.setRowCount(1);
        const Layer area("site", Crs::fromEpsg(32640), GeometryType::Polygon, std::move(geometries), std::move(attributes),
            std::vector<std::int64_t>{1});

        // CPU time of the process (every thread), beside the wall time: on a shared, loaded machine the wall time
        // says more about the neighbours than about the code.
        const auto cpuMs = [] {
            rusage u{};
            getrusage(RUSAGE_SELF, &u);
            return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
        };
        double bestCpu = 0;
        const auto time = [&](bool difference, bool polygons, analysis::DsmChangeResult& last) {
            double best = 1e300;
            bestCpu = 1e300;
            for (int k = 0; k < runs; ++k) {
                analysis::DsmChangeOptions o;
                o.difference = difference;
                o.polygons = polygons;
                o.heightThreshold = 0.5;
                o.areaThreshold = 4;
                const double cpu0 = cpuMs();
                const auto start = std::chrono::steady_clock::now();
                last = analysis::dsmChange(argv[1], argv[2], area, {}, o);
                best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                bestCpu = std::min(bestCpu, cpuMs() - cpu0);
            }
            return best;
        };
        analysis::DsmChangeResult r;
        const double volumes = time(false, false, r);
        std::printf("volumes_ms %.1f\nvolumes_cpu_ms %.1f\n", volumes, bestCpu);
        std::printf("fill_m3 %.3f\ncut_m3 %.3f\npixels %lld\n", r.totals.fillM3, r.totals.cutM3, static_cast<long long>(r.totals.pixels));
        const double difference = time(true, false, r);
        std::printf("difference_ms %.1f\ndifference_cpu_ms %.1f\nwindow %d %d\n", difference, bestCpu, r.difference->width, r.difference->height);
        r = {};
        const double polygons = time(true, true, r);
        std::printf("polygons_ms %.1f\npolygons_cpu_ms %.1f\npolygons %zu\n", polygons, bestCpu, r.polygons->size());
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_dsmchange: %s\n", e.what());
        return 1;
    }
    return 0;
}
