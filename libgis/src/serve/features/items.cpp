#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>

#include "geojsonfeature.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/cql2.h"
#include "gis/query/expression.h"
#include "gis/query/spatialquery.h"
#include "etag.h"
#include "servicestate.h"

namespace gis::detail {
namespace {

constexpr std::int64_t kDayMs = 86400000;
constexpr int kDensify = 16; // points per bbox edge: a projected bbox's edges are curves in lon/lat

GeometryColumn ringPolygon(const std::vector<Coord>& ring)
{
    GeometryColumn column;
    column.beginGeometry(GeometryType::Polygon);
    column.beginPart(GeometryType::Polygon);
    column.beginRing();
    for (const Coord& c : ring)
        column.addCoord(c.x, c.y);
    column.endGeometry();
    return column;
}

std::vector<Coord> densifiedRing(const Box& box)
{
    std::vector<Coord> ring;
    const Coord corners[5] = {{box.minX, box.minY}, {box.maxX, box.minY}, {box.maxX, box.maxY}, {box.minX, box.maxY},
        {box.minX, box.minY}};
    for (int edge = 0; edge < 4; ++edge)
        for (int i = 0; i < kDensify; ++i) {
            const double t = static_cast<double>(i) / kDensify;
            ring.push_back({corners[edge].x + t * (corners[edge + 1].x - corners[edge].x),
                corners[edge].y + t * (corners[edge + 1].y - corners[edge].y)});
        }
    ring.push_back(corners[4]);
    return ring;
}

// The rows whose geometry intersects `box` (x/y order of `crs`), exactly (GEOS), ascending.
std::vector<std::uint32_t> rowsIntersecting(const Layer& layer, const CollectionInfo& info, const Box& box,
    const CrsOffer& crs)
{
    std::vector<Coord> ring = densifiedRing(box);
    if (crs.key != info.layerCrs.key) {
        const Transformer& t = cachedTransformer(crs, info.layerCrs);
        if (!t.isIdentity()) {
            t.transform(ring.data(), ring.size());
            const bool finite = std::all_of(ring.begin(), ring.end(),
                [](const Coord& c) { return std::isfinite(c.x) && std::isfinite(c.y); });
            if (!finite) {
                // Parts of the box lie outside the layer CRS's domain: its enclosing box is still meaningful.
                Box enclosing;
                try {
                    enclosing = t.transformBox(box);
                } catch (const Error&) {
                    throw ParamError("parameter bbox: the box cannot be expressed in the collection's CRS");
                }
                ring = densifiedRing(enclosing);
            }
        }
    }
    const Geometry query(ringPolygon(ring));
    return selectByPredicate(layer, SpatialPredicate::Intersects, query);
}

std::vector<std::uint32_t> rowsInBbox(const Layer& layer, const CollectionInfo& info, Box box, const CrsOffer& crs)
{
    if (crs.latLon)
        box = Box(box.minY, box.minX, box.maxY, box.maxX);
    if (box.minY > box.maxY)
        throw ParamError("parameter bbox: the lower corner is above the upper corner");
    const bool geographic = crs.crs.isGeographic();
    if (geographic && (box.minX < -180 || box.maxX > 180 || box.minY < -90 || box.maxY > 90))
        throw ParamError("parameter bbox: longitudes must lie within ±180 and latitudes within ±90");
    if (box.minX <= box.maxX)
        return rowsIntersecting(layer, info, box, crs);
    if (!geographic)
        throw ParamError("parameter bbox: the lower corner is right of the upper corner");
    // Across the antimeridian: the two boxes either side of it.
    std::vector<std::uint32_t> rows = rowsIntersecting(layer, info, Box(box.minX, box.minY, 180, box.maxY), crs);
    const std::vector<std::uint32_t> east = rowsIntersecting(layer, info, Box(-180, box.minY, box.maxX, box.maxY), crs);
    rows.insert(rows.end(), east.begin(), east.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
}

// Keeps the rows whose date intersects the interval: a Date value is its whole day, a DateTime an instant;
// a null date never matches.
void keepInInterval(const Layer& layer, const CollectionInfo& info, const TimeInterval& interval,
    std::vector<std::uint32_t>& rows)
{
    const int index = info.dateField.empty() ? -1 : layer.attributes().indexOf(info.dateField);
    if (index < 0)
        throw ParamError("parameter datetime: collection \"" + info.id + "\" has no date field");
    const AttributeColumn& column = layer.attributes().column(static_cast<std::size_t>(index));
    const bool date = column.type() == FieldType::Date;
    std::erase_if(rows, [&](std::uint32_t row) {
        if (column.isNull(row))
            return true;
        const std::int64_t v = column.integer(row);
        const std::int64_t begin = date ? v * kDayMs : v;
        const std::int64_t end = date ? v * kDayMs + kDayMs - 1 : v;
        return end < interval.begin || begin > interval.end;
    });
}

// Keeps the rows the CQL2 filter matches: compiled onto the expression engine (never SQL). Its messages name
// the column and what was expected, never a path: they are the client's to read.
void keepMatching(const Layer& layer, const std::string& filter, const CrsOffer& crs, std::vector<std::uint32_t>& rows)
{
    try {
        const Expression expression = compileCql2(filter, layer, crs.crs);
        rows = expression.filter(&rows);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::Query)
            throw ParamError("parameter filter: " + std::string(e.what()).substr(0, 300));
        if (e.code() == ErrorCode::Crs)
            throw ParamError("parameter filter: its geometries cannot be expressed in the collection's CRS");
        throw;
    }
}

const CrsOffer& requestedCrs(const serve::HttpRequest& request, const CollectionInfo& info, const char* name)
{
    const std::string* uri = request.queryParam(name);
    return uri ? findCrsOffer(info.crsOffers, *uri, name) : info.crsOffers.front();
}

void addLayerLinks(OJson& links, const serve::HttpRequest& request, const Presentation& p, const std::string& path,
    const std::string& jsonType, const std::vector<std::string>& drop = {}, const std::string& extra = {})
{
    const bool html = p.format == Format::Html;
    const std::string base = request.baseUrl + path;
    const bool ar = p.language == Language::Ar;
    links.push_back(link(base + linkQuery(request, p.format, drop, extra), "self", html ? "text/html" : jsonType,
        ar ? "هذه الصفحة" : "This document"));
    links.push_back(link(base + linkQuery(request, html ? Format::Json : Format::Html, drop, extra), "alternate",
        html ? jsonType : "text/html",
        html ? (ar ? "هذه الصفحة بصيغة GeoJSON" : "This document as GeoJSON")
             : (ar ? "هذه الصفحة بصيغة HTML" : "This document as HTML")));
}

std::string pageQuery(std::size_t limit, std::uint64_t offset)
{
    return "limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset);
}

} // namespace

serve::HttpResponse itemsResponse(const ServiceState& state, serve::HttpRequest& request)
{
    const CollectionInfo* info = state.find(request);
    if (!info)
        return notFound("collection");
    checkKnownParams(request, {"f", "lang", "limit", "offset", "bbox", "bbox-crs", "datetime", "crs", "filter",
                                  "filter-lang", "filter-crs"});
    checkNoRepeats(request);
    const Presentation p = parsePresentation(request);
    if (!request.queryParam("filter") && (request.queryParam("filter-lang") || request.queryParam("filter-crs")))
        throw ParamError("parameters filter-lang and filter-crs need a filter");
    if (const std::string* lang = request.queryParam("filter-lang"); lang && *lang != "cql2-text")
        throw ParamError("parameter filter-lang: only cql2-text is supported");
    const std::size_t limit = request.queryParam("limit") ? parseLimit(*request.queryParam("limit")) : kDefaultLimit;
    const std::uint64_t offset = request.queryParam("offset") ? parseOffset(*request.queryParam("offset")) : 0;
    const CrsOffer& outCrs = requestedCrs(request, *info, "crs");
    const CrsOffer& bboxCrs = requestedCrs(request, *info, "bbox-crs");
    const CrsOffer& filterCrs = requestedCrs(request, *info, "filter-crs");
    const std::shared_ptr<const Layer> layer = state.live.get(info->id);
    if (!layer)
        return notFound("collection");

    std::vector<std::uint32_t> rows;
    if (const std::string* bbox = request.queryParam("bbox")) {
        rows = rowsInBbox(*layer, *info, parseBbox(*bbox), bboxCrs);
    } else {
        rows.resize(layer->size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i] = static_cast<std::uint32_t>(i);
    }
    if (const std::string* datetime = request.queryParam("datetime"))
        keepInInterval(*layer, *info, parseDatetime(*datetime), rows);
    if (const std::string* filter = request.queryParam("filter"))
        keepMatching(*layer, *filter, filterCrs, rows);

    const std::size_t first = static_cast<std::size_t>(std::min<std::uint64_t>(offset, rows.size()));
    const std::size_t last = std::min(rows.size(), first + limit);
    const GeoJsonFeatureWriter writer(*layer, info->layerCrs, outCrs);
    OJson features = OJson::array();
    for (std::size_t i = first; i < last; ++i) {
        request.cancel.throwIfCancelled("items");
        features.push_back(writer.feature(rows[i]));
    }

    const std::string path = "/collections/" + serve::percentEncode(info->id) + "/items";
    const std::string geoJson = "application/geo+json";
    OJson doc = OJson::object();
    doc["type"] = "FeatureCollection";
    doc["title"] = pick(p.language, info->titleEn, info->titleAr);
    doc["numberMatched"] = rows.size();
    doc["numberReturned"] = last - first;
    doc["timeStamp"] = utcNow();
    OJson links = OJson::array();
    const std::vector<std::string> paging = {"limit", "offset"};
    addLayerLinks(links, request, p, path, geoJson, paging, pageQuery(limit, offset));
    const std::string type = p.format == Format::Html ? "text/html" : geoJson;
    const std::string base = request.baseUrl + path;
    if (last < rows.size())
        links.push_back(link(base + linkQuery(request, p.format, paging, pageQuery(limit, last)), "next", type,
            p.language == Language::Ar ? "الصفحة التالية" : "Next page"));
    if (first > 0)
        links.push_back(link(base + linkQuery(request, p.format, paging, pageQuery(limit, first > limit ? first - limit : 0)),
            "prev", type, p.language == Language::Ar ? "الصفحة السابقة" : "Previous page"));
    links.push_back(link(request.baseUrl + "/collections/" + serve::percentEncode(info->id), "collection",
        "application/json", doc["title"]));
    doc["links"] = std::move(links);
    doc["features"] = std::move(features);

    serve::HttpResponse response = present(doc, p, geoJson, doc["title"]);
    response.setHeader("Content-Crs", "<" + outCrs.uri + ">");
    return response;
}

serve::HttpResponse itemResponse(const ServiceState& state, serve::HttpRequest& request)
{
    const CollectionInfo* info = state.find(request);
    if (!info)
        return notFound("collection");
    checkKnownParams(request, {"f", "lang", "crs"});
    checkNoRepeats(request);
    const Presentation p = parsePresentation(request);
    const CrsOffer& outCrs = requestedCrs(request, *info, "crs");
    const std::shared_ptr<const Layer> layer = state.live.get(info->id);
    const std::string* idText = request.pathParam("featureId");
    std::int64_t fid = 0;
    const auto [end, ec] = std::from_chars(idText->data(), idText->data() + idText->size(), fid);
    if (!layer || ec != std::errc() || end != idText->data() + idText->size())
        return notFound("feature");
    std::size_t row = layer->size();
    for (std::size_t i = 0; i < layer->size() && row == layer->size(); ++i)
        if (layer->fid(i) == fid)
            row = i;
    if (row == layer->size())
        return notFound("feature");

    const GeoJsonFeatureWriter writer(*layer, info->layerCrs, outCrs);
    OJson doc = writer.feature(row);
    const std::string collectionPath = "/collections/" + serve::percentEncode(info->id);
    const std::string geoJson = "application/geo+json";
    OJson links = OJson::array();
    addLayerLinks(links, request, p, collectionPath + "/items/" + serve::percentEncode(*idText), geoJson);
    links.push_back(link(request.baseUrl + collectionPath, "collection", "application/json",
        pick(p.language, info->titleEn, info->titleAr)));
    doc["links"] = std::move(links);

    const std::string title = pick(p.language, info->titleEn, info->titleAr) + " " + std::to_string(fid);
    serve::HttpResponse response = present(doc, p, geoJson, title);
    response.setHeader("Content-Crs", "<" + outCrs.uri + ">");
    response.setHeader("ETag", serve::featureEtag(*layer, row));
    return response;
}

} // namespace gis::detail
