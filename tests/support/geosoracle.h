#pragma once

// GEOS as an independent oracle for the geometry tests: its own WKT and WKB readers on a context of the test's
// own (not libgis's thread contexts). Only tests that link GEOS::geos_c include this.

#include <QString>

#include <memory>
#include <vector>

#include <geos_c.h>

#include "gis/core/handle.h"

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

} // namespace gis::test
