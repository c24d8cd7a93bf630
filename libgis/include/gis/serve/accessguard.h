#pragma once

#include <memory>
#include <optional>
#include <string>

#include "gis/core/export.h"
#include "gis/serve/config.h"
#include "gis/serve/http.h"

GIS_API_BEGIN

namespace gis::serve {

/// Access control of the server from its config (docs/serve.md, "Writing: tokens and transactions"): reads of a
/// collection whose read is "token", and every write (POST, PUT, PATCH, DELETE), need `Authorization: Bearer
/// <token>` with a token of the config. Missing or unknown token: 401 with `WWW-Authenticate: Bearer`; a known
/// token that may not write the collection (write false, or not among its writers): 403. The collection is the
/// route's {collectionId}; a write on a route without one needs a known token.
///
/// Routes without a {collectionId} (the /collections list, /api, WMS, tiles) cannot be guarded by the route: the
/// services ask mayRead() through readAccess() for each collection or layer they would name, and leave out what
/// the client may not read (docs/serve.md, "Endpoints and access").
///
/// Immutable after construction: any number of threads may call check() at once.
class AccessGuard {
public:
    explicit AccessGuard(ServerConfig config);

    /// The refusal for `request`, or nothing when it may go ahead.
    std::optional<HttpResponse> check(const HttpRequest& request) const;
    /// Whether the request may read `collectionId`: its read is public, or the request carries a token of the
    /// config. The one read rule: check() applies it to {collectionId} routes, readAccess() to the services.
    bool mayRead(const HttpRequest& request, const std::string& collectionId) const;
    /// The token's name of the request's bearer token, or nothing (no header, another scheme, unknown token).
    std::optional<std::string> tokenName(const HttpRequest& request) const;
    /// check() as a Router::Guard (holds a shared copy of the config).
    static Router::Guard guard(ServerConfig config);
    /// check() and mayRead() of one shared guard, for the router and for the services (FeatureService,
    /// MapService::setReadAccess).
    static Router::Guard guard(std::shared_ptr<const AccessGuard> guard);
    static ReadAccess readAccess(std::shared_ptr<const AccessGuard> guard);

    const ServerConfig& config() const { return m_config; }

private:
    ServerConfig m_config;
};

} // namespace gis::serve

GIS_API_END
