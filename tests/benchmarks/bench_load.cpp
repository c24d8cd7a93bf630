// Loading benchmark: libgis's layer readers (its own GeoPackage reader, through GDAL's Arrow stream, through
// GDAL's feature loop; each with the R-tree built) beside GDAL's own feature loop and GDAL's Arrow stream alone,
// over the same files in the same run. Every measurement runs in a forked child so that
// its peak memory (VmHWM) is its own.
//
//   bench_load generate OUT.gpkg [N]     1,000,000 random points over Oman (fixed seed) unless N is given
//   bench_load compare FILE [FILE...]    the table

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <ogr_srs_api.h>

#include "gis/core/error.h"
#include "gis/data/datasource.h"

namespace {

double peakRssMb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

double currentRssMb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

int generate(const char* path, long n)
{
    GDALAllRegister();
    GDALDriverH driver = GDALGetDriverByName("GPKG");
    std::remove(path);
    GDALDatasetH ds = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds)
        return 1;
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 4326);
    OGRLayerH layer = GDALDatasetCreateLayer(ds, "points", srs, wkbPoint, nullptr);
    OSRDestroySpatialReference(srs);
    OGRFieldDefnH fd = OGR_Fld_Create("value", OFTInteger);
    OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    std::mt19937_64 rng(20251125);
    std::uniform_real_distribution<double> lon(52.0, 59.8), lat(16.7, 26.4);
    std::uniform_int_distribution<int> value(0, 1000);
    GDALDatasetStartTransaction(ds, TRUE);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
    for (long i = 0; i < n; ++i) {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, lon(rng), lat(rng));
        OGR_F_SetGeometryDirectly(f, g);
        OGR_F_SetFieldInteger(f, 0, value(rng));
        OGR_F_SetFID(f, OGRNullFID);
        if (OGR_L_CreateFeature(layer, f) != OGRERR_NONE)
            return 1;
    }
    OGR_F_Destroy(f);
    GDALDatasetCommitTransaction(ds);
    GDALClose(ds);
    return 0;
}

struct Result {
    double seconds = 0;
    long features = 0;
    double peakMb = 0;
    double layerBytesPerFeature = 0; // libgis only
};

Result gdalFeatureLoop(const char* path)
{
    GDALAllRegister();
    Result r;
    const auto t0 = std::chrono::steady_clock::now();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    double sink = 0;
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
            OGREnvelope e;
            OGR_G_GetEnvelope(g, &e);
            sink += e.MinX;
        }
        OGR_F_Destroy(f);
        ++r.features;
    }
    GDALClose(ds);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (sink == 42)
        std::puts("");
    return r;
}

Result gdalArrowStream(const char* path)
{
    GDALAllRegister();
    Result r;
    const auto t0 = std::chrono::steady_clock::now();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    ArrowArrayStream stream{};
    const char* options[] = {"MAX_FEATURES_IN_BATCH=65536", nullptr};
    if (OGR_L_GetArrowStream(layer, &stream, const_cast<char**>(options))) {
        ArrowSchema schema{};
        stream.get_schema(&stream, &schema);
        for (;;) {
            ArrowArray a{};
            if (stream.get_next(&stream, &a) != 0 || !a.release)
                break;
            r.features += a.length;
            a.release(&a);
        }
        schema.release(&schema);
        stream.release(&stream);
    }
    GDALClose(ds);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

enum class Reader { GeoPackage, Arrow, FeatureLoop };

Result libgisLoad(const char* path, Reader reader)
{
    Result r;
    const double before = currentRssMb();
    gis::ReadOptions options;
    options.useArrow = reader != Reader::FeatureLoop;
    options.useGeoPackageReader = reader == Reader::GeoPackage;
    const auto t0 = std::chrono::steady_clock::now();
    const auto layer = gis::readLayer(path, {}, options);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.features = static_cast<long>(layer->size());
    r.layerBytesPerFeature = static_cast<double>(layer->memoryUsage()) / static_cast<double>(layer->size());
    (void)before;
    return r;
}

/// Runs `fn` in a child process and returns its result with the child's peak memory.
template <class Fn>
Result inChild(Fn fn)
{
    int fds[2];
    if (pipe(fds) != 0)
        return {};
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Result r;
        try {
            r = fn();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench_load: %s\n", e.what());
        }
        r.peakMb = peakRssMb();
        if (write(fds[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r))
            _exit(1);
        _exit(0);
    }
    close(fds[1]);
    Result r;
    if (read(fds[0], &r, sizeof r) != static_cast<ssize_t>(sizeof r))
        r = {};
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    return r;
}

void row(const char* file, const char* what, const Result& r, double baselineMb)
{
    std::printf("| %-22s | %-42s | %9ld | %7.3f | %11.0f | %8.0f | %s |\n", file, what, r.features, r.seconds,
        r.seconds > 0 ? r.features / r.seconds : 0, r.peakMb - baselineMb,
        r.layerBytesPerFeature > 0 ? (std::to_string(static_cast<int>(r.layerBytesPerFeature + 0.5)) + " B").c_str() : "");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 3 && !std::strcmp(argv[1], "generate"))
        return generate(argv[2], argc > 3 ? std::atol(argv[3]) : 1000000);
    if (argc < 3 || std::strcmp(argv[1], "compare") != 0) {
        std::fprintf(stderr, "usage: bench_load generate OUT.gpkg [N] | bench_load compare FILE...\n");
        return 2;
    }
    // What a process holding GDAL and libgis costs before it reads anything.
    const Result idle = inChild([] {
        GDALAllRegister();
        return Result{};
    });
    std::printf("baseline process peak: %.0f MB (subtracted below)\n\n", idle.peakMb);
    std::printf("| %-22s | %-42s | %9s | %7s | %11s | %8s | %s |\n", "file", "reader", "features", "seconds",
        "features/s", "peak MB", "layer bytes/feature");
    std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(24, '-').c_str(), std::string(44, '-').c_str(),
        std::string(11, '-').c_str(), std::string(9, '-').c_str(), std::string(13, '-').c_str(),
        std::string(10, '-').c_str(), std::string(21, '-').c_str());
    for (int i = 2; i < argc; ++i) {
        const char* path = argv[i];
        const char* name = std::strrchr(path, '/') ? std::strrchr(path, '/') + 1 : path;
        inChild([&] { return gdalFeatureLoop(path); }); // warm the page cache
        row(name, "GDAL feature loop (OGR_L_GetNextFeature)", inChild([&] { return gdalFeatureLoop(path); }), idle.peakMb);
        row(name, "GDAL Arrow stream alone", inChild([&] { return gdalArrowStream(path); }), idle.peakMb);
        if (std::string(name).ends_with(".gpkg"))
            row(name, "libgis readLayer (GPKG reader) + R-tree", inChild([&] { return libgisLoad(path, Reader::GeoPackage); }),
                idle.peakMb);
        row(name, "libgis readLayer (Arrow) + R-tree", inChild([&] { return libgisLoad(path, Reader::Arrow); }), idle.peakMb);
        row(name, "libgis readLayer (feature loop) + R-tree",
            inChild([&] { return libgisLoad(path, Reader::FeatureLoop); }), idle.peakMb);
    }
    return 0;
}
