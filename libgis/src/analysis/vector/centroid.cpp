// centroid: a point per feature, its centroid (centre of mass, which may lie outside a concave shape) or a point on
// its surface (always inside: what a label or a service-area origin needs). GEOS computes both, on the layer's own
// coordinates (on a longitude/latitude layer the centroid is planar in degrees, as in QGIS and PostGIS's geometry
// ST_Centroid; within a governorate the difference from a geodesic centroid is far below a metre).

#include <geos_c.h>

#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

class Centroid final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "centroid";
            i.group = "geometry";
            i.titleEn = "Centroids";
            i.titleAr = "المراكز";
            i.descriptionEn = "A point for each feature: its centroid, or a point guaranteed to lie on its surface. "
                              "Attributes are kept.";
            i.descriptionAr = "نقطة لكل معلم: مركزه الهندسي، أو نقطة تقع على سطحه حتماً. تُحفظ السمات.";
            Parameter method = Parameter::make("method", ParameterType::Choice, "Method", "الطريقة",
                "centroid (centre of mass, may fall outside a concave shape) or point-on-surface (always inside)",
                "centroid (مركز الكتلة، قد يقع خارج الشكل المقعّر) أو point-on-surface (داخل الشكل دائماً)");
            method.defaultValue = "centroid";
            method.choices = {"centroid", "point-on-surface"};
            method.choiceTitles = {{"Centroid", "المركز الهندسي"}, {"Point on surface", "نقطة على السطح"}};
            i.parameters.push_back(std::move(method));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const bool onSurface = parameters.text("method") == "point-on-surface";
        MappedFeatures mapped = mapFeatures(layer, options, "centroid", [&](std::size_t, GeometryRef g, GeometryColumn& out) {
            if (g.column->isEmpty(g.index))
                return;
            const GeosGeometryPtr geos = toGeos(g);
            const GeosGeometryPtr point = checkGeos(
                onSurface ? GEOSPointOnSurface_r(geosContext(), geos.get()) : GEOSGetCentroid_r(geosContext(), geos.get()),
                onSurface ? "point on surface" : "centroid");
            appendGeos(out, point.get());
        });
        return perFeatureResult(layer, std::move(mapped), layer.name() + "_centroids", GeometryType::Point);
    }
};

} // namespace

const Algorithm& centroidAlgorithm()
{
    static const Centroid algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
