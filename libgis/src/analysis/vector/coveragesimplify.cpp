#include "coveragesimplify.h"

#include <geos_c.h>

#include "gis/core/error.h"
#include "geom/geosbridge.h"

namespace gis::analysis::detail {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::GeosPreparedPtr;
using gis::detail::toGeos;

namespace {

/// A GEOS collection of `type` that takes `parts` (destroyed when the collection cannot be made).
GeosGeometryPtr collection(int type, std::vector<GEOSGeometry*>& parts, const char* what)
{
    GEOSGeometry* c = GEOSGeom_createCollection_r(geosContext(), type, parts.data(), static_cast<unsigned>(parts.size()));
    if (!c)
        for (GEOSGeometry* p : parts)
            GEOSGeom_destroy_r(geosContext(), p);
    parts.clear();
    return checkGeos(c, what);
}

} // namespace

void simplifyCoverage(const GeometryColumn& polygons, double tolerance, const RunOptions& options, GeometryColumn& out)
{
    GEOSContextHandle_t ctx = geosContext();
    const std::size_t n = polygons.size();
    std::vector<GeosGeometryPtr> inputs;
    std::vector<GEOSGeometry*> boundaries;
    for (std::size_t i = 0; i < n; ++i) {
        inputs.push_back(toGeos({&polygons, i}));
        GEOSGeometry* b = GEOSBoundary_r(ctx, inputs.back().get());
        if (!b) {
            for (GEOSGeometry* p : boundaries)
                GEOSGeom_destroy_r(ctx, p);
            gis::detail::throwGeosError("coverage boundary");
        }
        boundaries.push_back(b);
    }
    options.feedback.cancel.throwIfCancelled("simplify");
    // Node the rings (a shared edge becomes one line, once) and merge the pieces into edges between junctions.
    const GeosGeometryPtr all = collection(GEOS_GEOMETRYCOLLECTION, boundaries, "coverage boundaries");
    const GeosGeometryPtr noded = checkGeos(GEOSUnaryUnion_r(ctx, all.get()), "coverage noding");
    const GeosGeometryPtr edges = checkGeos(GEOSLineMerge_r(ctx, noded.get()), "coverage edges");
    options.feedback.cancel.throwIfCancelled("simplify");
    options.feedback.report(0.3);
    // All edges at once: the topology-preserving simplifier keeps each line's end points (the junctions) and lets no
    // two lines cross, so the faces stay the faces they were.
    const GeosGeometryPtr simple = checkGeos(GEOSTopologyPreserveSimplify_r(ctx, edges.get(), tolerance), "coverage simplify");
    options.feedback.cancel.throwIfCancelled("simplify");
    options.feedback.report(0.6);
    // Two edges between the same junctions (the sides of a sliver) may simplify to the same line: node again, which
    // also drops such duplicates, so that Polygonize sees each line once.
    const GeosGeometryPtr renoded = checkGeos(GEOSUnaryUnion_r(ctx, simple.get()), "coverage renoding");
    const GEOSGeometry* lines[] = {renoded.get()};
    const GeosGeometryPtr faces = checkGeos(GEOSPolygonize_r(ctx, lines, 1), "coverage polygonize");
    options.feedback.report(0.8);

    // Each face to the input whose interior holds an interior point of the face; faces of holes belong to none.
    std::vector<std::vector<GEOSGeometry*>> owned(n);
    std::vector<GeosPreparedPtr> prepared;
    std::vector<Box> boxes;
    for (std::size_t i = 0; i < n; ++i) {
        prepared.push_back(gis::detail::prepareGeos(inputs[i].get()));
        boxes.push_back(polygons.bounds(i));
    }
    const int count = GEOSGetNumGeometries_r(ctx, faces.get());
    try {
        for (int f = 0; f < count; ++f) {
            if (f % 64 == 0)
                options.feedback.cancel.throwIfCancelled("simplify");
            const GEOSGeometry* face = GEOSGetGeometryN_r(ctx, faces.get(), f);
            const GeosGeometryPtr inside = checkGeos(GEOSPointOnSurface_r(ctx, face), "face point");
            double x = 0, y = 0;
            GEOSGeomGetX_r(ctx, inside.get(), &x);
            GEOSGeomGetY_r(ctx, inside.get(), &y);
            std::size_t owner = n;
            for (std::size_t i = 0; i < n && owner == n; ++i) {
                if (x < boxes[i].minX || x > boxes[i].maxX || y < boxes[i].minY || y > boxes[i].maxY)
                    continue;
                if (GEOSPreparedContains_r(ctx, prepared[i].get(), inside.get()) == 1)
                    owner = i;
            }
            if (owner == n) {
                // A face the simplification moved off its polygon (a sliver between two that did not quite share
                // an edge): the polygon holding most of it, when one holds at least half; otherwise it was a gap.
                double faceArea = 0, best = 0;
                GEOSArea_r(ctx, face, &faceArea);
                double fx0 = 0, fy0 = 0, fx1 = 0, fy1 = 0;
                GEOSGeom_getXMin_r(ctx, face, &fx0);
                GEOSGeom_getYMin_r(ctx, face, &fy0);
                GEOSGeom_getXMax_r(ctx, face, &fx1);
                GEOSGeom_getYMax_r(ctx, face, &fy1);
                for (std::size_t i = 0; i < n; ++i) {
                    if (fx1 < boxes[i].minX || fx0 > boxes[i].maxX || fy1 < boxes[i].minY || fy0 > boxes[i].maxY)
                        continue;
                    const GeosGeometryPtr common = checkGeos(GEOSIntersection_r(ctx, face, inputs[i].get()), "face overlap");
                    double a = 0;
                    GEOSArea_r(ctx, common.get(), &a);
                    if (a > best && a >= 0.5 * faceArea) {
                        best = a;
                        owner = i;
                    }
                }
            }
            if (owner < n)
                owned[owner].push_back(GEOSGeom_clone_r(ctx, face));
        }
    } catch (...) {
        for (auto& v : owned)
            for (GEOSGeometry* p : v)
                GEOSGeom_destroy_r(ctx, p);
        throw;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (owned[i].empty()) {
            out.beginGeometry(GeometryType::Polygon);
            out.endGeometry();
            continue;
        }
        const GeosGeometryPtr parts = collection(GEOS_MULTIPOLYGON, owned[i], "coverage faces");
        // Faces of one polygon share edges with each other only where the noding split it (a ring touching
        // another polygon's corner); their union is the polygon.
        const GeosGeometryPtr merged = checkGeos(GEOSUnaryUnion_r(ctx, parts.get()), "coverage faces union");
        appendGeos(out, merged.get());
    }
}

} // namespace gis::analysis::detail
