#include "pg/pgrows.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/datetime.h"
#include "gis/geom/wkb.h"

namespace gis::detail {

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// A bytea in text form ("\x0a1b...", bytea_output = hex, the default since 9.0) as bytes.
std::string unhexBytea(std::string_view text)
{
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0)
        throw Error(ErrorCode::Format, "a bytea value not in hex form (bytea_output must be hex)");
    std::string out;
    out.reserve(text.size() / 2 - 1);
    for (std::size_t i = 2; i < text.size(); i += 2) {
        const int hi = hexDigit(text[i]), lo = hexDigit(text[i + 1]);
        if (hi < 0 || lo < 0)
            throw Error(ErrorCode::Format, "a bytea value with a character that is not hex");
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

std::string hexBytea(const std::uint8_t* data, std::size_t size)
{
    static const char* digits = "0123456789abcdef";
    std::string out = "\\x";
    out.reserve(2 + 2 * size);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

std::int64_t toInt64(std::string_view text)
{
    std::int64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
        throw Error(ErrorCode::Format, "not an integer: \"" + std::string(text.substr(0, 40)) + "\"");
    return v;
}

double toDouble(std::string_view text)
{
    if (text == "NaN")
        return std::nan("");
    if (text == "Infinity")
        return HUGE_VAL;
    if (text == "-Infinity")
        return -HUGE_VAL;
    return std::strtod(std::string(text).c_str(), nullptr); // float8 output is the shortest exact form (PG >= 12)
}

FieldValue readValue(const pg::Result& r, int row, int column, FieldType type)
{
    if (r.isNull(row, column))
        return std::monostate{};
    const std::string_view v = r.value(row, column);
    switch (type) {
    case FieldType::Real: return toDouble(v);
    case FieldType::Boolean: return std::int64_t(v == "t");
    case FieldType::String: return std::string(v);
    case FieldType::Binary: return unhexBytea(v);
    default: return toInt64(v); // Integer, Date (days), DateTime (milliseconds): cast so in SQL
    }
}

Geometry readGeometry(const pg::Result& r, int row, int column)
{
    if (r.isNull(row, column))
        return Geometry();
    const std::string wkb = unhexBytea(r.value(row, column));
    GeometryColumn c;
    appendWkb(c, reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size());
    return Geometry(std::move(c));
}

GeometryType geometryTypeOf(std::string type)
{
    for (auto& c : type)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const std::pair<const char*, GeometryType> names[] = {{"MULTIPOLYGON", GeometryType::MultiPolygon},
        {"MULTILINESTRING", GeometryType::MultiLineString}, {"MULTIPOINT", GeometryType::MultiPoint},
        {"GEOMETRYCOLLECTION", GeometryType::GeometryCollection}, {"POLYGON", GeometryType::Polygon},
        {"LINESTRING", GeometryType::LineString}, {"POINT", GeometryType::Point}};
    for (const auto& [name, t] : names)
        if (type.rfind(name, 0) == 0)
            return t;
    return GeometryType::Unknown;
}

std::string selectList(const PgTable& t, const std::vector<FieldInfo>& fields)
{
    std::string sql = pg::quoteIdentifier(t.key) + "::bigint, "
        + (t.geometry.empty() ? std::string("NULL::bytea") : "ST_AsBinary(" + pg::quoteIdentifier(t.geometry) + ")");
    for (const auto& f : fields)
        sql += ", " + pgValueExpression(f.name, f.type);
    return sql;
}

} // namespace

std::pair<std::string, std::string> splitPgLayer(const std::string& layer)
{
    const auto dot = layer.find('.');
    if (dot == std::string::npos)
        return {"public", layer};
    return {layer.substr(0, dot), layer.substr(dot + 1)};
}

FieldType pgFieldType(const std::string& typname)
{
    if (typname == "int2" || typname == "int4" || typname == "int8")
        return FieldType::Integer;
    if (typname == "float4" || typname == "float8" || typname == "numeric")
        return FieldType::Real;
    if (typname == "bool")
        return FieldType::Boolean;
    if (typname == "date")
        return FieldType::Date;
    if (typname == "timestamp" || typname == "timestamptz")
        return FieldType::DateTime;
    if (typname == "bytea")
        return FieldType::Binary;
    return FieldType::String;
}

std::string pgValueExpression(const std::string& column, FieldType type)
{
    const std::string c = pg::quoteIdentifier(column);
    switch (type) {
    case FieldType::Integer: return c + "::bigint";
    case FieldType::Real: return c + "::float8";
    case FieldType::Boolean: return c + "::boolean";
    case FieldType::Date: return "(" + c + "::date - DATE '1970-01-01')";
    case FieldType::DateTime: return "floor(extract(epoch FROM " + c + "::timestamptz) * 1000)::bigint";
    case FieldType::Binary: return c + "::bytea";
    case FieldType::String: return c + "::text";
    }
    return c + "::text";
}

const char* pgCast(FieldType type)
{
    switch (type) {
    case FieldType::Integer: return "::bigint";
    case FieldType::Real: return "::float8";
    case FieldType::Boolean: return "::boolean";
    case FieldType::Date: return "::date";
    case FieldType::DateTime: return "::timestamptz";
    case FieldType::Binary: return "::bytea";
    case FieldType::String: return "::text";
    }
    return "::text";
}

pg::Param pgParam(const FieldValue& value, FieldType type)
{
    if (std::holds_alternative<std::monostate>(value))
        return std::nullopt;
    switch (type) {
    case FieldType::Real: {
        const double d = std::get<double>(value);
        if (std::isnan(d))
            return std::string("NaN");
        if (std::isinf(d))
            return std::string(d > 0 ? "Infinity" : "-Infinity");
        char buffer[32];
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, d); // shortest form that reads back exactly
        return std::string(buffer, r.ptr);
    }
    case FieldType::String: return std::get<std::string>(value);
    case FieldType::Binary: {
        const auto& s = std::get<std::string>(value);
        return hexBytea(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    }
    case FieldType::Boolean: return std::string(std::get<std::int64_t>(value) ? "true" : "false");
    case FieldType::Date: return formatDate(std::get<std::int64_t>(value));
    case FieldType::DateTime: return formatDateTime(std::get<std::int64_t>(value));
    case FieldType::Integer: return std::to_string(std::get<std::int64_t>(value));
    }
    return std::nullopt;
}

pg::Param pgWkbParam(const Geometry& geometry)
{
    if (geometry.isNull())
        return std::nullopt;
    const std::vector<std::uint8_t> wkb = toWkb(geometry.ref());
    return hexBytea(wkb.data(), wkb.size());
}

pg::Connection openPgForEditing(const std::string& source)
{
    pg::Connection c = pg::Connection::open(source);
    c.command("SET TIME ZONE 'UTC'");
    c.command("SET bytea_output = 'hex'");
    return c;
}

PgTable describePgTable(pg::Connection& connection, const std::string& layer)
{
    PgTable t;
    t.layer = layer;
    std::tie(t.schema, t.table) = splitPgLayer(layer);
    t.qualified = pg::quoteIdentifier(t.schema) + "." + pg::quoteIdentifier(t.table);
    const std::string where = connection.name() + ": table \"" + layer + "\"";
    // The table's oid from its two names as data (never parsed as SQL).
    const pg::Result rel = connection.exec("SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                           " WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
        {t.schema, t.table});
    if (rel.rows() != 1)
        throw Error(ErrorCode::Argument, where + ": no such table");
    const std::string oid(rel.value(0, 0));
    const pg::Result key = connection.exec(
        "SELECT a.attname, t.typname, a.atthasdef, a.attidentity FROM pg_index i"
        " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
        " JOIN pg_type t ON t.oid = a.atttypid"
        " WHERE i.indrelid = $1::oid AND i.indisprimary AND i.indnatts = 1",
        {oid});
    if (key.rows() != 1 || pgFieldType(std::string(key.value(0, 1))) != FieldType::Integer)
        throw Error(ErrorCode::Argument, where + " cannot be edited: no integer primary key");
    t.key = std::string(key.value(0, 0));
    const std::string identity(key.value(0, 3));
    t.keyHasDefault = key.value(0, 2) == "t" || !identity.empty();
    t.keyIdentityAlways = identity == "a";
    const pg::Result geom = connection.exec("SELECT f_geometry_column, srid, type FROM geometry_columns"
                                            " WHERE f_table_schema = $1 AND f_table_name = $2 ORDER BY f_geometry_column LIMIT 1",
        {t.schema, t.table});
    if (geom.rows() == 1) {
        t.geometry = std::string(geom.value(0, 0));
        t.srid = static_cast<int>(std::strtol(std::string(geom.value(0, 1)).c_str(), nullptr, 10));
        t.geometryType = geometryTypeOf(std::string(geom.value(0, 2)));
    }
    const pg::Result columns = connection.exec(
        "SELECT a.attname, COALESCE(bt.typname, t.typname) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
        " LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype"
        " WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {oid});
    for (int r = 0; r < columns.rows(); ++r) {
        std::string name(columns.value(r, 0));
        if (name == t.key || name == t.geometry)
            continue;
        t.columns.push_back({name, pgFieldType(std::string(columns.value(r, 1)))});
    }
    return t;
}

std::map<std::int64_t, EditFeature> readPgRows(pg::Connection& connection, const PgTable& table,
    const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids, bool forUpdate)
{
    for (const auto& f : fields) {
        bool found = false;
        for (const auto& c : table.columns)
            found |= c.name == f.name;
        if (!found)
            throw Error(ErrorCode::Argument, connection.name() + ": table \"" + table.layer + "\" has no column \""
                    + f.name + "\"");
    }
    std::map<std::int64_t, EditFeature> out;
    if (fids.empty())
        return out;
    std::string ids = "{";
    for (std::size_t i = 0; i < fids.size(); ++i)
        {
        if (i)
            ids += ',';
        ids += std::to_string(fids[i]);
    }
    ids += "}";
    const std::string key = pg::quoteIdentifier(table.key);
    const pg::Result r = connection.exec("SELECT " + selectList(table, fields) + " FROM " + table.qualified + " WHERE "
            + key + " = ANY($1::bigint[]) ORDER BY " + key + (forUpdate ? " FOR UPDATE" : ""),
        {ids});
    for (int row = 0; row < r.rows(); ++row) {
        EditFeature f;
        f.geometry = readGeometry(r, row, 1);
        for (std::size_t k = 0; k < fields.size(); ++k)
            f.values.push_back(readValue(r, row, static_cast<int>(k + 2), fields[k].type));
        out.emplace(toInt64(r.value(row, 0)), std::move(f));
    }
    return out;
}

std::shared_ptr<const Layer> readPgLayer(pg::Connection& connection, const PgTable& table)
{
    const pg::Result r = connection.exec("SELECT " + selectList(table, table.columns) + " FROM " + table.qualified
        + " ORDER BY " + pg::quoteIdentifier(table.key));
    GeometryColumn geometries;
    AttributeTable attributes;
    for (const auto& c : table.columns)
        attributes.addColumn(c.name, c.type);
    std::vector<std::int64_t> fids;
    fids.reserve(static_cast<std::size_t>(r.rows()));
    for (int row = 0; row < r.rows(); ++row) {
        fids.push_back(toInt64(r.value(row, 0)));
        if (r.isNull(row, 1)) {
            geometries.appendNull();
        } else {
            const std::string wkb = unhexBytea(r.value(row, 1));
            appendWkb(geometries, reinterpret_cast<const std::uint8_t*>(wkb.data()), wkb.size());
        }
        for (std::size_t k = 0; k < table.columns.size(); ++k) {
            AttributeColumn& column = attributes.column(k);
            const FieldValue v = readValue(r, row, static_cast<int>(k + 2), table.columns[k].type);
            if (std::holds_alternative<std::monostate>(v))
                column.appendNull();
            else if (std::holds_alternative<double>(v))
                column.appendReal(std::get<double>(v));
            else if (std::holds_alternative<std::string>(v))
                column.appendString(std::get<std::string>(v));
            else
                column.appendInteger(std::get<std::int64_t>(v));
        }
    }
    attributes.setRowCount(fids.size());
    Crs crs;
    if (table.srid > 0) {
        try {
            crs = Crs::fromEpsg(table.srid);
        } catch (const Error&) {
            // An SRID that is no EPSG code: the layer has no known CRS (editing does not need one).
        }
    }
    return std::make_shared<const Layer>(table.layer, std::move(crs), table.geometryType, std::move(geometries),
        std::move(attributes), std::move(fids));
}

} // namespace gis::detail
