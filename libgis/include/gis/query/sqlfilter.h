#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/data/attributetable.h"
#include "gis/data/datasource.h" // ServerFilter

GIS_API_BEGIN

namespace gis {

/// A filter expression split in two: what PostgreSQL evaluates (`pushed`) and what our engine evaluates on
/// the rows the server returns (`residual`, expression text; empty when everything was pushed). For every row,
/// `pushed` is true and `residual` matches exactly when the whole expression matches.
struct SqlTranslation {
    /// The condition for the server, as data's ReadOptions::serverFilter takes it: placeholders only, every
    /// parameter cast in the SQL (`$1::bigint`, `$2::text` ...), so PQexecParams may leave their types unknown.
    ServerFilter pushed;
    std::string residual;
};

/// Translates `expression` (the filter language of gis/query/expression.h) for a PostgreSQL table whose
/// columns are `fields`. The top-level AND is split into its conjuncts; each conjunct that PostgreSQL
/// evaluates exactly as our engine does (NULL included: a conjunct's SQL is true, false or NULL exactly when
/// ours is) goes to `pushed`, the rest stays in `residual`. docs/expressions.md ("Filters on PostGIS layers")
/// lists what is pushed: comparisons, AND/OR/NOT, IN, BETWEEN, IS NULL, LIKE and ILIKE with a literal
/// pattern, ||, lower(), upper(), length(). Arithmetic, CASE, the other functions and the geometry variables
/// stay on the client. Text is compared byte by byte (COLLATE "C"), case is folded with our own mapping
/// (translate()), so the result does not depend on the database's collation. The database must use UTF-8,
/// and timestamp columns without time zone are read as UTC (the connection's TimeZone must be UTC).
///
/// `geometryColumn` is the table's geometry column: no part of the language maps to it today (the geometry
/// variables are measured on the ellipsoid by our engine, not by PostGIS), but it must be a valid
/// identifier. Throws Error(Query) for an expression that does not compile against `fields` (the message is
/// Expression::compile's) and for a field or geometry column name holding a NUL byte. Stateless: any number
/// of threads may call it.
SqlTranslation translateToSql(std::string_view expression, const std::vector<FieldInfo>& fields,
                              std::string_view geometryColumn);


} // namespace gis

GIS_API_END
