// dissolve: one feature per group of features that share the values of the `by` fields (no field: one feature for
// the whole layer), its geometry the union of theirs, with aggregates of other fields (population:sum). Groups come
// out in the order their first feature comes in. The union is grouptreeunion.h's: a coverage union where a group's
// polygons only share edges (wilayat, parcels), GEOS's unary union otherwise; RunResult::warnings says which groups
// took which path.

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "fieldaggregates.h"
#include "grouptreeunion.h"
#include "invalidgate.h"
#include "layerbuilder.h"
#include "featuremap.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

GeometryType dissolvedType(GeometryType t)
{
    switch (t) {
    case GeometryType::Point:
    case GeometryType::MultiPoint:
        return GeometryType::MultiPoint;
    case GeometryType::LineString:
    case GeometryType::MultiLineString:
        return GeometryType::MultiLineString;
    case GeometryType::Polygon:
    case GeometryType::MultiPolygon:
        return GeometryType::MultiPolygon;
    default:
        return t;
    }
}

/// The values of the `by` columns of `row` as one key: each value length-prefixed, so no value can imitate a
/// separator; null apart from every text.
std::string groupKey(const AttributeTable& table, const std::vector<std::size_t>& by, std::size_t row)
{
    std::string key;
    for (const std::size_t c : by) {
        const AttributeColumn& col = table.column(c);
        if (col.isNull(row)) {
            key += "N;";
            continue;
        }
        const std::string v = col.type() == FieldType::String ? std::string(col.string(row)) : col.toString(row);
        key += std::to_string(v.size()) + ":" + v;
    }
    return key;
}

