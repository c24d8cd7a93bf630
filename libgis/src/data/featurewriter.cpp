#include "gis/data/featurewriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <ogr_api.h>

#include "gdalsupport.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"

namespace gis {

namespace {

void appendNumber(std::string& out, double v)
{
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendJsonString(std::string& out, std::string_view s)
{
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

void appendRing(std::string& out, const GeometryColumn& g, std::size_t r)
{
    out += '[';
    for (std::size_t c = g.coordBegin(r); c < g.coordEnd(r); ++c) {
        if (c != g.coordBegin(r))
            out += ',';
        out += '[';
        appendNumber(out, g.coord(c).x);
        out += ',';
        appendNumber(out, g.coord(c).y);
        if (g.hasZ() && !std::isnan(g.zValues()[c])) {
            out += ',';
            appendNumber(out, g.zValues()[c]);
        }
        out += ']';
    }
    out += ']';
}

/// Coordinates of one part: a position for a point, a ring for a line, rings for a polygon.
void appendPart(std::string& out, const GeometryColumn& g, std::size_t p)
{
    const GeometryType t = g.partType(p);
    if (t == GeometryType::Point) {
        std::string ring;
        appendRing(ring, g, g.ringBegin(p));
        out += ring.substr(1, ring.size() - 2); // the single position without the ring's brackets
    } else if (t == GeometryType::LineString) {
        appendRing(out, g, g.ringBegin(p));
    } else {
        out += '[';
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
            if (r != g.ringBegin(p))
                out += ',';
            appendRing(out, g, r);
        }
        out += ']';
    }
}

void appendGeometry(std::string& out, GeometryRef ref)
{
    const GeometryColumn& g = *ref.column;
    const std::size_t i = ref.index;
    const GeometryType type = g.type(i);
    if (type == GeometryType::Unknown) {
        out += "null";
        return;
    }
    out += "{\"type\":\"";
    out += geometryTypeName(type);
    const std::size_t p0 = g.partBegin(i), p1 = g.partEnd(i);
    if (type == GeometryType::GeometryCollection) {
        out += "\",\"geometries\":[";
        for (std::size_t p = p0; p < p1; ++p) {
            out += p == p0 ? "" : ",";
            out += "{\"type\":\"";
            out += geometryTypeName(g.partType(p));
            out += "\",\"coordinates\":";
            appendPart(out, g, p);
            out += '}';
        }
        out += "]}";
        return;
    }
    out += "\",\"coordinates\":";
    const bool multi = type == GeometryType::MultiPoint || type == GeometryType::MultiLineString
        || type == GeometryType::MultiPolygon;
    if (multi)
        out += '[';
    if (p0 == p1 && !multi)
        out += "[]";
    for (std::size_t p = p0; p < p1; ++p) {
        if (p != p0)
            out += ',';
        appendPart(out, g, p);
    }
    if (multi)
        out += ']';
    out += '}';
}

std::vector<std::size_t> resolveFields(const Layer& layer, const WriteSelection& selection)
{
    std::vector<std::size_t> out;
    const AttributeTable& t = layer.attributes();
    if (selection.fields.empty()) {
        for (std::size_t c = 0; c < t.columnCount(); ++c)
            out.push_back(c);
        return out;
    }
    for (const std::string& name : selection.fields) {
        const int c = t.indexOf(name);
        if (c < 0)
            throw Error(ErrorCode::Query, "layer \"" + layer.name() + "\": unknown field \"" + name + "\"");
        out.push_back(static_cast<std::size_t>(c));
    }
    return out;
}

template <class Fn>
void forEachRow(const Layer& layer, const WriteSelection& selection, Fn fn)
{
    if (selection.allRows && selection.rows.empty()) {
        for (std::size_t i = 0; i < layer.size(); ++i)
            fn(i);
    } else {
        for (std::uint32_t i : selection.rows)
            fn(i);
    }
}

} // namespace

std::string jsonQuote(std::string_view text)
{
    std::string out;
    appendJsonString(out, text);
    return out;
}

std::string toGeoJsonGeometry(GeometryRef g)
{
    std::string out;
    appendGeometry(out, g);
    return out;
}

void writeGeoJson(std::ostream& os, const Layer& layer, const WriteSelection& selection)
{
    const std::vector<std::size_t> fields = resolveFields(layer, selection);
    const AttributeTable& t = layer.attributes();
    std::string out = "{\"type\":\"FeatureCollection\",\"name\":";
    appendJsonString(out, layer.name());
    const Crs& crs = layer.crs();
    const std::string code = crs.isValid() ? crs.authorityCode() : std::string();
    if (crs.isValid() && code != "EPSG:4326" && code != "OGC:CRS84" && code.rfind("EPSG:", 0) == 0)
        out += ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::" + code.substr(5) + "\"}}";
    out += ",\"features\":[\n";
    bool first = true;
    forEachRow(layer, selection, [&](std::size_t i) {
        out += first ? "" : ",\n";
        first = false;
        out += "{\"type\":\"Feature\",\"id\":" + std::to_string(layer.fid(i)) + ",\"properties\":{";
        for (std::size_t k = 0; k < fields.size(); ++k) {
            const AttributeColumn& col = t.column(fields[k]);
            if (k)
                out += ',';
            appendJsonString(out, col.name());
            out += ':';
            if (col.isNull(i)) {
                out += "null";
                continue;
            }
            switch (col.type()) {
            case FieldType::Integer: out += std::to_string(col.integer(i)); break;
            case FieldType::Real:
                if (std::isfinite(col.real(i)))
                    appendNumber(out, col.real(i));
                else
                    out += "null";
                break;
            case FieldType::Boolean: out += col.integer(i) ? "true" : "false"; break;
            default: appendJsonString(out, col.toString(i));
            }
        }
        out += "},\"geometry\":";
        appendGeometry(out, layer.geometry(i));
        out += '}';
        if (out.size() > (1 << 16)) {
            os << out;
            out.clear();
        }
    });
    out += "\n]}\n";
    os << out;
}

std::string csvField(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

void writeCsv(std::ostream& os, const Layer& layer, const WriteSelection& selection, bool withGeometry)
{
    const std::vector<std::size_t> fields = resolveFields(layer, selection);
    const AttributeTable& t = layer.attributes();
    std::string out;
    for (std::size_t k = 0; k < fields.size(); ++k)
        out += (k ? "," : "") + csvField(t.column(fields[k]).name());
    if (withGeometry)
        out += fields.empty() ? "WKT" : ",WKT";
    out += '\n';
    forEachRow(layer, selection, [&](std::size_t i) {
        for (std::size_t k = 0; k < fields.size(); ++k)
            out += (k ? "," : "") + csvField(t.column(fields[k]).toString(i));
        if (withGeometry)
            out += (fields.empty() ? "" : ",") + csvField(toWkt(layer.geometry(i)));
        out += '\n';
        if (out.size() > (1 << 16)) {
            os << out;
            out.clear();
        }
    });
    os << out;
}

Geometry geometryFromGeoJson(std::string_view json)
{
    detail::ensureGdalRegistered();
    detail::GdalErrorScope errors;
    const std::string text(json);
    UniqueHandle<void, OGR_G_DestroyGeometry> g{OGR_G_CreateGeometryFromJson(text.c_str())};
    if (!g)
        throw Error(ErrorCode::Geometry, "GeoJSON geometry: " + (errors.lastError().empty() ? std::string("not a geometry") : errors.lastError()));
    std::vector<unsigned char> wkb(static_cast<std::size_t>(OGR_G_WkbSize(g.get())));
    OGR_G_ExportToIsoWkb(g.get(), wkbNDR, wkb.data());
    GeometryColumn column;
    appendWkb(column, wkb.data(), wkb.size());
    return Geometry(std::move(column));
}

} // namespace gis
