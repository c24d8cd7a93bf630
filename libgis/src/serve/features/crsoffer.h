#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"

namespace gis::detail {

/// One CRS a collection offers (OGC API – Features Part 2): its URI, the CRS, and whether its authority's axis
/// order is latitude first (EPSG:4326), in which case coordinates are swapped on the way out and a bbox on the
/// way in. libgis itself is always x/y (lon/lat).
struct CrsOffer {
    std::string uri; ///< "http://www.opengis.net/def/crs/EPSG/0/32640"
    Crs crs;
    bool latLon = false;
    std::string key; ///< identifies the CRS for the transformer cache
};

inline constexpr std::string_view kCrs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// The CRSs every collection offers, CRS84 (the default) first: CRS84, EPSG:4326, EPSG:32640. Built once.
const std::vector<CrsOffer>& commonCrsOffers();

/// The storage CRS of a layer as an offer: its EPSG URI when it has an EPSG code, else nullopt (a layer in a
/// CRS without a code is served in the common CRSs only).
std::optional<CrsOffer> storageCrsOffer(const Crs& layerCrs);

/// The common offers plus the storage CRS when it is not one of them.
std::vector<CrsOffer> collectionCrsOffers(const std::optional<CrsOffer>& storage);

/// The offer named by `uri` among `offers`, or a ParamError naming `parameter` (400 for an unsupported CRS).
const CrsOffer& findCrsOffer(const std::vector<CrsOffer>& offers, std::string_view uri, std::string_view parameter);

/// A transformer from `from` to `to`, one per thread and pair (a Transformer is not shareable; building one
/// per request would cost more than the request).
const Transformer& cachedTransformer(const CrsOffer& from, const CrsOffer& to);

/// The offer standing for a layer's CRS: the storage offer, or for a CRS without a code, one keyed by its WKT.
CrsOffer layerCrsOffer(const Crs& layerCrs);

} // namespace gis::detail
