// aspect: the direction a DEM's surface faces, by Horn's method (gdaldem aspect's), in degrees clockwise from north.

#include "gis/core/error.h"

#include "algorithms.h"
#include "demwindows.h"

namespace gis::analysis::detail {

namespace {

constexpr double kNodata = -9999; // gdaldem aspect's
constexpr double kFlat = -1;      // a flat window faces nowhere; kept apart from nodata (gdaldem writes -9999)

class Aspect final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "aspect";
            i.group = "raster";
            i.titleEn = "Aspect";
            i.titleAr = "اتجاه الانحدار";
            i.descriptionEn = "The direction each pixel of a DEM faces (downhill), in degrees clockwise from north "
                              "(0 north, 90 east), by Horn's 3x3 method. Flat pixels are -1; edge pixels and pixels "
                              "next to nodata are nodata (-9999).";
            i.descriptionAr = "الاتجاه الذي تواجهه كل خلية من نموذج الارتفاع (نحو الأسفل)، بالدرجات مع عقارب الساعة "
                              "من الشمال (0 شمال، 90 شرق)، بطريقة هورن 3×3. الخلايا المستوية -1؛ خلايا الحافة "
                              "والمجاورة لقيم مفقودة بلا قيمة (-9999).";
            i.input = InputKind::Raster;
            i.output = OutputKind::Raster;
            addDemParameters(i);
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Dem dem = readDem(inputs, parameters, options, "aspect");
        RunResult result;
        result.raster = mapWindows(dem, parameters.number("z-factor"), kNodata, options, "aspect",
            [](const terrain::Window& w, terrain::HornScale s) {
                const double a = terrain::aspectDegrees(terrain::hornGradient(w, s));
                return a < 0 ? kFlat : a;
            });
        return result;
    }
};

} // namespace

const Algorithm& aspectAlgorithm()
{
    static const Aspect algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
