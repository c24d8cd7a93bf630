#include "pgsource.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "gis/core/error.h"
#include "layerbuilder.h"

namespace gis::detail::pg {

using gis::pg::Connection;
using gis::pg::Param;
using gis::pg::quoteIdentifier;

namespace {

/// Rows between cancellation checks and progress reports.
constexpr std::size_t kTick = 4096;
/// Point rows reserved ahead at most on the strength of the server's estimate (it may be stale).
constexpr std::int64_t kMaxReserve = 50'000'000;

std::int64_t toInt64(std::string_view text)
{
    std::int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

double toDouble(std::string_view text)
{
    return std::strtod(std::string(text).c_str(), nullptr);
}

/// geometry_columns.type ("MULTIPOLYGON", "POINTM", "GEOMETRY", "CURVEPOLYGON") as a layer's declared type.
GeometryType geometryTypeOf(std::string type)
{
    if (type.size() > 1 && type.back() == 'M' && type != "GEOMETRY")
        type.pop_back(); // POINTM: the M is kept with the coordinates, as the GeoPackage reader keeps it
    static const std::map<std::string, GeometryType> types{{"POINT", GeometryType::Point},
        {"LINESTRING", GeometryType::LineString}, {"POLYGON", GeometryType::Polygon},
        {"MULTIPOINT", GeometryType::MultiPoint}, {"MULTILINESTRING", GeometryType::MultiLineString},
        {"MULTIPOLYGON", GeometryType::MultiPolygon}, {"GEOMETRYCOLLECTION", GeometryType::GeometryCollection}};
    const auto it = types.find(type);
    return it == types.end() ? GeometryType::Unknown : it->second;
}

/// Whether the column may hold curves (CIRCULARSTRING, CURVEPOLYGON, …, or any type): those are linearised on
/// the server (ST_CurveToLine), since libgis keeps straight segments only.
bool mayHoldCurves(const std::string& pgType)
{
    return geometryTypeOf(pgType) == GeometryType::Unknown || pgType.rfind("GEOMETRYCOLLECTION", 0) == 0;
}

/// How a column of PostgreSQL type `oid` is selected and kept.
PgField fieldOf(std::string name, std::uint32_t oid)
{
    PgField f;
    f.name = std::move(name);
    switch (oid) {
    case 16: f.type = FieldType::Boolean; f.kind = ValueKind::Bool; break;
    case 21: f.type = FieldType::Integer; f.kind = ValueKind::Int2; break;
    case 23: f.type = FieldType::Integer; f.kind = ValueKind::Int4; break;
    case 20: f.type = FieldType::Integer; f.kind = ValueKind::Int8; break;
    case 700: f.type = FieldType::Real; f.kind = ValueKind::Float4; break;
    case 701: f.type = FieldType::Real; f.kind = ValueKind::Float8; break;
    case 1700: f.type = FieldType::Real; f.kind = ValueKind::Float8; f.cast = "::float8"; break; // numeric
    case 25: case 1043: case 1042: case 19: f.type = FieldType::String; f.kind = ValueKind::Text; break;
    case 17: f.type = FieldType::Binary; f.kind = ValueKind::Bytea; break;
    case 1082: f.type = FieldType::Date; f.kind = ValueKind::Date; break;
    case 1114: case 1184: f.type = FieldType::DateTime; f.kind = ValueKind::Timestamp; break;
    default: f.type = FieldType::String; f.kind = ValueKind::Text; f.cast = "::text"; break; // uuid, json, time, …
    }
    return f;
}

std::string number(double v)
{
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
}

/// `where` with each placeholder $k (outside quoted literals and identifiers) renumbered $(k + offset). Throws
/// Error(Argument) for a placeholder beyond `count`, the number of values given.
std::string renumberPlaceholders(const std::string& where, std::size_t offset, std::size_t count, const std::string& source)
{
    std::string out;
    out.reserve(where.size() + 8);
    char quote = 0;
    for (std::size_t i = 0; i < where.size(); ++i) {
        const char c = where[i];
        if (quote) {
            out += c;
            if (c == quote)
                quote = 0; // a doubled quote closes and reopens: the same outcome
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
            continue;
        }
        if (c == '$' && i + 1 < where.size() && std::isdigit(static_cast<unsigned char>(where[i + 1]))) {
            std::size_t j = i + 1;
            std::size_t k = 0;
            while (j < where.size() && std::isdigit(static_cast<unsigned char>(where[j])) && k < 100000)
                k = k * 10 + static_cast<std::size_t>(where[j++] - '0');
            if (k == 0 || k > count)
                throw Error(ErrorCode::Argument, source + ": the server filter uses $" + std::to_string(k) + " but has "
                    + std::to_string(count) + " values");
            out += "$" + std::to_string(k + offset);
            i = j - 1;
            continue;
        }
        out += c;
    }
    return out;
}

/// Turns the rows of the layer's COPY into the builder's columns.
class LayerSink final : public CopyRowSink {
public:
    LayerSink(LayerBuilder& b, const PgLayer& layer, std::int64_t expected, const std::string& reading)
        : m_b(b), m_layer(layer), m_expected(expected), m_reading(reading), m_hasId(!layer.primaryKey.empty())
    {
    }

    void row(const CopyValue* values, std::size_t) override
    {
        if ((++m_rows & (kTick - 1)) == 0) {
            m_b.options->feedback.cancel.throwIfCancelled(m_reading.c_str());
            if (m_expected > 0)
                m_b.options->feedback.report(std::min(0.99, double(m_rows) / double(m_expected)));
        }
        std::int64_t fid = static_cast<std::int64_t>(m_rows); // row numbers from 1 without a primary key
        std::size_t at = 0;
        if (m_hasId) {
            if (values[0].isNull())
                throw Error(ErrorCode::Format, m_b.sourceName + ": layer \"" + m_b.layerName + "\": a NULL primary key");
            fid = integerValue(values[0]);
            at = 1;
        }
        const CopyValue& g = values[at++];
        if (!m_b.appendGeometry(fid, g.isNull() ? nullptr : g.data, g.isNull() ? 0 : static_cast<std::size_t>(g.size)))
            return;
        m_b.addFid(fid);
        for (std::size_t k = 0; k < m_layer.fields.size(); ++k)
            appendValue(m_b.attributes.column(k), m_layer.fields[k].kind, values[at + k]);
    }

    /// Rows received so far, kept or skipped.
    std::size_t rows() const { return m_rows; }

private:
    LayerBuilder& m_b;
    const PgLayer& m_layer;
    std::int64_t m_expected;
    const std::string& m_reading;
    bool m_hasId;
    std::size_t m_rows = 0;
};

} // namespace

std::unique_ptr<PgSource> PgSource::open(const std::string& source, bool exactCounts)
{
    auto pg = std::make_unique<PgSource>();
    pg->m_connection = Connection::open(source);
    pg->m_name = gis::pg::displayName(source);
    pg->m_exact = exactCounts;
    Connection& c = pg->m_connection;
    if (c.exec("SELECT to_regclass('geometry_columns') IS NOT NULL").value(0, 0) != "t")
        throw Error(ErrorCode::Format, pg->m_name + ": the database has no PostGIS (CREATE EXTENSION postgis), "
            "so it has no layers to read");
    const bool geography = c.exec("SELECT to_regclass('geography_columns') IS NOT NULL").value(0, 0) == "t";
    // Tables, views and materialised views the user may read, one row per geometry or geography column.
    const std::string sql = std::string(
        "SELECT g.s, g.t, g.col, g.typ, g.srid, g.geog, c.oid::int8, c.relkind::text, c.reltuples::float8,"
        " pg_catalog.pg_table_is_visible(c.oid)"
        " FROM (SELECT f_table_schema::text AS s, f_table_name::text AS t, f_geometry_column::text AS col,"
        " type::text AS typ, srid, false AS geog FROM geometry_columns")
        + (geography ? " UNION ALL SELECT f_table_schema::text, f_table_name::text, f_geography_column::text,"
                       " type::text, srid, true FROM geography_columns" : "")
        + ") g JOIN pg_catalog.pg_namespace n ON n.nspname = g.s"
          " JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = g.t"
          " WHERE pg_catalog.has_table_privilege(c.oid, 'SELECT') ORDER BY 1, 2, 3";
    const gis::pg::Result rows = c.exec(sql);
    std::map<std::uint32_t, int> columnsPerTable;
    for (int r = 0; r < rows.rows(); ++r)
        ++columnsPerTable[static_cast<std::uint32_t>(toInt64(rows.value(r, 6)))];
    for (int r = 0; r < rows.rows(); ++r) {
        PgLayer l;
        l.schema = rows.value(r, 0);
        l.table = rows.value(r, 1);
        l.column = rows.value(r, 2);
        l.pgType = rows.value(r, 3);
        l.srid = static_cast<int>(toInt64(rows.value(r, 4)));
        l.geography = rows.value(r, 5) == "t";
        l.oid = static_cast<std::uint32_t>(toInt64(rows.value(r, 6)));
        l.relkind = rows.value(r, 7).empty() ? 'r' : rows.value(r, 7)[0];
        const double tuples = toDouble(rows.value(r, 8));
        // reltuples: -1 when never vacuumed or analysed (PostgreSQL 14+); views have none.
        l.estimatedCount = (l.relkind == 'v' || tuples < 0) ? -1 : static_cast<std::int64_t>(std::llround(tuples));
        l.visible = rows.value(r, 9) == "t";
        l.severalGeometries = columnsPerTable[l.oid] > 1;
        l.name = l.schema + "." + l.table + (l.severalGeometries ? "(" + l.column + ")" : "");
        pg->m_layers.push_back(std::move(l));
    }
    return pg;
}

void PgSource::describe(PgLayer& layer)
{
    if (layer.described)
        return;
    const std::vector<Param> oid{std::to_string(layer.oid)};
    const gis::pg::Result key = m_connection.exec(
        "SELECT a.attname::text, a.atttypid::int8 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a"
        " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::oid AND i.indisprimary", oid);
    if (key.rows() == 1) {
        const auto type = toInt64(key.value(0, 1));
        if (type == 20 || type == 21 || type == 23)
            layer.primaryKey = key.value(0, 0);
    }
    const gis::pg::Result cols = m_connection.exec(
        "SELECT a.attname::text, a.atttypid::int8, t.typname::text FROM pg_catalog.pg_attribute a"
        " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
        " WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", oid);
    layer.fields.clear();
    for (int r = 0; r < cols.rows(); ++r) {
        const std::string name(cols.value(r, 0));
        const std::string_view typname = cols.value(r, 2);
        if (typname == "geometry" || typname == "geography" || name == layer.primaryKey)
            continue; // the geometry columns are layers, the key is the feature id
        layer.fields.push_back(fieldOf(name, static_cast<std::uint32_t>(toInt64(cols.value(r, 1)))));
    }
    layer.described = true;
}

Crs PgSource::crsOf(int srid)
{
    if (srid <= 0)
        return {};
    const auto known = m_crss.find(srid);
    if (known != m_crss.end())
        return known->second;
    Crs crs = queryCrs(srid); // cached only once answered: a failed query is asked again next time
    m_crss.emplace(srid, crs);
    return crs;
}

Crs PgSource::queryCrs(int srid)
{
    const gis::pg::Result r = m_connection.exec(
        "SELECT auth_name, auth_srid, srtext, proj4text FROM spatial_ref_sys WHERE srid = $1::int4", {std::to_string(srid)});
    if (r.rows() == 0)
        return {};
    try {
        if (r.value(0, 0) == "EPSG" || r.value(0, 0) == "epsg")
            return Crs::fromEpsg(static_cast<int>(toInt64(r.value(0, 1))));
    } catch (const Error&) {
        // An EPSG code this PROJ does not know: the definition the database keeps.
    }
    for (const int column : {2, 3}) {
        if (r.isNull(0, column) || r.value(0, column).empty())
            continue;
        try {
            return Crs::fromUserInput(r.value(0, column));
        } catch (const Error&) {
        }
    }
    return {};
}

std::vector<LayerInfo> PgSource::layers()
{
    std::vector<LayerInfo> out;
    for (PgLayer& l : m_layers) {
        describe(l);
        LayerInfo info;
        info.name = l.name;
        info.geometryType = geometryTypeOf(l.pgType);
        const int srid = l.geography && l.srid <= 0 ? 4326 : l.srid;
        info.crs = crsOf(srid);
        for (const PgField& f : l.fields)
            info.fields.push_back({f.name, f.type});
        const std::string table = quoteIdentifier(l.schema) + "." + quoteIdentifier(l.table);
        const std::string geom = quoteIdentifier(l.column) + (l.geography ? "::geometry" : "");
        gis::pg::Result r;
        if (m_exact) {
            r = m_connection.exec("SELECT n, ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT count(*) AS n,"
                " ST_Extent(" + geom + ") AS e FROM " + table + ") s");
            info.featureCount = toInt64(r.value(0, 0));
        } else {
            info.featureCount = l.estimatedCount;
            if (!l.geography && l.relkind != 'v' && l.estimatedCount != 0) {
                try {
                    // Statistics only (ANALYZE's): NULL, or an error on some versions, when there are none.
                    r = m_connection.exec("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                        " (SELECT ST_EstimatedExtent($1, $2, $3) AS e) s", {l.schema, l.table, l.column});
                } catch (const Error& e) {
                    if (e.code() != ErrorCode::Query)
                        throw;
                    r = {};
                }
            }
        }
        const int first = m_exact ? 1 : 0;
        if (r.rows() == 1 && !r.isNull(0, first))
            info.extent = Box(toDouble(r.value(0, first)), toDouble(r.value(0, first + 1)),
                toDouble(r.value(0, first + 2)), toDouble(r.value(0, first + 3)));
        out.push_back(std::move(info));
    }
    return out;
}

std::size_t PgSource::find(std::string_view name) const
{
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].name == name)
            return i;
    // A table of the search path answers to its bare name ("roads", "roads(geom)").
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const PgLayer& l = m_layers[i];
        if (l.visible && (l.severalGeometries ? l.table + "(" + l.column + ")" : l.table) == name)
            return i;
    }
    std::string available;
    for (const PgLayer& l : m_layers)
        available += (available.empty() ? "" : ", ") + l.name;
    throw Error(ErrorCode::Argument, m_name + ": no layer \"" + std::string(name) + "\""
        + (available.empty() ? std::string(" (it has no tables or views with a geometry column)") : " (layers: " + available + ")"));
}

