// Fuzz target: style JSON (render: gis::parseStyle from bytes), without and with a layer to check fields and
// expressions against and classify. A style it accepts must write (styleToJson) as JSON that reads back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>


#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/project/json.h"
#include "gis/project/stylejson.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gis::fuzz::ensureGuiApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    gis::Json doc;
    try {
        doc = gis::parseJson(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const gis::Error&) {
        return 0;
    }
    if (!doc.is_object())
        return 0;
    gis::LayerStyle style;
    try {
        style = gis::parseStyle(doc, "fuzz");
    } catch (const gis::Error&) {
        return 0;
    }
    const gis::Json written = gis::styleToJson(style);
    // What jsonText writes reads back as the same document.
    if (gis::parseJson(gis::jsonText(written), "written") != written) {
        std::fprintf(stderr, "jsonText wrote a document that reads back different:\n%s\n", gis::jsonText(written).c_str());
        std::abort();
    }
    try {
        (void)gis::parseStyle(written, "written");
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "styleToJson wrote a style that parseStyle refuses: %s\n%s\n", e.what(),
            gis::jsonText(written).c_str());
        std::abort();
    }
    try {
        (void)gis::parseStyle(doc, "fuzz", {}, layer.get());
    } catch (const gis::Error&) {
    }
    return 0;
}
