// dsm-change in the toolbox: the change between two DSMs inside the polygons of a layer (a construction site),
// as change polygons (the output layer), the difference raster (RunResult::raster, beside the layer) and the
// volumes (stated in the result's messages, as sentences). The work is gis::analysis::dsmChange.

#include <cstdio>

#include "gis/analysis/dsmchange.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"
#include "gis/query/expression.h"

#include "algorithms.h"

namespace gis::analysis::detail {

namespace {

std::string fixed(double v, int precision)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", precision, v);
    return buffer;
}

class DsmChange final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "dsm-change";
            i.group = "raster";
            i.inputGeometry = GeometryKinds::Polygons;
            i.rasterBesideEn = "Difference (later − earlier, m)";
            i.rasterBesideAr = "الفرق (اللاحق − السابق، م)";
            i.titleEn = "DSM change (cut and fill)";
            i.titleAr = "تغير نموذج السطح (الحفر والردم)";
            i.descriptionEn = "The change between an earlier and a later surface model (DSM, metres) inside the "
                              "polygons (a construction site): cut and fill volumes in m³ over the pixels whose "
                              "centre is inside, the difference raster (later − earlier), and the change polygons "
                              "where the surface rose or fell by at least the height threshold, with their area, "
                              "volume and mean and largest change. The later DSM is resampled onto the earlier's grid.";
            i.descriptionAr = "التغير بين نموذج سطح سابق ولاحق (بالأمتار) داخل المضلعات (موقع إنشاء): أحجام الحفر "
                              "والردم بالمتر المكعب على الخلايا التي تقع مراكزها داخلها، وطبقة الفرق (اللاحق − "
                              "السابق)، ومضلعات التغير حيث ارتفع السطح أو انخفض بما لا يقل عن حد الارتفاع، مع "
                              "مساحتها وحجمها ومتوسط التغير وأكبره. يعاد تشكيل النموذج اللاحق على شبكة السابق.";
            Parameter earlier = Parameter::make("earlier", ParameterType::Raster, "Earlier DSM", "نموذج السطح السابق",
                "the DSM of the earlier flight (GeoTIFF, metres, projected CRS)",
                "نموذج السطح للرحلة السابقة (GeoTIFF، بالأمتار، بإحداثيات مسقطة)");
            earlier.required = true;
            i.parameters.push_back(std::move(earlier));
            Parameter later = Parameter::make("later", ParameterType::Raster, "Later DSM", "نموذج السطح اللاحق",
                "the DSM of the later flight; resampled onto the earlier's grid",
                "نموذج السطح للرحلة اللاحقة؛ يعاد تشكيله على شبكة السابق");
            later.required = true;
            i.parameters.push_back(std::move(later));
            Parameter filter = Parameter::make("filter", ParameterType::Expression, "Filter", "التصفية",
                "which polygons make the area (project_id = 'P-1'); all when empty",
                "المضلعات التي تكوّن المنطقة (project_id = 'P-1')؛ كلها إن تُرك فارغاً");
            i.parameters.push_back(std::move(filter));
            Parameter minHeight = Parameter::make("min-height", ParameterType::Number, "Noise level", "حد الضجيج",
                "a change smaller than this is ignored in the volumes and the polygons",
                "يُهمل التغير الأصغر من هذا في الأحجام والمضلعات");
            minHeight.defaultValue = "0";
            minHeight.minimum = 0;
            minHeight.unit = "m";
            i.parameters.push_back(std::move(minHeight));
            Parameter height = Parameter::make("height-threshold", ParameterType::Number, "Height threshold", "حد الارتفاع",
                "a pixel belongs to a change polygon when its change is at least this",
                "تنتمي الخلية إلى مضلع تغير إذا بلغ تغيرها هذا الحد");
            height.defaultValue = "0.5";
            height.minimum = 0;
            height.unit = "m";
            i.parameters.push_back(std::move(height));
            Parameter area = Parameter::make("area-threshold", ParameterType::Number, "Area threshold", "حد المساحة",
                "change polygons smaller than this are left out (they still count in the volumes)",
                "تُستبعد مضلعات التغير الأصغر من هذا (وتبقى محسوبة في الأحجام)");
            area.defaultValue = "4";
            area.minimum = 0;
            area.unit = "m²";
            i.parameters.push_back(std::move(area));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const GeometryType single = singleType(layer.geometryType());
        if (single == GeometryType::Point || single == GeometryType::LineString)
            throw Error(ErrorCode::Argument, "dsm-change: layer \"" + layer.name() + "\" has "
                    + std::string(geometryTypeName(layer.geometryType())) + " geometries; the area must be polygons");
        std::vector<std::size_t> rows;
        if (const std::string& filter = parameters.text("filter"); !filter.empty()) {
            for (const std::uint32_t r : Expression::compile(filter, layer).filter())
                rows.push_back(r);
            if (rows.empty())
                throw Error(ErrorCode::Argument, "dsm-change: --filter " + filter + " selects no feature of layer \""
                        + layer.name() + "\"");
        }
        DsmChangeOptions o;
        o.minHeight = parameters.number("min-height");
        o.heightThreshold = parameters.number("height-threshold");
        o.areaThreshold = parameters.number("area-threshold");
        o.threads = options.threads;
        DsmChangeResult r = dsmChange(parameters.text("earlier"), parameters.text("later"), layer, rows, o, options.feedback);

        RunResult result;
        result.layer = r.polygons;
        result.raster = r.difference;
        result.warnings = std::move(r.warnings);
        // The volumes are the run's main figures; RunResult has no member for figures, and its messages are what
        // the CLI prints, the viewer shows and the history records.
        const DsmChangeTotals& t = r.totals;
        result.warnings.push_back("volumes: fill " + fixed(t.fillM3, 2) + " m³, cut " + fixed(t.cutM3, 2) + " m³, net "
            + fixed(t.netM3(), 2) + " m³ over " + fixed(t.areaM2(), 2) + " m²");
        result.warnings.push_back("method: " + r.method);
        return result;
    }
};

} // namespace

const Algorithm& dsmChangeAlgorithm()
{
    static const DsmChange algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
