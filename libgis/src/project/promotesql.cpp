#include "promotesql.h"

#include <charconv>
#include <cmath>

#include "gis/core/error.h"
#include "gis/data/postgis.h"
#include "gis/geom/wkb.h"
#include "gis/project/form.h"

namespace gis::detail {

namespace {

void appendHex(std::string& out, const std::uint8_t* data, std::size_t size)
{
    static const char hex[] = "0123456789abcdef";
    for (std::size_t k = 0; k < size; ++k) {
        out += hex[data[k] >> 4];
        out += hex[data[k] & 15];
    }
}

/// COPY text escaping of one value.
void appendEscaped(std::string& out, std::string_view text)
{
    for (char c : text) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
}

std::string number(double v)
{
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

/// The ISO WKB type code (1001 for a Point Z) of geometry i.
std::uint32_t wkbType(const std::vector<std::uint8_t>& wkb)
{
    return static_cast<std::uint32_t>(wkb[1]) | static_cast<std::uint32_t>(wkb[2]) << 8
        | static_cast<std::uint32_t>(wkb[3]) << 16 | static_cast<std::uint32_t>(wkb[4]) << 24;
}

bool conditional(const Form& form, const FormField& field)
{
    if (!field.visibleWhen.empty())
        return true;
    for (int g = field.group; g >= 0 && g < static_cast<int>(form.groups.size()); g = form.groups[g].parent)
        if (!form.groups[g].visibleWhen.empty())
            return true;
    return false;
}

} // namespace

std::string_view pgColumnType(FieldType type)
{
    switch (type) {
    case FieldType::Integer: return "bigint";
    case FieldType::Real: return "double precision";
    case FieldType::String: return "text";
    case FieldType::Date: return "date";
    case FieldType::DateTime: return "timestamptz";
    case FieldType::Boolean: return "boolean";
    case FieldType::Binary: return "bytea";
    }
    return "text";
}

int layerSrid(const Layer& layer)
{
    const std::string code = layer.crs().authorityCode();
    if (code.rfind("EPSG:", 0) != 0)
        return 0;
    int srid = 0;
    const auto r = std::from_chars(code.data() + 5, code.data() + code.size(), srid);
    return r.ec == std::errc() && r.ptr == code.data() + code.size() ? srid : 0;
}

std::string pgGeometryType(const Layer& layer, int srid)
{
    static const char* names[] = {"Geometry", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString",
        "MultiPolygon", "GeometryCollection"};
    std::optional<std::uint32_t> base, dims;
    bool mixed = false;
    std::vector<std::uint8_t> wkb;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        if (layer.geometries().isNull(i))
            continue;
        wkb.clear();
        appendWkbTo(wkb, layer.geometry(i));
        const std::uint32_t t = wkbType(wkb);
        if (dims && *dims != t / 1000)
            throw Error(ErrorCode::Argument, "layer \"" + layer.name() + "\": its geometries mix dimensions (2D, Z, M): "
                "a PostGIS column holds one");
        dims = t / 1000;
        if (base && *base != t % 1000)
            mixed = true;
        base = t % 1000;
    }
    std::string type = !base || mixed || *base > 7 ? "Geometry" : names[*base];
    static const char* suffix[] = {"", "Z", "M", "ZM"};
    type += suffix[dims.value_or(0) & 3];
    return "geometry(" + type + ", " + std::to_string(srid) + ")";
}

void appendCopyRow(std::string& out, const Layer& layer, std::size_t i, bool withGeometry, int srid)
{
    out += std::to_string(layer.fid(i));
    if (withGeometry) {
        out += '\t';
        if (layer.geometries().isNull(i)) {
            out += "\\N";
        } else {
            const std::vector<std::uint8_t> wkb = toWkb(layer.geometry(i));
            out += "SRID=" + std::to_string(srid) + ";";
            appendHex(out, wkb.data(), wkb.size());
        }
    }
    for (const AttributeColumn& c : layer.attributes().columns()) {
        out += '\t';
        if (c.isNull(i)) {
            out += "\\N";
            continue;
        }
        switch (c.type()) {
        case FieldType::Boolean: out += c.integer(i) ? "t" : "f"; break;
        case FieldType::Binary: out += "\\\\x" + c.toString(i); break;
        case FieldType::Real: {
            const double v = c.real(i);
            out += std::isnan(v) ? "NaN" : std::isinf(v) ? (v > 0 ? "Infinity" : "-Infinity") : number(v);
            break;
        }
        default: appendEscaped(out, c.toString(i));
        }
    }
    out += '\n';
}

std::string canonicalRow(const Layer& layer, std::size_t i)
{
    std::string out = std::to_string(layer.fid(i)) + "|";
    if (layer.geometries().isNull(i)) {
        out += "null";
    } else {
        const std::vector<std::uint8_t> wkb = toWkb(layer.geometry(i));
        appendHex(out, wkb.data(), wkb.size());
    }
    for (const AttributeColumn& c : layer.attributes().columns()) {
        out += "|" + c.name() + ":" + std::string(fieldTypeName(c.type())) + "=";
        out += c.isNull(i) ? std::string("\\N") : std::to_string(c.toString(i).size()) + ":" + c.toString(i);
    }
    return out;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash)
{
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string quoteLiteral(pg::Connection& connection, const std::string& value)
{
    const pg::Result r = connection.exec("SELECT quote_literal($1::text)", {value});
    return std::string(r.value(0, 0));
}

std::vector<FormSqlConstraint> formConstraints(pg::Connection& connection, const Form& form,
    const std::string& layerName, const std::string& qualifiedTable, const std::vector<FieldInfo>& fields,
    std::vector<std::string>& skipped)
{
    std::vector<FormSqlConstraint> out;
    const std::string alter = "ALTER TABLE " + qualifiedTable + " ";
    for (const FormField& f : form.fields) {
        const FieldInfo* info = nullptr;
        for (const FieldInfo& fi : fields)
            if (fi.name == f.field)
                info = &fi;
        if (!info)
            continue; // a photo field's attachment set, or a field the layer lacks
        const std::string col = pg::quoteIdentifier(f.field);
        const bool numeric = info->type == FieldType::Integer || info->type == FieldType::Real;
        if (conditional(form, f)) {
            if (!f.constraints.empty() || !f.valueMap.empty())
                skipped.push_back(layerName + ": " + f.field + ": shown only under a condition, its rules stay in the form");
            continue;
        }
        for (const FormConstraint& c : f.constraints) {
            const std::string kind = formConstraintName(c.kind);
            if (!c.hard) {
                skipped.push_back(layerName + ": " + f.field + ": soft " + kind + " rule stays in the form");
                continue;
            }
            switch (c.kind) {
            case FormConstraint::Kind::NotNull:
                out.push_back({alter + "ALTER COLUMN " + col + " SET NOT NULL", "NOT NULL " + f.field});
                if (info->type == FieldType::String)
                    out.push_back({alter + "ADD CHECK (" + col + " <> '')", "CHECK " + f.field + " not empty"});
                break;
            case FormConstraint::Kind::Unique:
                out.push_back({alter + "ADD UNIQUE (" + col + ")", "UNIQUE " + f.field});
                break;
            case FormConstraint::Kind::Range:
                if (!numeric || (!c.min && !c.max)) {
                    skipped.push_back(layerName + ": " + f.field + ": range on a non-number stays in the form");
                    break;
                }
                {
                    // The bounds are doubles written here, never user text.
                    std::string cond;
                    if (c.min)
                        cond = col + " >= " + number(*c.min);
                    if (c.max)
                        cond += (cond.empty() ? "" : " AND ") + col + " <= " + number(*c.max);
                    out.push_back({alter + "ADD CHECK (" + cond + ")", "CHECK " + f.field + " range"});
                }
                break;
            default:
                skipped.push_back(layerName + ": " + f.field + ": " + kind + " rule stays in the form");
            }
        }
        if (f.widget == FormWidget::ValueMap && !f.valueMap.empty()) {
            std::string list;
            for (const FormValueMapEntry& e : f.valueMap)
                list += (list.empty() ? "" : ", ") + quoteLiteral(connection, e.code);
            out.push_back({alter + "ADD CHECK (" + col + " IN (" + list + "))", "CHECK " + f.field + " in value map"});
        }
    }
    return out;
}

} // namespace gis::detail
