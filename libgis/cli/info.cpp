// gis info PATH [--json]: what a data source holds, for people (text) and programs (JSON).

#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/postgis.h"
#include "json.h"
#include "readreport.h"

namespace gis::cli {

namespace {

std::string jsonExtent(const Box& b)
{
    if (b.isEmpty())
        return "null";
    return "[" + Json::number(b.minX) + ", " + Json::number(b.minY) + ", " + Json::number(b.maxX) + ", "
        + Json::number(b.maxY) + "]";
}

std::string jsonCrs(const Crs& crs)
{
    return crs.isValid() ? Json::quote(crs.identifier()) : "null";
}

/// What the file's own count says when a read found another number (-1: they agree).
using Declared = std::vector<std::int64_t>;

void printJson(const std::string& path, const std::vector<LayerInfo>& layers, const std::vector<RasterInfo>& rasters,
    const Declared& declared)
{
    std::ostringstream out;
    out << "{\"path\": " << Json::quote(gis::pg::displayName(path)) << ", \"layers\": [";
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerInfo& l = layers[i];
        out << (i ? ", " : "") << "{\"name\": " << Json::quote(l.name)
            << ", \"geometry_type\": " << Json::quote(geometryTypeName(l.geometryType))
            << ", \"feature_count\": " << l.featureCount;
        if (declared[i] >= 0)
            out << ", \"declared_feature_count\": " << declared[i];
        out << ", \"crs\": " << jsonCrs(l.crs)
            << ", \"extent\": " << jsonExtent(l.extent) << ", \"fields\": [";
        for (std::size_t f = 0; f < l.fields.size(); ++f)
            out << (f ? ", " : "") << "{\"name\": " << Json::quote(l.fields[f].name)
                << ", \"type\": " << Json::quote(fieldTypeName(l.fields[f].type)) << "}";
        out << "]}";
    }
    out << "], \"rasters\": [";
    for (std::size_t i = 0; i < rasters.size(); ++i) {
        const RasterInfo& r = rasters[i];
        out << (i ? ", " : "") << "{\"name\": " << Json::quote(r.name) << ", \"width\": " << r.width
            << ", \"height\": " << r.height << ", \"bands\": " << r.bands << ", \"crs\": " << jsonCrs(r.crs)
            << ", \"extent\": " << jsonExtent(r.extent) << "}";
    }
    out << "]}\n";
    std::cout << out.str();
}

std::string textExtent(const Box& b)
{
    if (b.isEmpty())
        return "none (no features)";
    std::ostringstream s;
    s.precision(10);
    s << b.minX << ", " << b.minY << "  to  " << b.maxX << ", " << b.maxY;
    return s.str();
}

std::string textCrs(const Crs& crs)
{
    if (!crs.isValid())
        return "unknown CRS";
    const std::string code = crs.authorityCode();
    return code.empty() ? crs.name() : code + " (" + crs.name() + ")";
}

void printText(const DataSource& ds, const std::vector<LayerInfo>& layers, const std::vector<RasterInfo>& rasters,
    const Declared& declared)
{
    std::ostringstream out;
    out << gis::pg::displayName(ds.path()) << " (" << ds.driverName() << ")\n";
    out << "vector layers: " << layers.size() << "\n";
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerInfo& l = layers[i];
        out << "  " << l.name << ": " << geometryTypeName(l.geometryType) << ", ";
        if (l.featureCount < 0)
            out << "unknown number of features";
        else
            out << l.featureCount << (l.featureCount == 1 ? " feature" : " features");
        if (declared[i] >= 0)
            out << " (the file declares " << declared[i] << ": see the note on stderr)";
        out << ", " << textCrs(l.crs) << "\n";
        if (l.extent.isEmpty() && l.featureCount != 0 && ds.driverName() == "PostgreSQL")
            out << "    extent: unknown (no estimate: the table was never analysed, or a view; --exact measures it)\n";
        else
            out << "    extent: " << textExtent(l.extent) << "\n";
        out << "    fields:";
        if (l.fields.empty())
            out << " none";
        for (std::size_t f = 0; f < l.fields.size(); ++f)
            out << (f ? ", " : " ") << l.fields[f].name << " (" << fieldTypeName(l.fields[f].type) << ")";
        out << "\n";
    }
    if (!rasters.empty()) {
        out << "rasters: " << rasters.size() << "\n";
        for (const RasterInfo& r : rasters) {
            out << "  " << r.name << ": " << r.width << " x " << r.height << ", " << r.bands
                << (r.bands == 1 ? " band" : " bands") << " of " << r.dataType << ", " << textCrs(r.crs) << "\n";
            out << "    extent: " << textExtent(r.extent) << ", overviews: " << r.overviews << "\n";
        }
    }
    std::cout << out.str();
}

} // namespace

int runInfo(int argc, char** argv)
{
    Args args(argc, argv, 2, {}, {"--json", "--exact", "--help"});
    if (args.has("--help")) {
        std::cout << "usage: gis info PATH [--json] [--exact]\n"
                     "Lists the vector layers (geometry type, feature count, CRS, extent, fields) and rasters of PATH.\n"
                     "Each layer is read: its count is of the features a read keeps, and what a read skips\n"
                     "or repairs is summed up on stderr (--verbose: feature by feature).\n"
                     "A PostgreSQL database (\"PG:service=NAME\", \"PG:dbname=... host=...\", postgresql://...) is listed\n"
                     "from its catalogue without reading the tables: counts and extents are the server's estimates\n"
                     "(-1 / none when a table was never analysed); --exact counts and measures every table instead.\n";
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PATH (usage: gis info PATH [--json] [--exact])");
    const std::string path = args.positionals().front();
    ReadOptions openOptions;
    openOptions.exactCounts = args.has("--exact");
    DataSource ds = DataSource::open(path, openOptions);
    auto layers = ds.layers();
    if (gis::pg::isPostgresSource(path)) { // listed, never read whole (docs/postgis.md, "Listing")
        const Declared none(layers.size(), -1);
        if (args.has("--json"))
            printJson(path, layers, {}, none);
        else
            printText(ds, layers, {}, none);
        return 0;
    }
    // The count is what a read keeps, the number query and render work with; the file's own count (its
    // metadata) may be stale, forged, or promise features a truncated file no longer has.
    Declared declared(layers.size(), -1);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        ReadOptions options;
        options.buildIndex = false;
        const auto layer = ds.readLayer(i, options);
        reportRead(*layer, path);
        if (layers[i].featureCount != static_cast<std::int64_t>(layer->size()))
            declared[i] = layers[i].featureCount;
        layers[i].featureCount = static_cast<std::int64_t>(layer->size());
        layers[i].extent = layer->extent(); // what was read, as the count (the file's own may be missing)
    }
    const auto rasters = ds.rasters();
    if (args.has("--json"))
        printJson(path, layers, rasters, declared);
    else
        printText(ds, layers, rasters, declared);
    return 0;
}

} // namespace gis::cli
