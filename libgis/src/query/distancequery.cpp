#include "distancequery.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "geodesicbounds.h"
#include "geodesicdistance.h"
#include "geodesicshape.h"
#include "rowgeometry.h"

namespace gis::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double planarBoxDistance(const Box& a, const Box& b)
{
    const double dx = std::max({0.0, b.minX - a.maxX, a.minX - b.maxX});
    const double dy = std::max({0.0, b.minY - a.maxY, a.minY - b.maxY});
    return std::sqrt(dx * dx + dy * dy);
}

} // namespace

bool isGeodesic(const Layer& layer)
{
    return layer.crs().isValid() && layer.crs().isGeographic();
}

void checkQueryGeometry(GeometryRef query, const char* what)
{
    if (query.column == nullptr || query.index >= query.column->size() || query.column->isNull(query.index))
        throw Error(ErrorCode::Geometry, std::string(what) + ": the query geometry is null");
    if (!query.column->isFinite(query.index))
        throw Error(ErrorCode::Geometry, std::string(what) + ": the query geometry has a NaN or infinite coordinate");
}

DistanceQuery::DistanceQuery(const Layer& layer, GeometryRef query, double layerBulge)
    : m_layer(layer), m_geodesic(isGeodesic(layer))
{
    const Coord* point = singlePoint(query);
    m_isPoint = point != nullptr;
    if (m_isPoint)
        m_point = *point;
    if (m_geodesic) {
        m_layerBulge = layer.geometries().isPointsOnly() ? 0 : layerBulge;
        if (m_isPoint) {
            m_box = Box(m_point.x, m_point.y, m_point.x, m_point.y);
        } else {
            m_shape = std::make_unique<GeodesicShape>(query);
            m_box = m_shape->box();
        }
    } else {
        m_box = query.bounds();
        if (!query.column->isEmpty(query.index)) {
            m_geos = toGeos(query);
            m_prepared = prepareGeos(m_geos.get());
        }
    }
}

DistanceQuery::~DistanceQuery() = default;

double DistanceQuery::toRow(std::size_t row, double stopAt) const
{
    const GeometryRef g = m_layer.geometry(row);
    if (isNullOrEmpty(g) || m_box.isEmpty())
        return kInf;
    const Coord* rowPoint = singlePoint(g);
    if (!rowPoint && !wellFormed(g))
        return kInf;
    if (m_geodesic) {
        if (m_isPoint)
            return pointGeometryDistance(m_point, g, stopAt);
        if (rowPoint)
            return m_shape->distanceTo(*rowPoint, stopAt);
        try {
            return m_shape->distanceTo(g, stopAt);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::Geometry)
                throw;
            return kInf; // GEOS refuses the row: it matches nothing (see rowToGeos())
        }
    }
    if (m_isPoint && rowPoint) {
        // GEOS's own formula for two points: results agree with GEOSDistance to the last bit.
        const double dx = m_point.x - rowPoint->x, dy = m_point.y - rowPoint->y;
        return std::sqrt(dx * dx + dy * dy);
    }
    const GeosGeometryPtr rowGeos = rowToGeos(g);
    if (!rowGeos)
        return kInf;
    double d = 0;
    if (!GEOSPreparedDistance_r(geosContext(), m_prepared.get(), rowGeos.get(), &d))
        throwGeosError("distance");
    return d;
}

bool DistanceQuery::within(std::size_t row, double distance) const
{
    if (m_box.isEmpty())
        return false;
    if (m_geodesic || m_isPoint)
        return toRow(row, distance) <= distance;
    const GeosGeometryPtr rowGeos = rowToGeos(m_layer.geometry(row));
    if (!rowGeos)
        return false;
    const char hit = GEOSPreparedDistanceWithin_r(geosContext(), m_prepared.get(), rowGeos.get(), distance);
    if (hit == 2)
        throwGeosError("distance within");
    return hit == 1;
}

double DistanceQuery::lowerBound(const Box& box) const
{
    if (!m_geodesic)
        return planarBoxDistance(m_box, box);
    // A box's own width bounds the bulge of the segments inside it; the layer's largest bulge, when known,
    // may be tighter for wide boxes.
    const double bulge = std::isnan(m_layerBulge) ? boxBulge(box) : std::min(m_layerBulge, boxBulge(box));
    const Box grown = growByBulge(box, bulge);
    return m_isPoint ? boxLowerBound(m_point, grown) : boxBoxLowerBound(m_box, grown);
}

std::vector<std::uint32_t> DistanceQuery::candidates(double distance)
{
    std::vector<std::uint32_t> rows;
    if (m_box.isEmpty())
        return rows;
    if (m_geodesic) {
        if (std::isnan(m_layerBulge))
            m_layerBulge = latitudeBulge(m_layer.geometries());
        for (const Box& b : distanceSearchBoxes(m_box, distance, m_layerBulge)) {
            const std::vector<std::uint32_t> found = m_layer.index().search(b);
            rows.insert(rows.end(), found.begin(), found.end());
        }
    } else {
        rows = m_layer.index().search(
            Box(m_box.minX - distance, m_box.minY - distance, m_box.maxX + distance, m_box.maxY + distance));
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

std::vector<std::pair<std::uint32_t, double>> DistanceQuery::nearest(std::size_t k, double maxDistance,
    const std::function<bool(std::uint32_t)>& keep) const
{
    if (m_box.isEmpty())
        return {};
    const Coord c = m_box.center();
    return m_layer.index().neighbors(c.x, c.y, k, maxDistance,
        [this, &keep](std::uint32_t row) {
            // NaN drops a row: one the caller does not keep, or one the tree holds but that has nothing to
            // measure (GEOS refused it). Dropping never reorders the rest, so the kept rows come in the
            // unfiltered order.
            if (keep && !keep(row))
                return std::numeric_limits<double>::quiet_NaN();
            const double d = toRow(row);
            return d < kInf ? d : std::numeric_limits<double>::quiet_NaN();
        },
        [this](const Box& b) { return lowerBound(b); });
}

} // namespace gis::detail
