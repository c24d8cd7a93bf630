#pragma once

// The WMS 1.3.0 operations (KVP over GET, parameter names case-insensitive). Each answers a request completely,
// errors as a ServiceExceptionReport; none throws.

#include <string>
#include <string_view>
#include <vector>

#include "gis/serve/http.h"

#include "serviceimpl.h"

namespace gis::servemap {

/// Dispatches on REQUEST (SERVICE must be WMS when given; VERSION 1.3.0 when given).
serve::HttpResponse handleWms(const MapService::Impl& service, const serve::HttpRequest& request);

serve::HttpResponse wmsCapabilities(const MapService::Impl& service, const serve::HttpRequest& request);
serve::HttpResponse wmsGetMap(const MapService::Impl& service, const serve::HttpRequest& request);
serve::HttpResponse wmsFeatureInfo(const MapService::Impl& service, const serve::HttpRequest& request);
serve::HttpResponse wmsLegendGraphic(const MapService::Impl& service, const serve::HttpRequest& request);

/// A ServiceExceptionReport (application/vnd.ogc.se_xml) with `code` ("" for none) and `text`. WMS 1.3.0 answers
/// exceptions with 200 by default; clients read the content type. HTTP 400 for request errors keeps proxies from
/// caching them and is accepted by the clients tried (OWSLib, GDAL, QGIS).
serve::HttpResponse wmsException(std::string_view code, std::string_view text, int status = 400);

/// An exception carrying a WMS exception code, thrown by the parameter parsers and caught by handleWms.
struct WmsError {
    std::string code;
    std::string text;
};

/// The parameters GetMap and GetFeatureInfo share, checked (throws WmsError).
struct MapParams {
    std::vector<const MapLayer*> layers;
    std::string crsCode;
    Crs crs;
    Box box; ///< x/y in crs (lat/lon of EPSG:4326 already swapped)
    int width = 0, height = 0;
};
MapParams parseMapParams(const MapService::Impl& service, const serve::HttpRequest& request, const char* layersParam);

/// A required parameter's value (throws WmsError MissingParameterValue naming it).
const std::string& requiredParam(const serve::HttpRequest& request, const char* name);
/// A whole number within [min, max] (throws WmsError InvalidParameterValue naming the parameter).
int intParam(const std::string& text, const char* name, int min, int max);
/// `image` as PNG (the exports' encoder) or JPEG (quality 85, no alpha). Throws Error(Io).
std::string encodeImage(const QImage& image, bool jpeg);
/// Escapes &, <, >, " for XML/HTML text and attributes.
std::string xmlEscape(std::string_view text);

} // namespace gis::servemap
