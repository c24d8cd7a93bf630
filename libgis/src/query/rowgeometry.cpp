#include "rowgeometry.h"

#include "gis/core/error.h"

namespace gis::detail {

bool wellFormed(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        const GeometryType type = col.partType(p);
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            const std::size_t c0 = col.coordBegin(r), n = col.coordEnd(r) - c0;
            if (n == 0)
                continue;
            if (type == GeometryType::LineString && n < 2)
                return false;
            if (type == GeometryType::Polygon && (n < 3 || !(col.coord(c0) == col.coord(c0 + n - 1))))
                return false;
        }
    }
    return true;
}

GeosGeometryPtr rowToGeos(GeometryRef g)
{
    if (g.column->isNull(g.index))
        return nullptr;
    if (const Coord* p = singlePoint(g); p && !g.column->hasZ())
        return checkGeos(GEOSGeom_createPointFromXY_r(geosContext(), p->x, p->y), "point");
    try {
        return toGeos(g);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Geometry)
            throw;
        return nullptr;
    }
}

} // namespace gis::detail
