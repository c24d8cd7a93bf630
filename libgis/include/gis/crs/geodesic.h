#pragma once

#include <cstddef>

#include "gis/core/box.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Geodesic computations on the WGS 84 ellipsoid (Karney's algorithms, as in GeographicLib and PROJ).
/// Inputs are longitude/latitude degrees. Thread-safe: no shared state.
namespace geodesic {

/// Distance in metres along the shortest path between two points.
double distance(double lon1, double lat1, double lon2, double lat2);
double distance(const Coord& a, const Coord& b);

/// Length in metres of the polyline through `count` points.
double length(const Coord* points, std::size_t count);

/// Area in square metres enclosed by the ring of `count` points (closed or not), always positive.
double ringArea(const Coord* ring, std::size_t count);
/// Perimeter in metres of the ring (closing it if needed).
double ringPerimeter(const Coord* ring, std::size_t count);

/// The point reached from (lon, lat) after `metres` on `azimuthDegrees` (clockwise from north).
Coord destination(double lon, double lat, double azimuthDegrees, double metres);

} // namespace geodesic
} // namespace gis

GIS_API_END
