// multi-ring-buffer: rings of equal width around each feature, as donuts that do not overlap: ring i is
// buffer(i * distance) minus buffer((i - 1) * distance) (for a polygon, ring 1 leaves the polygon itself out).
// Distances in metres, geodesic on longitude/latitude layers (geodesicbuffer.h). Each ring is a feature with the
// input's attributes, its number (`ring`, from 1) and its outer distance (`distance`).

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "geodesicbuffer.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::checkGeos;
using gis::detail::GeosGeometryPtr;
using gis::detail::geosContext;

class MultiRingBuffer final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "multi-ring-buffer";
            i.group = "geometry";
            i.titleEn = "Multi-ring buffer";
            i.titleAr = "نطاقات حلقية متعددة";
            i.descriptionEn = "Rings of equal width in metres around each feature, each ring a separate feature that "
                              "does not overlap the others, with the feature's attributes, its number and distance.";
            i.descriptionAr = "حلقات متساوية العرض بالأمتار حول كل معلم، كل حلقة معلم مستقل لا يتداخل مع غيره، مع "
                              "سمات المعلم ورقم الحلقة ومسافتها.";
            Parameter rings = Parameter::make("rings", ParameterType::Integer, "Rings", "عدد الحلقات",
                "How many rings", "عدد الحلقات");
            rings.required = true;
            rings.minimum = 1;
            rings.maximum = 1000;
            i.parameters.push_back(std::move(rings));
            Parameter distance = Parameter::make("distance", ParameterType::Number, "Distance between rings",
                "المسافة بين الحلقات", "Width of each ring in metres", "عرض كل حلقة بالأمتار");
            distance.required = true;
            distance.unit = std::string("m"); // not = "m": GCC 12 warns falsely (-Wrestrict, its bug 105329) for a one-letter literal
            distance.minimum = 0;
            i.parameters.push_back(std::move(distance));
            for (Parameter& p : bufferStyleParameters())
                i.parameters.push_back(std::move(p));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const auto rings = static_cast<std::size_t>(parameters.integer("rings"));
        const double step = parameters.number("distance");
        if (!(step > 0))
            throw Error(ErrorCode::Argument, "multi-ring-buffer: --distance must be more than 0 metres");
        const Bufferer bufferer(layer.crs(), bufferStyleFrom(parameters));
        bufferer.checkDistance(step * static_cast<double>(rings), "multi-ring-buffer: --rings × --distance",
            "the outer ring");

        // Every ring of a feature is appended, an empty one too, so that a geometry's place among its row's tells
        // its ring number; empty rings are dropped below.
        MappedFeatures mapped = mapFeatures(layer, options, "multi-ring-buffer",
            [&](std::size_t, GeometryRef g, GeometryColumn& out) {
                GeosGeometryPtr inner = bufferer.buffer(g, 0.0);
                for (std::size_t i = 1; i <= rings; ++i) {
                    if (i % 16 == 0)
                        options.feedback.cancel.throwIfCancelled("multi-ring-buffer");
                    GeosGeometryPtr outer = bufferer.buffer(g, step * static_cast<double>(i));
                    const GeosGeometryPtr ring = GEOSisEmpty_r(geosContext(), inner.get()) == 1
                        ? checkGeos(GEOSGeom_clone_r(geosContext(), outer.get()), "ring")
                        : checkGeos(GEOSDifference_r(geosContext(), outer.get(), inner.get()), "ring difference");
                    appendMultiPolygon(out, ring.get());
                    inner = std::move(outer);
                }
            });

        LayerBuilder builder(layer.name() + "_rings", layer.crs(), GeometryType::MultiPolygon);
        const std::size_t first = builder.addFieldsOf(layer);
        const std::size_t ringColumn = builder.addField("ring", FieldType::Integer);
        const std::size_t distanceColumn = builder.addField("distance", FieldType::Real);
        std::size_t ring = 0;
        for (std::size_t k = 0; k < mapped.geometries.size(); ++k) {
            const std::size_t row = mapped.sourceRows[k];
            ring = k > 0 && mapped.sourceRows[k - 1] == row ? ring + 1 : 1;
            if (mapped.geometries.isEmpty(k))
                continue;
            builder.geometries().append(mapped.geometries, k);
            builder.appendValues(layer, row, first);
            builder.column(ringColumn).appendInteger(static_cast<std::int64_t>(ring));
            builder.column(distanceColumn).appendReal(step * static_cast<double>(ring));
        }
        RunResult result = mappedResult(builder, layer, mapped);
        return result;
    }
};

} // namespace

const Algorithm& multiRingBufferAlgorithm()
{
    static const MultiRingBuffer algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
