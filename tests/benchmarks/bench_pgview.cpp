// Big PostGIS tables in the viewer (bench_pgview.sh): the viewer's own fetch-by-view path (MapDocument's
// PgViewLoader: a worker thread, DataSource with filterBox, the byte-bounded cache) timed from the moment the map
// shows a new view to the moment its first rows reach the GUI thread. Prints one line of key=value pairs:
//
//   bench_pgview CONNINFO LAYER MINX MINY MAXX MAXY PANS
//
// open_ms: adding the layer (connect, list, decide it is big). Then PANS pans east, each by 2.5 view widths (past
// the margin already fetched, so every pan needs a query): pan_first_ms the median time to the view's rows,
// pan_margin_ms the median time to the view and its margin, view_features the first view's rows. back_ms: showing the
// first view again (answered from the cache; no query: queries counts the reads sent).

#include <QCoreApplication>
#include <QEventLoop>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "gis/data/layer.h"
#include "map/mapdocument.h"
#include "postgis/pgviewloader.h"

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 8) {
        std::fprintf(stderr, "usage: bench_pgview CONNINFO LAYER MINX MINY MAXX MAXY PANS\n");
        return 2;
    }
    const gis::Box first(std::atof(argv[3]), std::atof(argv[4]), std::atof(argv[5]), std::atof(argv[6]));
    const int pans = std::max(1, std::atoi(argv[7]));
    try {
        viewer::MapDocument doc;
        auto t0 = Clock::now();
        const int id = doc.addPostgisLayer(std::string("PG:") + argv[1], argv[2]);
        const double openMs = msSince(t0);
        viewer::PgViewLoader* loader = doc.viewLoader(id);
        if (!loader) {
            std::fprintf(stderr, "bench_pgview: %s is not big enough to be fetched by view\n", argv[2]);
            return 1;
        }
        QString error;
        QObject::connect(loader, &viewer::PgViewLoader::failed, [&](const QString& e) { error = e; });
        // Waits on the GUI thread's event loop for the view's rows, then for the margin; returns both times.
        const auto show = [&](const gis::Box& box, double& firstMs, double& marginMs, std::size_t& features) {
            QEventLoop loop;
            bool gotFirst = false;
            const auto start = Clock::now();
            const auto c = QObject::connect(loader, &viewer::PgViewLoader::viewReady,
                [&](const std::shared_ptr<const gis::Layer>& rows, bool margin) {
                    if (!gotFirst) {
                        gotFirst = true;
                        firstMs = msSince(start);
                        features = rows->size();
                    }
                    if (margin) {
                        marginMs = msSince(start);
                        loop.quit();
                    }
                });
            const auto f = QObject::connect(loader, &viewer::PgViewLoader::failed, &loop, &QEventLoop::quit);
            doc.showingExtent(box);
            if (loader->isBusy())
                loop.exec();
            QObject::disconnect(c);
            QObject::disconnect(f);
        };
        std::vector<double> firstTimes, marginTimes;
        std::size_t viewFeatures = 0;
        for (int i = 0; i < pans && error.isEmpty(); ++i) {
            const double dx = first.width() * 2.5 * i;
            double f = 0, m = 0;
            std::size_t n = 0;
            show(gis::Box(first.minX + dx, first.minY, first.maxX + dx, first.maxY), f, m, n);
            if (i == 0)
                viewFeatures = n;
            firstTimes.push_back(f);
            marginTimes.push_back(m);
        }
        if (!error.isEmpty()) {
            std::fprintf(stderr, "bench_pgview: %s\n", qPrintable(error));
            return 1;
        }
        const int queries = loader->queries();
        double backMs = 0, unused = 0;
        std::size_t backFeatures = 0;
        show(first, backMs, unused, backFeatures);
        std::printf("open_ms=%.1f pan_first_ms=%.1f pan_margin_ms=%.1f view_features=%zu pans=%d back_ms=%.2f "
                    "back_queries=%d cache_mb=%.1f\n",
            openMs, median(firstTimes), median(marginTimes), viewFeatures, pans, backMs, loader->queries() - queries,
            static_cast<double>(loader->cache().bytes()) / (1 << 20));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_pgview: %s\n", e.what());
        return 1;
    }
    return 0;
}
