#include "cql2geometry.h"

#include <utility>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/geom/wkt.h"

namespace gis::detail {

namespace {

bool isLatitudeFirst(const Crs& crs)
{
    // EPSG defines every geographic 2D CRS latitude first; OGC:CRS84 is the longitude-first twin of EPSG:4326.
    return crs.isValid() && crs.isGeographic() && crs.authorityCode().rfind("EPSG:", 0) == 0;
}

} // namespace

Cql2GeometryReader::Cql2GeometryReader(const Crs& filterCrs, const Crs& layerCrs)
    : m_filterCrs(filterCrs), m_layerCrs(layerCrs), m_latitudeFirst(isLatitudeFirst(filterCrs))
{
}

Cql2GeometryReader::~Cql2GeometryReader() = default;

Geometry Cql2GeometryReader::fromWkt(std::string_view wkt)
{
    GeometryColumn column;
    appendWkt(column, wkt);
    return place(std::move(column));
}

Geometry Cql2GeometryReader::fromBox(double a, double b, double c, double d)
{
    GeometryColumn column;
    column.beginGeometry(GeometryType::Polygon);
    column.beginPart(GeometryType::Polygon);
    column.beginRing();
    column.addCoord(a, b);
    column.addCoord(c, b);
    column.addCoord(c, d);
    column.addCoord(a, d);
    column.addCoord(a, b);
    column.endGeometry();
    return place(std::move(column));
}

Geometry Cql2GeometryReader::place(GeometryColumn column)
{
    Coord* coords = column.mutableCoords();
    if (m_latitudeFirst)
        for (std::size_t i = 0; i < column.coordCount(); ++i)
            std::swap(coords[i].x, coords[i].y);
    if (!m_layerCrs.isValid() || !m_filterCrs.isValid())
        return Geometry(std::move(column));
    if (!m_transformer)
        m_transformer = std::make_unique<Transformer>(m_filterCrs, m_layerCrs);
    if (!m_transformer->isIdentity())
        m_transformer->transform(coords, column.coordCount());
    if (!column.isFinite(0))
        throw Error(ErrorCode::Crs, "a coordinate cannot be transformed from " + m_filterCrs.name() + " to " +
                                        m_layerCrs.name());
    return Geometry(std::move(column));
}

} // namespace gis::detail
