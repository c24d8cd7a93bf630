#pragma once

// Private: a PostgreSQL/PostGIS database as a DataSource (docs/postgis.md, "Listing" and "Reading"). Lists the
// tables and views with geometry or geography columns from the catalogue (estimates, never a scan) and reads a
// layer through one binary COPY, decoded into the flat columns a Layer is made of.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/data/datasource.h"
#include "gis/data/postgis.h"
#include "pgcopy.h"

namespace gis::detail::pg {

using gis::pg::Param;

/// A field of a PostGIS layer: how it is selected and what it becomes.
struct PgField {
    std::string name;
    FieldType type = FieldType::String;
    ValueKind kind = ValueKind::Text;
    std::string cast; ///< appended to the quoted column in the SELECT ("::float8" for numeric, "::text" …)
};

/// One geometry column of a table or view: one layer.
struct PgLayer {
    std::string name; ///< "schema.table", or "schema.table(column)" when the table has several geometry columns
    std::string schema;
    std::string table;
    std::string column;
    bool geography = false;
    bool visible = false;      ///< in the search path: also answers to its bare table name
    bool severalGeometries = false;
    std::uint32_t oid = 0;
    char relkind = 'r';
    std::string pgType;        ///< geometry_columns.type: "POINT", "MULTIPOLYGON", "GEOMETRY", …
    int srid = 0;
    std::int64_t estimatedCount = -1;
    std::string primaryKey;    ///< the integer primary key used as feature id; empty: ids are row numbers
    std::vector<PgField> fields;
    bool described = false;    ///< fields and primary key looked up
};

/// An open database. Not thread-safe (one connection).
class PgSource {
public:
    /// Connects and lists the layers. Throws Error(Io) when the server cannot be reached, Error(Format) when the
    /// database has no PostGIS.
    static std::unique_ptr<PgSource> open(const std::string& source, bool exactCounts);

    const std::string& name() const { return m_name; }
    std::vector<LayerInfo> layers();
    /// The index of the layer named `name` ("schema.table", a visible table's bare name, "schema.table(column)");
    /// throws Error(Argument) listing the layers when there is none.
    std::size_t find(std::string_view name) const;
    std::shared_ptr<const Layer> read(std::size_t index, const ReadOptions& options);

private:
    void describe(PgLayer& layer);
    /// The CRS of `srid` from spatial_ref_sys, asked once per source: a later read of the same layer (a viewer
    /// fetching each new view) then costs one round trip, its COPY.
    Crs crsOf(int srid);
    Crs queryCrs(int srid);
    /// The layer's SELECT with the options' filters. `params`: bind the box and the server filter's values to
    /// $1…$n (appended there); null: the box as numbers in the text and no server filter (for COPY).
    std::string selectSql(const PgLayer& layer, const ReadOptions& options, std::vector<Param>* params) const;

    gis::pg::Connection m_connection;
    std::string m_name; ///< for messages, password hidden
    bool m_exact = false;
    std::vector<PgLayer> m_layers;
    std::map<int, Crs> m_crss; ///< crsOf's answers
};

} // namespace gis::detail::pg
