// gis query: attribute and spatial selection on one layer, written as GeoJSON, CSV, ids or a count.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "readreport.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/featurewriter.h"
#include "gis/data/layerwriter.h"
#include "gis/query/aggregate.h"
#include "gis/query/derivedlayer.h"
#include "gis/query/select.h"

namespace gis::cli {

namespace {

const char* kHelp = R"HELP(usage: gis query PATH [--layer NAME] [--where EXPR] [--bbox minx,miny,maxx,maxy]
                 [--intersects|--within|--contains GEOM] [--dwithin GEOM --distance METRES]
                 [--nearest X,Y [--k N]] [--crs CRS] [--fields a,b] [--format FORMAT]
                 [--group-by FIELD [--stats FIELD]] [-o OUT [--overwrite] [--layer-name NAME]] [--timings]

Selects the features of one layer that match every condition given, in the layer's order (nearest: closest
first). GEOM is WKT, a GeoJSON geometry or a file (all its geometries together). Coordinates are in the
layer's CRS unless --crs names another (a GEOM file brings its own). Distances are metres on the ellipsoid for
longitude/latitude layers and CRS units otherwise. EXPR: see docs/expressions.md, e.g.
  --where "result = 'fail' AND year(inspection_date) = 2025"
--group-by prints CSV statistics per value of FIELD (count; with --stats: sum, mean, min, max, median, stddev).
FIELD in --fields, --group-by and --stats is a field name or an expression, named in the output by its text:
  --group-by "year(inspection_date)" --stats score      --fields "name_en,round($area / 1e6, 1)"
(a comma inside an expression's parentheses does not split --fields). A misspelt name is an error with a
"did you mean". --nearest adds a column "distance" to each feature: metres on the ellipsoid for a
longitude/latitude layer, CRS units otherwise. --bbox needs minx <= maxx and miny <= maxy.
--k is at most 10000000.

Output: without -o, GeoJSON (or --format csv) on standard output. With -o, a file of the format its extension
names, written through GDAL: .gpkg, .shp, .fgb, .geojson/.json, .csv, .kml, .gml (--format gpkg|shp|fgb|geojson|
csv|kml|gml overrides the extension). --format ids|count and --group-by write text. OUT is never an input of the
command, and an existing OUT is replaced only with --overwrite (a GeoPackage whole: say --layer-name to keep its
other layers). --layer-name NAME adds the result as layer NAME to an existing GeoPackage OUT in one transaction,
leaving its other tables untouched; with --overwrite it replaces a layer of that name. --timings prints stage
times on stderr (and, for a PostgreSQL source, server_rows: the rows the server sent).

A PostgreSQL source ("PG:...") evaluates the part of --where that maps to SQL and the --bbox on the server
(docs/postgis.md, "Filters"); the rest runs here on the rows it sends, with the same result.
)HELP";

constexpr double kMaxK = 10'000'000;

/// Where the result goes: text (count, ids, group-by statistics) to standard output or a file, GeoJSON/CSV
/// streamed to standard output, or a file of a GDAL format written by gis::writeLayer.
struct OutputPlan {
    enum class Kind { Text, Stream, LayerFile } kind = Kind::Stream;
    std::string format; ///< Text and Stream: group, ids, count, geojson, csv
    LayerWriteOptions layer;
};

OutputPlan planOutput(const Args& args, const std::vector<std::string>& inputs)
{
    OutputPlan plan;
    const auto out = args.value("-o");
    const auto format = args.value("--format");
    const auto layerName = args.value("--layer-name");
    const bool overwrite = args.has("--overwrite");
    if (!out && (layerName || overwrite))
        throw Error(ErrorCode::Argument, "--layer-name and --overwrite go with -o OUT");
    if (out)
        checkOutput(*out, inputs, /*replace=*/true); // an input, a folder or a device first, whatever the format
    const bool text = args.has("--group-by") || (format && (*format == "ids" || *format == "count"));
    if (text) {
        plan.kind = OutputPlan::Kind::Text;
        plan.format = args.has("--group-by") ? "group" : *format;
        if (layerName)
            throw Error(ErrorCode::Argument, "--layer-name needs a GeoPackage output, not " + plan.format + " text");
        if (out) {
            LayerFormat named = LayerFormat::Auto;
            try {
                named = layerFormatFromPath(*out);
            } catch (const Error&) {
                // not a data format: any name will do for text
            }
            if (named != LayerFormat::Auto && named != LayerFormat::Csv)
                throw Error(ErrorCode::Argument, *out + ": " + (plan.format == "group" ? "--group-by" : "--format " + plan.format)
                        + " writes text, not a " + gdalDriverName(named) + " file; name the output .txt or .csv");
            checkOutput(*out, inputs, overwrite);
        }
        return plan;
    }
    if (!out) {
        plan.format = format.value_or("geojson");
        if (plan.format == "geojson" || plan.format == "csv")
            return plan;
        if (layerFormatFromName(plan.format) != LayerFormat::Auto)
            throw Error(ErrorCode::Argument, "--format " + plan.format + " writes a file: give -o OUT");
        throw Error(ErrorCode::Argument, "--format must be geojson, csv, gpkg, shp, fgb, kml, gml, ids or count, not \""
                + plan.format + "\"");
    }
    plan.kind = OutputPlan::Kind::LayerFile;
    plan.layer.format = format ? layerFormatFromName(*format) : layerFormatFromPath(*out);
    if (plan.layer.format == LayerFormat::Auto)
        throw Error(ErrorCode::Argument, "--format must be geojson, csv, gpkg, shp, fgb, kml, gml, ids or count, not \""
                + *format + "\"");
    std::error_code ec;
    const bool exists = std::filesystem::exists(*out, ec);
    if (layerName) {
        if (plan.layer.format != LayerFormat::GeoPackage)
            throw Error(ErrorCode::Argument, "--layer-name names a layer inside a GeoPackage; " + *out + " is a "
                    + gdalDriverName(plan.layer.format) + " file");
        if (layerName->empty())
            throw Error(ErrorCode::Argument, "--layer-name must not be empty");
        plan.layer.layerName = *layerName;
        if (exists)
            plan.layer.mode = overwrite ? LayerWriteMode::ReplaceLayer : LayerWriteMode::AddLayer;
        checkOutput(*out, inputs, /*replace=*/true); // adds to the file, never replaces it whole
        return plan;
    }
    checkOutput(*out, inputs, overwrite);
    if (exists && plan.layer.format == LayerFormat::GeoPackage) {
        // Said before the work: replacing a GeoPackage whole drops every layer it had.
        std::string what = "it is not a readable GeoPackage";
        try {
            const auto layers = DataSource::open(*out).layers();
            what = "its " + std::to_string(layers.size()) + " layer" + (layers.size() == 1 ? "" : "s");
        } catch (const Error&) {
        }
        std::cerr << "gis query: replacing " << *out << " whole (" << what
                  << "); use --layer-name NAME to add or replace one layer instead\n";
    }
    return plan;
}

// Splits --fields at the commas outside parentheses and quotes, so "round($area, 1)" stays one item.
std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::string item;
    int depth = 0;
    char quote = 0;
    for (char c : text) {
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')') {
            depth = std::max(0, depth - 1);
        } else if (c == ',' && depth == 0) {
            if (!item.empty())
                out.push_back(item);
            item.clear();
            continue;
        }
        item += c;
    }
    if (!item.empty())
        out.push_back(item);
    return out;
}

