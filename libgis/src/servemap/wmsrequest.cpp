// WMS requests: dispatch on REQUEST, the parameters GetMap and GetFeatureInfo share, and exception reports.

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "gis/core/error.h"

#include "wmshandlers.h"

namespace gis::servemap {

namespace {

std::string upper(std::string s)
{
    for (auto& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> splitCommas(const std::string& text)
{
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, ','))
        out.push_back(part);
    if (!text.empty() && text.back() == ',')
        out.emplace_back();
    return out;
}

double number(const std::string& text, const char* name)
{
    double v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || !std::isfinite(v))
        throw WmsError{"InvalidParameterValue", std::string(name) + ": not a number"};
    return v;
}

} // namespace

std::string xmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text)
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    return out;
}

serve::HttpResponse wmsException(std::string_view code, std::string_view text, int status)
{
    serve::HttpResponse r;
    r.status = status;
    r.contentType = "application/vnd.ogc.se_xml";
    r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<ServiceExceptionReport version=\"1.3.0\" xmlns=\"http://www.opengis.net/ogc\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/ogc "
             "http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd\">\n  <ServiceException";
    if (!code.empty())
        r.body += " code=\"" + xmlEscape(code) + "\"";
    r.body += ">" + xmlEscape(text) + "</ServiceException>\n</ServiceExceptionReport>\n";
    return r;
}

const std::string& requiredParam(const serve::HttpRequest& request, const char* name)
{
    const std::string* v = request.queryParamNoCase(name);
    if (!v)
        throw WmsError{"MissingParameterValue", std::string("the ") + name + " parameter is required"};
    return *v;
}

int intParam(const std::string& text, const char* name, int min, int max)
{
    int v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || v < min || v > max)
        throw WmsError{"InvalidParameterValue",
            std::string(name) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
    return v;
}

MapParams parseMapParams(const MapService::Impl& service, const serve::HttpRequest& request, const char* layersParam)
{
    MapParams p;
    const auto names = splitCommas(requiredParam(request, layersParam));
    if (int(names.size()) > service.options.maxLayers)
        throw WmsError{"InvalidParameterValue", std::string(layersParam) + ": at most "
            + std::to_string(service.options.maxLayers) + " layers"};
    for (const auto& name : names) {
        const MapLayer* l = service.find(name, request);
        if (!l) // the name is the client's own text, escaped when written; it names no file
            throw WmsError{"LayerNotDefined", "no layer \"" + name.substr(0, 100) + "\""};
        p.layers.push_back(l);
    }
    if (const std::string* styles = request.queryParamNoCase("STYLES"); styles && !styles->empty())
        for (const auto& s : splitCommas(*styles))
            if (!s.empty() && upper(s) != "DEFAULT")
                throw WmsError{"StyleNotDefined", "only the default style is served (STYLES= or default)"};
    p.crsCode = requiredParam(request, "CRS");
    const auto crs = crsFromWms(p.crsCode);
    if (!crs)
        throw WmsError{"InvalidCRS", "CRS must be one of EPSG:4326, EPSG:3857, EPSG:32640, CRS:84"};
    p.crs = *crs;
    const auto v = splitCommas(requiredParam(request, "BBOX"));
    if (v.size() != 4)
        throw WmsError{"InvalidParameterValue", "BBOX is minx,miny,maxx,maxy"};
    double b[4];
    for (int i = 0; i < 4; ++i)
        b[i] = number(v[i], "BBOX");
    // WMS 1.3.0: EPSG:4326 has latitude first (BBOX=minlat,minlon,maxlat,maxlon); libgis keeps x = longitude.
    p.box = wmsLatLon(p.crsCode) ? Box(b[1], b[0], b[3], b[2]) : Box(b[0], b[1], b[2], b[3]);
    if (!(p.box.minX < p.box.maxX && p.box.minY < p.box.maxY))
        throw WmsError{"InvalidParameterValue", "BBOX: the minimum must be below the maximum on each axis"};
    p.width = intParam(requiredParam(request, "WIDTH"), "WIDTH", 1, service.options.maxWidth);
    p.height = intParam(requiredParam(request, "HEIGHT"), "HEIGHT", 1, service.options.maxHeight);
    return p;
}

serve::HttpResponse handleWms(const MapService::Impl& service, const serve::HttpRequest& request)
{
    try {
        if (const std::string* s = request.queryParamNoCase("SERVICE"); s && upper(*s) != "WMS")
            return wmsException("InvalidParameterValue", "SERVICE must be WMS");
        const std::string* req = request.queryParamNoCase("REQUEST");
        if (!req)
            return wmsException("MissingParameterValue", "the REQUEST parameter is required");
        const std::string r = upper(*req);
        if (r == "GETCAPABILITIES")
            return wmsCapabilities(service, request); // any VERSION: we answer with the one we speak
        if (const std::string* v = request.queryParamNoCase("VERSION"); v && *v != "1.3.0")
            return wmsException("InvalidParameterValue", "VERSION must be 1.3.0");
        if (r == "GETMAP")
            return wmsGetMap(service, request);
        if (r == "GETFEATUREINFO")
            return wmsFeatureInfo(service, request);
        if (r == "GETLEGENDGRAPHIC")
            return wmsLegendGraphic(service, request);
        return wmsException("OperationNotSupported", "REQUEST must be GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic");
    } catch (const WmsError& e) {
        return wmsException(e.code, e.text);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::Cancelled)
            return wmsException("", "the request was cancelled", 503);
        // Library messages may name files: the client gets the kind of failure only.
        return wmsException("", "the map could not be drawn", 500);
    }
}

} // namespace gis::servemap
