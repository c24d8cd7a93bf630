#pragma once

// The SQL text `gis promote` builds (promote.cpp): column types, COPY text rows, the constraints of a layer's form.
// Identifiers go through gis::pg::quoteIdentifier; user values (value map codes) become literals only through the
// server's own quote_literal() on a bound parameter (quoteLiteral), never through text pasted here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/data/attributetable.h"
#include "gis/data/layer.h"

namespace gis {
struct Form;
namespace pg {
class Connection;
}
} // namespace gis

namespace gis::detail {

/// The PostgreSQL type of a field: integer→bigint, real→double precision, string→text, boolean, date,
/// datetime→timestamptz, binary→bytea.
std::string_view pgColumnType(FieldType type);

/// The typed geometry column type of a layer: "geometry(MultiPolygon, 4326)", "geometry(PointZ, 32640)"; the
/// common type of every non-null geometry (its ISO WKB type), "Geometry" when they differ. srid 0 when the CRS has
/// no EPSG code. Throws Error(Argument) naming the layer when the geometries mix dimensions (2D with Z).
std::string pgGeometryType(const Layer& layer, int srid);

/// The EPSG code of the layer's CRS, 0 when it has none.
int layerSrid(const Layer& layer);

/// Appends row `i` of `layer` to `out` as one line of COPY's text format: fid, then (when `withGeometry`) the
/// geometry as "SRID=n;<hex WKB>", then the fields; NULL is \N, and tab, newline, carriage return and backslash
/// are escaped.
void appendCopyRow(std::string& out, const Layer& layer, std::size_t i, bool withGeometry, int srid);

/// One row of a layer as the verification hashes it: fid, WKB (hex) or "null", and each field's name, type and
/// value (AttributeColumn::toString, "\N" for null). Two layers with equal rows have equal text.
std::string canonicalRow(const Layer& layer, std::size_t i);

/// 64-bit FNV-1a, continued from `hash`.
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ull);

/// `value` as an SQL string literal, quoted by the server (SELECT quote_literal($1)): the value is bound, so no
/// text of it can end the literal.
std::string quoteLiteral(pg::Connection& connection, const std::string& value);

/// A constraint made from a form, for a table already created.
struct FormSqlConstraint {
    std::string sql;         ///< "ALTER TABLE … ADD CONSTRAINT …"
    std::string description; ///< "NOT NULL inspector", "CHECK score BETWEEN 0 AND 100", "UNIQUE licence_no"
};

/// The database constraints of `form` for table `qualifiedTable` (already quoted) with `fields`: for each hard
/// constraint of a field that is a column and is shown unconditionally (neither it nor a group around it has a
/// `visible` expression): not_null → NOT NULL, unique → UNIQUE, range on a number → CHECK (col BETWEEN min AND
/// max) (either bound alone too), and a value map → CHECK (col IN (…)) with each code quoted by quoteLiteral.
/// What is not made a constraint (regex, expression, conditional fields, soft rules) is appended to `skipped`.
std::vector<FormSqlConstraint> formConstraints(pg::Connection& connection, const Form& form,
    const std::string& layerName, const std::string& qualifiedTable, const std::vector<FieldInfo>& fields,
    std::vector<std::string>& skipped);

} // namespace gis::detail