class Dissolve final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "dissolve";
            i.group = "aggregate";
            i.titleEn = "Dissolve";
            i.titleAr = "دمج المعالم";
            i.descriptionEn = "One feature per group of features with the same values of the chosen fields (none: one "
                              "feature for the whole layer), its geometry the union of theirs, with sums, means and "
                              "other aggregates of their fields. Polygons that only share edges are joined by coverage "
                              "union.";
            i.descriptionAr = "معلم واحد لكل مجموعة من المعالم تتساوى في قيم الحقول المختارة (بلا حقول: معلم واحد للطبقة "
                              "كلها)، هندسته اتحاد هندساتها، مع مجاميع ومتوسطات وتجميعات أخرى لحقولها. المضلعات التي "
                              "لا تشترك إلا في الحواف تُدمج باتحاد التغطية.";
            Parameter by = Parameter::make("by", ParameterType::Fields, "Group by", "التجميع حسب",
                "fields whose equal values make a group; none: everything into one feature",
                "الحقول التي تكوّن قيمها المتساوية مجموعة؛ بلا حقول: كل المعالم في معلم واحد");
            i.parameters.push_back(std::move(by));
            Parameter aggregates = Parameter::make("aggregates", ParameterType::Text, "Aggregates", "التجميعات",
                "field:aggregate items separated by commas (sum, mean, min, max, count, first, concat), for example "
                "population:sum,name:concat; each gives a field <field>_<aggregate>",
                "عناصر حقل:تجميع مفصولة بفواصل (sum، mean، min، max، count، first، concat)، مثل "
                "population:sum,name:concat؛ ينتج كل منها حقلاً باسم <الحقل>_<التجميع>");
            i.parameters.push_back(std::move(aggregates));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const AttributeTable& table = layer.attributes();
        std::vector<std::size_t> by;
        for (const auto& name : parameters.list("by")) {
            const int c = table.indexOf(name);
            if (c < 0)
                throw Error(ErrorCode::Query, "dissolve: --by: unknown field \"" + name + "\" in layer \"" + layer.name() + "\"");
            by.push_back(static_cast<std::size_t>(c));
        }
        const std::vector<AggregateSpec> aggregates = parseAggregates(parameters.text("aggregates"), layer, "dissolve", "aggregates");

        // Every feature through the invalid-geometry policy, then to GEOS, in chunks on every core.
        const std::size_t n = layer.size();
        std::vector<GeosGeometryPtr> geos(n);
        constexpr std::size_t kChunk = 512;
        const std::size_t chunks = (n + kChunk - 1) / kChunk;
        std::vector<std::vector<InvalidFeature>> invalid(chunks);
        std::vector<std::size_t> nulls(chunks, 0);
        const InvalidGate gate(layer, options.invalid);
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "dissolve";
        std::atomic<std::size_t> done{0};
        parallelFor(
            chunks,
            [&](std::size_t c) {
                for (std::size_t row = c * kChunk; row < std::min(n, (c + 1) * kChunk); ++row) {
                    if (row % 64 == 0)
                        options.feedback.cancel.throwIfCancelled("dissolve");
                    if (layer.geometry(row).type() == GeometryType::Unknown) {
                        ++nulls[c];
                        continue;
                    }
                    const InvalidGate::Verdict verdict = gate.check(row);
                    if (verdict.kind != InvalidGate::Verdict::Kind::Use)
                        invalid[c].push_back(gate.report(row, verdict));
                    if (verdict.kind != InvalidGate::Verdict::Kind::Skip)
                        geos[row] = toGeos(gate.geometry(row, verdict));
                }
                options.feedback.report(0.3 * static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        // Groups in the order of their first feature; the rows of each in input order.
        std::unordered_map<std::string, std::size_t> index;
        std::vector<std::vector<std::size_t>> rows;
        for (std::size_t row = 0; row < n; ++row) {
            if (!geos[row])
                continue;
            const auto [it, added] = index.emplace(groupKey(table, by, row), rows.size());
            if (added)
                rows.emplace_back();
            rows[it->second].push_back(row);
        }
        std::vector<UnionGroup> groups(rows.size());
        for (std::size_t g = 0; g < rows.size(); ++g) {
            for (const std::size_t row : rows[g])
                groups[g].members.push_back(geos[row].get());
            std::string name;
            for (const std::size_t c : by)
                name += (name.empty() ? "" : ", ") + table.column(c).name() + "=" + table.column(c).toString(rows[g].front());
            groups[g].name = by.empty() ? "layer \"" + layer.name() + "\"" : "group " + name;
        }
        unionGroups(groups, options, 0.3, 1.0);

        LayerBuilder builder(layer.name() + "_dissolved", layer.crs(), dissolvedType(layer.geometryType()));
        std::vector<std::size_t> byColumns, aggregateColumns;
        for (const std::size_t c : by)
            byColumns.push_back(builder.addField(table.column(c).name(), table.column(c).type()));
        for (const auto& a : aggregates)
            aggregateColumns.push_back(builder.addField(a.outputName, a.outputType));
        std::size_t coverages = 0, partly = 0;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (!groups[g].result)
                continue;
            appendGeos(builder.geometries(), groups[g].result.get());
            for (std::size_t k = 0; k < by.size(); ++k)
                appendValue(builder.column(byColumns[k]), table.column(by[k]), rows[g].front());
            for (std::size_t k = 0; k < aggregates.size(); ++k)
                appendAggregate(builder.column(aggregateColumns[k]), aggregates[k], layer, rows[g]);
            coverages += groups[g].coverage;
            partly += groups[g].overlaidChunks > 0;
        }

        RunResult result;
        result.layer = builder.finish();
        for (auto& part : invalid)
            result.invalid.insert(result.invalid.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        std::size_t nullCount = 0;
        for (const std::size_t k : nulls)
            nullCount += k;
        if (const std::string w = nullWarning(layer, nullCount); !w.empty())
            result.warnings.push_back(w);
        result.warnings.push_back("dissolve: " + std::to_string(coverages) + " of " + std::to_string(groups.size())
            + (groups.size() == 1 ? " group" : " groups") + " unioned as a coverage (polygons sharing only edges: GEOS "
            "coverage union), " + std::to_string(partly) + " partly (pieces by coverage union, overlapping pieces by "
            "unary union), " + std::to_string(groups.size() - coverages - partly) + " by GEOS unary union (overlapping "
            "polygons, or not polygons)");
        return result;
    }
};

} // namespace

const Algorithm& dissolveAlgorithm()
{
    static const Dissolve algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
