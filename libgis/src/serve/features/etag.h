#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gis {
class Layer;
struct EditFeature;
}

namespace gis::serve {

/// The ETag of a feature: a strong validator, the 64-bit content hash of its geometry (ISO WKB) and attribute values
/// (gis::featureVersion, the hash edit sessions detect conflicting writers with) as "\"<16 hex>\"". Equal content
/// gives an equal tag whichever path read it (a Layer row for GET, the edit session for If-Match), so a client's
/// If-Match compares with what the server would write over.
std::string featureEtag(const Layer& layer, std::size_t row);
std::string featureEtag(const EditFeature& feature);

/// True when an If-Match header value matches `etag`: "*", or a comma-separated list holding it (strong comparison:
/// a weak W/"..." never matches, RFC 9110 13.1.1).
bool ifMatchAccepts(std::string_view ifMatch, const std::string& etag);

} // namespace gis::serve
