// Fuzz target: gis::appendWkt (geom: WKT parser). What it accepts must write back as WKT that reads again to the
// same text (the writer's output is the parser's input), with and without a fixed precision.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    gis::GeometryColumn column;
    try {
        gis::appendWkt(column, text);
    } catch (const gis::Error&) {
        return 0; // malformed WKT is refused: a correct answer
    }
    const gis::GeometryRef g{&column, 0};
    const std::string written = gis::toWkt(g);
    std::string again;
    try {
        again = gis::toWkt(gis::geometryFromWkt(written));
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "toWkt wrote WKT that appendWkt refuses: %s\n  %s\n", written.c_str(), e.what());
        std::abort();
    }
    if (again != written) {
        std::fprintf(stderr, "WKT round trip changed the geometry:\n  %s\n  %s\n", written.c_str(), again.c_str());
        std::abort();
    }
    (void)gis::toWkt(g, 3);
    (void)gis::toWkb(g);
    return 0;
}
