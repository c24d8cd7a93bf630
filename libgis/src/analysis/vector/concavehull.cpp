// concave-hull: a polygon that follows the vertices of each feature (or group, or the layer) more closely than the
// convex hull, by GEOS's ConcaveHull: `ratio` 1 is the convex hull, smaller values cut deeper (0 is the tightest).

#include <geos_c.h>

#include "geom/geosbridge.h"

#include "algorithms.h"
#include "hullgroups.h"

namespace gis::analysis::detail {

namespace {

class ConcaveHull final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "concave-hull";
            i.group = "geometry";
            i.titleEn = "Concave hull";
            i.titleAr = "الغلاف المقعّر";
            i.descriptionEn = "A polygon that follows the vertices of each feature, each group of features or the "
                              "whole layer more closely than the convex hull.";
            i.descriptionAr = "مضلع يتبع رؤوس كل معلم أو كل مجموعة معالم أو الطبقة كلها عن قرب أكثر من الغلاف المحدّب.";
            Parameter ratio = Parameter::make("ratio", ParameterType::Number, "Ratio", "النسبة",
                "from 0 (the tightest hull) to 1 (the convex hull): the longest edge kept, as a fraction of the range "
                "of edge lengths",
                "من 0 (أضيق غلاف) إلى 1 (الغلاف المحدّب): أطول ضلع يُبقى عليه كنسبة من مدى أطوال الأضلاع");
            ratio.defaultValue = "0.3";
            ratio.minimum = 0;
            ratio.maximum = 1;
            i.parameters.push_back(std::move(ratio));
            Parameter holes = Parameter::make("allow-holes", ParameterType::Boolean, "Allow holes", "السماح بالثقوب",
                "the hull may have holes where the vertices leave a large empty space",
                "قد تكون في الغلاف ثقوب حيث تترك الرؤوس فراغاً كبيراً");
            holes.defaultValue = "false";
            i.parameters.push_back(std::move(holes));
            for (Parameter& p : hullGroupParameters())
                i.parameters.push_back(std::move(p));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const double ratio = parameters.number("ratio");
        const unsigned holes = parameters.boolean("allow-holes") ? 1U : 0U;
        return runHulls(inputs, parameters, options, "concave hull", "_concave_hull", [=](const GEOSGeometry* g) {
            // The hull of the vertices: GEOS 3.11 builds it from them anyway, and given a collection of touching
            // polygons (a group of wilayat) with holes allowed it fails in an overlay it need not run.
            const gis::detail::GeosGeometryPtr vertices =
                gis::detail::checkGeos(GEOSGeom_extractUniquePoints_r(gis::detail::geosContext(), g), "vertices");
            return gis::detail::checkGeos(
                GEOSConcaveHull_r(gis::detail::geosContext(), vertices.get(), ratio, holes), "concave hull");
        });
    }
};

} // namespace

const Algorithm& concaveHullAlgorithm()
{
    static const ConcaveHull algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
