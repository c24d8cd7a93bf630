// /collections/{collectionId}/queryables (OGC API – Features Part 3, Queryables): the properties a filter may
// name, as a JSON Schema (2020-12) built from the layer's fields, and its geometry.
#include <memory>

#include "gis/data/layer.h"
#include "servicestate.h"

namespace gis::detail {
namespace {

OJson fieldSchema(const AttributeColumn& column)
{
    switch (column.type()) {
    case FieldType::Integer: return {{"type", "integer"}};
    case FieldType::Real: return {{"type", "number"}};
    case FieldType::Boolean: return {{"type", "boolean"}};
    case FieldType::Date: return {{"type", "string"}, {"format", "date"}};
    case FieldType::DateTime: return {{"type", "string"}, {"format", "date-time"}};
    case FieldType::String:
    case FieldType::Binary: break;
    }
    return {{"type", "string"}};
}

} // namespace

serve::HttpResponse queryablesResponse(const ServiceState& state, serve::HttpRequest& request)
{
    const CollectionInfo* info = state.find(request);
    if (!info)
        return notFound("collection");
    checkKnownParams(request, {"f", "lang"});
    checkNoRepeats(request);
    const Presentation p = parsePresentation(request);
    const std::shared_ptr<const Layer> layer = state.live.get(info->id);
    if (!layer)
        return notFound("collection");
    const std::string url = request.baseUrl + "/collections/" + serve::percentEncode(info->id) + "/queryables";
    OJson doc = OJson::object();
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    doc["$id"] = url;
    doc["type"] = "object";
    doc["title"] = pick(p.language, info->titleEn, info->titleAr);
    OJson properties = OJson::object();
    properties["geometry"] = {{"format", "geometry-any"}};
    for (const AttributeColumn& column : layer->attributes().columns())
        properties[column.name()] = fieldSchema(column);
    doc["properties"] = std::move(properties);
    doc["additionalProperties"] = false;
    if (p.format == Format::Html) {
        // The HTML page lists the properties with their types as a feature's table would.
        OJson page = {{"title_en", info->titleEn}, {"title_ar", info->titleAr}, {"type", "Feature"},
            {"properties", OJson::object()}};
        for (const auto& [name, schema] : doc["properties"].items())
            page["properties"][name] = schema.value("format", schema.value("type", std::string()));
        page["links"] = OJson::array({link(url + "?f=json", "alternate", "application/schema+json")});
        return present(page, p, "application/schema+json", doc["title"]);
    }
    return present(doc, p, "application/schema+json", doc["title"]);
}

} // namespace gis::detail