// A layer of the selected rows whose columns are `items` (fields or expressions) and, after a nearest search,
// the distances; the option is named in an error (a misspelt field comes with its "did you mean").
std::shared_ptr<const Layer> derive(const Layer& layer, const std::vector<std::uint32_t>* rows,
    const std::vector<std::string>& items, const std::vector<ExtraColumn>& extra, const std::string& option)
{
    try {
        return deriveLayer(layer, rows, items, extra);
    } catch (const Error& e) {
        throw Error(e.code(), option + ": " + e.what());
    }
}

std::string number(double v)
{
    if (std::isnan(v))
        return "";
    std::ostringstream s;
    s.precision(15);
    s << v;
    return s.str();
}

void writeGroups(std::ostream& os, const Layer& layer, const std::string& group, const std::string& stats,
    const std::optional<std::vector<std::uint32_t>>& rows)
{
    const auto groups = aggregateByGroup(layer, group, stats, rows ? &*rows : nullptr);
    os << csvField(group) << ",count";
    if (!stats.empty())
        os << ",nulls,sum,mean,min,max,median,stddev";
    os << "\n";
    for (const auto& g : groups) {
        os << csvField(g.key) << "," << g.stats.count;
        if (!stats.empty())
            os << "," << g.stats.nulls << "," << number(g.stats.sum) << "," << number(g.stats.mean) << ","
               << number(g.stats.min) << "," << number(g.stats.max) << "," << number(g.stats.median) << ","
               << number(g.stats.stddev);
        os << "\n";
    }
}

