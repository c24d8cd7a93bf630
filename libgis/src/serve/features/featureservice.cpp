#include "gis/serve/features.h"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <limits>
#include <set>

#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "servicestate.h"

namespace gis::serve {

using detail::CollectionInfo;
using detail::Format;
using detail::Language;
using detail::OJson;
using detail::ParamError;
using detail::Presentation;

namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kHtml = "text/html";

std::string firstDateField(const Layer& layer)
{
    for (const AttributeColumn& column : layer.attributes().columns())
        if (column.type() == FieldType::Date || column.type() == FieldType::DateTime)
            return column.name();
    return {};
}

// The self and alternate links of a resource at `path` (no query), in the request's format first.
void addSelfLinks(OJson& links, const HttpRequest& request, const Presentation& p, const std::string& path,
    const std::string& jsonType)
{
    const std::string base = request.baseUrl + path;
    const bool html = p.format == Format::Html;
    const bool ar = p.language == Language::Ar;
    links.push_back(detail::link(base + detail::linkQuery(request, p.format), "self", html ? kHtml : jsonType,
        ar ? "هذه الصفحة" : "This document"));
    const Format other = html ? Format::Json : Format::Html;
    links.push_back(detail::link(base + detail::linkQuery(request, other), "alternate", html ? jsonType : kHtml,
        html ? (ar ? "هذه الصفحة بصيغة JSON" : "This document as JSON")
             : (ar ? "هذه الصفحة بصيغة HTML" : "This document as HTML")));
}

OJson spatialExtent(const Layer& layer, const CollectionInfo& info)
{
    Box box = layer.extent();
    if (box.isEmpty())
        return nullptr;
    const detail::CrsOffer& crs84 = detail::commonCrsOffers().front();
    if (info.layerCrs.key != crs84.key)
        box = detail::cachedTransformer(info.layerCrs, crs84).transformBox(box);
    return {{"bbox", OJson::array({OJson::array({box.minX, box.minY, box.maxX, box.maxY})})},
        {"crs", detail::kCrs84Uri}};
}

OJson temporalExtent(const Layer& layer, const CollectionInfo& info)
{
    if (info.dateField.empty())
        return nullptr;
    const int index = layer.attributes().indexOf(info.dateField);
    if (index < 0)
        return nullptr;
    const AttributeColumn& column = layer.attributes().column(static_cast<std::size_t>(index));
    std::int64_t low = std::numeric_limits<std::int64_t>::max();
    std::int64_t high = std::numeric_limits<std::int64_t>::min();
    for (std::size_t row = 0; row < column.size(); ++row)
        if (!column.isNull(row)) {
            low = std::min(low, column.integer(row));
            high = std::max(high, column.integer(row));
        }
    const bool date = column.type() == FieldType::Date;
    const auto text = [&](std::int64_t v) { return date ? formatDate(v) + "T00:00:00Z" : formatDateTime(v); };
    OJson interval = low > high ? OJson::array({nullptr, nullptr}) : OJson::array({text(low), text(high)});
    return {{"interval", OJson::array({interval})}, {"trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}};
}

} // namespace

// --- Building the collections ---------------------------------------------------------------------------------

struct FeatureService::Impl {
    explicit Impl(LiveLayers& live) : state(live) {}
    detail::ServiceState state;
};

FeatureService::FeatureService(const Project& project, LiveLayers& live) : m_impl(std::make_shared<Impl>(live))
{
    detail::ServiceState& s = m_impl->state;
    s.titleEn = project.title;
    s.titleAr = project.titleAr.empty() ? project.title : project.titleAr;
    std::set<std::string> names;
    for (const ProjectLayer& layer : project.layers) {
        if (!layer.available || !layer.map.vector)
            continue;
        if (!names.insert(layer.map.name).second)
            throw Error(ErrorCode::Argument, "two vector layers are named \"" + layer.map.name
                + "\": collection ids must be unique");
        CollectionInfo info;
        info.id = layer.map.name;
        info.titleEn = layer.map.title.empty() ? layer.map.name : layer.map.title;
        info.titleAr = layer.map.titleAr.empty() ? info.titleEn : layer.map.titleAr;
        info.dateField = firstDateField(*layer.map.vector);
        info.layerCrs = detail::layerCrsOffer(layer.map.vector->crs());
        info.storageCrs = detail::storageCrsOffer(layer.map.vector->crs());
        info.crsOffers = detail::collectionCrsOffers(info.storageCrs);
        s.collections.push_back(std::move(info));
        live.publish(layer.map.name, layer.map.vector);
    }
    const std::string core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
    s.conformance = {core + "core", core + "oas30", core + "html", core + "geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions"};
}

FeatureService::~FeatureService() = default;

void FeatureService::addConformanceClass(std::string uri)
{
    m_impl->state.conformance.push_back(std::move(uri));
}

void FeatureService::setReadAccess(ReadAccess access)
{
    m_impl->state.readAccess = std::move(access);
}

std::vector<std::string> FeatureService::conformanceClasses() const
{
    return m_impl->state.conformance;
}

// --- Routes ---------------------------------------------------------------------------------------------------

namespace {

using Body = std::function<HttpResponse(const detail::ServiceState&, HttpRequest&)>;

// Every handler's one catch site: a parameter error is the client's (400, its own text); everything else goes
// to the router, which answers 500 without a message.
Handler guarded(std::shared_ptr<const void> keepAlive, const detail::ServiceState& state, Body body)
{
    return [keepAlive = std::move(keepAlive), &state, body = std::move(body)](HttpRequest& request) {
        try {
            return body(state, request);
        } catch (const ParamError& e) {
            return detail::badRequest(e);
        }
    };
}

HttpResponse landing(const detail::ServiceState& s, HttpRequest& request)
{
    detail::checkKnownParams(request, {"f", "lang"});
    detail::checkNoRepeats(request);
    const Presentation p = detail::parsePresentation(request);
    OJson doc = OJson::object();
    doc["title"] = detail::pick(p.language, s.titleEn, s.titleAr);
    doc["title_en"] = s.titleEn;
    doc["title_ar"] = s.titleAr;
    doc["description"] = p.language == Language::Ar ? "طبقات المشروع عبر واجهة OGC API – Features"
                                                    : "The project's layers as OGC API – Features";
    OJson links = OJson::array();
    addSelfLinks(links, request, p, "/", kJson);
    const std::string& b = request.baseUrl;
    links.push_back(detail::link(b + "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0",
        "The API definition (OpenAPI 3.0)"));
    links.push_back(detail::link(b + "/api?f=html", "service-doc", kHtml, "The API documentation"));
    links.push_back(detail::link(b + "/conformance", "conformance", kJson, "Conformance classes"));
    links.push_back(detail::link(b + "/collections", "data", kJson, "The collections"));
    doc["links"] = std::move(links);
    return detail::present(doc, p, kJson, doc["title"]);
}

HttpResponse conformance(const detail::ServiceState& s, HttpRequest& request)
{
    detail::checkKnownParams(request, {"f", "lang"});
    detail::checkNoRepeats(request);
    const Presentation p = detail::parsePresentation(request);
    OJson doc = {{"conformsTo", s.conformance}};
    OJson links = OJson::array();
    addSelfLinks(links, request, p, "/conformance", kJson);
    doc["links"] = std::move(links);
    return detail::present(doc, p, kJson, p.language == Language::Ar ? "فئات المطابقة" : "Conformance");
}

OJson collectionDocument(const detail::ServiceState& s, const CollectionInfo& info, const HttpRequest& request,
    const Presentation& p, bool asResource)
{
    const std::shared_ptr<const Layer> layer = s.live.get(info.id);
    OJson doc = OJson::object();
    doc["id"] = info.id;
    doc["title"] = detail::pick(p.language, info.titleEn, info.titleAr);
    doc["title_en"] = info.titleEn;
    doc["title_ar"] = info.titleAr;
    doc["itemType"] = "feature";
    OJson extent = OJson::object();
    if (layer) {
        OJson spatial = spatialExtent(*layer, info);
        if (!spatial.is_null())
            extent["spatial"] = std::move(spatial);
        OJson temporal = temporalExtent(*layer, info);
        if (!temporal.is_null())
            extent["temporal"] = std::move(temporal);
    }
    if (!extent.empty())
        doc["extent"] = std::move(extent);
    OJson crs = OJson::array();
    for (const detail::CrsOffer& offer : info.crsOffers)
        crs.push_back(offer.uri);
    doc["crs"] = std::move(crs);
    if (info.storageCrs)
        doc["storageCrs"] = info.storageCrs->uri;
    if (!info.dateField.empty())
        doc["datetimeField"] = info.dateField;
    const std::string path = "/collections/" + percentEncode(info.id);
    OJson links = OJson::array();
    if (asResource) {
        addSelfLinks(links, request, p, path, kJson);
    } else {
        links.push_back(detail::link(request.baseUrl + path, "self", kJson, doc["title"]));
    }
    links.push_back(detail::link(request.baseUrl + path + "/items", "items", "application/geo+json",
        p.language == Language::Ar ? "العناصر" : "The features"));
    links.push_back(detail::link(request.baseUrl + path + "/items?f=html", "items", kHtml,
        p.language == Language::Ar ? "العناصر (HTML)" : "The features as HTML"));
    links.push_back(detail::link(request.baseUrl + path + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
        "application/schema+json", p.language == Language::Ar ? "الخصائص القابلة للاستعلام" : "Queryables"));
    doc["links"] = std::move(links);
    return doc;
}

HttpResponse collections(const detail::ServiceState& s, HttpRequest& request)
{
    detail::checkKnownParams(request, {"f", "lang"});
    detail::checkNoRepeats(request);
    const Presentation p = detail::parsePresentation(request);
    OJson doc = OJson::object();
    OJson links = OJson::array();
    addSelfLinks(links, request, p, "/collections", kJson);
    doc["links"] = std::move(links);
    OJson list = OJson::array();
    for (const CollectionInfo& info : s.collections)
        if (s.readable(request, info))
            list.push_back(collectionDocument(s, info, request, p, false));
    doc["collections"] = std::move(list);
    OJson crs = OJson::array();
    for (const detail::CrsOffer& offer : detail::commonCrsOffers())
        crs.push_back(offer.uri);
    doc["crs"] = std::move(crs); // Part 2: the CRSs every collection offers (collections add their storage CRS)
    return detail::present(doc, p, kJson, p.language == Language::Ar ? "المجموعات" : "Collections");
}

HttpResponse collection(const detail::ServiceState& s, HttpRequest& request)
{
    const CollectionInfo* info = s.find(request);
    if (!info)
        return detail::notFound("collection");
    detail::checkKnownParams(request, {"f", "lang"});
    detail::checkNoRepeats(request);
    const Presentation p = detail::parsePresentation(request);
    const OJson doc = collectionDocument(s, *info, request, p, true);
    return detail::present(doc, p, kJson, doc["title"]);
}

HttpResponse api(const detail::ServiceState& s, HttpRequest& request)
{
    detail::checkKnownParams(request, {"f", "lang"});
    detail::checkNoRepeats(request);
    const Presentation p = detail::parsePresentation(request);
    const OJson doc = detail::openApiDocument(s, request);
    if (p.format == Format::Html)
        return detail::present(doc, p, kJson, "OpenAPI");
    HttpResponse response = HttpResponse::json(doc.dump());
    response.contentType = "application/vnd.oai.openapi+json;version=3.0";
    return response;
}

} // namespace

void FeatureService::addRoutes(Router& router)
{
    const detail::ServiceState& s = m_impl->state;
    const std::shared_ptr<const void> keep = m_impl;
    router.add("GET", "/", guarded(keep, s, landing));
    router.add("GET", "/conformance", guarded(keep, s, conformance));
    router.add("GET", "/api", guarded(keep, s, api));
    router.add("GET", "/collections", guarded(keep, s, collections));
    router.add("GET", "/collections/{collectionId}", guarded(keep, s, collection));
    router.add("GET", "/collections/{collectionId}/items", guarded(keep, s, detail::itemsResponse));
    router.add("GET", "/collections/{collectionId}/items/{featureId}", guarded(keep, s, detail::itemResponse));
    router.add("GET", "/collections/{collectionId}/queryables", guarded(keep, s, detail::queryablesResponse));
}

} // namespace gis::serve
