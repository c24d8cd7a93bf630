// WMS GetFeatureInfo: the features at pixel (I, J) of a GetMap, through the query module's identify (R-tree, then
// exact distances), as GeoJSON (geometries in the request's CRS, where the client draws them) or an HTML table.

#include <algorithm>
#include <cmath>

#include "gis/crs/transformer.h"
#include "gis/data/featurewriter.h"
#include "gis/data/layer.h"
#include "gis/project/json.h"
#include "gis/query/spatialquery.h"

#include "wmshandlers.h"

namespace gis::servemap {

namespace {

/// How far from the clicked pixel a feature still counts: points are drawn a few pixels wide.
constexpr double kTolerancePixels = 5;

Json attributeValue(const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row))
        return nullptr;
    switch (column.type()) {
    case FieldType::Integer: return column.integer(row);
    case FieldType::Real: return column.real(row);
    case FieldType::Boolean: return column.integer(row) != 0;
    default: return column.toString(row);
    }
}

struct Hit {
    std::string layer;
    std::shared_ptr<const Layer> data;
    std::uint32_t row;
    Crs crs; ///< the layer's
};

/// The hit's geometry as a GeoJSON object in `crs` (the request's); null when it has none or it cannot be
/// transformed there.
Json geometryIn(const Hit& h, const Crs& crs)
{
    const GeometryRef g = h.data->geometry(h.row);
    if (g.column->isNull(g.index))
        return nullptr;
    if (h.crs.isEquivalentTo(crs))
        return Json::parse(toGeoJsonGeometry(g));
    const Geometry moved = Transformer(h.crs, crs).transform(g);
    if (!moved.column().isFinite(0))
        return nullptr;
    return Json::parse(toGeoJsonGeometry(moved));
}

std::vector<std::string> splitCommas(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        out.push_back(text.substr(start, comma - start));
        if (comma == std::string::npos)
            return out;
        start = comma + 1;
    }
}

} // namespace

serve::HttpResponse wmsFeatureInfo(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const MapParams p = parseMapParams(service, request, "LAYERS");
    const auto queryNames = splitCommas(requiredParam(request, "QUERY_LAYERS"));
    if (int(queryNames.size()) > service.options.maxLayers)
        throw WmsError{"InvalidParameterValue", "QUERY_LAYERS: too many layers"};
    const std::string* infoFormat = request.queryParamNoCase("INFO_FORMAT");
    const std::string format = infoFormat ? *infoFormat : "application/json";
    if (format != "application/json" && format != "text/html")
        throw WmsError{"InvalidFormat", "INFO_FORMAT must be application/json or text/html"};
    const int count = request.queryParamNoCase("FEATURE_COUNT")
        ? intParam(*request.queryParamNoCase("FEATURE_COUNT"), "FEATURE_COUNT", 1, service.options.maxFeatureCount) : 1;
    const std::string* iText = request.queryParamNoCase("I");
    const std::string* jText = request.queryParamNoCase("J");
    if (!iText || !jText)
        throw WmsError{"MissingParameterValue", "I and J are required"};
    int i = 0, j = 0;
    try {
        i = intParam(*iText, "I", 0, p.width - 1);
        j = intParam(*jText, "J", 0, p.height - 1);
    } catch (const WmsError& e) {
        throw WmsError{"InvalidPoint", e.text};
    }

    const double px = p.box.width() / p.width, py = p.box.height() / p.height;
    const Coord at{p.box.minX + (i + 0.5) * px, p.box.maxY - (j + 0.5) * py};
    const Coord aside{at.x + kTolerancePixels * px, at.y};

    std::vector<Hit> hits;
    for (const auto& name : queryNames) {
        const MapLayer* l = service.find(name, request);
        if (!l)
            throw WmsError{"LayerNotDefined", "no layer \"" + name.substr(0, 100) + "\""};
        if (std::find(p.layers.begin(), p.layers.end(), l) == p.layers.end())
            throw WmsError{"LayerNotQueryable", "QUERY_LAYERS must be among LAYERS"};
        const MapLayer current = service.current(*l);
        if (!current.vector)
            throw WmsError{"LayerNotQueryable", "layer \"" + name + "\" is not queryable"};
        const Layer& data = *current.vector;
        const Crs layerCrs = data.crs().isValid() ? data.crs() : p.crs;
        Coord a = at, b = aside;
        if (!layerCrs.isEquivalentTo(p.crs)) {
            const Transformer t(p.crs, layerCrs);
            a = t.transform(a);
            b = t.transform(b);
        }
        // identify() measures metres on a geographic layer and CRS units otherwise.
        double tolerance = std::hypot(b.x - a.x, b.y - a.y);
        if (layerCrs.isGeographic())
            tolerance = std::hypot((b.x - a.x) * std::cos(a.y * M_PI / 180), b.y - a.y) * 111320.0;
        if (!std::isfinite(a.x) || !std::isfinite(a.y) || !std::isfinite(tolerance))
            continue; // outside the layer CRS's domain: nothing there
        const auto rows = identify(data, a, tolerance);
        for (std::size_t k = 0; k < rows.size() && int(k) < count; ++k)
            hits.push_back({name, current.vector, rows[k], layerCrs});
    }

    serve::HttpResponse out;
    if (format == "application/json") {
        Json features = Json::array();
        for (const auto& h : hits) {
            Json props = Json::object();
            for (const auto& column : h.data->attributes().columns())
                props[column.name()] = attributeValue(column, h.row);
            features.push_back({{"type", "Feature"}, {"id", h.data->fid(h.row)}, {"layer", h.layer},
                {"properties", std::move(props)}, {"geometry", geometryIn(h, p.crs)}});
        }
        Json collection{{"type", "FeatureCollection"}, {"features", std::move(features)}};
        // GeoJSON means WGS 84 longitude/latitude (x = longitude, as libgis keeps EPSG:4326 and CRS:84); any
        // other request CRS is named, as GDAL writes it.
        const std::string code = p.crs.authorityCode();
        if (code != "EPSG:4326" && code != "OGC:CRS84" && code.rfind("EPSG:", 0) == 0)
            collection["crs"] = {{"type", "name"}, {"properties", {{"name", "urn:ogc:def:crs:EPSG::" + code.substr(5)}}}};
        out.contentType = "application/json";
        out.body = collection.dump();
        return out;
    }
    std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>GetFeatureInfo</title></head><body>\n";
    for (const auto& h : hits) {
        html += "<table dir=\"auto\"><caption>" + xmlEscape(h.layer) + " " + std::to_string(h.data->fid(h.row)) + "</caption>\n";
        for (const auto& column : h.data->attributes().columns())
            html += "<tr><th>" + xmlEscape(column.name()) + "</th><td>"
                + (column.isNull(h.row) ? std::string() : xmlEscape(column.toString(h.row))) + "</td></tr>\n";
        html += "</table>\n";
    }
    html += "</body></html>\n";
    out.contentType = "text/html; charset=utf-8";
    out.body = std::move(html);
    return out;
}

} // namespace gis::servemap
