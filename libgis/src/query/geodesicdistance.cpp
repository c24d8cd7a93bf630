#include "geodesicdistance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "geom/geosbridge.h"
#include "gis/core/error.h"
#include "gis/crs/geodesic.h"
#include "geodesicbounds.h"
#include "polygonlocator.h"

namespace gis::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDegree = std::numbers::pi / 180;
constexpr double kF = 1 / 298.257223563; // WGS 84 flattening

// Initial bearing on the auxiliary sphere (reduced latitudes), where ellipsoidal geodesics are great circles
// up to a slight stretch of longitude: a close first guess of the geodesic azimuth, and a smooth map with
// nearly unit derivative to correct it by.
double auxiliaryBearing(Coord a, Coord b)
{
    const double b1 = std::atan2((1 - kF) * std::sin(a.y * kDegree), std::cos(a.y * kDegree));
    const double b2 = std::atan2((1 - kF) * std::sin(b.y * kDegree), std::cos(b.y * kDegree));
    const double dl = wrapLongitude(b.x - a.x) * kDegree;
    return std::atan2(std::sin(dl) * std::cos(b2), std::cos(b1) * std::sin(b2) - std::sin(b1) * std::cos(b2) * std::cos(dl))
        / kDegree;
}

/// Brent's minimisation without derivatives (Brent 1973, "fmin") of f over [lo, hi] to an absolute tolerance
/// `tol` in the argument. Returns the least value seen.
template <class F>
double brentMinimum(F&& f, double lo, double hi, double tol)
{
    const double golden = (3 - std::sqrt(5.0)) / 2;
    // A relative term far below Brent's usual sqrt(epsilon): the distance has a kink (|t - t*|) when the point
    // lies on the segment, where only the argument's accuracy bounds the value's.
    const double rel = 4 * std::numeric_limits<double>::epsilon();
    double x = lo + golden * (hi - lo), w = x, v = x;
    double fx = f(x), fw = fx, fv = fx;
    double d = 0, e = 0;
    for (int iteration = 0; iteration < 400; ++iteration) {
        const double xm = (lo + hi) / 2, tol1 = rel * std::fabs(x) + tol / 3, tol2 = 2 * tol1;
        if (std::fabs(x - xm) <= tol2 - (hi - lo) / 2)
            break;
        bool useGolden = true;
        if (std::fabs(e) > tol1) {
            double r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
            q = 2 * (q - r);
            if (q > 0)
                p = -p;
            q = std::fabs(q);
            const double eOld = e;
            e = d;
            if (std::fabs(p) < std::fabs(q * eOld / 2) && p > q * (lo - x) && p < q * (hi - x)) {
                d = p / q;
                const double u = x + d;
                if (u - lo < tol2 || hi - u < tol2)
                    d = std::copysign(tol1, xm - x);
                useGolden = false;
            }
        }
        if (useGolden) {
            e = (x >= xm ? lo : hi) - x;
            d = golden * e;
        }
        const double u = x + (std::fabs(d) >= tol1 ? d : std::copysign(tol1, d));
        const double fu = f(u);
        if (fu <= fx) {
            (u >= x ? lo : hi) = x;
            v = w, fv = fw, w = x, fw = fx, x = u, fx = fu;
        } else {
            (u < x ? lo : hi) = u;
            if (fu <= fw || w == x) {
                v = w, fv = fw, w = u, fw = fu;
            } else if (fu <= fv || v == x || v == w) {
                v = u, fv = fu;
            }
        }
    }
    return fx;
}

} // namespace

std::vector<GeodesicPiece> geodesicPieces(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    std::vector<GeodesicPiece> pieces;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        const bool polygon = col.partType(p) == GeometryType::Polygon;
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            const std::size_t c0 = col.coordBegin(r), c1 = col.coordEnd(r);
            if (c1 - c0 == 1) {
                pieces.push_back({col.coord(c0), col.coord(c0), 0});
                continue;
            }
            const auto add = [&](Coord a, Coord b) {
                pieces.push_back({a, b, upperBoundMetres(centralAngle(a, b))});
            };
            for (std::size_t c = c0 + 1; c < c1; ++c)
                add(col.coord(c - 1), col.coord(c));
            if (polygon && c1 - c0 > 2 && !(col.coord(c0) == col.coord(c1 - 1)))
                add(col.coord(c1 - 1), col.coord(c0));
        }
    }
    return pieces;
}

