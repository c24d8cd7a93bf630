#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// Parses one Well-Known Binary geometry and appends it to `out`.
///
/// Accepts ISO WKB (types 1-7, +1000 Z, +2000 M, +3000 ZM) and the EWKB / GDAL 2.5D flags (0x80000000 Z,
/// 0x40000000 M, 0x20000000 SRID, whose 4-byte SRID is skipped), in either byte order, which may change from one
/// nested geometry to the next. Members of Multi geometries and collections become parts; nested collections
/// are flattened. Empty geometries keep their type and have no parts: POINT EMPTY is a point of NaN NaN, and
/// empty members of a Multi geometry or collection are dropped. A polygon whose exterior ring is empty is an
/// empty member; empty holes are dropped.
///
/// The buffer must hold exactly one geometry. Absent geometries (SQL NULL) are the caller's to append with
/// appendNull(). Allocates nothing per geometry beyond the column's own growth, and a non-empty 2D point (either
/// byte order, with or without SRID) goes in with appendPoint(), keeping a column of points in its compact layout.
/// Any thread may call the functions of this header; a column must not be written by two threads at once.
///
/// Throws Error(ErrorCode::Geometry) and leaves `out` unchanged on malformed input. Offsets in messages count
/// from the start of `data`:
///   "WKB: truncated at byte 13 (need 8 more)"      a value starting at byte 13 runs 8 bytes past the end
///   "WKB: unknown geometry type 17 at byte 0"      byte = start of that (sub)geometry
///   "WKB: invalid byte order 7 at byte 0", "WKB: collections nested deeper than 32 at byte N",
///   "WKB: a MultiPoint member of type LineString at byte N", "WKB: 3 bytes after the geometry at byte 21"
void appendWkb(GeometryColumn& out, const std::uint8_t* data, std::size_t size);

/// ISO WKB, little-endian, of one geometry. Z (type +1000) is written when any coordinate of this geometry has
/// a z, M (+2000) when any has an m, so the result does not depend on the other geometries of the column;
/// within such a geometry a coordinate without a value writes NaN. POINT EMPTY is written as NaN NaN.
///
/// A GeometryCollection is written with one member per part, each of its part type: a collection that held
/// Multi geometries comes back with their members as separate Points, LineStrings and Polygons, because the
/// column keeps no nesting. Throws Error(Geometry) for a null geometry (WKB has no null).
std::vector<std::uint8_t> toWkb(GeometryRef g);
/// Appends the WKB of g to `buf` (reuse one buffer when writing many geometries).
void appendWkbTo(std::vector<std::uint8_t>& buf, GeometryRef g);

} // namespace gis

GIS_API_END
