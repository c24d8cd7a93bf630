// Fuzz target: gis::appendWkb (geom: WKB parser). What it accepts must write back (toWkb) as WKB that reads again
// to the same bytes, and must write as WKT.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "gis/core/error.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    gis::GeometryColumn column;
    try {
        gis::appendWkb(column, data, size);
    } catch (const gis::Error&) {
        return 0; // malformed WKB is refused: a correct answer
    }
    const gis::GeometryRef g{&column, 0};
    const std::vector<std::uint8_t> written = gis::toWkb(g);
    gis::GeometryColumn reread;
    try {
        gis::appendWkb(reread, written.data(), written.size());
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "toWkb wrote WKB that appendWkb refuses: %s\n", e.what());
        std::abort();
    }
    if (gis::toWkb({&reread, 0}) != written) {
        std::fprintf(stderr, "WKB round trip changed the geometry\n");
        std::abort();
    }
    (void)gis::toWkt(g);
    (void)g.bounds();
    return 0;
}
