// Fuzz target: reading a CSV file through GDAL and the library (data: DataSource::open, readLayer),
// from /vsimem/fuzz.csv.
#include <cstddef>
#include <cstdint>

#include "gdalfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return gis::fuzz::fuzzOneFile("csv", data, size);
}
