#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crsoffer.h"
#include "requestparams.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"

namespace gis {
class Layer;
}

namespace gis::detail {

using OJson = nlohmann::ordered_json;

/// What the service knows of one collection besides its data (which is always LiveLayers'): titles in both
/// languages, the CRSs it offers and the date field `datetime` filters on.
struct CollectionInfo {
    std::string id;      ///< the project layer's name
    std::string titleEn; ///< the layer's title, else its name
    std::string titleAr; ///< the Arabic title, else the English one
    /// The first Date or DateTime field of the layer when it was published ("" when it has none): what
    /// `datetime` filters on and the temporal extent describes.
    std::string dateField;
    CrsOffer layerCrs;                    ///< the layer's own CRS (what transformations start from)
    std::optional<CrsOffer> storageCrs;   ///< its EPSG URI, when it has one
    std::vector<CrsOffer> crsOffers;      ///< CRS84 first
};

/// The state every handler shares (immutable after construction but for the conformance list, which is
/// filled before serving).
struct ServiceState {
    explicit ServiceState(serve::LiveLayers& liveLayers) : live(liveLayers) {}
    serve::LiveLayers& live;
    std::string titleEn;
    std::string titleAr;
    std::vector<CollectionInfo> collections; ///< the project's order
    std::vector<std::string> conformance;
    /// Who may read which collection (the server config's read rules); empty: everyone everything.
    serve::ReadAccess readAccess;

    /// The collection named by the request's {collectionId}, or nullptr (the handler answers 404): also for a
    /// collection the client may not read (the router's guard answers 401 before; this keeps a handler added
    /// without the guard from showing it).
    const CollectionInfo* find(const serve::HttpRequest& request) const;
    /// Whether the request's client may see `info` (listings, the OpenAPI document).
    bool readable(const serve::HttpRequest& request, const CollectionInfo& info) const
    {
        return serve::mayRead(readAccess, request, info.id);
    }
};

/// "Ad Dakhiliyah" in the request's language.
inline const std::string& pick(Language language, const std::string& en, const std::string& ar)
{
    return language == Language::Ar ? ar : en;
}

/// A link object {"href", "rel", "type", "title"}.
OJson link(const std::string& href, const std::string& rel, const std::string& type, const std::string& title = {});

/// The body of a JSON answer, or of its HTML page, with Content-Language; `jsonType` for JSON.
serve::HttpResponse present(const OJson& document, const Presentation& presentation, const std::string& jsonType,
    const std::string& pageTitle);

/// The query string for links: `f` and `lang` set as given, the other parameters as the request had them except
/// those named in `drop`, then `extra` ("limit=10&offset=20"); "" or "?...".
std::string linkQuery(const serve::HttpRequest& request, Format format, const std::vector<std::string>& drop = {},
    const std::string& extra = {});

/// The HTML page of a resource's JSON document (gis/serve/features: every resource has one), in the request's
/// language: lang and dir on <html>, every value escaped.
std::string htmlPage(const OJson& document, Language language, const std::string& title);

/// The OpenAPI 3.0 document of the service's paths: those of the collections the request's client may read.
OJson openApiDocument(const ServiceState& state, const serve::HttpRequest& request);

/// The JSON error bodies: 400 for a ParamError, 404 for an unknown collection or feature.
serve::HttpResponse badRequest(const ParamError& error);
serve::HttpResponse notFound(const std::string& what);

/// Items and single item (items.cpp).
serve::HttpResponse itemsResponse(const ServiceState& state, serve::HttpRequest& request);
serve::HttpResponse itemResponse(const ServiceState& state, serve::HttpRequest& request);
/// The queryables of a collection (queryables.cpp).
serve::HttpResponse queryablesResponse(const ServiceState& state, serve::HttpRequest& request);

/// "2026-12-07T14:03:11Z".
std::string utcNow();

} // namespace gis::detail
