// Fuzz target: folding a ToUnicode CMap's Arabic presentation forms (libgis/src/pdf: gis::detail::foldToUnicodeCMap).
#include <cstddef>
#include <cstdint>

#include <QByteArray>

#include "gis/core/error.h"
#include "pdf/pdfcmap.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        (void)gis::detail::foldToUnicodeCMap(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    } catch (const gis::Error&) {
    }
    return 0;
}
