#pragma once

// Exact distances on the WGS 84 ellipsoid between lon/lat geometries (the bounds that prune them are in
// geodesicbounds.h). Private to the query module.
//
// Model: a LineString or a ring is a chain of geodesic segments between its vertices (the shortest path on the
// ellipsoid, as geodesic::distance measures it); a Polygon's interior is decided in the plane of lon/lat degrees
// (as GEOS and the predicates decide it). The two agree except within the tiny bulge of a long edge (about
// 1 cm for a 1 km edge, 80 m for a 100 km edge at 23°N), which is the price of staying consistent with the
// predicates. Coordinates must be finite; a segment may not span more than 180° of longitude (see
// latitudeBulge()).
//
// All functions are thread-safe (no shared state) and return metres.

#include <cstddef>
#include <vector>

#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

/// A geodesic segment from `a` to `b` as a curve t -> pointAt(t), 0 <= t <= length() metres.
class GeodesicSegment {
public:
    GeodesicSegment(Coord a, Coord b);

    double length() const { return m_length; }
    /// Azimuth at `a` in degrees clockwise from north (0 for a degenerate segment).
    double azimuth() const { return m_azimuth; }
    Coord pointAt(double t) const;
    /// Geodesic distance from `p` to the closest point of the segment, accurate to well under a millimetre
    /// for segments shorter than a few thousand kilometres (the distance along such a segment is unimodal).
    double distanceTo(Coord p) const;

private:
    Coord m_a;
    Coord m_b;
    double m_length = 0;
    double m_azimuth = 0;
};

/// What distances to a geometry are measured to: its geodesic segments, and its single points as degenerate
/// segments (a == b). `lengthBound` is an upper bound of the segment's length.
struct GeodesicPiece {
    Coord a, b;
    double lengthBound;
};
std::vector<GeodesicPiece> geodesicPieces(GeometryRef g);
/// Exact distance from `p` to one piece.
double pieceDistance(Coord p, const GeodesicPiece& piece);
/// Least distance from `p` to the pieces, or `best` when none is closer (stopAt as below).
double minimumDistance(Coord p, const std::vector<GeodesicPiece>& pieces, double best, double stopAt);

/// Distance from `p` to geometry `g` of a lon/lat column: 0 when a Polygon part contains `p` (in the lon/lat
/// plane as GEOS decides it, boundary included), otherwise the least distance to its points and geodesic
/// segments. Infinity for a null or empty geometry. stopAt >= 0 asks only "within stopAt?": the result is then <= stopAt exactly when the
/// distance is, and otherwise only known to exceed stopAt (cheap bounds answer most such questions without
/// an exact distance); stopAt < 0 asks for the exact distance.
double pointGeometryDistance(Coord p, GeometryRef g, double stopAt = -1);

/// Distance between two lon/lat geometries: 0 when they intersect (GEOS, in the lon/lat plane), otherwise the
/// least distance from a vertex of either to a point or segment of the other. Infinity when one is null or
/// empty. stopAt as in pointGeometryDistance(). Throws Error(Geometry) for what GEOS refuses.
double geometryDistance(GeometryRef a, GeometryRef b, double stopAt = -1);

} // namespace gis::detail
