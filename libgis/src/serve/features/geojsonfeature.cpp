#include "geojsonfeature.h"

#include <cmath>
#include <string>

#include "gis/data/layer.h"

namespace gis::detail {
namespace {

std::string_view geoJsonType(GeometryType type)
{
    switch (type) {
    case GeometryType::Point: return "Point";
    case GeometryType::LineString: return "LineString";
    case GeometryType::Polygon: return "Polygon";
    case GeometryType::MultiPoint: return "MultiPoint";
    case GeometryType::MultiLineString: return "MultiLineString";
    case GeometryType::MultiPolygon: return "MultiPolygon";
    case GeometryType::GeometryCollection: return "GeometryCollection";
    case GeometryType::Unknown: break;
    }
    return "";
}

class Coordinates {
public:
    Coordinates(const GeometryColumn& column, bool swap) : m_column(column), m_swap(swap) {}

    OJson position(std::size_t c) const
    {
        const Coord& p = m_column.coord(c);
        return m_swap ? OJson::array({p.y, p.x}) : OJson::array({p.x, p.y});
    }
    OJson ring(std::size_t r) const
    {
        OJson out = OJson::array();
        for (std::size_t c = m_column.coordBegin(r); c < m_column.coordEnd(r); ++c)
            out.push_back(position(c));
        return out;
    }
    // A part's coordinates as GeoJSON nests them: a position, a line's positions, a polygon's rings.
    OJson part(std::size_t p) const
    {
        switch (m_column.partType(p)) {
        case GeometryType::Point: return position(m_column.coordBegin(m_column.ringBegin(p)));
        case GeometryType::LineString: return ring(m_column.ringBegin(p));
        default: {
            OJson rings = OJson::array();
            for (std::size_t r = m_column.ringBegin(p); r < m_column.ringEnd(p); ++r)
                rings.push_back(ring(r));
            return rings;
        }
        }
    }
    OJson geometry(std::size_t i) const
    {
        const GeometryType type = m_column.type(i);
        if (type == GeometryType::Unknown)
            return nullptr;
        OJson out = OJson::object();
        out["type"] = geoJsonType(type);
        const std::size_t first = m_column.partBegin(i);
        const std::size_t last = m_column.partEnd(i);
        if (type == GeometryType::GeometryCollection) {
            OJson members = OJson::array();
            for (std::size_t p = first; p < last; ++p)
                members.push_back({{"type", geoJsonType(m_column.partType(p))}, {"coordinates", part(p)}});
            out["geometries"] = std::move(members);
        } else if (type == GeometryType::Point || type == GeometryType::LineString || type == GeometryType::Polygon) {
            out["coordinates"] = first == last ? OJson::array() : part(first);
        } else {
            OJson members = OJson::array();
            for (std::size_t p = first; p < last; ++p)
                members.push_back(part(p));
            out["coordinates"] = std::move(members);
        }
        return out;
    }

private:
    const GeometryColumn& m_column;
    bool m_swap;
};

OJson attributeValue(const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row))
        return nullptr;
    switch (column.type()) {
    case FieldType::Integer: return column.integer(row);
    case FieldType::Real: {
        const double v = column.real(row);
        return std::isfinite(v) ? OJson(v) : OJson(nullptr);
    }
    case FieldType::Boolean: return column.integer(row) != 0;
    case FieldType::String: return std::string(column.string(row));
    case FieldType::Date:
    case FieldType::DateTime:
    case FieldType::Binary: return column.toString(row);
    }
    return nullptr;
}

} // namespace

GeoJsonFeatureWriter::GeoJsonFeatureWriter(const Layer& layer, const CrsOffer& layerCrs, const CrsOffer& target)
    : m_layer(layer), m_transformer(nullptr), m_swap(target.latLon)
{
    if (layerCrs.key != target.key) {
        const Transformer& t = cachedTransformer(layerCrs, target);
        if (!t.isIdentity())
            m_transformer = &t;
    }
}

OJson GeoJsonFeatureWriter::geometry(std::size_t row) const
{
    if (!m_transformer)
        return Coordinates(m_layer.geometries(), m_swap).geometry(row);
    const Geometry moved = m_transformer->transform(m_layer.geometry(row));
    return Coordinates(moved.column(), m_swap).geometry(0);
}

OJson GeoJsonFeatureWriter::feature(std::size_t row) const
{
    OJson out = OJson::object();
    out["type"] = "Feature";
    out["id"] = m_layer.fid(row);
    out["geometry"] = geometry(row);
    OJson properties = OJson::object();
    for (const AttributeColumn& column : m_layer.attributes().columns())
        properties[column.name()] = attributeValue(column, row);
    out["properties"] = std::move(properties);
    return out;
}

} // namespace gis::detail
