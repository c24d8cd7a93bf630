// Fuzz target: the GeoPackage geometry blob (data: gis::detail::gpkgWkb, countWkbCoords) and the WKB inside it.
// countWkbCoords() promises the number of coordinates appendWkb() adds: the two walks must agree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "gpkgblob.h"
#include "gis/core/error.h"
#include "gis/geom/wkb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    gis::detail::GpkgWkb wkb;
    std::string why;
    if (!gis::detail::gpkgWkb(data, size, wkb, why))
        return 0;
    if (wkb.data < data || wkb.size > size || wkb.data + wkb.size > data + size) {
        std::fprintf(stderr, "gpkgWkb pointed outside the blob\n");
        std::abort();
    }
    const std::size_t counted = gis::detail::countWkbCoords(wkb.data, wkb.size);
    gis::GeometryColumn column;
    try {
        gis::appendWkb(column, wkb.data, wkb.size);
    } catch (const gis::Error&) {
        return 0;
    }
    if (counted != column.coordCount()) {
        std::fprintf(stderr, "countWkbCoords gave %zu, appendWkb added %zu coordinates\n", counted, column.coordCount());
        std::abort();
    }
    return 0;
}
