#pragma once

// GEOS as an independent oracle for the geometry tests: its own WKT and WKB readers on a context of the test's
// own (not libgis's thread contexts). Only tests that link GEOS::geos_c include this.

#include <QString>

#include <memory>
#include <string>
#include <vector>

#include <geos_c.h>

#include "gis/core/handle.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/geom/wkb.h"

namespace gis::test {

using GeosContextPtr = UniqueHandle<GEOSContextHandle_HS, GEOS_finish_r>;

inline GEOSContextHandle_t oracleGeos()
{
    static const GeosContextPtr context{GEOS_init_r()};
    return context.get();
}

template <auto Fn>
struct GeosDeleter {
    template <class T>
    void operator()(T* p) const { Fn(oracleGeos(), p); }
};
using GeosPtr = std::unique_ptr<GEOSGeometry, GeosDeleter<GEOSGeom_destroy_r>>;

inline GeosPtr geosFromWkt(const QString& wkt)
{
    const std::unique_ptr<GEOSWKTReader, GeosDeleter<GEOSWKTReader_destroy_r>> reader(GEOSWKTReader_create_r(oracleGeos()));
    return GeosPtr(GEOSWKTReader_read_r(oracleGeos(), reader.get(), wkt.toUtf8().constData()));
}

inline GeosPtr geosFromWkb(const std::vector<std::uint8_t>& wkb)
{
    const std::unique_ptr<GEOSWKBReader, GeosDeleter<GEOSWKBReader_destroy_r>> reader(GEOSWKBReader_create_r(oracleGeos()));
    return GeosPtr(GEOSWKBReader_read_r(oracleGeos(), reader.get(), wkb.data(), wkb.size()));
}

/// Our geometry as the oracle's GEOS geometry (through WKB, read by GEOS's own reader).
inline GeosPtr oracleOf(GeometryRef g)
{
    return geosFromWkb(toWkb(g));
}

/// A WKT as the oracle's GEOS geometry (GEOS's own reader).
inline GeosPtr oracleOf(const std::string& wkt)
{
    return geosFromWkt(QString::fromStdString(wkt));
}

/// GEOS's area of `g`.
inline double oracleArea(const GEOSGeometry* g)
{
    double a = 0;
    GEOSArea_r(oracleGeos(), g, &a);
    return a;
}

/// GEOS's area of the symmetric difference of `a` and `b`; -1 when GEOS cannot make it.
inline double oracleSymDifferenceArea(const GEOSGeometry* a, const GEOSGeometry* b)
{
    const GeosPtr d(GEOSSymDifference_r(oracleGeos(), a, b));
    return d ? oracleArea(d.get()) : -1;
}

/// GEOS's make-valid with the structure method, collapsed parts dropped (what --invalid repair promises).
inline GeosPtr oracleMakeValid(const GEOSGeometry* g)
{
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(oracleGeos());
    GEOSMakeValidParams_setMethod_r(oracleGeos(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(oracleGeos(), params, 0);
    GeosPtr out(GEOSMakeValidWithParams_r(oracleGeos(), g, params));
    GEOSMakeValidParams_destroy_r(oracleGeos(), params);
    return out;
}

} // namespace gis::test
