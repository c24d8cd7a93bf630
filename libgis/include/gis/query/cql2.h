#pragma once

#include <string_view>

#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/query/expression.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// Compiles a CQL2 text filter (OGC 21-065, the `filter-lang=cql2-text` of OGC API – Features Part 3) into an
/// Expression over `layer`, so it is evaluated by the same engine as `gis query --where` (docs/cql2.md).
/// The filter is parsed into the expression engine's syntax tree; no part of it ever becomes SQL or
/// expression text, so a property name or string holding quotes stays one name or one string.
///
/// Supported (conformance classes "Basic CQL2", "Advanced Comparison Operators", "Case-insensitive
/// Comparison" (CASEI), "Basic Spatial Functions" and "Spatial Functions"):
///   comparison = <> < > <= >= ; AND OR NOT ; parentheses ; IS [NOT] NULL ; [NOT] LIKE ('%', '_', '\' to
///   escape) ; [NOT] BETWEEN a AND b ; [NOT] IN (a, b, ...) ; CASEI(x) ;
///   literals 'text' ('' inside for a quote), numbers, TRUE/FALSE, DATE('2024-01-31'),
///   TIMESTAMP('2024-01-31T10:00:00Z') ; properties bare (Unicode letters, so Arabic) or "double-quoted" ;
///   S_INTERSECTS S_WITHIN S_CONTAINS S_DISJOINT S_TOUCHES S_CROSSES S_OVERLAPS S_EQUALS between the layer's
///   geometry property (its geometry column's name, or `geometry`) and a geometry literal: WKT POINT,
///   LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION, or
///   BBOX(minx, miny, maxx, maxy).
///
/// Geometry literals are in `filterCrs` and reprojected into the layer's CRS once, at compile time. Axis
/// order follows the OGC rule: a geographic CRS identified by an EPSG code (EPSG:4326) is written latitude
/// first; OGC:CRS84 and every other CRS x first (longitude/easting). The default is CRS84.
///
/// Limits, as for expressions: at most 2 MiB of text and 100 levels of nesting (parentheses, NOT, function
/// calls, IN lists); deeper input is refused with an error, never a stack overflow.
///
/// Throws Error(ErrorCode::Query) with a message starting "CQL2: ", the 1-based column (in characters) and
/// what was expected, e.g.
///   CQL2: unknown property "popluation" at column 1 — did you mean "population"?
///   CQL2: expected a comparison operator, LIKE, BETWEEN, IN or IS after "name" at column 6
/// and Error(ErrorCode::Crs) when the geometry literals cannot be reprojected into the layer's CRS.
/// Stateless: any number of threads may call it. The Expression keeps a reference to `layer`.
Expression compileCql2(std::string_view cql, const Layer& layer, const Crs& filterCrs);
/// The same with the geometry literals in OGC:CRS84 (longitude, latitude).
Expression compileCql2(std::string_view cql, const Layer& layer);

} // namespace gis

GIS_API_END
