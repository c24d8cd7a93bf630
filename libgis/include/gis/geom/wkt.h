#pragma once

#include <string>
#include <string_view>

#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// Parses one Well-Known Text geometry and appends it to `out`. Any thread may call the functions of this
/// header; a column must not be written by two threads at once.
///
/// Keywords are case-insensitive. Accepts the ISO dimension tags (POINT Z, POINT M, POINT ZM), the EWKT forms
/// (POINTM (1 2 3), POINT (1 2 3) with an implicit Z, an optional "SRID=4326;" prefix, which is ignored), EMPTY
/// anywhere a geometry or member may be empty, and MULTIPOINT both as ((1 2), (3 4)) and as (1 2, 3 4).
/// Members of Multi geometries and collections become parts; nested collections are flattened; empty members
/// and empty polygon holes are dropped (as in appendWkb()). Rings are not checked for closure: that is for
/// checkValidity(). All coordinates of one geometry, members of a collection included, have the same ordinates
/// (XY, XYZ, XYM or XYZM): "LINESTRING (0 0, 1 1 1)" is refused, as toWkt() could not write it back.
///
/// Throws Error(ErrorCode::Geometry) and leaves `out` unchanged on malformed text, naming the 1-based column
/// and the text around it: "WKT: expected '(' or EMPTY at column 9 near \"POLYGON 0 0, 1 0, 1...\"",
/// "WKT: non-finite coordinate at column 8 near \"POINT (nan 1)\"" (WKT has no NaN or infinity).
void appendWkt(GeometryColumn& out, std::string_view wkt);

/// One geometry parsed from WKT (see appendWkt()).
Geometry geometryFromWkt(std::string_view wkt);

/// WKT of one geometry: "POINT (1 2)", "POLYGON ((0 0, 1 0, 1 1, 0 0), (...))", "MULTIPOINT ((1 2), (3 4))",
/// "POINT EMPTY", "POINT Z (1 2 3)". Z and M are written when any coordinate of this geometry has them (as in
/// toWkb()); a GeometryCollection lists its parts as members. A null geometry gives "".
///
/// `precision` < 0 writes each number in the shortest form that reads back to the same double ("0.1", "1e+300");
/// otherwise numbers are rounded to `precision` decimal places (at most 30) with trailing zeros dropped.
/// Throws Error(Geometry) for a malformed geometry (a Point with two parts).
std::string toWkt(GeometryRef g, int precision = -1);

} // namespace gis

GIS_API_END
