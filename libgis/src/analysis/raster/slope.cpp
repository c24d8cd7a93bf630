// slope: the steepness of a DEM by Horn's method (gdaldem slope's), in degrees or percent.

#include "gis/core/error.h"

#include "algorithms.h"
#include "demwindows.h"

namespace gis::analysis::detail {

namespace {

constexpr double kNodata = -9999; // gdaldem slope's

class Slope final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "slope";
            i.group = "raster";
            i.titleEn = "Slope";
            i.titleAr = "الانحدار";
            i.descriptionEn = "The steepness of a DEM at each pixel (Horn's 3x3 method, as gdaldem slope), in degrees "
                              "or percent. Cells are sized in metres, geodesically on longitude/latitude DEMs; edge "
                              "pixels and pixels next to nodata are nodata (-9999).";
            i.descriptionAr = "شدة انحدار نموذج الارتفاع عند كل خلية (طريقة هورن 3×3 كما في gdaldem slope)، بالدرجات "
                              "أو بالنسبة المئوية. تُقاس الخلايا بالأمتار، جيوديسياً في نماذج خطوط الطول والعرض؛ "
                              "خلايا الحافة والمجاورة لقيم مفقودة تكون بلا قيمة (-9999).";
            i.input = InputKind::Raster;
            i.output = OutputKind::Raster;
            Parameter unit = Parameter::make("unit", ParameterType::Choice, "Unit", "الوحدة",
                "degrees (0 to 90) or percent (100 × rise / run)", "درجات (من 0 إلى 90) أو نسبة مئوية (100 × الارتفاع / المسافة)");
            unit.choices = {"degrees", "percent"};
            unit.choiceTitles = {{"Degrees", "درجات"}, {"Percent", "نسبة مئوية"}};
            unit.defaultValue = "degrees";
            i.parameters.push_back(std::move(unit));
            addDemParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Dem dem = readDem(inputs, parameters, options, "slope");
        const bool percent = parameters.text("unit") == "percent";
        RunResult result;
        result.raster = mapWindows(dem, parameters.number("z-factor"), kNodata, options, "slope",
            [percent](const terrain::Window& w, terrain::HornScale s) {
                const terrain::Gradient g = terrain::hornGradient(w, s);
                return percent ? terrain::slopePercent(g) : terrain::slopeDegrees(g);
            });
        return result;
    }
};

} // namespace

const Algorithm& slopeAlgorithm()
{
    static const Slope algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
