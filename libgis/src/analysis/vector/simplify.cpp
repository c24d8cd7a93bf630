// simplify: fewer vertices, per feature. Douglas–Peucker (GEOSSimplify) drops every vertex closer than the
// tolerance to the simplified line and may make a polygon invalid or empty; topology-preserving
// (GEOSTopologyPreserveSimplify) keeps each geometry valid and its rings from crossing each other. The tolerance is
// in the layer's units (degrees on a longitude/latitude layer, as QGIS and PostGIS's ST_Simplify take it).
// Each feature is simplified on its own: two polygons that share an edge may simplify it differently, so small gaps
// and overlaps can appear between neighbours. With `coverage` the shared edges are simplified once for both sides
// (coveragesimplify.h; GEOS 3.11 has no coverage simplify of its own).

#include <atomic>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "coveragesimplify.h"
#include "geometrytools.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

class Simplify final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "simplify";
            i.inputGeometry = GeometryKinds::Lines | GeometryKinds::Polygons;
            i.group = "geometry";
            i.titleEn = "Simplify";
            i.titleAr = "تبسيط";
            i.descriptionEn = "Fewer vertices for each line or polygon, within a tolerance in the layer's units. "
                              "Without --coverage each feature is simplified on its own and shared edges may open "
                              "small gaps. Attributes and ids are kept.";
            i.descriptionAr = "رؤوس أقل لكل خط أو مضلع ضمن تفاوت بوحدات الطبقة. بدون --coverage يُبسَّط كل معلم وحده "
                              "وقد تنفتح فجوات صغيرة على الحدود المشتركة. تُحفظ السمات والمعرّفات.";
            Parameter method = Parameter::make("method", ParameterType::Choice, "Method", "الطريقة",
                "topology-preserving (keeps every geometry valid) or douglas-peucker (faster; a polygon may become "
                "invalid or vanish)",
                "topology-preserving (يبقي كل شكل صالحاً) أو douglas-peucker (أسرع؛ قد يصبح المضلع غير صالح أو يختفي)");
            method.defaultValue = "topology-preserving";
            method.choices = {"topology-preserving", "douglas-peucker"};
            method.choiceTitles = {{"Topology-preserving", "مع حفظ الطوبولوجيا"}, {"Douglas–Peucker", "دوغلاس-بوكر"}};
            i.parameters.push_back(std::move(method));
            Parameter tolerance = Parameter::make("tolerance", ParameterType::Number, "Tolerance", "التفاوت",
                "the largest distance a removed vertex may lie from the result, in the layer's units (degrees on a "
                "longitude/latitude layer: 0.001° is about 100 m)",
                "أكبر مسافة بين رأس محذوف والنتيجة، بوحدات الطبقة (بالدرجات في طبقة خطوط الطول والعرض: 0.001° نحو 100 م)");
            tolerance.required = true;
            tolerance.minimum = 0;
            tolerance.unit = "layer units";
            i.parameters.push_back(std::move(tolerance));
            Parameter coverage = Parameter::make("coverage", ParameterType::Boolean, "Keep shared edges", "الحفاظ على الحدود المشتركة",
                "for polygons that share edges (wilayat, parcels): simplify each shared edge once for both sides, so "
                "that no gap or overlap opens (topology-preserving only)",
                "للمضلعات ذات الحدود المشتركة (الولايات، قطع الأراضي): تبسيط كل حد مشترك مرة واحدة للجانبين فلا تنفتح "
                "فجوات ولا تتداخل المضلعات (مع topology-preserving فقط)");
            coverage.defaultValue = "false";
            i.parameters.push_back(std::move(coverage));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const bool preserve = parameters.text("method") == "topology-preserving";
        const double tolerance = parameters.number("tolerance");
        std::atomic<std::size_t> vanished{0};
        if (parameters.boolean("coverage"))
            return simplifyAsCoverage(layer, tolerance, preserve, options);
        MappedFeatures mapped = mapFeatures(layer, options, "simplify", [&](std::size_t, GeometryRef g, GeometryColumn& out) {
            if (g.column->isEmpty(g.index))
                return;
            const GeosGeometryPtr geos = toGeos(g);
            const GeosGeometryPtr simple = checkGeos(preserve
                    ? GEOSTopologyPreserveSimplify_r(geosContext(), geos.get(), tolerance)
                    : GEOSSimplify_r(geosContext(), geos.get(), tolerance),
                "simplify");
            if (GEOSisEmpty_r(geosContext(), simple.get()) == 1) {
                ++vanished;
                return;
            }
            appendGeos(out, simple.get());
        });
        RunResult result = perFeatureResult(layer, std::move(mapped), layer.name() + "_simplified", layer.geometryType());
        if (const std::size_t v = vanished.load(); v > 0)
            result.warnings.push_back(std::to_string(v) + (v == 1 ? " feature" : " features") + " of layer \""
                + layer.name() + "\" vanished at this tolerance and " + (v == 1 ? "was" : "were") + " left out");
        return result;
    }

private:
    static RunResult simplifyAsCoverage(const Layer& layer, double tolerance, bool preserve, const RunOptions& options)
    {
        if (!preserve)
            throw Error(ErrorCode::Argument, "simplify: --coverage works with --method topology-preserving only");
        MappedFeatures mapped = mapFeatures(layer, options, "simplify", [&](std::size_t row, GeometryRef g, GeometryColumn& out) {
            if (dimensionOf(g.type()) != 2)
                throw Error(ErrorCode::Argument, "simplify: --coverage: layer \"" + layer.name() + "\", feature "
                        + std::to_string(layer.fid(row)) + " is a " + std::string(geometryTypeName(g.type()))
                        + "; a coverage is made of polygons");
            out.append(*g.column, g.index);
        });
        GeometryColumn simplified;
        simplifyCoverage(mapped.geometries, tolerance, options, simplified);
        MappedFeatures kept;
        kept.invalid = std::move(mapped.invalid);
        kept.nullGeometries = mapped.nullGeometries;
        std::size_t vanished = 0;
        for (std::size_t i = 0; i < simplified.size(); ++i) {
            if (simplified.isEmpty(i)) {
                ++vanished;
                continue;
            }
            kept.geometries.append(simplified, i);
            kept.sourceRows.push_back(mapped.sourceRows[i]);
        }
        RunResult result = perFeatureResult(layer, std::move(kept), layer.name() + "_simplified", layer.geometryType());
        if (vanished > 0)
            result.warnings.push_back(std::to_string(vanished) + (vanished == 1 ? " feature" : " features") + " of layer \""
                + layer.name() + "\" vanished at this tolerance and " + (vanished == 1 ? "was" : "were") + " left out");
        return result;
    }
};

} // namespace

const Algorithm& simplifyAlgorithm()
{
    static const Simplify algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