double pieceDistance(Coord p, const GeodesicPiece& piece)
{
    return piece.a == piece.b ? geodesic::distance(p, piece.a) : GeodesicSegment(piece.a, piece.b).distanceTo(p);
}

// Pieces are measured exactly in the order of a lower bound from the triangle inequality (every point of a
// segment is within t of a and L - t of b, so d(p, x) >= (d(p, a) + d(p, b) - L) / 2), and skipped once
// that bound reaches the best so far. Asked about stopAt, a vertex whose spherical upper bound is within it
// answers without any geodesic computation, and pieces beyond it are not measured.
double minimumDistance(Coord p, const std::vector<GeodesicPiece>& pieces, double best, double stopAt)
{
    struct Candidate {
        double bound;
        std::size_t piece;
    };
    const double reach = stopAt < 0 ? kInf : stopAt;
    std::vector<Candidate> order;
    order.reserve(pieces.size());
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const GeodesicPiece& s = pieces[i];
        const double angleA = centralAngle(p, s.a);
        if (stopAt >= 0 && upperBoundMetres(angleA) <= stopAt)
            return std::min(best, stopAt);
        const double da = lowerBoundMetres(angleA);
        const double db = s.a == s.b ? da : lowerBoundMetres(centralAngle(p, s.b));
        const double bound = std::max({0.0, (da + db - s.lengthBound) / 2});
        if (bound < best && bound <= reach)
            order.push_back({bound, i});
    }
    std::sort(order.begin(), order.end(), [](const Candidate& x, const Candidate& y) {
        return x.bound < y.bound || (x.bound == y.bound && x.piece < y.piece);
    });
    for (const Candidate& c : order) {
        if (c.bound >= best || best <= stopAt)
            break;
        best = std::min(best, pieceDistance(p, pieces[c.piece]));
    }
    return best;
}

namespace {

bool isSinglePoint(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    return col.partEnd(g.index) - col.partBegin(g.index) == 1 && col.partType(col.partBegin(g.index)) == GeometryType::Point;
}

Coord firstCoord(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    return col.coord(col.coordBegin(col.ringBegin(col.partBegin(g.index))));
}

bool hasPolygon(GeometryRef g)
{
    const GeometryColumn& col = *g.column;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        if (col.partType(p) == GeometryType::Polygon)
            return true;
    }
    return false;
}

} // namespace

GeodesicSegment::GeodesicSegment(Coord a, Coord b) : m_a(a), m_b(b), m_length(geodesic::distance(a, b))
{
    if (m_length == 0)
        return;
    // gis::geodesic gives no azimuths: solve destination(a, azimuth, length) == b for the azimuth, correcting
    // the guess by how far its end lands from b as seen on the auxiliary sphere. Each step gains about two
    // digits (the auxiliary sphere is off by O(f)); stop at the geodesic library's own accuracy.
    const double target = auxiliaryBearing(a, b);
    double azimuth = target, bestMiss = kInf;
    for (int iteration = 0; iteration < 40; ++iteration) {
        const Coord end = geodesic::destination(a.x, a.y, azimuth, m_length);
        const double miss = geodesic::distance(end, b);
        if (miss < bestMiss) {
            bestMiss = miss;
            m_azimuth = azimuth;
        }
        if (miss <= 1e-8)
            break;
        const double correction = wrapLongitude(target - auxiliaryBearing(a, end));
        if (correction == 0)
            break;
        azimuth = wrapLongitude(azimuth + correction);
    }
}

Coord GeodesicSegment::pointAt(double t) const
{
    if (t <= 0 || m_length == 0)
        return m_a;
    if (t >= m_length)
        return m_b;
    return geodesic::destination(m_a.x, m_a.y, m_azimuth, t);
}

