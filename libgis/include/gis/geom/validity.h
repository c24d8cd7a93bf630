#pragma once

#include <optional>
#include <string>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// Whether a geometry is valid in the OGC sense (GEOS's IsValidOp) and, if not, why and where.
struct Validity {
    bool valid = true;
    std::string reason;            ///< GEOS's reason ("Self-intersection", "Ring Self-intersection", ...); empty when valid
    std::optional<Coord> location; ///< where the problem is, when GEOS can tell
};

// All functions below run GEOS on the calling thread's own GEOS context and may be called from any thread.

/// Validity of g. A null geometry is invalid ("null geometry"); an empty one is valid. A geometry GEOS cannot
/// even build (a polygon ring that is not closed or has fewer than 4 points) is invalid with GEOS's message
/// as the reason. Never throws for a bad geometry.
Validity checkValidity(GeometryRef g);

/// A valid version of g (GEOSMakeValidWithParams): polygonal geometries are repaired with the "structure"
/// method, which keeps every area a ring encloses (a bow-tie becomes a MultiPolygon of its two triangles) and
/// drops collapsed parts; other geometries with the "linework" method, which keeps all their lines and points.
/// The result may be of another type than g (a collapsed polygon becomes empty). A null geometry gives a null
/// geometry. Throws Error(Geometry) when GEOS fails or cannot build g.
Geometry makeValid(GeometryRef g);

/// Area in the units of the coordinates, squared (holes subtracted; 0 for points, lines, null and empty).
/// Throws Error(Geometry) when GEOS cannot build g.
double planarArea(GeometryRef g);
/// Length in coordinate units: line lengths plus polygon ring perimeters; 0 for points, null and empty.
double planarLength(GeometryRef g);

} // namespace gis

GIS_API_END
