// PostGIS reading benchmark (bench_postgis.sh): libgis's PostGIS reader (gis::DataSource on "PG:…", libpq's binary
// COPY decoded by libgis) reading a whole table, or the rows in a bounding box, then touching every geometry and
// every field value so that nothing read is left unused. Prints one line of key=value pairs:
//
//   bench_pgread read CONNINFO LAYER                      open_ms read_ms touch_ms features sum_x sum_int strings
//   bench_pgread bbox CONNINFO LAYER MINX MINY MAXX MAXY  the same for the rows whose box meets the box
//
// open_ms: connecting and listing the database (DataSource::open); read_ms: readLayer (the whole result arrives at
// once, so the first feature is available when all are); touch_ms: the loop over the features. bbox also prints
// pan_ms and pan_features: a second read through the same DataSource of the box moved east by its width, as a
// viewer fetches the next view over an open connection.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gis/core/error.h"
#include "gis/data/datasource.h"

namespace {

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

int usage()
{
    std::fprintf(stderr, "usage: bench_pgread read CONNINFO LAYER\n"
                         "       bench_pgread bbox CONNINFO LAYER MINX MINY MAXX MAXY\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 4)
        return usage();
    const std::string mode = argv[1];
    gis::ReadOptions options;
    if (mode == "bbox") {
        if (argc != 8)
            return usage();
        options.filterBox = gis::Box(std::atof(argv[4]), std::atof(argv[5]), std::atof(argv[6]), std::atof(argv[7]));
    } else if (mode != "read" || argc != 4) {
        return usage();
    }
    try {
        auto t0 = std::chrono::steady_clock::now();
        const gis::DataSource source = gis::DataSource::open(std::string("PG:") + argv[2]);
        const double openMs = msSince(t0);
        t0 = std::chrono::steady_clock::now();
        const auto layer = source.readLayer(argv[3], options);
        const double readMs = msSince(t0);
        t0 = std::chrono::steady_clock::now();
        double sumX = 0;
        double sumInt = 0;
        std::size_t strings = 0;
        const gis::AttributeTable& attributes = layer->attributes();
        for (std::size_t i = 0; i < layer->size(); ++i) {
            sumX += layer->geometry(i).bounds().minX;
            for (std::size_t c = 0; c < attributes.columnCount(); ++c) {
                const gis::AttributeColumn& column = attributes.column(c);
                if (column.isNull(i))
                    continue;
                if (column.type() == gis::FieldType::String)
                    strings += column.string(i).size();
                else
                    sumInt += column.type() == gis::FieldType::Real ? column.real(i)
                                                                    : static_cast<double>(column.integer(i));
            }
        }
        const double touchMs = msSince(t0);
        std::printf("open_ms=%.1f read_ms=%.1f touch_ms=%.1f features=%zu sum_x=%.6f sum_values=%.3f string_bytes=%zu",
            openMs, readMs, touchMs, layer->size(), sumX, sumInt, strings);
        if (mode == "bbox") {
            const gis::Box box = options.filterBox;
            options.filterBox = gis::Box(box.maxX, box.minY, box.maxX + (box.maxX - box.minX), box.maxY);
            t0 = std::chrono::steady_clock::now();
            const auto pan = source.readLayer(argv[3], options);
            std::printf(" pan_ms=%.1f pan_features=%zu", msSince(t0), pan->size());
        }
        std::printf("\n");
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "bench_pgread: %s\n", e.what());
        return 1;
    }
    return 0;
}
