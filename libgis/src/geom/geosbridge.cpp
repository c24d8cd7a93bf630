#include "geom/geosbridge.h"

#include <cmath>
#include <cstring>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "gis/core/error.h"

namespace gis::detail {

namespace {

// Coordinates go to GEOS straight from the column's Coord array as x,y pairs.
static_assert(sizeof(Coord) == 2 * sizeof(double) && std::is_standard_layout_v<Coord>);

// Trivially destructible so that GEOS calls made while the thread's other thread_locals are being destroyed
// still find valid storage.
thread_local char t_lastError[1024] = {};
thread_local GEOSContextHandle_t t_context = nullptr;
thread_local bool t_contextFinished = false;

void onGeosError(const char* message, void*)
{
    std::strncpy(t_lastError, message, sizeof(t_lastError) - 1);
    t_lastError[sizeof(t_lastError) - 1] = '\0';
}

// Notices are warnings GEOS prints by default (for example the reason from GEOSisValid_r); they are not errors
// and libgis reports nothing on stderr.
void onGeosNotice(const char*, void*) {}

GEOSContextHandle_t makeContext()
{
    GEOSContextHandle_t handle = GEOS_init_r();
    if (!handle)
        throw std::bad_alloc();
    GEOSContext_setErrorMessageHandler_r(handle, onGeosError, nullptr);
    GEOSContext_setNoticeMessageHandler_r(handle, onGeosNotice, nullptr);
    return handle;
}

struct ContextOwner {
    ~ContextOwner()
    {
        if (t_context)
            GEOS_finish_r(t_context);
        t_context = nullptr;
        t_contextFinished = true;
    }
};

// For GEOS objects destroyed after their thread's context was finished (a thread_local or static holding one):
// one process-wide context that is never finished. Such late calls only free memory, so sharing is harmless.
GEOSContextHandle_t lateContext()
{
    static const GEOSContextHandle_t handle = makeContext();
    return handle;
}

int geosTypeId(GeometryType type)
{
    switch (type) {
    case GeometryType::Point: return GEOS_POINT;
    case GeometryType::LineString: return GEOS_LINESTRING;
    case GeometryType::Polygon: return GEOS_POLYGON;
    case GeometryType::MultiPoint: return GEOS_MULTIPOINT;
    case GeometryType::MultiLineString: return GEOS_MULTILINESTRING;
    case GeometryType::MultiPolygon: return GEOS_MULTIPOLYGON;
    case GeometryType::GeometryCollection: return GEOS_GEOMETRYCOLLECTION;
    case GeometryType::Unknown: break;
    }
    throw Error(ErrorCode::Geometry, "GEOS: a null geometry has no GEOS equivalent");
}

GeometryType fromGeosTypeId(int id)
{
    switch (id) {
    case GEOS_POINT: return GeometryType::Point;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING: return GeometryType::LineString;
    case GEOS_POLYGON: return GeometryType::Polygon;
    case GEOS_MULTIPOINT: return GeometryType::MultiPoint;
    case GEOS_MULTILINESTRING: return GeometryType::MultiLineString;
    case GEOS_MULTIPOLYGON: return GeometryType::MultiPolygon;
    case GEOS_GEOMETRYCOLLECTION: return GeometryType::GeometryCollection;
    default: break;
    }
    throw Error(ErrorCode::Geometry, "GEOS: unsupported geometry type id " + std::to_string(id));
}

GeosGeometryPtr emptyGeos(GEOSContextHandle_t ctx, GeometryType type)
{
    switch (type) {
    case GeometryType::Point: return checkGeos(GEOSGeom_createEmptyPoint_r(ctx), "empty point");
    case GeometryType::LineString: return checkGeos(GEOSGeom_createEmptyLineString_r(ctx), "empty line");
    case GeometryType::Polygon: return checkGeos(GEOSGeom_createEmptyPolygon_r(ctx), "empty polygon");
    default: return checkGeos(GEOSGeom_createEmptyCollection_r(ctx, geosTypeId(type)), "empty collection");
    }
}

/// Builds GEOS parts from one geometry of a column; `m_xyz` is scratch space reused for every ring.
class GeosBuilder {
public:
    GeosBuilder(const GeometryColumn& column, bool withZ) : m_column(column), m_withZ(withZ) {}

