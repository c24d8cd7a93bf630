// summary-by-location: per input polygon, how many overlay features lie within it (or intersect it) and the sum,
// mean, minimum and maximum of one of their numeric fields: query's aggregatePerPolygon (exact, indexed
// point-in-polygon for points; GEOS prepared geometries otherwise; on every core, sums in overlay order).

#include <cmath>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/spatialjoin.h"

#include "algorithms.h"
#include "gatedlayer.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

bool polygonal(GeometryType t)
{
    return t == GeometryType::Polygon || t == GeometryType::MultiPolygon;
}

class SummaryByLocation final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "summary-by-location";
            i.group = "aggregate";
            i.titleEn = "Summary by location";
            i.titleAr = "ملخص حسب الموقع";
            i.descriptionEn = "Each input polygon with the count of the overlay features within it (or intersecting it) "
                              "and the sum, mean, minimum and maximum of one of their fields.";
            i.descriptionAr = "كل مضلع من طبقة الإدخال مع عدد معالم الطبقة الأخرى الواقعة داخله (أو المتقاطعة معه) "
                              "ومجموع أحد حقولها ومتوسطه وأدناه وأقصاه.";
            i.input = InputKind::VectorAndOverlay;
            Parameter predicate = Parameter::make("predicate", ParameterType::Choice, "Predicate", "العلاقة المكانية",
                "within: the overlay feature lies inside the polygon (its edge does not count); intersects: it touches or "
                "overlaps it (a point on an edge counts for both polygons)",
                "within: يقع معلم الطبقة الأخرى داخل المضلع (لا تُحتسب الحافة)؛ intersects: يلامسه أو يتراكب معه");
            predicate.defaultValue = "within";
            predicate.choices = {"within", "intersects"};
            i.parameters.push_back(std::move(predicate));
            Parameter field = Parameter::make("field", ParameterType::Field, "Field", "الحقل",
                "a numeric field of the overlay to sum, average, and take the minimum and maximum of",
                "حقل عددي من الطبقة الأخرى لحساب مجموعه ومتوسطه وأدناه وأقصاه");
            field.fieldOf = FieldSource::Overlay;
            i.parameters.push_back(std::move(field));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& input = *inputs.input;
        const Layer& overlay = *inputs.overlay;
        for (std::size_t row = 0; row < input.size(); ++row) {
            const GeometryType t = input.geometry(row).type();
            if (t != GeometryType::Unknown && !polygonal(t))
                throw Error(ErrorCode::Argument, "summary-by-location: layer \"" + input.name() + "\", feature "
                        + std::to_string(input.fid(row)) + " is not a polygon; the input must be polygons (the overlay's "
                        "features are counted per polygon)");
        }
        if (!(input.crs() == overlay.crs()))
            throw Error(ErrorCode::Crs, "summary-by-location: layer \"" + input.name() + "\" and overlay \""
                    + overlay.name() + "\" have different CRSs (reproject one first)");
        const std::string field = parameters.text("field");
        if (!field.empty()) {
            const FieldType t = overlay.attributes().column(field).type();
            if (t == FieldType::String || t == FieldType::Binary)
                throw Error(ErrorCode::Argument, "summary-by-location: --field \"" + field + "\" of layer \""
                        + overlay.name() + "\" is " + std::string(fieldTypeName(t)) + "; sums need a numeric field");
        }
        const JoinPredicate predicate = parameters.text("predicate") == "intersects" ? JoinPredicate::Intersects
                                                                                      : JoinPredicate::Within;
        const GatedLayer polygons = gateLayer(inputs.input, options, "summary-by-location");
        const GatedLayer features = gateLayer(inputs.overlay, options, "summary-by-location");
        const std::vector<PolygonAggregate> totals = aggregatePerPolygon(*features.layer, *polygons.layer, predicate,
            field, options.feedback, options.threads);

        LayerBuilder builder(input.name() + "_summary", input.crs(), input.geometryType());
        const std::size_t first = builder.addFieldsOf(input);
        const std::size_t count = builder.addField("count", FieldType::Integer);
        std::size_t sum = 0, mean = 0, min = 0, max = 0;
        if (!field.empty()) {
            sum = builder.addField(field + "_sum", FieldType::Real);
            mean = builder.addField(field + "_mean", FieldType::Real);
            min = builder.addField(field + "_min", FieldType::Real);
            max = builder.addField(field + "_max", FieldType::Real);
        }
        for (std::size_t row = 0; row < input.size(); ++row) {
            if (polygons.skipped[row])
                continue;
            builder.geometries().append(input.geometries(), row);
            builder.appendValues(input, row, first);
            builder.column(count).appendInteger(static_cast<std::int64_t>(totals[row].count));
            if (!field.empty()) {
                const PolygonAggregate& a = totals[row];
                const auto put = [&](std::size_t c, double v) {
                    a.valueCount == 0 ? builder.column(c).appendNull() : builder.column(c).appendReal(v);
                };
                put(sum, a.sum);
                put(mean, a.mean());
                put(min, a.min);
                put(max, a.max);
            }
            builder.appendFid(input.fid(row));
        }
        RunResult result;
        result.layer = builder.finish();
        result.invalid = polygons.invalid;
        result.invalid.insert(result.invalid.end(), features.invalid.begin(), features.invalid.end());
        return result;
    }
};

} // namespace

const Algorithm& summaryByLocationAlgorithm()
{
    static const SummaryByLocation algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
