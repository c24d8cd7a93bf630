// delaunay: the Delaunay triangulation of the input's points (GEOS's DelaunayTriangulation): triangles whose
// circumcircles hold no other point. Each triangle records the ids of the features of its three corners (fields
// a, b, c); coincident points count once (the first).

#include <map>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;

class Delaunay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "delaunay";
            i.inputGeometry = GeometryKinds::Points;
            i.group = "geometry";
            i.titleEn = "Delaunay triangulation";
            i.titleAr = "تثليث ديلوني";
            i.descriptionEn = "Triangles joining the points, none with another point inside its circumcircle. Each "
                              "triangle has the ids of its three corner features (a, b, c).";
            i.descriptionAr = "مثلثات تصل بين النقاط، لا تقع أي نقطة أخرى داخل الدائرة المحيطة بأي منها. لكل مثلث "
                              "معرّفات معالم رؤوسه الثلاثة (a و b و c).";
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues&, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const GeometryType type = layer.geometryType();
        if (type != GeometryType::Point && type != GeometryType::MultiPoint)
            throw Error(ErrorCode::Argument, "delaunay: layer \"" + layer.name() + "\" has "
                    + std::string(geometryTypeName(type)) + " geometries; a Delaunay triangulation is made from points");
        MappedFeatures mapped = mapFeatures(layer, options, "delaunay", [](std::size_t, GeometryRef g, GeometryColumn& out) {
            out.append(*g.column, g.index);
        });
        // The first feature at each coordinate: what a triangle's corner refers to.
        std::map<std::pair<double, double>, std::size_t> rowAt;
        GEOSContextHandle_t ctx = geosContext();
        std::vector<GEOSGeometry*> points;
        const GeometryColumn& c = mapped.geometries;
        for (std::size_t i = 0; i < c.size(); ++i)
            for (std::size_t p = c.partBegin(i); p < c.partEnd(i); ++p)
                for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
                    for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k)
                        if (rowAt.emplace(std::make_pair(c.coord(k).x, c.coord(k).y), mapped.sourceRows[i]).second)
                            points.push_back(GEOSGeom_createPointFromXY_r(ctx, c.coord(k).x, c.coord(k).y));
        options.feedback.cancel.throwIfCancelled("delaunay");
        GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size()));
        if (!multi)
            for (GEOSGeometry* p : points)
                GEOSGeom_destroy_r(ctx, p);
        const GeosGeometryPtr sites = checkGeos(multi, "delaunay sites");
        const GeosGeometryPtr triangles = checkGeos(GEOSDelaunayTriangulation_r(ctx, sites.get(), 0.0, 0), "delaunay triangulation");
        options.feedback.report(0.5);

        LayerBuilder builder(layer.name() + "_delaunay", layer.crs(), GeometryType::Polygon);
        const std::size_t corner[3] = {builder.addField("a", FieldType::Integer), builder.addField("b", FieldType::Integer),
            builder.addField("c", FieldType::Integer)};
        const int n = GEOSGetNumGeometries_r(ctx, triangles.get());
        for (int t = 0; t < n; ++t) {
            if (t % 1024 == 0) {
                options.feedback.cancel.throwIfCancelled("delaunay");
                options.feedback.report(0.5 + 0.5 * t / n);
            }
            const GEOSGeometry* triangle = GEOSGetGeometryN_r(ctx, triangles.get(), t);
            const GEOSCoordSequence* ring = GEOSGeom_getCoordSeq_r(ctx, GEOSGetExteriorRing_r(ctx, triangle));
            for (unsigned v = 0; v < 3; ++v) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(ctx, ring, v, &x, &y);
                const auto it = rowAt.find({x, y});
                if (it == rowAt.end())
                    throw Error(ErrorCode::Geometry, "delaunay: a triangle corner is not one of the points");
                builder.column(corner[v]).appendInteger(layer.fid(it->second));
            }
            appendGeos(builder.geometries(), triangle);
        }
        RunResult result = mappedResult(builder, layer, mapped);
        if (points.size() < 3)
            result.warnings.push_back("layer \"" + layer.name() + "\" has fewer than three distinct points: no triangle");
        return result;
    }
};

} // namespace

const Algorithm& delaunayAlgorithm()
{
    static const Delaunay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
