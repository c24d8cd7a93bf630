// Fuzz target: reading a GeoPackage through the library (data: DataSource::open, readLayer; its own SQLite reader
// for tables, GDAL for the rest). The input is written to a scratch file (/dev/shm), as the library's reader takes
// only local files, not /vsimem/.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <system_error>

#include "fuzzsupport.h"
#include "gdalfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // SQLite's side files from the previous input (a WAL file would be replayed into this one).
    std::error_code ec;
    for (const char* side : {"-wal", "-shm", "-journal"})
        std::filesystem::remove(gis::fuzz::scratchDir() + "/fuzz.gpkg" + side, ec);
    gis::fuzz::readAllLayers(gis::fuzz::writeScratchFile("fuzz.gpkg", data, size));
    return 0;
}
