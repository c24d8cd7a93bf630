// Fuzz target: CQL2 text filters (query: gis::compileCql2 onto the expression engine, bound against the fixed
// six-row fuzz layer in EPSG:4326, then every row evaluated and the whole layer filtered). Run with
// -max_len=4096 (docs/fuzzing.md): deeper nesting and longer input are the documented limits of the language.
// The filter CRS alternates with the input's length between CRS84 (lon/lat) and EPSG:4326 (lat/lon, swapped).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/query/cql2.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    static const gis::Crs crs84 = gis::Crs::fromUserInput("OGC:CRS84");
    static const gis::Crs epsg4326 = gis::Crs::fromEpsg(4326);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const gis::Expression e = gis::compileCql2(text, *layer, size % 2 ? epsg4326 : crs84);
        for (std::size_t row = 0; row < layer->size(); ++row)
            (void)e.matches(row);
        (void)e.filter();
    } catch (const gis::Error&) {
        // refused with a message: Query for the text, Crs for a literal that cannot be transformed
    }
    return 0;
}
