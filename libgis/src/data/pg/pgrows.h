#pragma once

// Private: rows of a PostgreSQL table as EditFeatures, for the PostGIS edit store (versions and conflicts) and the
// layer an edit session starts from. A plain SELECT with text results: the geometry as ST_AsBinary (WKB), each
// field cast in SQL to the one form its FieldType reads (bigint, float8, boolean, days, UTC milliseconds, text,
// bytea), so that two reads of the same row always give the same FeatureVersion.
//
// This overlaps the PostGIS reader (pgreader*, which streams whole layers fast through COPY BINARY): it exists so
// that the edit store does not depend on the reader's internals. The one thing the two must agree on is how a
// PostgreSQL type becomes a FieldType and a value (pgFieldType, pgValueExpression), or the versions an edit session
// records from a layer the reader read would not match what the store reads back.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/data/editfeature.h"
#include "gis/data/layer.h"
#include "gis/data/postgis.h"

namespace gis::detail {

/// What the edit store needs to know of a table.
struct PgTable {
    std::string layer;     ///< "schema.table" as the session names it
    std::string schema;    ///< unquoted
    std::string table;     ///< unquoted
    std::string qualified; ///< "schema"."table", quoted
    std::string key;       ///< the integer primary key column (unquoted)
    bool keyHasDefault = false;  ///< a sequence, serial or identity gives new ids
    bool keyIdentityAlways = false; ///< GENERATED ALWAYS AS IDENTITY: an explicit id needs OVERRIDING SYSTEM VALUE
    std::string geometry;  ///< the geometry column (unquoted); empty: an attribute table
    int srid = 0;
    GeometryType geometryType = GeometryType::Unknown;
    /// Every column but the key and the geometry, in table order, with the FieldType it reads as.
    std::vector<FieldInfo> columns;
};

/// Splits a layer name "schema.table" (no dot: schema "public") at its first dot.
std::pair<std::string, std::string> splitPgLayer(const std::string& layer);

/// The FieldType a column of PostgreSQL type `typname` (pg_type.typname of its base type) reads as.
FieldType pgFieldType(const std::string& typname);

/// Describes `layer` through the catalogs (bound parameters). Throws Error(Argument) naming the source and the
/// table when it does not exist or has no single-column integer primary key ("cannot be edited: no integer primary
/// key").
PgTable describePgTable(pg::Connection& connection, const std::string& layer);

/// The SELECT expression reading column `column` as `type` (the cast that makes every read of a value equal).
std::string pgValueExpression(const std::string& column, FieldType type);

/// The text parameter and its SQL cast writing `value` into a column of `type` ("$3::bigint").
pg::Param pgParam(const FieldValue& value, FieldType type);
const char* pgCast(FieldType type);

/// Hex text ("\x0101...") of the ISO WKB of `geometry` for a bytea parameter; nullopt for a null geometry.
pg::Param pgWkbParam(const Geometry& geometry);

/// Rows `fids` of `table` with `fields` (names must be columns of the table, else Error(Argument) naming the field);
/// absent ids are left out. `forUpdate` locks them (SELECT ... ORDER BY key FOR UPDATE: a fixed order, so two
/// committers never deadlock).
std::map<std::int64_t, EditFeature> readPgRows(pg::Connection& connection, const PgTable& table,
    const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids, bool forUpdate);

/// The whole table as a Layer named `table.layer` (rows ordered by key, fids = key, fields = table.columns, CRS
/// from the SRID). For edit sessions on PostGIS until DataSource reads PostGIS itself.
std::shared_ptr<const Layer> readPgLayer(pg::Connection& connection, const PgTable& table);

/// Opens `source` for the edit store and the layer reader: UTC session time zone (timestamps without a time zone
/// read and write as UTC).
pg::Connection openPgForEditing(const std::string& source);

} // namespace gis::detail
