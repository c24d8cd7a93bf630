#include "geodesicshape.h"

#include <algorithm>
#include <limits>

#include "gis/crs/geodesic.h"
#include "rowgeometry.h"

namespace gis::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

PackedRTree pieceTree(const std::vector<GeodesicPiece>& pieces)
{
    PackedRTree tree(pieces.size());
    for (const GeodesicPiece& s : pieces)
        tree.add(Box(std::min(s.a.x, s.b.x), std::min(s.a.y, s.b.y), std::max(s.a.x, s.b.x), std::max(s.a.y, s.b.y)));
    tree.finish();
    return tree;
}

} // namespace

GeodesicShape::GeodesicShape(GeometryRef g)
    : m_pieces(isNullOrEmpty(g) ? std::vector<GeodesicPiece>{} : geodesicPieces(g))
    , m_tree(pieceTree(m_pieces))
    , m_bulge(isNullOrEmpty(g) ? 0 : latitudeBulge(g))
    , m_box(growByBulge(g.bounds(), m_bulge))
    , m_polygons(g)
{
    if (!isNullOrEmpty(g)) {
        m_geos = toGeos(g);
        m_prepared = prepareGeos(m_geos.get());
    }
}

Box GeodesicShape::pieceBox(std::uint32_t i) const
{
    const GeodesicPiece& s = m_pieces[i];
    return growByBulge(Box(std::min(s.a.x, s.b.x), std::min(s.a.y, s.b.y), std::max(s.a.x, s.b.x), std::max(s.a.y, s.b.y)),
        m_bulge);
}

double GeodesicShape::piecesDistance(Coord p, double stopAt) const
{
    if (stopAt < 0) {
        // Best-first over the segment tree: few exact segment distances.
        const auto found = m_tree.neighbors(p.x, p.y, 1, -1,
            [&](std::uint32_t i) { return pieceDistance(p, m_pieces[i]); },
            [&](const Box& b) { return boxLowerBound(p, growByBulge(b, m_bulge)); });
        return found.empty() ? kInf : found.front().second;
    }
    // "Within stopAt?": only the segments whose boxes come that close, a vertex's spherical upper bound
    // accepting at once, exact distances only for what the bounds leave open.
    std::vector<std::uint32_t> near;
    for (const Box& b : distanceSearchBoxes(Box(p.x, p.y, p.x, p.y), stopAt, m_bulge))
        m_tree.search(b, [&](std::uint32_t i) { near.push_back(i); return true; });
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    std::vector<GeodesicPiece> open;
    for (std::uint32_t i : near) {
        if (boxLowerBound(p, pieceBox(i)) <= stopAt)
            open.push_back(m_pieces[i]);
    }
    return minimumDistance(p, open, kInf, stopAt);
}

double GeodesicShape::distanceTo(Coord p, double stopAt) const
{
    if (m_pieces.empty())
        return kInf;
    if (m_polygons.hasPolygons()) {
        switch (m_polygons.locate(p)) {
        case Location::Interior:
        case Location::Boundary: return 0;
        case Location::Exterior: break;
        case Location::Unknown: {
            // Within rounding of an edge: let GEOS decide, as the predicates do.
            const GeosGeometryPtr point = checkGeos(GEOSGeom_createPointFromXY_r(geosContext(), p.x, p.y), "point");
            const char hit = GEOSPreparedIntersects_r(geosContext(), m_prepared.get(), point.get());
            if (hit == 2)
                throwGeosError("intersects");
            if (hit == 1)
                return 0;
            break;
        }
        }
    }
    return piecesDistance(p, stopAt);
}

double GeodesicShape::distanceTo(GeometryRef other, double stopAt) const
{
    if (m_pieces.empty() || isNullOrEmpty(other))
        return kInf;
    if (const Coord* p = singlePoint(other))
        return distanceTo(*p, stopAt);

    const GeosGeometryPtr otherGeos = toGeos(other);
    const char hit = GEOSPreparedIntersects_r(geosContext(), m_prepared.get(), otherGeos.get());
    if (hit == 2)
        throwGeosError("intersects");
    if (hit == 1)
        return 0;

    // They do not intersect, so the closest pair has a vertex on one side (see geometryDistance()).
    // The other geometry's vertices against this one's segment tree:
    const GeometryColumn& col = *other.column;
    double best = kInf;
    for (std::size_t p = col.partBegin(other.index); p < col.partEnd(other.index); ++p) {
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            for (std::size_t c = col.coordBegin(r); c < col.coordEnd(r); ++c) {
                best = std::min(best, piecesDistance(col.coord(c), stopAt));
                if (best <= stopAt)
                    return best;
            }
        }
    }
    // ... and this one's vertices near enough to the other geometry against its segments.
    const std::vector<GeodesicPiece> otherPieces = geodesicPieces(other);
    const Box otherBox = growByBulge(other.bounds(), latitudeBulge(other));
    std::vector<std::uint32_t> near;
    const double reach = stopAt < 0 ? best : std::min(best, stopAt);
    for (const Box& b : distanceSearchBoxes(otherBox, reach, 0)) {
        const std::vector<std::uint32_t> found = m_tree.search(b);
        near.insert(near.end(), found.begin(), found.end());
    }
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    for (std::uint32_t i : near) {
        for (Coord v : {m_pieces[i].a, m_pieces[i].b}) {
            best = minimumDistance(v, otherPieces, best, stopAt);
            if (best <= stopAt)
                return best;
        }
    }
    return best;
}

} // namespace gis::detail
