// Fuzz target: reading a KML file through GDAL and the library (data: DataSource::open, readLayer),
// from /vsimem/fuzz.kml.
#include <cstddef>
#include <cstdint>

#include "gdalfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return gis::fuzz::fuzzOneFile("kml", data, size);
}
