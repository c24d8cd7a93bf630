// gis join: count (and sum) the features of one layer that fall in each polygon of another.

#include <algorithm>
#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/featurewriter.h"
#include "gis/query/spatialjoin.h"
#include "gis/query/suggest.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis join POINTS POLYGONS [--points-layer L] [--polygons-layer L]
                [--predicate within|intersects] --group-by FIELD [--sum FIELD] [--all]
                [--format csv|geojson] [-o OUT [--overwrite]] [--timings]

Counts the features of POINTS within (or intersecting) each polygon of POLYGONS and prints one row per value
of the polygons' FIELD, sorted by FIELD: FIELD,count[,sum_FIELD]. Only values with at least one match are
listed unless --all. --format geojson writes the polygons with their counts instead. POINTS in another CRS
are reprojected to the polygons' CRS. Without -o the result goes to standard output; -o OUT writes it to a file
named .csv (or anything but .geojson/.json) for CSV, .geojson/.json for GeoJSON; --format defaults to what OUT's
extension names. OUT is never an input, and an existing OUT is replaced only with --overwrite. --timings prints
stage times on stderr.
)";

std::string formatSum(double v)
{
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

/// A copy of `layer` with its geometries in `target` (attributes shared by copy).
std::shared_ptr<const Layer> reprojected(const Layer& layer, const Crs& target)
{
    Transformer t(layer.crs(), target);
    GeometryColumn g = layer.geometries();
    t.transform(g.mutableCoords(), g.coordCount());
    std::vector<std::int64_t> fids;
    for (std::size_t i = 0; i < layer.size(); ++i)
        fids.push_back(layer.fid(i));
    return std::make_shared<const Layer>(layer.name(), target, layer.geometryType(), std::move(g), layer.attributes(),
        std::move(fids), layer.report());
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    if (text.size() < suffix.size())
        return false;
    return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

/// A name that promises a GeoPackage, Shapefile, ... must not receive CSV text.
bool namesOtherDataFormat(const std::string& path)
{
    for (const char* ext : {".gpkg", ".shp", ".shx", ".dbf", ".fgb", ".kml", ".gml", ".sqlite", ".tif", ".tiff"})
        if (endsWith(path, ext))
            return true;
    return false;
}

// " — did you mean "name"?" when a field of the layer is close to the misspelt `name`.
std::string didYouMean(const std::string& name, const Layer& layer)
{
    std::vector<std::string> names;
    for (const AttributeColumn& c : layer.attributes().columns())
        names.push_back(c.name());
    const std::string s = closestName(name, names);
    return s.empty() ? std::string() : " — did you mean \"" + s + "\"?";
}

} // namespace

int runJoin(int argc, char** argv)
{
    Args args(argc, argv, 2,
        {"--points-layer", "--polygons-layer", "--predicate", "--group-by", "--sum", "--format", "-o"},
        {"--all", "--timings", "--help", "--overwrite"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 2)
        throw Error(ErrorCode::Argument, "expected POINTS and POLYGONS (see gis join --help)");
    const auto groupField = args.value("--group-by");
    if (!groupField)
        throw Error(ErrorCode::Argument, "--group-by FIELD is required (a field of the polygons)");
    const std::string predicateName = args.value("--predicate").value_or("within");
    if (predicateName != "within" && predicateName != "intersects")
        throw Error(ErrorCode::Argument, "--predicate must be within or intersects, not \"" + predicateName + "\"");
    const JoinPredicate predicate = predicateName == "within" ? JoinPredicate::Within : JoinPredicate::Intersects;
    const auto out = args.value("-o");
    // Before anything is read: the polygons file above all must survive a mistyped -o.
    if (out)
        checkOutput(*out, existingFiles({args.positionals()[0], args.positionals()[1]}), args.has("--overwrite"));
    const bool jsonName = out && (endsWith(*out, ".geojson") || endsWith(*out, ".json"));
    const std::string format = args.value("--format").value_or(jsonName ? "geojson" : "csv");
    if (format != "csv" && format != "geojson")
        throw Error(ErrorCode::Argument, "--format must be csv or geojson, not \"" + format + "\"");
    if (out && (jsonName != (format == "geojson") || (format == "csv" && namesOtherDataFormat(*out))))
        throw Error(ErrorCode::Argument, *out + ": gis join writes --format " + format + "; name the output "
                + (format == "geojson" ? ".geojson" : ".csv"));
    if (args.has("--overwrite") && !out)
        throw Error(ErrorCode::Argument, "--overwrite goes with -o OUT");

    const std::string sumField = args.value("--sum").value_or("");

    Stopwatch total, stage;
    // The two layers are read at the same time: one core each.
    decltype(openLayer(args.positionals()[1], args.value("--polygons-layer"))) polygons, points;
    runConcurrently([&] { polygons = openLayer(args.positionals()[1], args.value("--polygons-layer")); },
        [&] { points = openLayer(args.positionals()[0], args.value("--points-layer"), /*buildIndex=*/false); });
    const double wallLoadMs = stage.lap();

    const AttributeTable& pt = polygons->attributes();
    const int groupColumn = pt.indexOf(*groupField);
    if (groupColumn < 0)
        throw Error(ErrorCode::Query, args.positionals()[1] + ": --group-by: unknown field \"" + *groupField
                + "\" in the polygons" + didYouMean(*groupField, *polygons));
    if (!sumField.empty()) {
        const int c = points->attributes().indexOf(sumField);
        if (c < 0)
            throw Error(ErrorCode::Query, args.positionals()[0] + ": --sum: unknown field \"" + sumField
                    + "\" in the points" + didYouMean(sumField, *points));
        const FieldType t = points->attributes().column(static_cast<std::size_t>(c)).type();
        if (t != FieldType::Integer && t != FieldType::Real)
            throw Error(ErrorCode::Query, args.positionals()[0] + ": --sum field \"" + sumField + "\" is not numeric");
    }
    if (points->crs().isValid() && polygons->crs().isValid() && !points->crs().isEquivalentTo(polygons->crs()))
        points = reprojected(*points, polygons->crs());

    const auto perPolygon = aggregatePerPolygon(*points, *polygons, predicate, sumField);
    const double queryMs = stage.lap();

    Output output(out);
    std::ostream& os = output.stream();
    if (format == "csv") {
        const auto groups = groupJoinTotals(*polygons, *groupField, perPolygon, args.has("--all"));
        std::string text = csvField(*groupField) + ",count" + (sumField.empty() ? "" : ",sum_" + csvField(sumField)) + "\n";
        for (const JoinGroup& g : groups) {
            text += csvField(g.key) + "," + std::to_string(g.count);
            if (!sumField.empty()) {
                text += ",";
                if (g.valueCount)
                    text += formatSum(g.sum);
            }
            text += "\n";
        }
        os << text;
    } else {
        // The polygons themselves with their counts, sorted by the group field.
        writeGeoJson(os, joinTotalsLayer(*polygons, *groupField, sumField, perPolygon, args.has("--all")));
    }
    output.commit();
    const double writeMs = stage.lap();
    if (args.has("--timings")) {
        // Reading runs on two threads: load_ms is the wall time of both reads, index_ms the polygons' and
        // points' R-tree builds within it.
        const double indexMs = points->report().indexMilliseconds + polygons->report().indexMilliseconds;
        std::cerr << "load_ms=" << static_cast<long>(wallLoadMs - indexMs + 0.5) << " index_ms=" << static_cast<long>(indexMs + 0.5)
                  << " query_ms=" << static_cast<long>(queryMs + 0.5) << " write_ms=" << static_cast<long>(writeMs + 0.5)
                  << " total_ms=" << static_cast<long>(total.lap() + 0.5) << "\n";
    }
    return 0;
}

} // namespace gis::cli
