// join-nearest: each input feature with the fields of its nearest overlay feature and the distance to it, in metres
// on the ellipsoid for a longitude/latitude layer (the CRS's units otherwise): query's nearestJoin, which measures
// exactly (geodesic segments) and runs on every core.

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/spatialquery.h"

#include "algorithms.h"
#include "featuremap.h"
#include "gatedlayer.h"
#include "joinfields.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

class JoinNearest final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "join-nearest";
            i.group = "aggregate";
            i.titleEn = "Join attributes by nearest";
            i.titleAr = "ربط السمات حسب الأقرب";
            i.descriptionEn = "Each input feature with the fields of the nearest overlay feature and the distance to "
                              "it in metres (on the ellipsoid for longitude/latitude layers).";
            i.descriptionAr = "كل معلم من طبقة الإدخال مع حقول أقرب معلم من الطبقة الأخرى والمسافة إليه بالأمتار "
                              "(على الإهليلج لطبقات خطوط الطول والعرض).";
            i.input = InputKind::VectorAndOverlay;
            Parameter maxDistance = Parameter::make("max-distance", ParameterType::Number, "Maximum distance",
                "أقصى مسافة", "only overlay features within this distance count (none: any distance)",
                "لا تُحتسب إلا معالم الطبقة الأخرى ضمن هذه المسافة (بلا قيمة: أي مسافة)");
            maxDistance.minimum = 0;
            maxDistance.unit = std::string(1, 'm'); // not = "m": GCC 12 warns -Wrestrict falsely on that (PR105329)
            i.parameters.push_back(std::move(maxDistance));
            Parameter fields = Parameter::make("overlay-fields", ParameterType::Fields, "Overlay fields",
                "حقول الطبقة الأخرى", "the overlay's fields to copy (none named: all of them)",
                "حقول الطبقة الأخرى المراد نسخها (بلا تسمية: كلها)");
            fields.fieldOf = FieldSource::Overlay;
            i.parameters.push_back(std::move(fields));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& input = *inputs.input;
        const Layer& overlay = *inputs.overlay;
        requireSameCrs("join-nearest", input, overlay, "overlay");
        const double maxDistance = parameters.has("max-distance") ? parameters.number("max-distance") : -1.0;
        std::vector<std::size_t> copied = JoinedFields::columnsOf(overlay, parameters.list("overlay-fields"));

        const GatedLayer from = gateLayer(inputs.input, options, "join-nearest");
        const GatedLayer to = gateLayer(inputs.overlay, options, "join-nearest");
        const std::vector<NearestMatch> matches = nearestJoin(*from.layer, *to.layer, maxDistance, options.feedback);

        LayerBuilder builder(input.name() + "_nearest", input.crs(), input.geometryType());
        const std::size_t first = builder.addFieldsOf(input);
        const JoinedFields joined(builder, overlay, std::move(copied));
        const std::size_t distanceColumn = builder.addField("distance", FieldType::Real);
        std::size_t nulls = 0;
        for (const NearestMatch& m : matches) {
            const std::size_t row = m.from;
            if (from.skipped[row])
                continue;
            nulls += input.geometry(row).type() == GeometryType::Unknown;
            builder.geometries().append(input.geometries(), row);
            builder.appendValues(input, row, first);
            joined.append(builder, m.to < 0 ? -1 : static_cast<std::int64_t>(m.to));
            m.to < 0 ? builder.column(distanceColumn).appendNull() : builder.column(distanceColumn).appendReal(m.distance);
            builder.appendFid(input.fid(row));
        }
        RunResult result;
        result.layer = builder.finish();
        result.invalid = from.invalid;
        result.invalid.insert(result.invalid.end(), to.invalid.begin(), to.invalid.end());
        if (const std::string w = nullWarning(input, nulls); !w.empty())
            result.warnings.push_back(w + " of the search (kept, with empty overlay fields)");
        return result;
    }
};

} // namespace

const Algorithm& joinNearestAlgorithm()
{
    static const JoinNearest algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
