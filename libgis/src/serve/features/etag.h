#pragma once

#include <cstddef>
#include <string>

namespace gis {
class Layer;
}

namespace gis::detail {

/// The entity tag of one feature: a 64-bit FNV-1a hash of its geometry (types, structure, coordinates) and of
/// its attribute values (name, null or value text), as a quoted HTTP strong ETag ("\"9f2c...\""). Equal
/// features give equal tags in any version of the layer, so a client's If-Match stays valid across unrelated
/// commits; any change of geometry or value changes it. Single-item GET sends it; Part 4 writes compare it.
std::string featureEtag(const Layer& layer, std::size_t row);

} // namespace gis::detail