void writeIds(std::ostream& os, const Layer& layer, const std::optional<std::vector<std::uint32_t>>& rows)
{
    std::string text;
    if (rows)
        for (std::uint32_t r : *rows)
            text += std::to_string(layer.fid(r)) + "\n";
    else
        for (std::size_t r = 0; r < layer.size(); ++r)
            text += std::to_string(layer.fid(r)) + "\n";
    os << text;
}

} // namespace

int runQuery(int argc, char** argv)
{
    Args args(argc, argv, 2,
        {"--layer", "--where", "--bbox", "--intersects", "--within", "--contains", "--dwithin", "--distance",
            "--nearest", "--k", "--crs", "--fields", "--format", "-o", "--group-by", "--stats", "--layer-name"},
        {"--timings", "--help", "--overwrite"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PATH (see gis query --help)");
    const std::optional<std::string> out = args.value("-o");
    int predicates = 0;
    for (const char* o : {"--intersects", "--within", "--contains"})
        predicates += args.has(o);
    if (predicates > 1)
        throw Error(ErrorCode::Argument, "give at most one of --intersects, --within, --contains");
    if (args.has("--dwithin") != args.has("--distance"))
        throw Error(ErrorCode::Argument, "--dwithin and --distance go together");
    // Before anything is read: the output is checked against every file the command reads.
    const OutputPlan plan = planOutput(args, existingFiles({args.positionals().front(), args.value("--intersects"),
        args.value("--within"), args.value("--contains"), args.value("--dwithin")}));
    const std::string& format = plan.format;

    Stopwatch total, stage;
    const Crs userCrs = args.value("--crs") ? Crs::fromUserInput(*args.value("--crs")) : Crs();

    // The conditions, in the order their arguments are checked; the library applies them (gis::select).
    QuerySpec spec;
    if (auto bbox = args.value("--bbox")) {
        const auto v = parseNumbers(*bbox, 4, "--bbox");
        // Reversed corners select nothing: almost always a typo, so said rather than answered with no features.
        if (v[0] > v[2] || v[1] > v[3])
            throw Error(ErrorCode::Argument, "--bbox is minx,miny,maxx,maxy: " + std::string(v[0] > v[2] ? "minx" : "miny")
                    + " " + number(v[0] > v[2] ? v[0] : v[1]) + " is greater than " + (v[0] > v[2] ? "maxx" : "maxy") + " "
                    + number(v[0] > v[2] ? v[2] : v[3]));
        spec.bbox = QuerySpec::BoxFilter{Box(v[0], v[1], v[2], v[3]), userCrs};
    }
    // A geometry given in another CRS (--crs, or the file's own) is brought into the layer's.
    auto queryGeometry = [&](const std::string& text) {
        QueryGeometry q = readQueryGeometry(text);
        return std::pair{std::move(q.geometry), userCrs.isValid() ? userCrs : q.crs};
    };
    for (auto [option, predicate] : {std::pair{"--intersects", SpatialPredicate::Intersects},
             std::pair{"--within", SpatialPredicate::Within}, std::pair{"--contains", SpatialPredicate::Contains}}) {
        if (auto g = args.value(option)) {
            auto [geometry, crs] = queryGeometry(*g);
            spec.predicates.push_back({predicate, std::move(geometry), crs});
        }
    }
    if (auto g = args.value("--dwithin")) {
        const double distance = parseNumbers(*args.value("--distance"), 1, "--distance")[0];
        if (distance < 0)
            throw Error(ErrorCode::Argument, "--distance must not be negative");
        auto [geometry, crs] = queryGeometry(*g);
        spec.withinDistance = QuerySpec::DistanceFilter{std::move(geometry), distance, crs};
    }
    spec.where = args.value("--where");
    if (auto nearestAt = args.value("--nearest")) {
        const auto v = parseNumbers(*nearestAt, 2, "--nearest");
        const double kValue = parseNumbers(args.value("--k").value_or("1"), 1, "--k")[0];
        if (kValue < 1 || kValue > kMaxK || std::floor(kValue) != kValue)
            throw Error(ErrorCode::Argument, "--k must be a whole number from 1 to 10000000, not " + *args.value("--k"));
        spec.nearest = QuerySpec::NearestFilter{Coord{v[0], v[1]}, static_cast<std::size_t>(kValue), userCrs};
    }
    stage.lap(); // the query geometries read
    // The library reads and selects: on a PostgreSQL source what maps to SQL runs on the server.
    const std::string& path = args.positionals().front();
    FilteredRead read = readFiltered(path, args.value("--layer").value_or(""), spec);
    std::shared_ptr<const Layer> layer = read.layer;
    reportRead(*layer, path);
    // nullopt: every row (no condition given).
    std::optional<std::vector<std::uint32_t>> rows;
    if (!read.selection.allRows)
        rows = std::move(read.selection.rows);
    const double queryMs = std::max(0.0, stage.lap() - layer->report().readMilliseconds - layer->report().indexMilliseconds);

    const std::vector<std::string> fields = splitList(args.value("--fields").value_or(""));
    const auto isField = [&](const std::string& name) { return layer->attributes().indexOf(name) >= 0; };
    const std::vector<std::uint32_t> noRows; // a derived layer of no rows: the expression is only compiled
    if (format == "group") {
        // Expressions (or a misspelt name) grouped by or summarised: through a layer with them as columns.
        const std::string group = *args.value("--group-by"), stats = args.value("--stats").value_or("");
        if (!isField(group) || (!stats.empty() && !isField(stats))) {
            // Each checked on its own first, so that an error names the option it is in.
            for (const auto& [option, text] : {std::pair{"--group-by", group}, std::pair{"--stats", stats}})
                if (!text.empty() && !isField(text))
                    derive(*layer, &noRows, {text}, {}, option);
            std::vector<std::string> items{group};
            if (!stats.empty() && stats != group)
                items.push_back(stats);
            layer = derive(*layer, rows ? &*rows : nullptr, items, {}, "--group-by");
            rows.reset();
        }
    } else if (format != "count" && format != "ids"
        && (spec.nearest || !std::all_of(fields.begin(), fields.end(), isField))) {
        std::vector<ExtraColumn> extra;
        if (spec.nearest)
            extra.push_back({"distance", read.selection.distances});
        layer = derive(*layer, rows ? &*rows : nullptr, fields, extra, "--fields");
        rows.reset();
    }
    WriteSelection selection;
    if (rows) {
        selection.rows = *rows;
        selection.allRows = false;
    }
    if (layer == read.layer)
        selection.fields = fields;
    if (plan.kind == OutputPlan::Kind::LayerFile) {
        writeLayer(*layer, *out, selection, plan.layer);
    } else {
        Output output(out);
        std::ostream& os = output.stream();
        if (format == "group")
            writeGroups(os, *layer, *args.value("--group-by"), args.value("--stats").value_or(""), rows);
        else if (format == "count")
            os << (rows ? rows->size() : layer->size()) << "\n";
        else if (format == "ids")
            writeIds(os, *layer, rows);
        else if (format == "csv")
            writeCsv(os, *layer, selection);
        else
            writeGeoJson(os, *layer, selection);
        output.commit();
    }
    const double writeMs = stage.lap();
    if (args.has("--timings"))
        std::cerr << "load_ms=" << static_cast<long>(layer->report().readMilliseconds + 0.5)
                  << " index_ms=" << static_cast<long>(layer->report().indexMilliseconds + 0.5)
                  << " query_ms=" << static_cast<long>(queryMs + 0.5) << " write_ms=" << static_cast<long>(writeMs + 0.5)
                  << " total_ms=" << static_cast<long>(total.lap() + 0.5)
                  << (read.rowsReceived >= 0 ? " server_rows=" + std::to_string(read.rowsReceived) : std::string())
                  << "\n";
    return 0;
}

} // namespace gis::cli
