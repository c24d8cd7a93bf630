#include "gis/crs/measure.h"

#include <cmath>
#include <cstddef>

#include "gis/crs/geodesic.h"

namespace gis {

namespace {

// Shoelace formula relative to the first vertex: with UTM northings of millions of metres the plain sum
// multiplies large numbers whose differences are what matters, and loses digits to cancellation.
double planarRingArea(const Coord* ring, std::size_t count)
{
    if (count < 3)
        return 0;
    const Coord origin = ring[0];
    double twice = 0;
    for (std::size_t i = 1; i + 1 < count; ++i) {
        const double x1 = ring[i].x - origin.x, y1 = ring[i].y - origin.y;
        const double x2 = ring[i + 1].x - origin.x, y2 = ring[i + 1].y - origin.y;
        twice += x1 * y2 - x2 * y1;
    }
    return std::fabs(twice) / 2;
}

double planarPathLength(const Coord* points, std::size_t count)
{
    double sum = 0;
    for (std::size_t i = 1; i < count; ++i)
        sum += std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    return sum;
}

// A ring may be stored open; its perimeter still includes the closing segment.
double planarRingPerimeter(const Coord* ring, std::size_t count)
{
    if (count < 2)
        return 0;
    double sum = planarPathLength(ring, count);
    if (!(ring[0] == ring[count - 1]))
        sum += std::hypot(ring[0].x - ring[count - 1].x, ring[0].y - ring[count - 1].y);
    return sum;
}

template <class RingFn>
double sumOverParts(GeometryRef g, GeometryType partType, RingFn&& perRing)
{
    const GeometryColumn& col = *g.column;
    if (col.isNull(g.index))
        return 0;
    double total = 0;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        if (col.partType(p) != partType)
            continue;
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            const std::size_t begin = col.coordBegin(r);
            total += perRing(col.coords() + begin, col.coordEnd(r) - begin, r == col.ringBegin(p));
        }
    }
    return total;
}

} // namespace

double geometryArea(GeometryRef g, bool geodesic)
{
    return sumOverParts(g, GeometryType::Polygon, [geodesic](const Coord* ring, std::size_t n, bool exterior) {
        const double a = geodesic ? geodesic::ringArea(ring, n) : planarRingArea(ring, n);
        return exterior ? a : -a;
    });
}

double geometryLength(GeometryRef g, bool geodesic)
{
    return sumOverParts(g, GeometryType::LineString, [geodesic](const Coord* line, std::size_t n, bool) {
        return geodesic ? geodesic::length(line, n) : planarPathLength(line, n);
    });
}

double geometryPerimeter(GeometryRef g, bool geodesic)
{
    return sumOverParts(g, GeometryType::Polygon, [geodesic](const Coord* ring, std::size_t n, bool) {
        return geodesic ? geodesic::ringPerimeter(ring, n) : planarRingPerimeter(ring, n);
    });
}

} // namespace gis
