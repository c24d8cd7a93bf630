// distance-to-nearest-hub: each input feature (a village) with the id and a field of its nearest hub (a health
// centre) and the distance to it in metres (on the ellipsoid for longitude/latitude layers): query's nearestJoin.
// The output keeps the input's geometries, or is a line from each feature to its hub (between their nearest
// points, as GEOS finds them in the layer's coordinates) for a map of who goes where.

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/spatialquery.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "gatedlayer.h"
#include "joinfields.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosCoordSeqPtr;
using gis::detail::toGeos;

class NearestHub final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "distance-to-nearest-hub";
            i.group = "aggregate";
            i.titleEn = "Distance to nearest hub";
            i.titleAr = "المسافة إلى أقرب مركز";
            i.descriptionEn = "Each input feature with the id (and a field) of its nearest hub in the overlay and the "
                              "distance to it in metres; optionally a line from each feature to its hub.";
            i.descriptionAr = "كل معلم من طبقة الإدخال مع معرّف أقرب مركز في الطبقة الأخرى (وأحد حقوله) والمسافة إليه "
                              "بالأمتار؛ ويمكن رسم خط من كل معلم إلى مركزه.";
            i.input = InputKind::VectorAndOverlay;
            Parameter field = Parameter::make("hub-field", ParameterType::Field, "Hub field", "حقل المركز",
                "a field of the hubs to copy as hub_<field> (their name, for example)",
                "حقل من المراكز يُنسخ باسم hub_<الحقل> (اسمها مثلاً)");
            field.fieldOf = FieldSource::Overlay;
            i.parameters.push_back(std::move(field));
            Parameter maxDistance = Parameter::make("max-distance", ParameterType::Number, "Maximum distance",
                "أقصى مسافة", "hubs farther than this do not count (none: any distance)",
                "لا تُحتسب المراكز الأبعد من ذلك (بلا قيمة: أي مسافة)");
            maxDistance.minimum = 0;
            maxDistance.unit = std::string(1, 'm'); // not = "m": GCC 12 warns -Wrestrict falsely on that (PR105329)
            i.parameters.push_back(std::move(maxDistance));
            Parameter output = Parameter::make("output", ParameterType::Choice, "Output", "المخرجات",
                "points: the input features; lines: a line from each feature to its hub",
                "points: معالم الإدخال؛ lines: خط من كل معلم إلى مركزه");
            output.defaultValue = "points";
            output.choices = {"points", "lines"};
            output.choiceTitles = {{"The input features", "معالم الإدخال"}, {"Lines to the hubs", "خطوط إلى المراكز"}};
            i.parameters.push_back(std::move(output));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& input = *inputs.input;
        const Layer& hubs = *inputs.overlay;
        requireSameCrs("distance-to-nearest-hub", input, hubs, "hubs");
        const double maxDistance = parameters.has("max-distance") ? parameters.number("max-distance") : -1.0;
        const bool lines = parameters.text("output") == "lines";
        const std::string field = parameters.text("hub-field");

        const GatedLayer from = gateLayer(inputs.input, options, "distance-to-nearest-hub");
        const GatedLayer to = gateLayer(inputs.overlay, options, "distance-to-nearest-hub");
        const std::vector<NearestMatch> matches = nearestJoin(*from.layer, *to.layer, maxDistance, options.feedback);

        LayerBuilder builder(input.name() + "_hubs", input.crs(), lines ? GeometryType::LineString : input.geometryType());
        const std::size_t first = builder.addFieldsOf(input);
        const std::size_t hubId = builder.addField("hub_id", FieldType::Integer);
        const JoinedFields hubValue(builder, hubs,
            field.empty() ? std::vector<std::size_t>{} : JoinedFields::columnsOf(hubs, {field}), "hub_");
        const std::size_t distance = builder.addField("distance", FieldType::Real);
        std::size_t unreached = 0;
        for (const NearestMatch& m : matches) {
            const std::size_t row = m.from;
            options.feedback.cancel.throwIfCancelled("distance-to-nearest-hub");
            if (from.skipped[row])
                continue;
            if (lines) {
                if (m.to < 0) {
                    ++unreached; // no line to draw: no hub, or no geometry
                    continue;
                }
                const auto a = toGeos(from.layer->geometry(row));
                const auto b = toGeos(to.layer->geometry(static_cast<std::size_t>(m.to)));
                const GeosCoordSeqPtr points(GEOSNearestPoints_r(geosContext(), a.get(), b.get()));
                if (!points)
                    gis::detail::throwGeosError("nearest points");
                double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
                GEOSCoordSeq_getXY_r(geosContext(), points.get(), 0, &x0, &y0);
                GEOSCoordSeq_getXY_r(geosContext(), points.get(), 1, &x1, &y1);
                GeometryColumn& g = builder.geometries();
                g.beginGeometry(GeometryType::LineString);
                g.beginPart(GeometryType::LineString);
                g.beginRing();
                g.addCoord(x0, y0);
                g.addCoord(x1, y1);
                g.endGeometry();
            } else {
                builder.geometries().append(input.geometries(), row);
            }
            builder.appendValues(input, row, first);
            if (m.to < 0) {
                ++unreached;
                builder.column(hubId).appendNull();
                hubValue.append(builder, -1);
                builder.column(distance).appendNull();
            } else {
                builder.column(hubId).appendInteger(hubs.fid(static_cast<std::size_t>(m.to)));
                hubValue.append(builder, m.to);
                builder.column(distance).appendReal(m.distance);
            }
            builder.appendFid(input.fid(row));
        }
        RunResult result;
        result.layer = builder.finish();
        result.invalid = from.invalid;
        result.invalid.insert(result.invalid.end(), to.invalid.begin(), to.invalid.end());
        if (unreached > 0)
            result.warnings.push_back(std::to_string(unreached) + " features of layer \"" + input.name() + "\" have no hub"
                + (maxDistance >= 0 ? " within the maximum distance" : "") + " (or no geometry)"
                + (lines ? ": no line is drawn for them" : ": kept with an empty hub_id"));
        return result;
    }
};

} // namespace

const Algorithm& nearestHubAlgorithm()
{
    static const NearestHub algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
