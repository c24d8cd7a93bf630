#pragma once

#include <string_view>

#include "cql2cursor.h"
#include "cql2geometry.h"

namespace gis::detail {

/// Whether the cursor is at one of CQL2's spatial functions (S_INTERSECTS( ... S_EQUALS().
bool atCql2SpatialFunction(const Cql2Cursor& c);

/// Parses the spatial function at the cursor, e.g. S_INTERSECTS(geometry, POLYGON((...))), into the engine's
/// predicate call intersects($geometry, geom_from_wkt('<the literal in the layer's CRS>')) (exprspatial.h).
/// Geometry literals (WKT or BBOX) are read through `geometries`; fails with columns through the cursor.
NodePtr parseCql2Spatial(Cql2Cursor& c, const Layer& layer, Cql2GeometryReader& geometries);

} // namespace gis::detail