std::string PgSource::selectSql(const PgLayer& l, const ReadOptions& options, std::vector<Param>* params) const
{
    std::string geom = quoteIdentifier(l.column);
    if (l.geography)
        geom += "::geometry";
    std::string select = l.primaryKey.empty() ? "" : quoteIdentifier(l.primaryKey) + "::int8, ";
    if (mayHoldCurves(l.pgType))
        select += "CASE WHEN ST_HasArc(" + geom + ") THEN ST_CurveToLine(" + geom + ") ELSE " + geom + " END";
    else
        select += geom;
    for (const PgField& f : l.fields)
        select += ", " + quoteIdentifier(f.name) + f.cast;
    std::string sql = "SELECT " + select + " FROM " + quoteIdentifier(l.schema) + "." + quoteIdentifier(l.table);
    std::vector<std::string> conditions;
    const Box& box = options.filterBox;
    if (!box.isEmpty()) {
        if (!std::isfinite(box.minX) || !std::isfinite(box.minY) || !std::isfinite(box.maxX) || !std::isfinite(box.maxY))
            throw Error(ErrorCode::Argument, m_name + ": layer \"" + l.name + "\": the filter box is not finite");
        // Bound when there are parameters anyway (a cursor); else numbers libgis wrote itself (COPY takes none).
        std::string corners;
        if (params) {
            for (const double v : {box.minX, box.minY, box.maxX, box.maxY})
                params->push_back(number(v));
            corners = "$1::float8, $2::float8, $3::float8, $4::float8";
        } else {
            corners = number(box.minX) + "::float8, " + number(box.minY) + "::float8, " + number(box.maxX) + "::float8, "
                + number(box.maxY) + "::float8";
        }
        const int srid = l.geography ? 4326 : std::max(l.srid, 0);
        const std::string envelope = "ST_MakeEnvelope(" + corners + ", " + std::to_string(srid) + ")";
        const std::string column = quoteIdentifier(l.column);
        // && compares the index's float boxes: the read keeps only exact intersections afterwards.
        conditions.push_back(l.geography ? column + " && " + envelope + "::geography AND " + column + "::geometry && " + envelope
                                         : column + " && " + envelope);
    }
    if (!options.serverFilter.empty()) {
        const std::size_t offset = params ? params->size() : 0;
        conditions.push_back("(" + renumberPlaceholders(options.serverFilter.where, offset,
            options.serverFilter.params.size(), m_name) + ")");
        if (params)
            params->insert(params->end(), options.serverFilter.params.begin(), options.serverFilter.params.end());
    }
    for (std::size_t i = 0; i < conditions.size(); ++i)
        sql += (i ? " AND " : " WHERE ") + conditions[i];
    return sql;
}

