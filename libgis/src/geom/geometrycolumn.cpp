#include "gis/geom/geometrycolumn.h"

#include <cmath>
#include <limits>
#include <string>

#include "gis/core/error.h"

namespace gis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint32_t checkedOffset(std::size_t n)
{
    if (n > std::numeric_limits<std::uint32_t>::max())
        throw Error(ErrorCode::Geometry, "geometry column: more than 4,294,967,295 coordinates, parts or rings");
    return static_cast<std::uint32_t>(n);
}

void misuse(const char* what)
{
    throw Error(ErrorCode::Geometry, std::string("geometry column: ") + what);
}

} // namespace

std::string_view geometryTypeName(GeometryType type)
{
    switch (type) {
    case GeometryType::Point: return "Point";
    case GeometryType::LineString: return "LineString";
    case GeometryType::Polygon: return "Polygon";
    case GeometryType::MultiPoint: return "MultiPoint";
    case GeometryType::MultiLineString: return "MultiLineString";
    case GeometryType::MultiPolygon: return "MultiPolygon";
    case GeometryType::GeometryCollection: return "GeometryCollection";
    case GeometryType::Unknown: break;
    }
    return "Unknown";
}

GeometryType singleType(GeometryType type)
{
    switch (type) {
    case GeometryType::MultiPoint: return GeometryType::Point;
    case GeometryType::MultiLineString: return GeometryType::LineString;
    case GeometryType::MultiPolygon: return GeometryType::Polygon;
    default: return type;
    }
}

Box GeometryColumn::bounds(std::size_t i) const
{
    Box box;
    const std::size_t p0 = partBegin(i), p1 = partEnd(i);
    if (p0 == p1)
        return box;
    const std::size_t c0 = coordBegin(ringBegin(p0)), c1 = coordEnd(ringEnd(p1 - 1) - 1);
    for (std::size_t c = c0; c < c1; ++c)
        box.expand(m_coords[c]);
    return box;
}

Box GeometryColumn::bounds() const
{
    Box box;
    for (const Coord& c : m_coords)
        box.expand(c);
    return box;
}

bool GeometryColumn::isFinite(std::size_t i) const
{
    const std::size_t p0 = partBegin(i), p1 = partEnd(i);
    if (p0 == p1)
        return true;
    const std::size_t c0 = coordBegin(ringBegin(p0)), c1 = coordEnd(ringEnd(p1 - 1) - 1);
    for (std::size_t c = c0; c < c1; ++c) {
        if (!std::isfinite(m_coords[c].x) || !std::isfinite(m_coords[c].y))
            return false;
        if (!m_z.empty() && std::isinf(m_z[c])) // NaN z means "no z" for this geometry
            return false;
    }
    return true;
}

std::size_t GeometryColumn::memoryUsage() const
{
    return m_types.capacity() * sizeof(GeometryType) + m_geomOffsets.capacity() * sizeof(std::uint32_t)
        + m_partTypes.capacity() * sizeof(GeometryType) + m_partOffsets.capacity() * sizeof(std::uint32_t)
        + m_ringOffsets.capacity() * sizeof(std::uint32_t) + m_coords.capacity() * sizeof(Coord)
        + (m_z.capacity() + m_m.capacity()) * sizeof(double);
}

void GeometryColumn::reserve(std::size_t geometries, std::size_t coords)
{
    m_coords.reserve(coords);
    if (!m_pointsOnly) {
        m_types.reserve(geometries);
        m_geomOffsets.reserve(geometries + 1);
    }
}

void GeometryColumn::leavePointsOnly()
{
    if (!m_pointsOnly)
        return;
    // Materialise the implicit layout: geometry i = part i = ring i = coordinate i (null/empty have none).
    // In points-only layout every geometry has exactly one coordinate except nulls, which have none, so the
    // implicit identity only holds while there are no nulls; appendNull() leaves the layout for that reason.
    const std::size_t n = m_size;
    m_types.assign(n, GeometryType::Point);
    m_partTypes.assign(n, GeometryType::Point);
    m_geomOffsets.resize(n + 1);
    m_partOffsets.resize(n + 1);
    m_ringOffsets.resize(n + 1);
    for (std::size_t i = 0; i <= n; ++i) {
        const auto v = checkedOffset(i);
        m_geomOffsets[i] = v;
        m_partOffsets[i] = v;
        m_ringOffsets[i] = v;
    }
    m_pointsOnly = false;
    m_pointsOnlyUntil = n;
}

// Called once the coordinate that brings the first z is pushed: the backfill must cover it, or a column whose
// very first coordinate has a z would get an empty (that is, no) z array.
void GeometryColumn::growZ()
{
    if (m_z.empty()) {
        m_z.assign(m_coords.size(), kNaN);
        m_zFrom = m_coords.size() - 1;
    }
}

void GeometryColumn::growM()
{
    if (m_m.empty()) {
        m_m.assign(m_coords.size(), kNaN);
        m_mFrom = m_coords.size() - 1;
    }
}

void GeometryColumn::beginGeometry(GeometryType type)
{
    if (m_state != BuildState::Closed)
        misuse("beginGeometry() before endGeometry()");
    leavePointsOnly();
    m_state = BuildState::InGeometry;
    m_types.push_back(type);
}

void GeometryColumn::beginPart(GeometryType partType)
{
    if (m_state == BuildState::Closed)
        misuse("beginPart() outside a geometry");
    if (partType != GeometryType::Point && partType != GeometryType::LineString && partType != GeometryType::Polygon)
        misuse("a part must be a Point, LineString or Polygon");
    m_state = BuildState::InPart;
    m_partTypes.push_back(partType);
    m_partOffsets.push_back(m_partOffsets.back());
}

