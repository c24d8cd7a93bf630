#include "geodesicbounds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace gis::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDegree = std::numbers::pi / 180;
constexpr double kA = 6378137.0;
constexpr double kF = 1 / 298.257223563;
constexpr double kE2 = kF * (2 - kF);

// Spherical results are rounded; a bound must stay on its side of the exact value.
constexpr double kRelativeMargin = 1e-12;
constexpr double kAbsoluteMargin = 1e-9; // metres

// How far east of `from` `to` lies, in [0, 360).
double east360(double from, double to)
{
    const double d = std::fmod(to - from, 360.0);
    return d < 0 ? d + 360 : d;
}

// Central angle from latitudes (radians) and the longitude difference (radians).
double haversine(double lat1, double lat2, double dlon)
{
    const double sLat = std::sin((lat2 - lat1) / 2), sLon = std::sin(dlon / 2);
    const double h = sLat * sLat + std::cos(lat1) * std::cos(lat2) * sLon * sLon;
    return 2 * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

} // namespace

double wrapLongitude(double degrees)
{
    degrees = std::remainder(degrees, 360.0);
    return degrees == -180 ? 180 : degrees;
}

double lowerBoundRadius()
{
    return kA * (1 - kE2);
}

double upperBoundRadius()
{
    static const double radius = kA / std::sqrt(1 - kE2);
    return radius;
}

double centralAngle(Coord a, Coord b)
{
    return haversine(a.y * kDegree, b.y * kDegree, wrapLongitude(b.x - a.x) * kDegree);
}

double lowerBoundMetres(double angle)
{
    return std::max(0.0, angle * lowerBoundRadius() * (1 - kRelativeMargin) - kAbsoluteMargin);
}

double upperBoundMetres(double angle)
{
    return angle * upperBoundRadius() * (1 + kRelativeMargin) + kAbsoluteMargin;
}

double boxLowerBound(Coord p, const Box& box)
{
    if (box.isEmpty())
        return kInf;
    const double lat = std::clamp(p.y, -90.0, 90.0) * kDegree;
    const double south = std::clamp(box.minY, -90.0, 90.0) * kDegree, north = std::clamp(box.maxY, -90.0, 90.0) * kDegree;
    const double toWest = std::fabs(wrapLongitude(box.minX - p.x)), toEast = std::fabs(wrapLongitude(box.maxX - p.x));
    const bool insideLongitudes = box.maxX - box.minX >= 360 || east360(box.minX, p.x) <= box.maxX - box.minX;
    if (insideLongitudes)
        return lowerBoundMetres(std::fabs(lat - std::clamp(lat, south, north)));
    // Outside the longitudes the closest point lies on the nearer edge meridian (a parallel's closest point to
    // anything outside its longitudes is an end). Along that meridian cos(distance) = K cos(φ - φ0), K > 0,
    // with φ0 the foot below: within 90° of longitude φ0 is a latitude and the clamped foot is the closest
    // point; beyond, φ0 lies past a pole and the maximum over [south, north] is at the clamped foot or an end.
    const double dlon = std::min(toWest, toEast) * kDegree;
    const double foot = std::atan2(std::sin(lat), std::cos(lat) * std::cos(dlon));
    double angle = haversine(lat, std::clamp(foot, south, north), dlon);
    if (std::cos(dlon) < 0)
        angle = std::min({angle, haversine(lat, south, dlon), haversine(lat, north, dlon)});
    return lowerBoundMetres(angle);
}

double boxBoxLowerBound(const Box& a, const Box& b)
{
    if (a.isEmpty() || b.isEmpty())
        return kInf;
    const auto overlapsInLongitude = [](const Box& x, const Box& y) {
        if (x.maxX - x.minX >= 360 || y.maxX - y.minX >= 360)
            return true;
        // On the circle of longitudes: y starts within x, or x starts within y.
        const double start = east360(x.minX, y.minX);
        return start <= x.maxX - x.minX || start >= 360 - (y.maxX - y.minX);
    };
    if (overlapsInLongitude(a, b)) {
        // On a common meridian only the latitudes separate them, and no path is shorter than R dφ.
        const double gap = std::max({0.0, b.minY - a.maxY, a.minY - b.maxY});
        return lowerBoundMetres(gap * kDegree);
    }
    // Apart in longitude, the closest pair lies on facing edge meridians, and one of the two points is a
    // corner (the only inner critical point of the distance between two meridians is a saddle on the equator).
    double best = kInf;
    for (const auto& [corners, other] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
        for (double x : {corners->minX, corners->maxX}) {
            for (double y : {corners->minY, corners->maxY})
                best = std::min(best, boxLowerBound({x, y}, *other));
        }
    }
    return best;
}