    GeosGeometryPtr part(std::size_t p)
    {
        const std::size_t r0 = m_column.ringBegin(p), r1 = m_column.ringEnd(p);
        switch (m_column.partType(p)) {
        case GeometryType::Point:
            return checkGeos(GEOSGeom_createPoint_r(m_ctx, sequence(r0).release()), "point");
        case GeometryType::LineString:
            return checkGeos(GEOSGeom_createLineString_r(m_ctx, sequence(r0).release()), "line");
        case GeometryType::Polygon: {
            if (r0 == r1)
                return emptyGeos(m_ctx, GeometryType::Polygon);
            GeosGeometryPtr shell = ring(r0);
            std::vector<GeosGeometryPtr> holes;
            holes.reserve(r1 - r0 - 1);
            for (std::size_t r = r0 + 1; r < r1; ++r)
                holes.push_back(ring(r));
            std::vector<GEOSGeometry*> raw; // GEOS takes ownership of the shell and holes
            raw.reserve(holes.size());
            for (GeosGeometryPtr& h : holes)
                raw.push_back(h.release());
            return checkGeos(GEOSGeom_createPolygon_r(m_ctx, shell.release(), raw.data(),
                                                      static_cast<unsigned>(raw.size())),
                             "polygon");
        }
        default: break;
        }
        throw Error(ErrorCode::Geometry, "GEOS: a part must be a Point, LineString or Polygon");
    }

private:
    GeosCoordSeqPtr sequence(std::size_t r)
    {
        const std::size_t c0 = m_column.coordBegin(r), n = m_column.coordEnd(r) - c0;
        GEOSCoordSequence* seq = nullptr;
        if (!m_withZ) {
            seq = GEOSCoordSeq_copyFromBuffer_r(m_ctx, reinterpret_cast<const double*>(m_column.coords() + c0),
                                                static_cast<unsigned>(n), 0, 0);
        } else {
            m_xyz.resize(3 * n);
            const double* z = m_column.zValues().data() + c0;
            for (std::size_t i = 0; i < n; ++i) {
                const Coord& c = m_column.coord(c0 + i);
                m_xyz[3 * i] = c.x;
                m_xyz[3 * i + 1] = c.y;
                m_xyz[3 * i + 2] = z[i];
            }
            seq = GEOSCoordSeq_copyFromBuffer_r(m_ctx, m_xyz.data(), static_cast<unsigned>(n), 1, 0);
        }
        if (!seq)
            throwGeosError("coordinate sequence");
        return GeosCoordSeqPtr(seq);
    }

    GeosGeometryPtr ring(std::size_t r)
    {
        return checkGeos(GEOSGeom_createLinearRing_r(m_ctx, sequence(r).release()), "ring");
    }

    GEOSContextHandle_t m_ctx = geosContext();
    const GeometryColumn& m_column;
    bool m_withZ;
    std::vector<double> m_xyz;
};

bool hasZValues(const GeometryColumn& column, std::size_t i)
{
    if (!column.hasZ() || column.isEmpty(i))
        return false;
    const std::size_t c0 = column.coordBegin(column.ringBegin(column.partBegin(i)));
    const std::size_t c1 = column.coordBegin(column.ringEnd(column.partEnd(i) - 1));
    for (std::size_t c = c0; c < c1; ++c) {
        if (!std::isnan(column.zValues()[c]))
            return true;
    }
    return false;
}

/// Appends the simple parts of `g` (flattening collections) to the geometry being built in `out`.
class GeosReader {
public:
    explicit GeosReader(GeometryColumn& out) : m_out(out) {}