void GeometryColumn::beginRing()
{
    if (m_state != BuildState::InPart && m_state != BuildState::InRing)
        misuse("beginRing() before beginPart()");
    m_state = BuildState::InRing;
    m_ringOffsets.push_back(m_ringOffsets.back());
    m_partOffsets.back() = checkedOffset(m_ringOffsets.size() - 1);
}

void GeometryColumn::addCoord(double x, double y)
{
    if (m_state != BuildState::InRing)
        misuse("addCoord() before beginRing()");
    m_coords.push_back({x, y});
    if (!m_z.empty())
        m_z.push_back(kNaN);
    if (!m_m.empty())
        m_m.push_back(kNaN);
    m_ringOffsets.back() = checkedOffset(m_coords.size());
}

void GeometryColumn::addCoord(double x, double y, double z, double m)
{
    addCoord(x, y);
    if (!std::isnan(z)) {
        growZ();
        m_z.back() = z;
    }
    if (!std::isnan(m)) {
        growM();
        m_m.back() = m;
    }
}

void GeometryColumn::endGeometry()
{
    if (m_state == BuildState::Closed)
        misuse("endGeometry() without beginGeometry()");
    m_state = BuildState::Closed;
    m_geomOffsets.push_back(checkedOffset(m_partTypes.size()));
    ++m_size;
}

void GeometryColumn::appendPoint(double x, double y)
{
    if (m_state != BuildState::Closed)
        misuse("appendPoint() inside a geometry");
    if (m_pointsOnly) {
        m_coords.push_back({x, y});
        if (!m_z.empty())
            m_z.push_back(kNaN);
        if (!m_m.empty())
            m_m.push_back(kNaN);
        ++m_size;
        return;
    }
    beginGeometry(GeometryType::Point);
    beginPart(GeometryType::Point);
    beginRing();
    addCoord(x, y);
    endGeometry();
}

void GeometryColumn::appendNull()
{
    beginGeometry(GeometryType::Unknown);
    endGeometry();
}

void GeometryColumn::append(const GeometryColumn& other, std::size_t i)
{
    const GeometryType t = other.type(i);
    const bool z = other.hasZ(), m = other.hasM();
    if (t == GeometryType::Point && m_pointsOnly && !other.isEmpty(i)) {
        // A 2D point stays in the compact layout, even when it comes from a column with Z or M.
        const std::size_t c = other.coordBegin(other.ringBegin(other.partBegin(i)));
        if ((!z || std::isnan(other.m_z[c])) && (!m || std::isnan(other.m_m[c]))) {
            appendPoint(other.coord(c).x, other.coord(c).y);
            return;
        }
    }
    beginGeometry(t);
    for (std::size_t p = other.partBegin(i); p < other.partEnd(i); ++p) {
        beginPart(other.partType(p));
        for (std::size_t r = other.ringBegin(p); r < other.ringEnd(p); ++r) {
            beginRing();
            for (std::size_t c = other.coordBegin(r); c < other.coordEnd(r); ++c) {
                const Coord& xy = other.coord(c);
                if (z || m)
                    addCoord(xy.x, xy.y, z ? other.m_z[c] : kNaN, m ? other.m_m[c] : kNaN);
                else
                    addCoord(xy.x, xy.y);
            }
        }
    }
    endGeometry();
}

void GeometryColumn::truncate(std::size_t count)
{
    if (m_state != BuildState::Closed)
        misuse("truncate() inside a geometry");
    if (count >= m_size)
        return;
    if (m_pointsOnly) {
        m_coords.resize(count);
    } else if (count <= m_pointsOnlyUntil) {
        // Every geometry left was a single point before the layout was left: return to the compact layout so
        // one bad feature early in a load does not cost the whole layer its offset arrays.
        m_types = {};
        m_geomOffsets = {0};
        m_partTypes = {};
        m_partOffsets = {0};
        m_ringOffsets = {0};
        m_coords.resize(count);
        m_pointsOnly = true;
    } else {
        const std::size_t parts = m_geomOffsets[count];
        const std::size_t rings = m_partOffsets[parts];
        const std::size_t coords = m_ringOffsets[rings];
        m_types.resize(count);
        m_geomOffsets.resize(count + 1);
        m_partTypes.resize(parts);
        m_partOffsets.resize(parts + 1);
        m_ringOffsets.resize(rings + 1);
        m_coords.resize(coords);
    }
    if (m_coords.size() <= m_zFrom)
        m_z.clear(); // only removed geometries had a z
    else if (!m_z.empty())
        m_z.resize(m_coords.size());
    if (m_coords.size() <= m_mFrom)
        m_m.clear();
    else if (!m_m.empty())
        m_m.resize(m_coords.size());
    m_size = count;
}

void GeometryColumn::shrinkToFit()
{
    m_types.shrink_to_fit();
    m_geomOffsets.shrink_to_fit();
    m_partTypes.shrink_to_fit();
    m_partOffsets.shrink_to_fit();
    m_ringOffsets.shrink_to_fit();
    m_coords.shrink_to_fit();
    m_z.shrink_to_fit();
    m_m.shrink_to_fit();
}

Geometry::Geometry(GeometryColumn&& singleGeometryColumn) : m_column(std::move(singleGeometryColumn))
{
    if (m_column.size() != 1)
        throw Error(ErrorCode::Argument, "Geometry: expected a column of exactly one geometry");
}

Geometry::Geometry(GeometryRef ref)
{
    m_column.append(*ref.column, ref.index);
}

} // namespace gis
