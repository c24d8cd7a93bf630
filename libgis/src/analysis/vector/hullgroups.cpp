#include "hullgroups.h"

#include <atomic>
#include <map>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"

#include "featuremap.h"
#include "geometrytools.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

std::vector<Parameter> hullGroupParameters()
{
    Parameter by = Parameter::make("by", ParameterType::Fields, "Group by fields", "التجميع حسب الحقول",
        "one result per group of features with the same values of these fields (empty: one per feature)",
        "نتيجة واحدة لكل مجموعة معالم لها القيم نفسها في هذه الحقول (فارغ: نتيجة لكل معلم)");
    Parameter all = Parameter::make("all", ParameterType::Boolean, "All features together", "كل المعالم معاً",
        "one result for the whole layer", "نتيجة واحدة للطبقة كلها");
    all.defaultValue = "false";
    return {std::move(by), std::move(all)};
}

namespace {

bool polygonal(const GEOSGeometry* g)
{
    const int type = GEOSGeomTypeId_r(geosContext(), g);
    return (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) && GEOSisEmpty_r(geosContext(), g) != 1;
}

std::string degenerateWarning(const Layer& layer, std::size_t n, const char* what)
{
    return std::to_string(n) + (n == 1 ? " result" : " results") + " of " + what + " on layer \"" + layer.name() + "\" "
        + (n == 1 ? "was" : "were") + " not an area (one point, or points on a line) and "
        + (n == 1 ? "was" : "were") + " left out";
}

// The hull, with a GEOS failure's message prefixed by what it was computed for.
GeosGeometryPtr named(const std::function<GeosGeometryPtr(const GEOSGeometry*)>& hull, const GEOSGeometry* g,
    const std::string& name)
{
    try {
        return hull(g);
    } catch (const Error& e) {
        throw Error(e.code(), name + ": " + e.what());
    }
}

std::string groupName(const Layer& layer, const std::vector<std::string>& by, const std::vector<int>& columns, std::size_t row)
{
    if (by.empty())
        return "layer \"" + layer.name() + "\"";
    std::string s = "layer \"" + layer.name() + "\", group";
    for (std::size_t k = 0; k < by.size(); ++k) {
        const AttributeColumn& column = layer.attributes().column(static_cast<std::size_t>(columns[k]));
        s += (k ? ", " : " ") + by[k] + "=" + (column.isNull(row) ? std::string("null") : "\"" + column.toString(row) + "\"");
    }
    return s;
}

} // namespace

