#include "geometrytools.h"

#include <vector>

namespace gis::analysis::detail {

using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;

GeometryType multiType(GeometryType type)
{
    switch (type) {
    case GeometryType::Point:
        return GeometryType::MultiPoint;
    case GeometryType::LineString:
        return GeometryType::MultiLineString;
    case GeometryType::Polygon:
        return GeometryType::MultiPolygon;
    default:
        return type;
    }
}

int dimensionOf(GeometryType type)
{
    switch (type) {
    case GeometryType::Point:
    case GeometryType::MultiPoint:
        return 0;
    case GeometryType::LineString:
    case GeometryType::MultiLineString:
        return 1;
    case GeometryType::Polygon:
    case GeometryType::MultiPolygon:
        return 2;
    default:
        return -1;
    }
}

namespace {

// Collects the non-empty atomic parts of g (collections flattened) of the given dimension.
void collectParts(const GEOSGeometry* g, int dimension, std::vector<GEOSGeometry*>& keep, std::size_t& dropped)
{
    GEOSContextHandle_t ctx = geosContext();
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_MULTIPOINT || type == GEOS_MULTILINESTRING || type == GEOS_MULTIPOLYGON
        || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx, g);
        for (int i = 0; i < n; ++i)
            collectParts(GEOSGetGeometryN_r(ctx, g, i), dimension, keep, dropped);
        return;
    }
    if (GEOSisEmpty_r(ctx, g) == 1)
        return;
    if (GEOSGeom_getDimensions_r(ctx, g) != dimension) {
        ++dropped;
        return;
    }
    GEOSGeometry* copy = GEOSGeom_clone_r(ctx, g);
    if (!copy) {
        for (GEOSGeometry* k : keep)
            GEOSGeom_destroy_r(ctx, k);
        keep.clear();
        gis::detail::throwGeosError("clone");
    }
    keep.push_back(copy);
}

} // namespace

GeosGeometryPtr partsOfDimension(const GEOSGeometry* g, int dimension, std::size_t& dropped)
{
    std::vector<GEOSGeometry*> keep;
    collectParts(g, dimension, keep, dropped);
    if (keep.empty())
        return nullptr;
    const int type = dimension == 0 ? GEOS_MULTIPOINT : dimension == 1 ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
    // The collection takes the parts on success; on failure they are still ours.
    GEOSGeometry* multi = GEOSGeom_createCollection_r(geosContext(), type, keep.data(), static_cast<unsigned>(keep.size()));
    if (!multi)
        for (GEOSGeometry* k : keep)
            GEOSGeom_destroy_r(geosContext(), k);
    return checkGeos(multi, "collection of parts");
}

} // namespace gis::analysis::detail
