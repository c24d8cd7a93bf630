#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "crsoffer.h"

namespace gis {
class Layer;
}

namespace gis::detail {

using OJson = nlohmann::ordered_json;

/// Writes features of a layer as GeoJSON Feature objects in an offered CRS: coordinates transformed from the
/// layer's CRS and, for a latitude-first CRS (EPSG:4326 by URI), swapped. Attribute values keep their types
/// (numbers, booleans, ISO 8601 dates as strings, null); a NaN real is null. Z values are left out (2D).
/// One writer per request and thread: it uses the thread's cached transformer.
class GeoJsonFeatureWriter {
public:
    GeoJsonFeatureWriter(const Layer& layer, const CrsOffer& layerCrs, const CrsOffer& target);
    /// {"type": "Feature", "id": fid, "geometry": ..., "properties": {...}}.
    OJson feature(std::size_t row) const;
    /// The geometry of a row alone (null for a null geometry).
    OJson geometry(std::size_t row) const;

private:
    const Layer& m_layer;
    const Transformer* m_transformer; // null when the CRSs are the same
    bool m_swap;
};

} // namespace gis::detail