std::shared_ptr<const Layer> PgSource::read(std::size_t index, const ReadOptions& options)
{
    if (index >= m_layers.size())
        throw Error(ErrorCode::Argument, m_name + ": no layer number " + std::to_string(index));
    PgLayer& l = m_layers[index];
    describe(l);
    const auto start = std::chrono::steady_clock::now();
    LayerBuilder b;
    b.sourceName = m_name;
    b.layerName = l.name;
    b.options = &options;
    for (const PgField& f : l.fields)
        b.attributes.addColumn(f.name, f.type);
    // One coordinate a row; the estimate may be stale. Only for a whole read: a filtered one (a view of a big table)
    // would otherwise hold room for the whole table while it reads a screen of it.
    if (l.pgType == "POINT" && l.estimatedCount > 0 && options.filterBox.isEmpty() && options.serverFilter.empty())
        b.geometries.reserve(static_cast<std::size_t>(std::min(l.estimatedCount, kMaxReserve)),
            static_cast<std::size_t>(std::min(l.estimatedCount, kMaxReserve)));
    const std::string reading = "reading " + l.name;
    LayerSink sink(b, l, l.estimatedCount, reading);
    const std::size_t columns = l.fields.size() + 1 + (l.primaryKey.empty() ? 0 : 1);
    if (options.serverFilter.empty()) {
        // The fast path: one COPY, decoded as it streams. COPY takes no parameters, so only without a server filter.
        CopyDecoder decoder(columns);
        m_connection.copyOut("COPY (" + selectSql(l, options, nullptr) + ") TO STDOUT (FORMAT binary)",
            [&](std::string_view chunk) { decoder.feed(chunk, sink); }, options.feedback.cancel);
        decoder.finish();
    } else {
        // Values bound to a cursor, fetched in binary batches: the same values, the same sink.
        std::vector<Param> params;
        const std::string sql = selectSql(l, options, &params);
        gis::pg::Transaction transaction(m_connection, "BEGIN READ ONLY");
        m_connection.command("DECLARE gis_read BINARY NO SCROLL CURSOR FOR " + sql, params);
        std::vector<CopyValue> values(columns);
        for (;;) {
            options.feedback.cancel.throwIfCancelled(reading.c_str());
            const gis::pg::Result batch = m_connection.exec("FETCH FORWARD 20000 FROM gis_read", {}, true);
            if (batch.columns() != static_cast<int>(columns))
                throw Error(ErrorCode::Format, m_name + ": layer \"" + l.name + "\": the cursor returned "
                    + std::to_string(batch.columns()) + " columns");
            for (int r = 0; r < batch.rows(); ++r) {
                for (std::size_t c = 0; c < columns; ++c) {
                    const std::string_view v = batch.value(r, static_cast<int>(c));
                    values[c].data = reinterpret_cast<const std::uint8_t*>(v.data());
                    values[c].size = batch.isNull(r, static_cast<int>(c)) ? -1 : static_cast<std::int32_t>(v.size());
                }
                sink.row(values.data(), columns);
            }
            if (batch.rows() == 0)
                break;
        }
    }
    b.report.rowsReceived = static_cast<std::int64_t>(sink.rows());
    b.keepIntersecting(options.filterBox);
    options.feedback.report(1.0);
    if (l.fields.empty())
        b.attributes.setRowCount(b.geometries.size());
    b.report.readMilliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const int srid = l.geography && l.srid <= 0 ? 4326 : l.srid;
    return b.finish(crsOf(srid), geometryTypeOf(l.pgType));
}

} // namespace gis::detail::pg
