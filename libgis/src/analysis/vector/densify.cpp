// densify: vertices added along every segment longer than `max-length` (GEOS's Densify), so that no segment is
// longer: what a later reprojection or a geodesic measure needs to follow a long straight edge. Length in the
// layer's units (degrees on a longitude/latitude layer).

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

class Densify final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "densify";
            i.inputGeometry = GeometryKinds::Lines | GeometryKinds::Polygons;
            i.group = "geometry";
            i.titleEn = "Densify";
            i.titleAr = "تكثيف الرؤوس";
            i.descriptionEn = "Adds vertices along every segment longer than a maximum length, evenly spaced, so that "
                              "no segment is longer. Attributes and ids are kept.";
            i.descriptionAr = "يضيف رؤوساً متساوية التباعد على كل قطعة أطول من طول أقصى، فلا تبقى قطعة أطول منه. "
                              "تُحفظ السمات والمعرّفات.";
            Parameter length = Parameter::make("max-length", ParameterType::Number, "Maximum segment length",
                "أقصى طول للقطعة",
                "the longest a segment may be, in the layer's units (degrees on a longitude/latitude layer)",
                "أطول ما يمكن أن تكون عليه القطعة، بوحدات الطبقة (بالدرجات في طبقة خطوط الطول والعرض)");
            length.required = true;
            length.minimum = 1e-12;
            length.unit = "layer units";
            i.parameters.push_back(std::move(length));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const double length = parameters.number("max-length");
        MappedFeatures mapped = mapFeatures(layer, options, "densify", [&](std::size_t, GeometryRef g, GeometryColumn& out) {
            if (g.column->isEmpty(g.index)) {
                out.append(*g.column, g.index);
                return;
            }
            const GeosGeometryPtr geos = toGeos(g);
            const GeosGeometryPtr dense = checkGeos(GEOSDensify_r(geosContext(), geos.get(), length), "densify");
            appendGeos(out, dense.get());
        });
        return perFeatureResult(layer, std::move(mapped), layer.name() + "_densified", layer.geometryType());
    }
};

} // namespace

const Algorithm& densifyAlgorithm()
{
    static const Densify algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
