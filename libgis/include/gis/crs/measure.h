#pragma once

#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// Measures of one geometry, for the expression language ($area, $length, $perimeter) and the map tools.
///
/// `geodesic` true: coordinates are longitude/latitude degrees on WGS 84 and results are square metres and
/// metres along geodesics (Karney's algorithms, see gis/crs/geodesic.h). `geodesic` false: coordinates are
/// planar and results are in the CRS's units (squared), as the shoelace formula and straight segments give.
/// A null or empty geometry measures 0. Thread-safe: no shared state.

/// Area of the Polygon parts: each part's exterior ring minus its holes. Points and lines have no area.
double geometryArea(GeometryRef g, bool geodesic);

/// Length of the LineString parts only: a polygon's boundary is its perimeter, not its length (as in QGIS).
double geometryLength(GeometryRef g, bool geodesic);

/// Sum of the perimeters of every ring (exteriors and holes) of the Polygon parts.
double geometryPerimeter(GeometryRef g, bool geodesic);

} // namespace gis

GIS_API_END