namespace {

// The largest longitude span of a segment of g (its points have none).
double longitudeSpan(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    double span = 0;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        if (col.partType(p) == GeometryType::Point)
            continue;
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            const std::size_t c0 = col.coordBegin(r), c1 = col.coordEnd(r);
            for (std::size_t c = c0 + 1; c < c1; ++c)
                span = std::max(span, std::fabs(col.coord(c).x - col.coord(c - 1).x));
            if (col.partType(p) == GeometryType::Polygon && c1 - c0 > 2) // a ring left open closes itself
                span = std::max(span, std::fabs(col.coord(c1 - 1).x - col.coord(c0).x));
        }
    }
    return span;
}

double bulgeForSpan(double span)
{
    if (span == 0)
        return 0;
    // On the auxiliary sphere a geodesic is a great circle; one spanning δ of longitude rises above its
    // higher end by at most atan((1 - c) / (2 sqrt c)), c = cos(δ/2), whatever the latitudes (the vertex is
    // within δ/2 of an end, where tan β >= c tan β_vertex). The auxiliary longitude span exceeds the
    // geodetic one by less than 1/(1 - f) and dφ/dβ <= 1/(1 - f): 1.01 and 1.02 cover both with room to spare.
    const double delta = 1.01 * span * kDegree;
    if (span > 180 || delta >= 0.99 * std::numbers::pi)
        return kInf;
    const double c = std::cos(delta / 2);
    return 1.02 * std::atan((1 - c) / (2 * std::sqrt(c))) / kDegree + 1e-12;
}

} // namespace

double latitudeBulge(GeometryRef g)
{
    return bulgeForSpan(longitudeSpan(g));
}

double latitudeBulge(const GeometryColumn& column)
{
    if (column.isPointsOnly())
        return 0;
    double span = 0;
    for (std::size_t i = 0; i < column.size() && span <= 180; ++i)
        span = std::max(span, longitudeSpan(GeometryRef{&column, i}));
    return bulgeForSpan(span);
}

double boxBulge(const Box& box)
{
    return box.isEmpty() ? 0 : bulgeForSpan(box.maxX - box.minX);
}

Box growByBulge(const Box& box, double bulge)
{
    if (box.isEmpty() || bulge == 0)
        return box;
    if (!(bulge < kInf))
        return {-180, -90, 180, 90};
    return {box.minX, std::max(-90.0, box.minY - bulge), box.maxX, std::min(90.0, box.maxY + bulge)};
}

std::vector<Box> distanceSearchBoxes(const Box& box, double metres, double latitudeSlack)
{
    if (box.isEmpty())
        return {};
    // Within `metres` on the ellipsoid means within angle θ on the lower-bound sphere.
    const double theta = metres / lowerBoundRadius() * (1 + 1e-9) + 1e-15;
    const double thetaDeg = theta / kDegree;
    const double south = box.minY - latitudeSlack - thetaDeg, north = box.maxY + latitudeSlack + thetaDeg;
    // From a point at latitude φ, a spherical cap of radius θ spans asin(sin θ / cos φ) of longitude either
    // way, unless it holds a pole. The highest latitude the query's own geodesics reach is the worst case.
    const double highest = std::min(90.0, std::max(std::fabs(box.minY), std::fabs(box.maxY)) + latitudeSlack) * kDegree;
    double spread = 360;
    if (theta < std::numbers::pi / 2 - highest)
        spread = std::asin(std::min(1.0, std::sin(theta) / std::cos(highest))) / kDegree * (1 + 1e-9) + 1e-12;
    const double west = box.minX - spread, east = box.maxX + spread;
    if (east - west >= 360)
        return {Box(-540, south, 540, north)};
    return {Box(west, south, east, north), Box(west - 360, south, east - 360, north), Box(west + 360, south, east + 360, north)};
}

} // namespace gis::detail
