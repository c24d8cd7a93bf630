// Fuzz target: print layout templates (layout: gis::readLayoutFile). The input is the template, written to a
// scratch folder first; an image item may name logo.svg, which is there.
#include <cstddef>
#include <cstdint>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/layout/layoutfile.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gis::fuzz::ensureGuiApplication();
    static const char logo[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    gis::fuzz::writeScratchFile("logo.svg", reinterpret_cast<const std::uint8_t*>(logo), sizeof logo - 1);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = gis::fuzz::writeScratchFile("layout.json", data, size);
    try {
        (void)gis::readLayoutFile(path);
    } catch (const gis::Error&) {
    }
    return 0;
}