double GeodesicSegment::distanceTo(Coord p) const
{
    const double da = geodesic::distance(p, m_a);
    if (m_length == 0)
        return da;
    const double db = geodesic::distance(p, m_b);
    const auto f = [&](double t) { return geodesic::distance(p, pointAt(t)); };
    // The distance along a segment falls to one minimum and rises again. When it already rises from an end,
    // that end is the closest point (to within the step, 0.1 mm, and the geodesic library's ~15 nm noise).
    const double step = std::min(1e-4, m_length / 4), noise = 2e-8;
    if (f(step) > da + noise || f(m_length - step) > db + noise)
        return std::min(da, db);
    // The closest point is inside. In the plane the squared distance along the line is a parabola of
    // curvature 2, and on the ellipsoid nearly so: Newton steps on it from symmetric differences (taken on
    // the geodesic extended past the ends if need be) converge in a few steps from the plane's foot of the
    // perpendicular. The differences' spacing follows the distance, keeping the geodesic library's noise
    // out of the step. Each value seen is a distance to a point of the segment, so the least is kept.
    const auto g = [&](double t) { return geodesic::distance(p, geodesic::destination(m_a.x, m_a.y, m_azimuth, t)); };
    double best = std::min(da, db);
    double t = std::clamp((da * da - db * db + m_length * m_length) / (2 * m_length), 0.0, m_length);
    for (int iteration = 0; iteration < 12; ++iteration) {
        const double spacing = std::clamp(1e-3 * best, 1e-3, 1e4);
        const double before = g(t - spacing), after = g(t + spacing);
        if (t - spacing >= 0)
            best = std::min(best, before);
        if (t + spacing <= m_length)
            best = std::min(best, after);
        const double move = -(after * after - before * before) / (4 * spacing);
        const double next = std::clamp(t + move, 0.0, m_length);
        const bool done = std::fabs(next - t) <= 1e-5 + 1e-10 * best;
        t = next;
        if (done)
            return std::min(best, f(t));
    }
    // Not settled (a segment so long that the distance along it is far from a parabola): bracket it.
    return std::min({best, f(t), brentMinimum(f, 0, m_length, 1e-6)});
}

double pointGeometryDistance(Coord p, GeometryRef g, double stopAt)
{
    if (g.column->isNull(g.index) || g.column->isEmpty(g.index))
        return kInf;
    if (isSinglePoint(g))
        return geodesic::distance(p, firstCoord(g));
    // Inside, on the boundary, or within rounding of it (Unknown): the distance is 0 as far as doubles tell.
    if (hasPolygon(g) && PolygonLocator::locateOnce(g, p) != Location::Exterior)
        return 0;
    return minimumDistance(p, geodesicPieces(g), kInf, stopAt);
}

double geometryDistance(GeometryRef a, GeometryRef b, double stopAt)
{
    for (GeometryRef g : {a, b}) {
        if (g.column->isNull(g.index) || g.column->isEmpty(g.index))
            return kInf;
    }
    if (isSinglePoint(a))
        return pointGeometryDistance(firstCoord(a), b, stopAt);
    if (isSinglePoint(b))
        return pointGeometryDistance(firstCoord(b), a, stopAt);

    const GeosGeometryPtr ga = toGeos(a), gb = toGeos(b);
    const char intersects = GEOSIntersects_r(geosContext(), ga.get(), gb.get());
    if (intersects == 2)
        throwGeosError("intersects");
    if (intersects == 1)
        return 0;

    // Between two curves that do not cross, the closest pair has an end of a segment on one side.
    const std::vector<GeodesicPiece> piecesA = geodesicPieces(a), piecesB = geodesicPieces(b);
    double best = kInf;
    for (const auto& [from, to] : {std::pair{&piecesA, &piecesB}, std::pair{&piecesB, &piecesA}}) {
        for (const GeodesicPiece& s : *from) {
            for (Coord v : {s.a, s.b}) {
                best = minimumDistance(v, *to, best, stopAt);
                if (best <= stopAt)
                    return best;
            }
        }
    }
    return best;
}

} // namespace gis::detail
