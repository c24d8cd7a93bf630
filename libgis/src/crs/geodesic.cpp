#include "gis/crs/geodesic.h"

#include <cmath>

#include <geodesic.h> // PROJ's C port of GeographicLib, not gis/crs/geodesic.h

namespace gis::geodesic {

namespace {

// geod_init does real work (series coefficients); do it once. The object is only read afterwards, which
// the C API allows from any number of threads.
const geod_geodesic& wgs84()
{
    static const geod_geodesic g = [] {
        geod_geodesic init{};
        geod_init(&init, 6378137.0, 1 / 298.257223563);
        return init;
    }();
    return g;
}

// A ring given closed (last point repeating the first) and the same ring open must measure the same.
std::size_t openCount(const Coord* ring, std::size_t count)
{
    return count > 1 && ring[0] == ring[count - 1] ? count - 1 : count;
}

struct AreaPerimeter {
    double area = 0;
    double perimeter = 0;
};

AreaPerimeter measureRing(const Coord* ring, std::size_t count)
{
    count = openCount(ring, count);
    if (count < 2)
        return {};
    geod_polygon polygon{};
    geod_polygon_init(&polygon, 0);
    for (std::size_t i = 0; i < count; ++i)
        geod_polygon_addpoint(&wgs84(), &polygon, ring[i].y, ring[i].x);
    AreaPerimeter result;
    // sign = 1: a clockwise ring gives a negative area, not "the rest of the earth".
    geod_polygon_compute(&wgs84(), &polygon, 0, 1, &result.area, &result.perimeter);
    result.area = std::fabs(result.area);
    return result;
}

} // namespace

double distance(double lon1, double lat1, double lon2, double lat2)
{
    double s12 = 0;
    geod_inverse(&wgs84(), lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

double distance(const Coord& a, const Coord& b)
{
    return distance(a.x, a.y, b.x, b.y);
}

double length(const Coord* points, std::size_t count)
{
    double total = 0;
    for (std::size_t i = 1; i < count; ++i)
        total += distance(points[i - 1], points[i]);
    return total;
}

double ringArea(const Coord* ring, std::size_t count)
{
    return measureRing(ring, count).area;
}

double ringPerimeter(const Coord* ring, std::size_t count)
{
    return measureRing(ring, count).perimeter;
}

Coord destination(double lon, double lat, double azimuthDegrees, double metres)
{
    double lat2 = 0, lon2 = 0;
    geod_direct(&wgs84(), lat, lon, azimuthDegrees, metres, &lat2, &lon2, nullptr);
    return {lon2, lat2};
}

} // namespace gis::geodesic
