// summary-by-location: per input polygon, how many overlay features lie within it (or intersect it) and the sum,
// mean, minimum and maximum of one of their numeric fields: query's aggregatePerPolygon (exact, indexed
// point-in-polygon for points; GEOS prepared geometries otherwise; on every core, sums in overlay order).
// With --weighting area (polygon overlays) each overlay feature counts for the fraction of its area inside the
// polygon: GEOS intersections measured with geometryArea (geodesic on longitude/latitude, planar otherwise).

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/crs.h"
#include "gis/crs/measure.h"
#include "gis/data/layer.h"
#include "gis/query/spatialjoin.h"

#include "algorithms.h"
#include "gatedlayer.h"
#include "geom/geosbridge.h"
#include "geoscancel.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

bool polygonal(GeometryType t)
{
    return t == GeometryType::Polygon || t == GeometryType::MultiPolygon;
}

/// The area-weighted totals of one input polygon: sums of fraction and of value × fraction over the overlay
/// features that overlap it (fraction = area of the overlap / area of the feature), in overlay order.
struct WeightedAggregate {
    double count = 0;       ///< Σ fraction over every overlapping feature
    double sum = 0;         ///< Σ value × fraction over those with a value
    double weight = 0;      ///< Σ fraction over those with a value (the mean's denominator)
    std::size_t valueCount = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

/// Area-weighted aggregates of `features` (polygons) per row of `polygons`. `within`: only features inside the
/// polygon count (fraction 1); otherwise every feature whose overlap with the polygon has a positive area.
std::vector<WeightedAggregate> weightedPerPolygon(const Layer& features, const Layer& polygons, bool within,
    const std::string& field, const RunOptions& options)
{
    using namespace gis::detail;
    const bool geodesic = polygons.crs().isGeographic();
    const std::size_t nf = features.size();
    std::vector<double> areas(nf, 0.0);
    // The layer's own R-tree (one box per row), or one built here for a layer made without it.
    PackedRTree own(features.hasIndex() ? 0 : nf);
    if (!features.hasIndex()) {
        for (std::size_t k = 0; k < nf; ++k)
            own.add(features.geometry(k).type() == GeometryType::Unknown ? Box{} : features.geometry(k).bounds());
        own.finish();
    }
    const PackedRTree& tree = features.hasIndex() ? features.index() : own;
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "summary-by-location";
    constexpr std::size_t kChunk = 256;
    parallelFor((nf + kChunk - 1) / kChunk,
        [&](std::size_t c) {
            for (std::size_t k = c * kChunk; k < std::min(nf, (c + 1) * kChunk); ++k)
                areas[k] = geometryArea(features.geometry(k), geodesic);
        },
        &options.feedback.cancel, parallel);

    const int column = field.empty() ? -1 : features.attributes().indexOf(field);
    const std::size_t n = polygons.size();
    std::vector<WeightedAggregate> out(n);
    std::atomic<std::size_t> done{0};
    parallelFor(
        n,
        [&](std::size_t row) {
            const GeometryRef g = polygons.geometry(row);
            if (g.type() == GeometryType::Unknown)
                return;
            const CancellationToken& cancel = options.feedback.cancel;
            GeosCancelScope scope(cancel);
            GEOSContextHandle_t h = geosContext();
            const GeosGeometryPtr polygon = toGeos(g);
            const GeosPreparedPtr prepared = prepareGeos(polygon.get());
            std::vector<std::uint32_t> candidates = tree.search(g.bounds());
            std::sort(candidates.begin(), candidates.end()); // overlay order: the same sums on any thread count
            WeightedAggregate& a = out[row];
            // A GEOS call interrupted by a cancel (of this run, on this thread or another) fails: say cancelled.
            const auto fail = [&](const char* operation) {
                cancel.throwIfCancelled("summary-by-location");
                throwGeosError(operation);
            };
            for (const std::uint32_t k : candidates) {
                cancel.throwIfCancelled("summary-by-location");
                if (!(areas[k] > 0))
                    continue; // an empty or degenerate feature has no area to apportion
                const GeosGeometryPtr feature = toGeos(features.geometry(k));
                const char inside = GEOSPreparedContains_r(h, prepared.get(), feature.get());
                if (inside == 2)
                    fail("contains");
                double fraction = 1;
                if (inside == 0) {
                    if (within)
                        continue;
                    const char hit = GEOSPreparedIntersects_r(h, prepared.get(), feature.get());
                    if (hit == 2)
                        fail("intersects");
                    if (hit == 0)
                        continue;
                    GEOSGeometry* raw = GEOSIntersection_r(h, polygon.get(), feature.get());
                    if (!raw)
                        fail("intersection");
                    const GeosGeometryPtr overlap(raw);
                    cancel.throwIfCancelled("summary-by-location");
                    const double shared = geometryArea(fromGeos(overlap.get()), geodesic);
                    if (!(shared > 0))
                        continue; // touching only: no overlap to apportion
                    fraction = std::min(1.0, shared / areas[k]);
                }
                a.count += fraction;
                if (column < 0 || features.attributes().column(static_cast<std::size_t>(column)).isNull(k))
                    continue;
                const double v = features.attributes().column(static_cast<std::size_t>(column)).real(k);
                a.sum += v * fraction;
                a.weight += fraction;
                ++a.valueCount;
                a.min = std::min(a.min, v);
                a.max = std::max(a.max, v);
            }
            options.feedback.report(static_cast<double>(++done) / static_cast<double>(n));
        },
        &options.feedback.cancel, parallel);
    return out;
}

class SummaryByLocation final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "summary-by-location";
            i.inputGeometry = GeometryKinds::Polygons;
            i.group = "aggregate";
            i.titleEn = "Summary by location";
            i.titleAr = "ملخص حسب الموقع";
            i.descriptionEn = "Each input polygon with the count of the overlay features within it (or intersecting it) "
                              "and the sum, mean, minimum and maximum of one of their fields; with area weighting, polygon features "
                              "count for the share of their area inside it.";
            i.descriptionAr = "كل مضلع من طبقة الإدخال مع عدد معالم الطبقة الأخرى الواقعة داخله (أو المتقاطعة معه) "
                              "ومجموع أحد حقولها ومتوسطه وأدناه وأقصاه؛ ومع الترجيح بالمساحة يُحتسب كل مضلع بنسبة مساحته الواقعة داخله.";
            i.input = InputKind::VectorAndOverlay;
            Parameter predicate = Parameter::make("predicate", ParameterType::Choice, "Predicate", "العلاقة المكانية",
                "within: the overlay feature lies inside the polygon (its edge does not count); intersects: it touches or "
                "overlaps it (a point on an edge counts for both polygons)",
                "within: يقع معلم الطبقة الأخرى داخل المضلع (لا تُحتسب الحافة)؛ intersects: يلامسه أو يتراكب معه");
            predicate.defaultValue = "within";
            predicate.choices = {"within", "intersects"};
            predicate.choiceTitles = {{"Within", "داخله"}, {"Intersecting", "متقاطعة معه"}};
            i.parameters.push_back(std::move(predicate));
            Parameter field = Parameter::make("field", ParameterType::Field, "Field", "الحقل",
                "a numeric field of the overlay to sum, average, and take the minimum and maximum of",
                "حقل عددي من الطبقة الأخرى لحساب مجموعه ومتوسطه وأدناه وأقصاه");
            field.fieldOf = FieldSource::Overlay;
            i.parameters.push_back(std::move(field));
            Parameter weighting = Parameter::make("weighting", ParameterType::Choice, "Weighting", "الترجيح",
                "none: each overlay feature counts once; area (polygon overlays): each counts for the fraction of its "
                "area inside the polygon, and its value for that fraction (geodesic areas on longitude/latitude)",
                "none: يُحتسب كل معلم مرة واحدة؛ area (لطبقة مضلعات): يُحتسب كل معلم بنسبة مساحته الواقعة داخل المضلع "
                "وقيمته بتلك النسبة (مساحات جيوديسية على خطوط الطول والعرض)");
            weighting.defaultValue = "none";
            weighting.choices = {"none", "area"};
            weighting.choiceTitles = {{"None", "بلا ترجيح"}, {"By area", "بالمساحة"}};
            i.parameters.push_back(std::move(weighting));
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
        const bool byArea = parameters.text("weighting") == "area";
        if (byArea) {
            for (std::size_t row = 0; row < overlay.size(); ++row) {
                const GeometryType t = overlay.geometry(row).type();
                if (t != GeometryType::Unknown && !polygonal(t))
                    throw Error(ErrorCode::Argument, "summary-by-location: --weighting area needs polygons, and overlay \""
                            + overlay.name() + "\", feature " + std::to_string(overlay.fid(row)) + " is not a polygon");
            }
        }
        const GatedLayer polygons = gateLayer(inputs.input, options, "summary-by-location");
        const GatedLayer features = gateLayer(inputs.overlay, options, "summary-by-location");
        if (byArea)
            return weightedResult(input, polygons, *features.layer, field, predicate == JoinPredicate::Within,
                options, features.invalid);
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

private:
    static RunResult weightedResult(const Layer& input, const GatedLayer& polygons, const Layer& features,
        const std::string& field, bool within, const RunOptions& options,
        const std::vector<InvalidFeature>& featuresInvalid)
    {
        const std::vector<WeightedAggregate> totals = weightedPerPolygon(features, *polygons.layer, within, field,
            options);
        LayerBuilder builder(input.name() + "_summary", input.crs(), input.geometryType());
        const std::size_t first = builder.addFieldsOf(input);
        const std::size_t count = builder.addField("count", FieldType::Real);
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
            const WeightedAggregate& a = totals[row];
            builder.column(count).appendReal(a.count);
            if (!field.empty()) {
                const auto put = [&](std::size_t c, double v) {
                    a.valueCount == 0 ? builder.column(c).appendNull() : builder.column(c).appendReal(v);
                };
                put(sum, a.sum);
                put(mean, a.weight > 0 ? a.sum / a.weight : 0.0);
                put(min, a.min);
                put(max, a.max);
            }
            builder.appendFid(input.fid(row));
        }
        RunResult result;
        result.layer = builder.finish();
        result.invalid = polygons.invalid;
        result.invalid.insert(result.invalid.end(), featuresInvalid.begin(), featuresInvalid.end());
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
