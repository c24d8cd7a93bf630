#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Geometry types, numbered as in WKB. Unknown also marks a null geometry.
enum class GeometryType : std::uint8_t {
    Unknown = 0,
    Point = 1,
    LineString = 2,
    Polygon = 3,
    MultiPoint = 4,
    MultiLineString = 5,
    MultiPolygon = 6,
    GeometryCollection = 7,
};

/// "Point", "LineString", ... "GeometryCollection", "Unknown".
std::string_view geometryTypeName(GeometryType type);
/// Point, LineString or Polygon for the Multi types and the type itself otherwise.
GeometryType singleType(GeometryType type);

/// Many geometries in flat arrays (struct of arrays), the way libgis keeps a layer in memory.
///
/// Every geometry is a list of simple parts; every part is a Point, a LineString or a Polygon; every part is a
/// list of rings (a point or a line has one ring, a polygon its exterior ring then its holes); every ring is a
/// run of coordinates:
///   geometry i  -> parts  [partBegin(i), partEnd(i))
///   part p      -> rings  [ringBegin(p), ringEnd(p)),  type partType(p)
///   ring r      -> coords [coordBegin(r), coordEnd(r))
/// A Multi geometry has one part per member; a GeometryCollection's members are flattened into parts of their
/// own types (nested collections lose their nesting). A null geometry has type Unknown and no parts; an empty
/// geometry has its type and no parts.
///
/// While every geometry appended is a single Point the column stores only the coordinates (16 bytes a point);
/// the offset arrays appear the first time another shape is appended.
///
/// Z and M are kept when present: zValues()/mValues() are empty, or hold one value per coordinate (NaN where a
/// geometry had none).
///
/// Not thread-safe for writing; any number of threads may read a column nobody writes.
class GeometryColumn {
public:
    GeometryColumn() = default;

    // --- reading -------------------------------------------------------------------------------------------
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    GeometryType type(std::size_t i) const { return m_pointsOnly ? GeometryType::Point : m_types[i]; }
    bool isNull(std::size_t i) const { return type(i) == GeometryType::Unknown; }
    bool isEmpty(std::size_t i) const { return partBegin(i) == partEnd(i); }

    std::size_t partBegin(std::size_t i) const { return m_pointsOnly ? i : m_geomOffsets[i]; }
    std::size_t partEnd(std::size_t i) const { return m_pointsOnly ? i + 1 : m_geomOffsets[i + 1]; }
    GeometryType partType(std::size_t p) const { return m_pointsOnly ? GeometryType::Point : m_partTypes[p]; }
    std::size_t ringBegin(std::size_t p) const { return m_pointsOnly ? p : m_partOffsets[p]; }
    std::size_t ringEnd(std::size_t p) const { return m_pointsOnly ? p + 1 : m_partOffsets[p + 1]; }
    std::size_t coordBegin(std::size_t r) const { return m_pointsOnly ? r : m_ringOffsets[r]; }
    std::size_t coordEnd(std::size_t r) const { return m_pointsOnly ? r + 1 : m_ringOffsets[r + 1]; }

    std::size_t partCount() const { return m_pointsOnly ? m_size : m_partTypes.size(); }
    std::size_t ringCount() const { return m_pointsOnly ? m_size : m_ringOffsets.size() - 1; }
    std::size_t coordCount() const { return m_coords.size(); }

    const Coord& coord(std::size_t c) const { return m_coords[c]; }
    const Coord* coords() const { return m_coords.data(); }
    /// Coordinates may be rewritten in place (reprojection); the structure may not.
    Coord* mutableCoords() { return m_coords.data(); }

    bool hasZ() const { return !m_z.empty(); }
    bool hasM() const { return !m_m.empty(); }
    const std::vector<double>& zValues() const { return m_z; }
    const std::vector<double>& mValues() const { return m_m; }

    /// True while every geometry is a single Point (the compact layout).
    bool isPointsOnly() const { return m_pointsOnly; }

    /// Bounding box of geometry i; empty for null and empty geometries.
    Box bounds(std::size_t i) const;
    /// Bounding box of all geometries.
    Box bounds() const;
    /// False if any coordinate (x, y, or z) of geometry i is NaN or infinite.
    bool isFinite(std::size_t i) const;

    /// Bytes held by this column's arrays (capacity, not size).
    std::size_t memoryUsage() const;

    // --- building ------------------------------------------------------------------------------------------
    // Append one geometry: beginGeometry(type), then for each part beginPart(partType), for each ring
    // beginRing(), addCoord()...; finally endGeometry(). Misuse (a coordinate before a ring) throws
    // Error(ErrorCode::Geometry).
    void reserve(std::size_t geometries, std::size_t coords);
    void beginGeometry(GeometryType type);
    void beginPart(GeometryType partType);
    void beginRing();
    void addCoord(double x, double y);
    void addCoord(double x, double y, double z, double m);
    void endGeometry();

    void appendPoint(double x, double y);
    void appendNull();
    /// Copies geometry i of `other` to the end of this column.
    void append(const GeometryColumn& other, std::size_t i);

    /// Removes the geometries from index `count` on (used to drop a half-built geometry). What only the removed
    /// geometries brought is undone too: Z or M values that appeared with them and the points-only layout they
    /// left, so a failed append leaves the column as it was.
    void truncate(std::size_t count);
    void clear() { *this = GeometryColumn(); }
    void shrinkToFit();

private:
    void leavePointsOnly();
    void growZ();
    void growM();

    std::size_t m_size = 0;
    bool m_pointsOnly = true;
    enum class BuildState : std::uint8_t { Closed, InGeometry, InPart, InRing };
    BuildState m_state = BuildState::Closed;
    std::vector<GeometryType> m_types;    // one per geometry (not in points-only layout)
    std::vector<std::uint32_t> m_geomOffsets{0}; // size()+1, into parts
    std::vector<GeometryType> m_partTypes;       // one per part
    std::vector<std::uint32_t> m_partOffsets{0}; // parts+1, into rings
    std::vector<std::uint32_t> m_ringOffsets{0}; // rings+1, into coords
    std::vector<Coord> m_coords;
    std::vector<double> m_z;
    std::vector<double> m_m;
    // What truncate() needs to undo: the geometry count when the points-only layout was left, and the index of
    // the first coordinate that had a z (an m): the values before it are only NaN backfill.
    std::size_t m_pointsOnlyUntil = 0;
    std::size_t m_zFrom = 0;
    std::size_t m_mFrom = 0;
};

/// A non-owning reference to one geometry of a column. Valid while the column lives and is not modified.
struct GeometryRef {
    const GeometryColumn* column = nullptr;
    std::size_t index = 0;

    GeometryType type() const { return column->type(index); }
    Box bounds() const { return column->bounds(index); }
};

/// One owned geometry (a column of one). Cheap to move.
class Geometry {
public:
    Geometry() { m_column.appendNull(); }
    explicit Geometry(GeometryColumn&& singleGeometryColumn);
    /// Copies geometry ref.index of ref.column.
    explicit Geometry(GeometryRef ref);

    GeometryRef ref() const { return {&m_column, 0}; }
    operator GeometryRef() const { return ref(); }
    GeometryType type() const { return m_column.type(0); }
    bool isNull() const { return m_column.isNull(0); }
    bool isEmpty() const { return m_column.isEmpty(0); }
    Box bounds() const { return m_column.bounds(0); }
    const GeometryColumn& column() const { return m_column; }

private:
    GeometryColumn m_column;
};

} // namespace gis

GIS_API_END
