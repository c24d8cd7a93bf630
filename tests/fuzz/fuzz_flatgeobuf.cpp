// Fuzz target: reading a FlatGeobuf file through GDAL and the library (data: DataSource::open, readLayer),
// from /vsimem/fuzz.fgb.
#include <cstddef>
#include <cstdint>

#include "gdalfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return gis::fuzz::fuzzOneFile("fgb", data, size);
}
