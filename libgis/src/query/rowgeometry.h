#pragma once

// Small helpers shared by the spatial query files: what a row's geometry is, and its GEOS copy.

#include "geom/geosbridge.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

inline bool isNullOrEmpty(GeometryRef g)
{
    return g.column->isNull(g.index) || g.column->isEmpty(g.index);
}

/// The coordinate of a geometry made of one Point part, or nullptr.
inline const Coord* singlePoint(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    const std::size_t p = col.partBegin(g.index);
    if (col.partEnd(g.index) - p != 1 || col.partType(p) != GeometryType::Point)
        return nullptr;
    return &col.coord(col.coordBegin(col.ringBegin(p)));
}

/// False for what GEOS would refuse to build: a LineString of one point, a ring that is not closed or has
/// fewer than 3 points. Cheap (no GEOS): the distance code, which measures rows itself, skips such rows as the
/// GEOS paths do.
bool wellFormed(GeometryRef g);

/// A GEOS copy of a row's geometry, or null when GEOS refuses it (a ring that is not closed, too short):
/// such a row matches nothing rather than failing the whole query. Points take a shortcut.
GeosGeometryPtr rowToGeos(GeometryRef g);

} // namespace gis::detail
