// simplify: fewer vertices, per feature. Douglas–Peucker (GEOSSimplify) drops every vertex closer than the
// tolerance to the simplified line and may make a polygon invalid or empty; topology-preserving
// (GEOSTopologyPreserveSimplify) keeps each geometry valid and its rings from crossing each other. The tolerance is
// in the layer's units (degrees on a longitude/latitude layer, as QGIS and PostGIS's ST_Simplify take it).
// Each feature is simplified on its own: two polygons that share an edge may simplify it differently, so small gaps
// and overlaps can appear between neighbours (docs/analysis.md says so; GEOS 3.11 has no coverage simplify).

#include <atomic>

#include <geos_c.h>

#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
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
            i.group = "geometry";
            i.titleEn = "Simplify";
            i.titleAr = "تبسيط";
            i.descriptionEn = "Fewer vertices for each line or polygon, within a tolerance in the layer's units. "
                              "Each feature is simplified on its own: shared edges may open small gaps. "
                              "Attributes and ids are kept.";
            i.descriptionAr = "رؤوس أقل لكل خط أو مضلع ضمن تفاوت بوحدات الطبقة. يُبسَّط كل معلم وحده: قد تنفتح فجوات "
                              "صغيرة على الحدود المشتركة. تُحفظ السمات والمعرّفات.";
            Parameter method = Parameter::make("method", ParameterType::Choice, "Method", "الطريقة",
                "topology-preserving (keeps every geometry valid) or douglas-peucker (faster; a polygon may become "
                "invalid or vanish)",
                "topology-preserving (يبقي كل شكل صالحاً) أو douglas-peucker (أسرع؛ قد يصبح المضلع غير صالح أو يختفي)");
            method.defaultValue = "topology-preserving";
            method.choices = {"topology-preserving", "douglas-peucker"};
            i.parameters.push_back(std::move(method));
            Parameter tolerance = Parameter::make("tolerance", ParameterType::Number, "Tolerance", "التفاوت",
                "the largest distance a removed vertex may lie from the result, in the layer's units (degrees on a "
                "longitude/latitude layer: 0.001° is about 100 m)",
                "أكبر مسافة بين رأس محذوف والنتيجة، بوحدات الطبقة (بالدرجات في طبقة خطوط الطول والعرض: 0.001° نحو 100 م)");
            tolerance.required = true;
            tolerance.minimum = 0;
            tolerance.unit = "layer units";
            i.parameters.push_back(std::move(tolerance));
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
};

} // namespace

const Algorithm& simplifyAlgorithm()
{
    static const Simplify algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
