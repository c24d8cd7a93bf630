#pragma once

// Internal bridge between GeometryColumn and the GEOS C API, shared by geom and query through the internal target
// gis_geom_internal (not installed; docs/architecture.md). Public headers never expose geos_c.h. The functions are
// defined in libgis_geom and exported from it with GIS_EXPORT (one GEOS context per thread for both modules).

#include <memory>

#include <geos_c.h>

#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

/// The calling thread's GEOS context, created on first use and finished when the thread exits (GEOS contexts
/// must not be shared between threads). Its error handler keeps the last GEOS message for throwGeosError().
/// A GEOS object made with one thread's context may be used and destroyed from another thread: contexts only
/// route error messages.
GIS_EXPORT GEOSContextHandle_t geosContext();

/// Throws Error(ErrorCode::Geometry, "GEOS: <last GEOS error message on this thread>") and clears the message;
/// `operation` names what failed when GEOS left no message ("GEOS: union failed").
[[noreturn]] GIS_EXPORT void throwGeosError(const char* operation);

struct GeosGeometryDeleter {
    void operator()(GEOSGeometry* p) const { GEOSGeom_destroy_r(geosContext(), p); }
};
struct GeosCoordSeqDeleter {
    void operator()(GEOSCoordSequence* p) const { GEOSCoordSeq_destroy_r(geosContext(), p); }
};
struct GeosPreparedDeleter {
    void operator()(const GEOSPreparedGeometry* p) const { GEOSPreparedGeom_destroy_r(geosContext(), p); }
};
/// For strings and buffers GEOS allocates (GEOSisValidDetail_r's reason, WKB/WKT writer output).
struct GeosFreeDeleter {
    void operator()(void* p) const { GEOSFree_r(geosContext(), p); }
};

using GeosGeometryPtr = std::unique_ptr<GEOSGeometry, GeosGeometryDeleter>;
using GeosCoordSeqPtr = std::unique_ptr<GEOSCoordSequence, GeosCoordSeqDeleter>;
using GeosPreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;
template <class T>
using GeosFreePtr = std::unique_ptr<T, GeosFreeDeleter>;

/// Wraps a GEOS result at once; a null result throws through throwGeosError(operation).
GIS_EXPORT GeosGeometryPtr checkGeos(GEOSGeometry* result, const char* operation);

/// A GEOS copy of one geometry: Multi types from their parts, a GeometryCollection from its mixed parts (one
/// level: flattened members stay flat), empty geometries as empty GEOS geometries of their type, Z kept when
/// the geometry has any (M is dropped: GEOS 3.11 does not keep it).
/// Throws Error(Geometry) for a null geometry (GEOS has none) and for what GEOS refuses, such as a polygon ring
/// that is not closed or has fewer than 4 points.
GIS_EXPORT GeosGeometryPtr toGeos(GeometryRef g);

/// Prepared geometry for repeated predicates against the same geometry (GEOS keeps a pointer to `g`: it must
/// outlive the result).
GIS_EXPORT GeosPreparedPtr prepareGeos(const GEOSGeometry* g);

/// Appends a GEOS geometry of any type to `out` (nested collections flattened into parts, empty members and
/// empty holes dropped, LinearRing as LineString, Z kept). On failure throws Error(Geometry) and leaves `out` unchanged.
GIS_EXPORT void appendGeos(GeometryColumn& out, const GEOSGeometry* g);

/// A Geometry holding a copy of `g`.
GIS_EXPORT Geometry fromGeos(const GEOSGeometry* g);

} // namespace gis::detail
