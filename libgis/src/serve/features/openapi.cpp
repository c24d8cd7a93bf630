// The OpenAPI 3.0 document (/api): the real paths, one set per collection, with the parameters the handlers
// accept and their limits, so that a client generated from it sends only what the server takes.
#include <string>

#include "servicestate.h"

namespace gis::detail {
namespace {

OJson ref(const std::string& name)
{
    return {{"$ref", "#/components/parameters/" + name}};
}

OJson responses(const std::string& type, bool notFound)
{
    OJson r = {{"200", {{"description", "The resource"}, {"content", {{type, OJson::object()}, {"text/html", OJson::object()}}}}},
        {"400", {{"description", "A parameter is invalid"}}}};
    if (notFound)
        r["404"] = {{"description", "No such collection or feature"}};
    return r;
}

OJson operation(const std::string& summary, const std::string& id, OJson parameters, const std::string& type,
    bool notFound)
{
    return {{"get", {{"summary", summary}, {"operationId", id}, {"parameters", std::move(parameters)},
                        {"responses", responses(type, notFound)}}}};
}

OJson crsEnum(const CollectionInfo& info)
{
    OJson list = OJson::array();
    for (const CrsOffer& offer : info.crsOffers)
        list.push_back(offer.uri);
    return list;
}

OJson parameters()
{
    const auto query = [](const std::string& name, const std::string& description, OJson schema) {
        return OJson{{"name", name}, {"in", "query"}, {"required", false}, {"description", description},
            {"schema", std::move(schema)}, {"style", "form"}, {"explode", false}};
    };
    OJson p = OJson::object();
    p["f"] = query("f", "The format of the answer", {{"type", "string"}, {"enum", {"json", "html"}}});
    p["lang"] = query("lang", "The language of titles and pages", {{"type", "string"}, {"enum", {"en", "ar"}}});
    p["limit"] = query("limit", "Features per page", {{"type", "integer"}, {"minimum", 1},
                                                      {"maximum", kMaxLimit}, {"default", kDefaultLimit}});
    p["offset"] = query("offset", "Features to skip (row order, stable)", {{"type", "integer"}, {"minimum", 0},
                                                                           {"default", 0}});
    p["bbox"] = query("bbox", "minx,miny,maxx,maxy (or with heights, ignored) in bbox-crs; features intersecting it",
        {{"type", "array"}, {"minItems", 4}, {"maxItems", 6}, {"items", {{"type", "number"}}}});
    p["datetime"] = query("datetime", "An instant or an interval a/b (.. for an open end) on the collection's date field",
        {{"type", "string"}});
    p["filter"] = query("filter", "A CQL2 text filter (OGC API - Features Part 3; at most 2 MiB, 100 levels of nesting)",
        {{"type", "string"}});
    p["filter-lang"] = query("filter-lang", "The filter's language", {{"type", "string"}, {"enum", {"cql2-text"}},
                                                                     {"default", "cql2-text"}});
    p["collectionId"] = {{"name", "collectionId"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    p["featureId"] = {{"name", "featureId"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
    return p;
}

} // namespace

OJson openApiDocument(const ServiceState& state, const serve::HttpRequest& request)
{
    const std::string& baseUrl = request.baseUrl;
    OJson doc = OJson::object();
    doc["openapi"] = "3.0.3";
    doc["info"] = {{"title", state.titleEn}, {"version", "1.0"},
        {"description", "OGC API – Features (Parts 1 and 2) of the project's vector layers"}};
    doc["servers"] = OJson::array({{{"url", baseUrl.empty() ? "/" : baseUrl}}});
    const OJson common = OJson::array({ref("f"), ref("lang")});
    OJson paths = OJson::object();
    paths["/"] = operation("Landing page", "getLandingPage", common, "application/json", false);
    paths["/conformance"] = operation("Conformance classes", "getConformance", common, "application/json", false);
    paths["/api"] = operation("This API definition", "getApi", common, "application/vnd.oai.openapi+json;version=3.0", false);
    paths["/collections"] = operation("The collections", "getCollections", common, "application/json", false);
    for (const CollectionInfo& info : state.collections) {
        if (!state.readable(request, info))
            continue; // a protected collection's paths, ids and titles are not shown to a client without a token
        const std::string base = "/collections/" + info.id;
        const auto crsParam = [&info](const std::string& name) {
            return OJson{{"name", name}, {"in", "query"}, {"required", false},
                {"schema", {{"type", "string"}, {"format", "uri"}, {"enum", crsEnum(info)}, {"default", kCrs84Uri}}}};
        };
        paths[base] = operation(info.titleEn, "describeCollection_" + info.id, common, "application/json", true);
        OJson items = common;
        for (const char* name : {"limit", "offset", "bbox", "datetime"})
            items.push_back(ref(name));
        items.push_back(crsParam("crs"));
        items.push_back(crsParam("bbox-crs"));
        items.push_back(ref("filter"));
        items.push_back(ref("filter-lang"));
        items.push_back(crsParam("filter-crs"));
        paths[base + "/items"] = operation(info.titleEn + ": features", "getFeatures_" + info.id, items,
            "application/geo+json", true);
        OJson item = common;
        item.push_back(ref("featureId"));
        item.push_back(crsParam("crs"));
        paths[base + "/queryables"] = operation(info.titleEn + ": queryables", "getQueryables_" + info.id, common,
            "application/schema+json", true);
        paths[base + "/items/{featureId}"] = operation(info.titleEn + ": one feature", "getFeature_" + info.id, item,
            "application/geo+json", true);
    }
    doc["paths"] = std::move(paths);
    doc["components"] = {{"parameters", parameters()}};
    return doc;
}

} // namespace gis::detail
