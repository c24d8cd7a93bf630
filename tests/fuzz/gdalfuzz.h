#pragma once

// Shared by the data-format fuzz targets: the input becomes an in-memory GDAL file (/vsimem/, nothing touches the
// disk), which the library opens with DataSource::open and reads every layer of (up to four), once through the
// columnar path and once feature by feature. A GeoPackage goes to a scratch file instead, so the library's own
// SQLite reader (which takes only local files) is what reads it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "gis/core/error.h"
#include "gis/data/datasource.h"

namespace gis::fuzz {

/// One in-memory file that lives as long as this object.
class MemFile {
public:
    MemFile(std::string path, const std::uint8_t* data, std::size_t size) : m_path(std::move(path))
    {
        // GDAL gets its own copy: it may keep the file open in a cache until the dataset closes.
        auto* copy = static_cast<GByte*>(VSIMalloc(size ? size : 1));
        std::copy(data, data + size, copy);
        VSIFCloseL(VSIFileFromMemBuffer(m_path.c_str(), copy, size, /*bTakeOwnership=*/TRUE));
    }
    ~MemFile() { VSIUnlink(m_path.c_str()); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

/// Opens `path` through the library and reads its vector layers. A gis::Error is a correct answer.
inline void readAllLayers(const std::string& path)
{
    // No network, no config files: fuzzing reads only the input.
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none");
    try {
        const DataSource source = DataSource::open(path);
        const std::size_t layers = std::min<std::size_t>(source.layers().size(), 4);
        for (std::size_t i = 0; i < layers; ++i) {
            for (bool arrow : {true, false}) {
                ReadOptions options;
                options.useArrow = arrow;
                try {
                    (void)source.readLayer(i, options);
                } catch (const Error&) {
                }
            }
        }
    } catch (const Error&) {
    }
}

/// The input as one file named fuzz.<extension> in /vsimem/, read through the library.
inline int fuzzOneFile(const char* extension, const std::uint8_t* data, std::size_t size)
{
    const MemFile file(std::string("/vsimem/fuzz.") + extension, data, size);
    readAllLayers(file.path());
    return 0;
}

} // namespace gis::fuzz
