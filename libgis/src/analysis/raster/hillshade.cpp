// hillshade: a DEM lit by the sun (gdaldem hillshade's formula, shared with the map's hillshade through
// gis/data/terrain.h), 1 to 255, 0 where there is no value.

#include <cmath>

#include "gis/core/error.h"

#include "algorithms.h"
#include "demwindows.h"

namespace gis::analysis::detail {

namespace {

constexpr double kNodata = 0; // gdaldem hillshade's

class Hillshade final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "hillshade";
            i.group = "raster";
            i.titleEn = "Hillshade";
            i.titleAr = "تظليل التضاريس";
            i.descriptionEn = "A DEM lit by the sun from the given azimuth and altitude (Horn's 3x3 method, as gdaldem "
                              "hillshade): 1 (facing away) to 255 (facing the sun); edge pixels and pixels next to "
                              "nodata are 0 (nodata).";
            i.descriptionAr = "نموذج الارتفاع مضاءً بالشمس من السمت والارتفاع المحددين (طريقة هورن 3×3 كما في gdaldem "
                              "hillshade): من 1 (معاكس للشمس) إلى 255 (مواجه لها)؛ خلايا الحافة والمجاورة لقيم "
                              "مفقودة 0 (بلا قيمة).";
            i.input = InputKind::Raster;
            i.output = OutputKind::Raster;
            Parameter azimuth = Parameter::make("azimuth", ParameterType::Number, "Sun azimuth", "سمت الشمس",
                "where the light comes from, in degrees clockwise from north", "اتجاه مصدر الضوء بالدرجات مع عقارب الساعة من الشمال");
            azimuth.defaultValue = "315";
            azimuth.minimum = 0;
            azimuth.maximum = 360;
            azimuth.unit = "°";
            i.parameters.push_back(std::move(azimuth));
            Parameter altitude = Parameter::make("altitude", ParameterType::Number, "Sun altitude", "ارتفاع الشمس",
                "the sun's height above the horizon, in degrees", "ارتفاع الشمس فوق الأفق بالدرجات");
            altitude.defaultValue = "45";
            altitude.minimum = 0;
            altitude.maximum = 90;
            altitude.unit = "°";
            i.parameters.push_back(std::move(altitude));
            addDemParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Dem dem = readDem(inputs, parameters, options, "hillshade");
        const terrain::Sun sun = terrain::sunAt(parameters.number("azimuth"), parameters.number("altitude"));
        RunResult result;
        result.raster = mapWindows(dem, parameters.number("z-factor"), kNodata, options, "hillshade",
            [&sun](const terrain::Window& w, terrain::HornScale s) {
                return std::round(terrain::shade(terrain::cosIncidence(terrain::hornGradient(w, s), sun)));
            });
        return result;
    }
};

} // namespace

const Algorithm& hillshadeAlgorithm()
{
    static const Hillshade algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