RunResult runHulls(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options,
    const char* what, const std::string& suffix, const std::function<GeosGeometryPtr(const GEOSGeometry*)>& hull)
{
    const Layer& layer = *inputs.input;
    const std::vector<std::string> by = parameters.list("by");
    const bool all = parameters.boolean("all");
    if (all && !by.empty())
        throw Error(ErrorCode::Argument, std::string(what) + ": give --by FIELDS or --all, not both");
    std::atomic<std::size_t> degenerate{0};

    if (by.empty() && !all) {
        MappedFeatures mapped = mapFeatures(layer, options, what, [&](std::size_t row, GeometryRef g, GeometryColumn& out) {
            if (g.column->isEmpty(g.index))
                return;
            const GeosGeometryPtr geos = toGeos(g);
            const GeosGeometryPtr h = named(hull, geos.get(), "layer \"" + layer.name() + "\", feature " + std::to_string(layer.fid(row)));
            if (!polygonal(h.get())) {
                ++degenerate;
                return;
            }
            appendGeos(out, h.get());
        });
        RunResult result = perFeatureResult(layer, std::move(mapped), layer.name() + suffix, GeometryType::Polygon);
        if (const std::size_t d = degenerate.load(); d > 0)
            result.warnings.push_back(degenerateWarning(layer, d, what));
        return result;
    }

    // Groups: the features' geometries pass the policy in parallel (mapFeatures), then each group is hulled.
    MappedFeatures mapped = mapFeatures(layer, options, what, [](std::size_t, GeometryRef g, GeometryColumn& out) {
        if (!g.column->isEmpty(g.index))
            out.append(*g.column, g.index);
    });
    std::vector<int> columns;
    for (const std::string& name : by)
        columns.push_back(layer.attributes().indexOf(name));
    std::map<std::vector<std::string>, std::size_t> groupOf;
    std::vector<std::vector<std::size_t>> members; // indices into mapped
    for (std::size_t i = 0; i < mapped.sourceRows.size(); ++i) {
        std::vector<std::string> key;
        for (const int c : columns) {
            const AttributeColumn& column = layer.attributes().column(static_cast<std::size_t>(c));
            const std::size_t row = mapped.sourceRows[i];
            // A null is its own group, apart from any text value ("\x01" cannot start a value's text form).
            key.push_back(column.isNull(row) ? std::string("\x01") : "=" + column.toString(row));
        }
        const auto [it, added] = groupOf.emplace(std::move(key), members.size());
        if (added)
            members.emplace_back();
        members[it->second].push_back(i);
    }
    std::vector<GeometryColumn> hulls(members.size());
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = what;
    parallelFor(
        members.size(),
        [&](std::size_t g) {
            GEOSContextHandle_t ctx = geosContext();
            std::vector<GEOSGeometry*> parts;
            parts.reserve(members[g].size());
            try {
                for (const std::size_t i : members[g]) {
                    if (parts.size() % 256 == 0)
                        options.feedback.cancel.throwIfCancelled(what);
                    parts.push_back(toGeos({&mapped.geometries, i}).release());
                }
            } catch (...) {
                for (GEOSGeometry* p : parts)
                    GEOSGeom_destroy_r(ctx, p);
                throw;
            }
            GEOSGeometry* collection =
                GEOSGeom_createCollection_r(ctx, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size()));
            if (!collection)
                for (GEOSGeometry* p : parts)
                    GEOSGeom_destroy_r(ctx, p);
            const GeosGeometryPtr geos = checkGeos(collection, what);
            const GeosGeometryPtr h = named(hull, geos.get(), groupName(layer, by, columns, mapped.sourceRows[members[g].front()]));
            if (polygonal(h.get()))
                appendGeos(hulls[g], h.get());
            else
                ++degenerate;
            options.feedback.report(static_cast<double>(++done) / static_cast<double>(members.size()));
        },
        &options.feedback.cancel, parallel);

    LayerBuilder builder(layer.name() + suffix, layer.crs(), GeometryType::Polygon);
    std::vector<std::size_t> outColumns;
    for (const int c : columns) {
        const FieldInfo field = layer.attributes().fields()[static_cast<std::size_t>(c)];
        outColumns.push_back(builder.addField(field.name, field.type));
    }
    const std::size_t countColumn = builder.addField("count", FieldType::Integer);
    for (std::size_t g = 0; g < members.size(); ++g) {
        if (hulls[g].size() == 0)
            continue;
        builder.geometries().append(hulls[g], 0);
        const std::size_t firstRow = mapped.sourceRows[members[g].front()];
        for (std::size_t k = 0; k < columns.size(); ++k)
            appendValue(builder.column(outColumns[k]), layer.attributes().column(static_cast<std::size_t>(columns[k])), firstRow);
        builder.column(countColumn).appendInteger(static_cast<std::int64_t>(members[g].size()));
    }
    RunResult result;
    result.layer = builder.finish();
    result.invalid = std::move(mapped.invalid);
    if (const std::string w = nullWarning(layer, mapped.nullGeometries); !w.empty())
        result.warnings.push_back(w);
    if (const std::size_t d = degenerate.load(); d > 0)
        result.warnings.push_back(degenerateWarning(layer, d, what));
    return result;
}

} // namespace gis::analysis::detail
