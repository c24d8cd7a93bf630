// gis query: attribute and spatial selection on one layer, written as GeoJSON, CSV, ids or a count.

#include <algorithm>
#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/featurewriter.h"
#include "gis/query/aggregate.h"
#include "gis/query/expression.h"
#include "gis/query/spatialquery.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis query PATH [--layer NAME] [--where EXPR] [--bbox minx,miny,maxx,maxy]
                 [--intersects|--within|--contains GEOM] [--dwithin GEOM --distance METRES]
                 [--nearest X,Y [--k N]] [--crs CRS] [--fields a,b] [--format geojson|csv|ids|count]
                 [--group-by FIELD [--stats FIELD]] [-o OUT] [--timings]

Selects the features of one layer that match every condition given, in the layer's order (nearest: closest
first). GEOM is WKT, a GeoJSON geometry or a file (all its geometries together). Coordinates are in the
layer's CRS unless --crs names another (a GEOM file brings its own). Distances are metres on the ellipsoid for
longitude/latitude layers and CRS units otherwise. EXPR: see docs/expressions.md, e.g.
  --where "result = 'fail' AND year(inspection_date) = 2025"
--group-by prints CSV statistics per value of FIELD (count; with --stats: sum, mean, min, max, median, stddev).
--format defaults to csv when OUT ends in .csv, else geojson. --timings prints stage times on stderr.
)";

std::vector<std::uint32_t> intersect(const std::optional<std::vector<std::uint32_t>>& a, std::vector<std::uint32_t> b)
{
    if (!a)
        return b;
    std::vector<std::uint32_t> out;
    std::set_intersection(a->begin(), a->end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream s(text);
    std::string item;
    while (std::getline(s, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
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

} // namespace

int runQuery(int argc, char** argv)
{
    Args args(argc, argv, 2,
        {"--layer", "--where", "--bbox", "--intersects", "--within", "--contains", "--dwithin", "--distance",
            "--nearest", "--k", "--crs", "--fields", "--format", "-o", "--group-by", "--stats"},
        {"--timings", "--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PATH (see gis query --help)");
    const std::optional<std::string> out = args.value("-o");
    std::string format = args.value("--format").value_or(out && out->size() > 4 && out->substr(out->size() - 4) == ".csv" ? "csv" : "geojson");
    if (format != "geojson" && format != "csv" && format != "ids" && format != "count")
        throw Error(ErrorCode::Argument, "--format must be geojson, csv, ids or count, not \"" + format + "\"");
    int predicates = 0;
    for (const char* o : {"--intersects", "--within", "--contains"})
        predicates += args.has(o);
    if (predicates > 1)
        throw Error(ErrorCode::Argument, "give at most one of --intersects, --within, --contains");
    if (args.has("--dwithin") != args.has("--distance"))
        throw Error(ErrorCode::Argument, "--dwithin and --distance go together");

    Stopwatch total, stage;
    const auto layer = openLayer(args.positionals().front(), args.value("--layer"));
    stage.lap();

    const Crs userCrs = args.value("--crs") ? Crs::fromUserInput(*args.value("--crs")) : Crs();
    // A geometry or coordinates given in another CRS are brought into the layer's.
    auto toLayerCrs = [&](const Crs& from) -> std::optional<Transformer> {
        if (!from.isValid() || !layer->crs().isValid() || from.isEquivalentTo(layer->crs()))
            return std::nullopt;
        return Transformer(from, layer->crs());
    };
    auto queryGeometry = [&](const std::string& text) {
        QueryGeometry q = readQueryGeometry(text);
        const auto t = toLayerCrs(userCrs.isValid() ? userCrs : q.crs);
        return t ? t->transform(q.geometry.ref()) : q.geometry;
    };

    std::optional<std::vector<std::uint32_t>> rows;
    if (auto bbox = args.value("--bbox")) {
        const auto v = parseNumbers(*bbox, 4, "--bbox");
        Box box(v[0], v[1], v[2], v[3]);
        if (auto t = toLayerCrs(userCrs))
            box = t->transformBox(box);
        rows = intersect(rows, selectByBox(*layer, box));
    }
    for (auto [option, predicate] : {std::pair{"--intersects", SpatialPredicate::Intersects},
             std::pair{"--within", SpatialPredicate::Within}, std::pair{"--contains", SpatialPredicate::Contains}}) {
        if (auto g = args.value(option))
            rows = intersect(rows, selectByPredicate(*layer, predicate, queryGeometry(*g).ref()));
    }
    if (auto g = args.value("--dwithin")) {
        const double distance = parseNumbers(*args.value("--distance"), 1, "--distance")[0];
        if (distance < 0)
            throw Error(ErrorCode::Argument, "--distance must not be negative");
        rows = intersect(rows, selectWithinDistance(*layer, queryGeometry(*g).ref(), distance));
    }
    if (auto where = args.value("--where")) {
        const Expression expression = Expression::compile(*where, *layer);
        rows = expression.filter(rows ? &*rows : nullptr);
    }
    if (auto nearestAt = args.value("--nearest")) {
        const auto v = parseNumbers(*nearestAt, 2, "--nearest");
        Coord p{v[0], v[1]};
        if (auto t = toLayerCrs(userCrs))
            p = t->transform(p);
        const long k = static_cast<long>(parseNumbers(args.value("--k").value_or("1"), 1, "--k")[0]);
        if (k < 1)
            throw Error(ErrorCode::Argument, "--k must be at least 1");
        // With other conditions, walk outwards until k of the selected rows are found.
        const std::size_t want = rows ? layer->size() : static_cast<std::size_t>(k);
        std::vector<std::uint32_t> ordered;
        for (const auto& [row, distance] : nearest(*layer, p, want)) {
            if (rows && !std::binary_search(rows->begin(), rows->end(), row))
                continue;
            ordered.push_back(row);
            if (ordered.size() == static_cast<std::size_t>(k))
                break;
        }
        rows = std::move(ordered);
    }
    const double queryMs = stage.lap();

    Output output(out);
    std::ostream& os = output.stream();
    if (auto group = args.value("--group-by")) {
        const std::string stats = args.value("--stats").value_or("");
        const auto groups = aggregateByGroup(*layer, *group, stats, rows ? &*rows : nullptr);
        os << csvField(*group) << ",count";
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
    } else if (format == "count") {
        os << (rows ? rows->size() : layer->size()) << "\n";
    } else if (format == "ids") {
        std::string text;
        if (rows)
            for (std::uint32_t r : *rows)
                text += std::to_string(layer->fid(r)) + "\n";
        else
            for (std::size_t r = 0; r < layer->size(); ++r)
                text += std::to_string(layer->fid(r)) + "\n";
        os << text;
    } else {
        WriteSelection selection;
        if (rows) {
            selection.rows = *rows;
            selection.allRows = false;
        }
        if (auto fields = args.value("--fields"))
            selection.fields = splitList(*fields);
        if (format == "csv")
            writeCsv(os, *layer, selection);
        else
            writeGeoJson(os, *layer, selection);
    }
    output.commit();
    const double writeMs = stage.lap();
    if (args.has("--timings"))
        std::cerr << "load_ms=" << static_cast<long>(layer->report().readMilliseconds + 0.5)
                  << " index_ms=" << static_cast<long>(layer->report().indexMilliseconds + 0.5)
                  << " query_ms=" << static_cast<long>(queryMs + 0.5) << " write_ms=" << static_cast<long>(writeMs + 0.5)
                  << " total_ms=" << static_cast<long>(total.lap() + 0.5) << "\n";
    return 0;
}

} // namespace gis::cli
