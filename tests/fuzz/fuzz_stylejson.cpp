// Fuzz target: style JSON (render: gis::parseStyle from bytes), without and with a layer to check fields and
// expressions against and classify. A style it accepts must write (styleToJson) as JSON that reads back.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/render/stylejson.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gis::fuzz::ensureGuiApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    gis::LayerStyle style;
    try {
        style = gis::parseStyle(doc.object(), "fuzz");
    } catch (const gis::Error&) {
        return 0;
    }
    const QJsonObject written = gis::styleToJson(style);
    try {
        (void)gis::parseStyle(written, "written");
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "styleToJson wrote a style that parseStyle refuses: %s\n%s\n", e.what(),
            QJsonDocument(written).toJson().constData());
        std::abort();
    }
    try {
        (void)gis::parseStyle(doc.object(), "fuzz", {}, layer.get());
    } catch (const gis::Error&) {
    }
    return 0;
}
