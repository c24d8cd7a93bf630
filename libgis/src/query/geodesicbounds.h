#pragma once

// Bounds that let an R-tree over lon/lat boxes prune geodesic distances on WGS 84 (see geodesicdistance.h for
// the exact distances themselves). Private to the query module; thread-safe (no shared state).

#include <vector>

#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

/// Longitude difference folded into (-180, 180].
double wrapLongitude(double degrees);

/// a(1 - e²) of WGS 84, the smallest radius of curvature of the ellipsoid (along a meridian at the equator).
/// The ellipsoid's metric in geodetic coordinates, M(φ)²dφ² + N(φ)²cos²φ dλ², dominates the metric of a sphere
/// of this radius in the same coordinates (M >= a(1-e²), N >= a), so a path on the ellipsoid is never shorter
/// than the same path on that sphere: spherical distances with this radius are lower bounds of geodesic ones.
double lowerBoundRadius();
/// a / sqrt(1 - e²), the largest radius of curvature (at the poles): spherical distances with this radius are
/// upper bounds of geodesic ones, for the same reason.
double upperBoundRadius();

/// Central angle in radians between two lon/lat points on a sphere (haversine form: accurate for tiny angles).
double centralAngle(Coord a, Coord b);
/// A central angle as metres on the lower-bound (upper-bound) sphere, with a margin for rounding that keeps
/// the bound on its side of the geodesic distance.
double lowerBoundMetres(double angle);
double upperBoundMetres(double angle);

/// A lower bound of the geodesic distance from `p` to any point of the lon/lat box `box`: the exact distance
/// on the sphere of lowerBoundRadius() to the box (0 inside), less a rounding margin. Longitudes are compared
/// modulo 360°. Infinity for an empty box.
double boxLowerBound(Coord p, const Box& box);
/// The same between two boxes.
double boxBoxLowerBound(const Box& a, const Box& b);

/// How far (degrees of latitude) the geodesic segments of a geometry may leave the box of its vertices: the
/// segments' longitudes stay between their ends', but their latitude bulges poleward. Computed from the
/// largest longitude span of a segment; infinity when a segment spans more than 180° of longitude (it then
/// takes the short way across the antimeridian, outside the vertex box) or close enough to 180° to pass a pole.
double latitudeBulge(GeometryRef g);
/// The largest latitudeBulge() of all geometries of a column (0 for points only). One pass over the
/// coordinates, without trigonometry but for the result.
double latitudeBulge(const GeometryColumn& column);
/// A bound of the bulge of every geodesic segment with both ends in `box`, from the box's width alone (a
/// segment spans no more longitude than the box holding it; one taking the short way across the antimeridian
/// has ends more than 180° apart, so its box is too wide to bound it and the result is infinity). No scan of
/// the data: what lets a query bound an R-tree's nodes without looking at every segment first.
double boxBulge(const Box& box);
/// `box` grown by `bulge` degrees of latitude (clamped to the poles); a whole-world box for infinity.
Box growByBulge(const Box& box, double bulge);

/// Lon/lat boxes (longitudes possibly beyond ±180°, so that data on either convention is found) that together
/// cover every point within `metres` of any point of `box`. `latitudeSlack` (degrees) widens the latitude
/// range on top, for geodesic bulges.
std::vector<Box> distanceSearchBoxes(const Box& box, double metres, double latitudeSlack);

} // namespace gis::detail
