#include "gis/geom/validity.h"

#include <memory>

#include "gis/core/error.h"
#include "geom/geosbridge.h"

namespace gis {

using detail::geosContext;

namespace {

struct MakeValidParamsDeleter {
    void operator()(GEOSMakeValidParams* p) const { GEOSMakeValidParams_destroy_r(geosContext(), p); }
};
using MakeValidParamsPtr = std::unique_ptr<GEOSMakeValidParams, MakeValidParamsDeleter>;

} // namespace

Validity checkValidity(GeometryRef g)
{
    if (g.column->isNull(g.index))
        return {false, "null geometry", std::nullopt};
    detail::GeosGeometryPtr geos;
    try {
        geos = detail::toGeos(g);
    } catch (const Error& e) {
        return {false, e.what(), std::nullopt};
    }
    char* rawReason = nullptr;
    GEOSGeometry* rawLocation = nullptr;
    const char result = GEOSisValidDetail_r(geosContext(), geos.get(), 0, &rawReason, &rawLocation);
    const detail::GeosFreePtr<char> reason(rawReason);
    const detail::GeosGeometryPtr location(rawLocation);
    if (result == 2)
        detail::throwGeosError("validity check");
    Validity validity;
    validity.valid = result == 1;
    if (validity.valid)
        return validity;
    if (reason)
        validity.reason = reason.get();
    double x = 0, y = 0;
    if (location && !GEOSisEmpty_r(geosContext(), location.get()) && GEOSGeomGetX_r(geosContext(), location.get(), &x)
        && GEOSGeomGetY_r(geosContext(), location.get(), &y))
        validity.location = Coord{x, y};
    return validity;
}

Geometry makeValid(GeometryRef g)
{
    if (g.column->isNull(g.index))
        return Geometry();
    GEOSContextHandle_t ctx = geosContext();
    const detail::GeosGeometryPtr geos = detail::toGeos(g);
    const GeometryType type = g.column->type(g.index);
    const bool polygonal = type == GeometryType::Polygon || type == GeometryType::MultiPolygon;

    const MakeValidParamsPtr params(GEOSMakeValidParams_create_r(ctx));
    if (!params)
        detail::throwGeosError("make valid");
    if (!GEOSMakeValidParams_setMethod_r(ctx, params.get(), polygonal ? GEOS_MAKE_VALID_STRUCTURE
                                                                      : GEOS_MAKE_VALID_LINEWORK)
        || !GEOSMakeValidParams_setKeepCollapsed_r(ctx, params.get(), 0))
        detail::throwGeosError("make valid");
    const detail::GeosGeometryPtr valid =
        detail::checkGeos(GEOSMakeValidWithParams_r(ctx, geos.get(), params.get()), "make valid");
    return detail::fromGeos(valid.get());
}

double planarArea(GeometryRef g)
{
    if (g.column->isEmpty(g.index)) // null geometries are empty too
        return 0;
    const detail::GeosGeometryPtr geos = detail::toGeos(g);
    double area = 0;
    if (!GEOSArea_r(geosContext(), geos.get(), &area))
        detail::throwGeosError("area");
    return area;
}

double planarLength(GeometryRef g)
{
    if (g.column->isEmpty(g.index))
        return 0;
    const detail::GeosGeometryPtr geos = detail::toGeos(g);
    double length = 0;
    if (!GEOSLength_r(geosContext(), geos.get(), &length))
        detail::throwGeosError("length");
    return length;
}

} // namespace gis
