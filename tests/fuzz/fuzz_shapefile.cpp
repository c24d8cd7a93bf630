// Fuzz target: reading a Shapefile set through GDAL and the library (data: DataSource::open, readLayer).
//
// The input holds three files: [shp length: u32 LE][shx length: u32 LE][.shp][.shx][.dbf = the rest]; lengths past
// the end are cut to what is there. tests/fuzz/make_corpus.py writes seeds in this form.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "gdalfuzz.h"

namespace {

std::uint32_t readLength(const std::uint8_t*& p, std::size_t& left)
{
    std::uint32_t v = 0;
    for (int i = 0; i < 4 && left; ++i, ++p, --left)
        v |= std::uint32_t(*p) << (8 * i);
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::uint8_t* p = data;
    std::size_t left = size;
    const std::uint32_t shpLength = readLength(p, left);
    const std::uint32_t shxLength = readLength(p, left);
    const std::size_t shpSize = std::min<std::size_t>(shpLength, left);
    const std::size_t shxSize = std::min<std::size_t>(shxLength, left - shpSize);
    const gis::fuzz::MemFile shp("/vsimem/fuzz.shp", p, shpSize);
    const gis::fuzz::MemFile shx("/vsimem/fuzz.shx", p + shpSize, shxSize);
    const gis::fuzz::MemFile dbf("/vsimem/fuzz.dbf", p + shpSize + shxSize, left - shpSize - shxSize);
    gis::fuzz::readAllLayers(shp.path());
    return 0;
}
