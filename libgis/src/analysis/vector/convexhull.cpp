// convex-hull: the smallest convex polygon containing each feature, each group of features (`--by`), or the whole
// layer (`--all`), by GEOS's ConvexHull.

#include <geos_c.h>

#include "geom/geosbridge.h"

#include "algorithms.h"
#include "hullgroups.h"

namespace gis::analysis::detail {

namespace {

class ConvexHull final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "convex-hull";
            i.group = "geometry";
            i.titleEn = "Convex hull";
            i.titleAr = "الغلاف المحدّب";
            i.descriptionEn = "The smallest convex polygon containing each feature, each group of features with the "
                              "same field values, or the whole layer.";
            i.descriptionAr = "أصغر مضلع محدّب يحوي كل معلم، أو كل مجموعة معالم لها قيم الحقول نفسها، أو الطبقة كلها.";
            i.parameters = hullGroupParameters();
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runHulls(inputs, parameters, options, "convex hull", "_hull", [](const GEOSGeometry* g) {
            return gis::detail::checkGeos(GEOSConvexHull_r(gis::detail::geosContext(), g), "convex hull");
        });
    }
};

} // namespace

const Algorithm& convexHullAlgorithm()
{
    static const ConvexHull algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
