#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "gis/serve/accessguard.h"

namespace gis::serve {
namespace {

bool isWrite(const std::string& method)
{
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

HttpResponse unauthorized(const std::string& description)
{
    HttpResponse response = HttpResponse::error(401, "Unauthorized", description);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"gis serve\"");
    return response;
}

} // namespace

AccessGuard::AccessGuard(ServerConfig config)
    : m_config(std::move(config))
{
}

std::optional<std::string> AccessGuard::tokenName(const HttpRequest& request) const
{
    const std::string* value = request.header("authorization");
    if (!value || value->size() <= 7)
        return std::nullopt;
    // The scheme is case-insensitive (RFC 7235); the token is everything after one or more spaces.
    std::string scheme = value->substr(0, 6);
    for (char& c : scheme)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (scheme != "bearer" || (*value)[6] != ' ')
        return std::nullopt;
    const std::size_t start = value->find_first_not_of(' ', 6);
    if (start == std::string::npos)
        return std::nullopt;
    return m_config.tokenName(std::string_view(*value).substr(start));
}

bool AccessGuard::mayRead(const HttpRequest& request, const std::string& collectionId) const
{
    return m_config.access(collectionId).read == CollectionAccess::Read::Public || tokenName(request).has_value();
}

std::optional<HttpResponse> AccessGuard::check(const HttpRequest& request) const
{
    const std::string* id = request.pathParam("collectionId");
    const bool write = isWrite(request.method);
    if (!write && (!id || mayRead(request, *id)))
        return std::nullopt;
    const std::optional<std::string> name = tokenName(request);
    if (!name)
        return unauthorized(request.header("authorization") ? "the bearer token is not valid"
                                                            : "this request needs an Authorization: Bearer token");
    if (!write || !id)
        return std::nullopt;
    const CollectionAccess& access = m_config.access(*id);
    const bool listed = access.writers.empty()
        || std::find(access.writers.begin(), access.writers.end(), *name) != access.writers.end();
    if (!access.write || !listed)
        return HttpResponse::error(403, "Forbidden", "the token may not write collection \"" + *id + "\"");
    return std::nullopt;
}

Router::Guard AccessGuard::guard(ServerConfig config)
{
    return guard(std::make_shared<const AccessGuard>(std::move(config)));
}

Router::Guard AccessGuard::guard(std::shared_ptr<const AccessGuard> guard)
{
    return [guard = std::move(guard)](const HttpRequest& request) { return guard->check(request); };
}

ReadAccess AccessGuard::readAccess(std::shared_ptr<const AccessGuard> guard)
{
    return [guard = std::move(guard)](const HttpRequest& request, const std::string& collectionId) {
        return guard->mayRead(request, collectionId);
    };
}

} // namespace gis::serve
