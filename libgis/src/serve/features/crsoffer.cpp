#include "crsoffer.h"

#include <map>
#include <memory>
#include <utility>

#include "requestparams.h"

namespace gis::detail {
namespace {

std::string epsgUri(std::string_view code)
{
    return "http://www.opengis.net/def/crs/EPSG/0/" + std::string(code);
}

} // namespace

const std::vector<CrsOffer>& commonCrsOffers()
{
    static const std::vector<CrsOffer> offers = [] {
        std::vector<CrsOffer> list;
        list.push_back({std::string(kCrs84Uri), Crs::fromUserInput("OGC:CRS84"), false, "OGC:CRS84"});
        list.push_back({epsgUri("4326"), Crs::fromEpsg(4326), true, "EPSG:4326"});
        list.push_back({epsgUri("32640"), Crs::fromEpsg(32640), false, "EPSG:32640"});
        return list;
    }();
    return offers;
}

std::optional<CrsOffer> storageCrsOffer(const Crs& layerCrs)
{
    const std::string code = layerCrs.authorityCode();
    if (code.rfind("EPSG:", 0) != 0)
        return std::nullopt;
    // EPSG's geographic CRSs are latitude first; its projected ones used here are easting first.
    return CrsOffer{epsgUri(code.substr(5)), layerCrs, layerCrs.isGeographic(), code};
}

CrsOffer layerCrsOffer(const Crs& layerCrs)
{
    if (std::optional<CrsOffer> storage = storageCrsOffer(layerCrs))
        return *storage;
    return CrsOffer{"", layerCrs, false, layerCrs.toWkt()};
}

std::vector<CrsOffer> collectionCrsOffers(const std::optional<CrsOffer>& storage)
{
    std::vector<CrsOffer> offers = commonCrsOffers();
    if (storage) {
        bool listed = false;
        for (const CrsOffer& offer : offers)
            listed = listed || offer.uri == storage->uri;
        if (!listed)
            offers.push_back(*storage);
    }
    return offers;
}

const CrsOffer& findCrsOffer(const std::vector<CrsOffer>& offers, std::string_view uri, std::string_view parameter)
{
    for (const CrsOffer& offer : offers)
        if (offer.uri == uri)
            return offer;
    std::string shown(uri.substr(0, 80));
    for (char& c : shown)
        if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    throw ParamError("parameter " + std::string(parameter) + ": \"" + shown
        + "\" is not a CRS this collection offers (see its crs list)");
}

const Transformer& cachedTransformer(const CrsOffer& from, const CrsOffer& to)
{
    thread_local std::map<std::pair<std::string, std::string>, std::unique_ptr<Transformer>> cache;
    auto& slot = cache[{from.key, to.key}];
    if (!slot)
        slot = std::make_unique<Transformer>(from.crs, to.crs);
    return *slot;
}

} // namespace gis::detail
