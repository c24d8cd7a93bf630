// WMS GetMap: the chosen layers in the asked CRS and box, PNG or JPEG.

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>

#include "gis/core/error.h"
#include "gis/render/exportformat.h"

#include "wmshandlers.h"

namespace gis::servemap {

namespace {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

QColor parseBgColor(const std::string& text)
{
    // WMS: 0xRRGGBB.
    if (text.size() == 8 && (text[0] == '0') && (text[1] == 'x' || text[1] == 'X')) {
        const QColor c = QColor::fromString(QString::fromStdString("#" + text.substr(2)));
        if (c.isValid())
            return c;
    }
    throw WmsError{"InvalidParameterValue", "BGCOLOR must be 0xRRGGBB"};
}

} // namespace

std::string encodeImage(const QImage& image, bool jpeg)
{
    if (!jpeg) {
        const QByteArray bytes = encodePng(image, "GetMap");
        return bytes.toStdString();
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(85);
    if (!writer.write(image.convertToFormat(QImage::Format_RGB32)))
        throw Error(ErrorCode::Io, "JPEG encoding failed");
    return bytes.toStdString();
}

serve::HttpResponse wmsGetMap(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const MapParams p = parseMapParams(service, request, "LAYERS");
    const std::string format = lower(requiredParam(request, "FORMAT"));
    const bool jpeg = format == "image/jpeg";
    if (!jpeg && format != "image/png")
        throw WmsError{"InvalidFormat", "FORMAT must be image/png or image/jpeg"};
    const std::string* transparent = request.queryParamNoCase("TRANSPARENT");
    const bool clear = transparent && lower(*transparent) == "true" && !jpeg;
    if (transparent && lower(*transparent) != "true" && lower(*transparent) != "false")
        throw WmsError{"InvalidParameterValue", "TRANSPARENT must be TRUE or FALSE"};

    RenderRequest r = service.request(p.layers, p.crs, p.box, QSize(p.width, p.height));
    if (const std::string* bg = request.queryParamNoCase("BGCOLOR"))
        r.background = parseBgColor(*bg);
    if (clear)
        r.background = Qt::transparent;
    const QImage image = renderExact(r, request.cancel);

    serve::HttpResponse out;
    out.contentType = jpeg ? "image/jpeg" : "image/png";
    out.body = encodeImage(image, jpeg);
    return out;
}

} // namespace gis::servemap
