#include "servicestate.h"

#include <algorithm>
#include <ctime>

namespace gis::detail {

const CollectionInfo* ServiceState::find(const serve::HttpRequest& request) const
{
    // Only the ids the project defines are ever looked up: the value is compared, never used as a path.
    const std::string* id = request.pathParam("collectionId");
    if (!id)
        return nullptr;
    for (const CollectionInfo& info : collections)
        if (info.id == *id)
            return readable(request, info) ? &info : nullptr;
    return nullptr;
}

OJson link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title)
{
    OJson out = {{"href", href}, {"rel", rel}, {"type", type}};
    if (!title.empty())
        out["title"] = title;
    return out;
}

serve::HttpResponse present(const OJson& document, const Presentation& presentation, const std::string& jsonType,
    const std::string& pageTitle)
{
    serve::HttpResponse response;
    if (presentation.format == Format::Html) {
        response.contentType = "text/html; charset=utf-8";
        response.body = htmlPage(document, presentation.language, pageTitle);
    } else {
        response.contentType = jsonType;
        // Invalid UTF-8 in the data is replaced rather than failing the whole answer.
        response.body = document.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    }
    response.setHeader("Content-Language", presentation.language == Language::Ar ? "ar" : "en");
    return response;
}

std::string linkQuery(const serve::HttpRequest& request, Format format, const std::vector<std::string>& drop,
    const std::string& extra)
{
    std::string query;
    const auto add = [&query](const std::string& part) { query += (query.empty() ? "?" : "&") + part; };
    for (const auto& [name, value] : request.query) {
        if (name == "f" || std::find(drop.begin(), drop.end(), name) != drop.end())
            continue;
        add(serve::percentEncode(name) + "=" + serve::percentEncode(value));
    }
    if (!extra.empty())
        add(extra);
    add(format == Format::Html ? "f=html" : "f=json");
    return query;
}

serve::HttpResponse badRequest(const ParamError& error)
{
    return serve::HttpResponse::error(400, "InvalidParameterValue", error.what());
}

serve::HttpResponse notFound(const std::string& what)
{
    return serve::HttpResponse::error(404, "NotFound", "no such " + what);
}

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

} // namespace gis::detail
