// WMS 1.3.0 GetCapabilities: the service, its operations, and a root layer holding one layer per project layer.

#include <QString>
#include <QXmlStreamWriter>

#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

#include "wmshandlers.h"

namespace gis::servemap {

namespace {

/// `box` (x/y in `from`) in each offered CRS; empty boxes where a transformation fails.
Box boxIn(const Box& box, const Crs& from, const Crs& to)
{
    if (box.isEmpty() || !from.isValid())
        return Box();
    try {
        return from.isEquivalentTo(to) ? box : Transformer(from, to).transformBox(box);
    } catch (const std::exception&) {
        return Box();
    }
}

void writeBoxes(QXmlStreamWriter& x, const Box& box, const Crs& crs)
{
    const Box geo = boxIn(box, crs, *crsFromWms("EPSG:4326"));
    if (geo.isEmpty())
        return;
    x.writeStartElement("EX_GeographicBoundingBox");
    x.writeTextElement("westBoundLongitude", QString::number(geo.minX, 'g', 12));
    x.writeTextElement("eastBoundLongitude", QString::number(geo.maxX, 'g', 12));
    x.writeTextElement("southBoundLatitude", QString::number(geo.minY, 'g', 12));
    x.writeTextElement("northBoundLatitude", QString::number(geo.maxY, 'g', 12));
    x.writeEndElement();
    for (const auto& code : offeredCrs()) {
        const Box b = boxIn(box, crs, *crsFromWms(code));
        if (b.isEmpty())
            continue;
        const bool latLon = wmsLatLon(code);
        x.writeStartElement("BoundingBox");
        x.writeAttribute("CRS", QString::fromStdString(code));
        x.writeAttribute("minx", QString::number(latLon ? b.minY : b.minX, 'g', 12));
        x.writeAttribute("miny", QString::number(latLon ? b.minX : b.minY, 'g', 12));
        x.writeAttribute("maxx", QString::number(latLon ? b.maxY : b.maxX, 'g', 12));
        x.writeAttribute("maxy", QString::number(latLon ? b.maxX : b.maxY, 'g', 12));
        x.writeEndElement();
    }
}

void writeOnline(QXmlStreamWriter& x, const QString& href)
{
    x.writeStartElement("OnlineResource");
    x.writeAttribute("xlink:type", "simple");
    x.writeAttribute("xlink:href", href);
    x.writeEndElement();
}

void writeOperation(QXmlStreamWriter& x, const char* name, const QStringList& formats, const QString& url)
{
    x.writeStartElement(name);
    for (const auto& f : formats)
        x.writeTextElement("Format", f);
    x.writeStartElement("DCPType");
    x.writeStartElement("HTTP");
    x.writeStartElement("Get");
    writeOnline(x, url);
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndElement();
}

} // namespace

serve::HttpResponse wmsCapabilities(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const QString url = QString::fromStdString(request.baseUrl) + "/wms?";
    QByteArray out;
    QXmlStreamWriter x(&out);
    x.setAutoFormatting(true);
    x.writeStartDocument();
    x.writeStartElement("WMS_Capabilities");
    x.writeAttribute("version", "1.3.0");
    x.writeDefaultNamespace("http://www.opengis.net/wms");
    x.writeNamespace("http://www.w3.org/1999/xlink", "xlink");
    x.writeNamespace("http://www.w3.org/2001/XMLSchema-instance", "xsi");
    x.writeAttribute("xsi:schemaLocation", "http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd");

    x.writeStartElement("Service");
    x.writeTextElement("Name", "WMS");
    x.writeTextElement("Title", QString::fromStdString(service.title.empty() ? "Interior Explorer" : service.title));
    if (!service.titleAr.empty())
        x.writeTextElement("Abstract", QString::fromStdString(service.titleAr));
    writeOnline(x, url);
    x.writeTextElement("LayerLimit", QString::number(service.options.maxLayers));
    x.writeTextElement("MaxWidth", QString::number(service.options.maxWidth));
    x.writeTextElement("MaxHeight", QString::number(service.options.maxHeight));
    x.writeEndElement();

    x.writeStartElement("Capability");
    x.writeStartElement("Request");
    writeOperation(x, "GetCapabilities", {"text/xml"}, url);
    writeOperation(x, "GetMap", {"image/png", "image/jpeg"}, url);
    writeOperation(x, "GetFeatureInfo", {"application/json", "text/html"}, url);
    x.writeEndElement();
    x.writeStartElement("Exception");
    x.writeTextElement("Format", "XML");
    x.writeEndElement();

    // The root layer: the whole map, no name of its own (LAYERS lists the project's layers).
    x.writeStartElement("Layer");
    x.writeTextElement("Title", QString::fromStdString(service.title.empty() ? "Map" : service.title));
    for (const auto& code : offeredCrs())
        x.writeTextElement("CRS", QString::fromStdString(code));
    writeBoxes(x, service.projectExtent, service.projectCrs);
    for (auto it = service.layers.rbegin(); it != service.layers.rend(); ++it) { // top first, as clients list them
        const MapLayer& l = *it;
        if (!service.readable(l, request))
            continue; // a protected layer is not named to a client without a token
        x.writeStartElement("Layer");
        if (l.vector)
            x.writeAttribute("queryable", "1");
        x.writeTextElement("Name", QString::fromStdString(l.name));
        x.writeTextElement("Title", QString::fromStdString(l.title.empty() ? l.name : l.title));
        // Arabic: WMS has one Title; the Arabic title is the Abstract and a keyword of vocabulary "title_ar".
        if (!l.titleAr.empty()) {
            x.writeTextElement("Abstract", QString::fromStdString(l.titleAr));
            x.writeStartElement("KeywordList");
            x.writeStartElement("Keyword");
            x.writeAttribute("vocabulary", "title_ar");
            x.writeCharacters(QString::fromStdString(l.titleAr));
            x.writeEndElement();
            x.writeEndElement();
        }
        const auto [box, crs] = service.extentOf(l);
        writeBoxes(x, box, crs);
        x.writeStartElement("Style");
        x.writeTextElement("Name", "default");
        x.writeTextElement("Title", "default");
        x.writeStartElement("LegendURL");
        x.writeStartElement("Format");
        x.writeCharacters("image/png");
        x.writeEndElement();
        writeOnline(x, url + "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&FORMAT=image/png&LAYER="
                + QString::fromStdString(serve::percentEncode(l.name)));
        x.writeEndElement();
        x.writeEndElement();
        x.writeEndElement();
    }
    x.writeEndElement(); // root Layer
    x.writeEndElement(); // Capability
    x.writeEndElement();
    x.writeEndDocument();

    serve::HttpResponse r;
    r.contentType = "text/xml; charset=utf-8";
    r.body = out.toStdString();
    return r;
}

} // namespace gis::servemap
