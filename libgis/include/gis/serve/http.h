#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis::serve {

/// One HTTP request as a handler sees it: already parsed, size-checked and percent-decoded by the server
/// (gis/serve/server.h), independent of the HTTP library underneath. Handlers never see the socket.
struct HttpRequest {
    std::string method;  ///< upper case: "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"
    std::string target;  ///< as received, e.g. "/collections/towns/items?limit=10"
    std::string path;    ///< percent-decoded path without the query, e.g. "/collections/towns/items"
    /// Query parameters in their order, names and values percent-decoded ('+' is a space). A name may repeat.
    std::vector<std::pair<std::string, std::string>> query;
    /// Header fields with lower-case names, values as received (trimmed).
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string remoteAddress; ///< "127.0.0.1:53122"
    /// The route's {placeholders}, filled by Router::dispatch: {"collectionId", "towns"}.
    std::vector<std::pair<std::string, std::string>> pathParams;
    /// Cancelled when the client closes the connection or the server stops: long work (rendering, big pages)
    /// checks it and gives up.
    CancellationToken cancel;
    /// The base URL clients reached the server at ("http://127.0.0.1:8080"), for links in responses: from the
    /// server's configured public URL, else from the Host header.
    std::string baseUrl;

    /// The first value of a query parameter, or nullptr. Names compare exactly (OGC API parameter names are
    /// case-sensitive); WMS handlers that need case-insensitive names use queryParamNoCase.
    const std::string* queryParam(std::string_view name) const;
    const std::string* queryParamNoCase(std::string_view name) const;
    /// The first value of a header (name in lower case), or nullptr.
    const std::string* header(std::string_view lowerName) const;
    const std::string* pathParam(std::string_view name) const;
};

/// A handler's answer. The server adds Content-Length, Date, Connection and, for JSON and text bodies a client
/// accepts gzip for, compresses them.
struct HttpResponse {
    int status = 200;
    std::string contentType = "application/json";
    std::vector<std::pair<std::string, std::string>> headers; ///< extra fields (ETag, Location, Link, ...)
    std::string body;

    HttpResponse& setHeader(std::string name, std::string value);

    /// A JSON body with the given status.
    static HttpResponse json(std::string body, int status = 200);
    /// The one error shape of every endpoint: {"code": "<code>", "description": "<description>"} as
    /// application/json (OGC API's exception schema). Descriptions name what was wrong in the request (the
    /// parameter, the collection id); they never carry a file path, a stack trace or a server-side message.
    static HttpResponse error(int status, std::string_view code, std::string_view description);
};

using Handler = std::function<HttpResponse(HttpRequest&)>;

/// Whether `request`'s client may read the collection (or map layer) `collectionId`: what every service asks
/// before it names, lists, describes or draws one, so that a collection protected by the server config does not
/// show anywhere to a client without a token (AccessGuard::readAccess makes it from the config). An empty
/// ReadAccess lets everyone read everything (the server without a config). Called from many threads at once.
using ReadAccess = std::function<bool(const HttpRequest& request, const std::string& collectionId)>;

/// `access(request, id)`, or true when `access` is empty.
inline bool mayRead(const ReadAccess& access, const HttpRequest& request, const std::string& collectionId)
{
    return !access || access(request, collectionId);
}

/// Routes requests by method and path pattern. Patterns are literal segments and {name} placeholders that
/// match exactly one non-empty segment: "/collections/{collectionId}/items/{featureId}". Matching is exact
/// (no trailing slash folding beyond "/" itself); the first route added that matches wins. Unknown paths answer
/// 404, a known path with another method 405 with an Allow header; HEAD is answered by the GET route, with the
/// GET's body left in the response: the server sends its Content-Length and not the body (RFC 9110 §9.3.2). Add every route before the server starts; dispatch() may then be called from many threads at once.
class Router {
public:
    void add(std::string method, std::string pattern, Handler handler);
    /// A check run before every matched handler, with request.pathParams already filled (access control: bearer
    /// tokens for writes and for protected collections). Returning a response answers with it instead of calling
    /// the handler (401, 403); returning nothing lets the handler run. One guard per router; set before start.
    using Guard = std::function<std::optional<HttpResponse>(const HttpRequest&)>;
    void setGuard(Guard guard) { m_guard = std::move(guard); }
    /// Finds the route, fills request.pathParams and calls the handler. Exceptions a handler throws become
    /// 500 {"code": "InternalError"} here, logged by the server, never shown to the client.
    HttpResponse dispatch(HttpRequest& request) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments; ///< "{name}" marks a placeholder
        Handler handler;
    };
    std::vector<Route> m_routes;
    Guard m_guard;
};

/// Percent-decoding of one path segment or query component ('+' as space when `plusAsSpace`). Throws
/// gis::Error(Argument) for a malformed escape ("%4").
std::string percentDecode(std::string_view text, bool plusAsSpace);
/// Percent-encoding for building links (unreserved characters kept).
std::string percentEncode(std::string_view text);

} // namespace gis::serve

GIS_API_END