    void members(const GEOSGeometry* g)
    {
        const int id = GEOSGeomTypeId_r(m_ctx, g);
        if (id == GEOS_MULTIPOINT || id == GEOS_MULTILINESTRING || id == GEOS_MULTIPOLYGON
            || id == GEOS_GEOMETRYCOLLECTION) {
            const int n = GEOSGetNumGeometries_r(m_ctx, g);
            for (int k = 0; k < n; ++k)
                members(GEOSGetGeometryN_r(m_ctx, g, k));
            return;
        }
        const GeometryType type = fromGeosTypeId(id);
        if (GEOSisEmpty_r(m_ctx, g))
            return;
        m_out.beginPart(type);
        if (type != GeometryType::Polygon) {
            ring(g);
            return;
        }
        ring(GEOSGetExteriorRing_r(m_ctx, g));
        const int holes = GEOSGetNumInteriorRings_r(m_ctx, g);
        for (int k = 0; k < holes; ++k) {
            const GEOSGeometry* hole = GEOSGetInteriorRingN_r(m_ctx, g, k);
            if (hole && !GEOSisEmpty_r(m_ctx, hole)) // empty holes are dropped, as the WKB and WKT readers do
                ring(hole);
        }
    }

private:
    void ring(const GEOSGeometry* line)
    {
        const GEOSCoordSequence* seq = line ? GEOSGeom_getCoordSeq_r(m_ctx, line) : nullptr;
        unsigned size = 0, dims = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(m_ctx, seq, &size) || !GEOSCoordSeq_getDimensions_r(m_ctx, seq, &dims))
            throwGeosError("reading coordinates");
        const bool z = dims >= 3;
        const unsigned stride = z ? 3 : 2;
        m_buffer.resize(std::size_t(size) * stride);
        if (size && !GEOSCoordSeq_copyToBuffer_r(m_ctx, seq, m_buffer.data(), z, 0))
            throwGeosError("reading coordinates");
        m_out.beginRing();
        for (std::size_t i = 0; i < size; ++i) {
            const double* c = m_buffer.data() + i * stride;
            if (z)
                m_out.addCoord(c[0], c[1], c[2], std::nan(""));
            else
                m_out.addCoord(c[0], c[1]);
        }
    }

    GEOSContextHandle_t m_ctx = geosContext();
    GeometryColumn& m_out;
    std::vector<double> m_buffer;
};

} // namespace

GEOSContextHandle_t geosContext()
{
    if (t_context)
        return t_context;
    if (t_contextFinished)
        return lateContext();
    thread_local ContextOwner owner; // constructed once per thread; finishes the context at thread exit
    t_context = makeContext();
    return t_context;
}

void throwGeosError(const char* operation)
{
    std::string message = t_lastError[0] ? std::string(t_lastError) : std::string(operation) + " failed";
    t_lastError[0] = '\0';
    throw Error(ErrorCode::Geometry, "GEOS: " + message);
}

GeosGeometryPtr checkGeos(GEOSGeometry* result, const char* operation)
{
    if (!result)
        throwGeosError(operation);
    return GeosGeometryPtr(result);
}

GeosGeometryPtr toGeos(GeometryRef g)
{
    const GeometryColumn& column = *g.column;
    const GeometryType type = column.type(g.index);
    const int typeId = geosTypeId(type); // throws for null
    const std::size_t p0 = column.partBegin(g.index), p1 = column.partEnd(g.index);
    GEOSContextHandle_t ctx = geosContext();
    if (p0 == p1)
        return emptyGeos(ctx, type);

    GeosBuilder builder(column, hasZValues(column, g.index));
    if (type == GeometryType::Point || type == GeometryType::LineString || type == GeometryType::Polygon) {
        if (p1 - p0 != 1)
            throw Error(ErrorCode::Geometry, "GEOS: a " + std::string(geometryTypeName(type)) + " with "
                                                 + std::to_string(p1 - p0) + " parts");
        return builder.part(p0);
    }
    std::vector<GeosGeometryPtr> parts;
    parts.reserve(p1 - p0);
    for (std::size_t p = p0; p < p1; ++p)
        parts.push_back(builder.part(p));
    std::vector<GEOSGeometry*> raw; // GEOS takes ownership of the members
    raw.reserve(parts.size());
    for (GeosGeometryPtr& part : parts)
        raw.push_back(part.release());
    return checkGeos(GEOSGeom_createCollection_r(ctx, typeId, raw.data(), static_cast<unsigned>(raw.size())),
                     "collection");
}

GeosPreparedPtr prepareGeos(const GEOSGeometry* g)
{
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(geosContext(), g);
    if (!prepared)
        throwGeosError("prepare");
    return GeosPreparedPtr(prepared);
}

void appendGeos(GeometryColumn& out, const GEOSGeometry* g)
{
    GEOSContextHandle_t ctx = geosContext();
    const GeometryType type = fromGeosTypeId(GEOSGeomTypeId_r(ctx, g));
    const std::size_t before = out.size();
    out.beginGeometry(type);
    try {
        GeosReader(out).members(g);
        out.endGeometry();
    } catch (...) {
        out.endGeometry();
        out.truncate(before);
        throw;
    }
}

Geometry fromGeos(const GEOSGeometry* g)
{
    GeometryColumn column;
    appendGeos(column, g);
    return Geometry(std::move(column));
}

} // namespace gis::detail
