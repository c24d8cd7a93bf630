// explode: a multipart feature becomes one feature per part (a MultiPolygon of three islands, three Polygons), each
// with the attributes of its feature and a `part` field numbering the parts from 1. Single-part features pass
// through as part 1. Ids run from 1 in the output (one input id would be shared by several features).

#include <geos_c.h>

#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "geometrytools.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

class Explode final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "explode";
            i.group = "geometry";
            i.titleEn = "Explode multipart";
            i.titleAr = "تفكيك المعالم متعددة الأجزاء";
            i.descriptionEn = "One feature per part of each multipart feature, with its attributes and a field "
                              "\"part\" numbering the parts from 1.";
            i.descriptionAr = "معلم لكل جزء من كل معلم متعدد الأجزاء، بسماته وبحقل \"part\" يرقّم الأجزاء بدءاً من 1.";
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues&, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        // The part number of each output geometry, in mapFeatures' order: recovered from the source rows afterwards
        // (the parts of one row are consecutive), so the parallel callback keeps no shared state.
        MappedFeatures mapped = mapFeatures(layer, options, "explode", [](std::size_t, GeometryRef g, GeometryColumn& out) {
            if (g.column->isEmpty(g.index))
                return;
            const GeosGeometryPtr geos = toGeos(g);
            const int n = GEOSGetNumGeometries_r(geosContext(), geos.get());
            for (int i = 0; i < n; ++i) {
                const GEOSGeometry* part = GEOSGetGeometryN_r(geosContext(), geos.get(), i);
                if (GEOSisEmpty_r(geosContext(), part) != 1)
                    appendGeos(out, part);
            }
        });
        const GeometryType type = layer.geometryType() == GeometryType::GeometryCollection
            ? GeometryType::GeometryCollection
            : singleType(layer.geometryType());
        LayerBuilder builder(layer.name() + "_parts", layer.crs(), type);
        const std::size_t first = builder.addFieldsOf(layer);
        const std::size_t partColumn = builder.addField("part", FieldType::Integer);
        builder.geometries() = std::move(mapped.geometries);
        std::int64_t part = 0;
        for (std::size_t i = 0; i < mapped.sourceRows.size(); ++i) {
            const std::size_t row = mapped.sourceRows[i];
            part = i > 0 && mapped.sourceRows[i - 1] == row ? part + 1 : 1;
            builder.appendValues(layer, row, first);
            builder.column(partColumn).appendInteger(part);
        }
        RunResult result = mappedResult(builder, layer, mapped);
        return result;
    }
};

} // namespace

const Algorithm& explodeAlgorithm()
{
    static const Explode algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
