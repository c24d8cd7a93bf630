// bounding-rectangle: the axis-aligned envelope (GEOS's Envelope), the smallest rotated rectangle (GEOS's
// MinimumRotatedRectangle) or the smallest enclosing circle (GEOS's MinimumBoundingCircle, as a polygon) of each
// feature, each group of features, or the whole layer.

#include <geos_c.h>

#include "geom/geosbridge.h"

#include "algorithms.h"
#include "hullgroups.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;

class BoundingRectangle final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "bounding-rectangle";
            i.group = "geometry";
            i.titleEn = "Minimum bounding geometry";
            i.titleAr = "أصغر شكل محيط";
            i.descriptionEn = "The envelope, the smallest rotated rectangle or the smallest circle containing each "
                              "feature, each group of features, or the whole layer.";
            i.descriptionAr = "المستطيل المحيط الموازي للمحاور أو أصغر مستطيل مدوَّر أو أصغر دائرة تحوي كل معلم أو كل "
                              "مجموعة معالم أو الطبقة كلها.";
            Parameter type = Parameter::make("type", ParameterType::Choice, "Type", "النوع",
                "envelope (aligned with the axes), oriented (the smallest rotated rectangle) or circle (the smallest "
                "enclosing circle)",
                "envelope (موازٍ للمحاور) أو oriented (أصغر مستطيل مدوَّر) أو circle (أصغر دائرة محيطة)");
            type.defaultValue = "envelope";
            type.choices = {"envelope", "oriented", "circle"};
            type.choiceTitles = {{"Envelope (axis-aligned)", "المستطيل المحيط الموازي للمحاور"},
                {"Oriented rectangle", "مستطيل موجّه"}, {"Circle", "دائرة"}};
            i.parameters.push_back(std::move(type));
            for (Parameter& p : hullGroupParameters())
                i.parameters.push_back(std::move(p));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const std::string type = parameters.text("type");
        return runHulls(inputs, parameters, options, "bounding geometry", "_bounds", [type](const GEOSGeometry* g) {
            if (type == "oriented")
                return checkGeos(GEOSMinimumRotatedRectangle_r(geosContext(), g), "minimum rotated rectangle");
            if (type == "circle") {
                double radius = 0;
                GEOSGeometry* centre = nullptr;
                GEOSGeometry* circle = GEOSMinimumBoundingCircle_r(geosContext(), g, &radius, &centre);
                const GeosGeometryPtr ownedCentre(centre); // not needed, but ours to free
                return checkGeos(circle, "minimum bounding circle");
            }
            return checkGeos(GEOSEnvelope_r(geosContext(), g), "envelope");
        });
    }
};

} // namespace

const Algorithm& boundingRectangleAlgorithm()
{
    static const BoundingRectangle algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
