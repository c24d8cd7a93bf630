#pragma once

// Private: a layer's geometries in a map CRS, computed once per (layer, CRS) and reused by every render
// while the layer lives, so panning a reprojected layer does not reproject it again.

#include <memory>
#include <optional>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

namespace gis::detail {

/// The layer's geometries transformed to `crs` (the layer's own column, shared, when no transform is needed
/// or either CRS is unknown). Thread-safe. Throws Error(Crs) when no transformation exists, and
/// Error(Cancelled) when `cancel` is set during the transformation (nothing is cached then).
/// Points that cannot be transformed become (inf, inf), as Transformer leaves them.
std::shared_ptr<const GeometryColumn> geometriesInCrs(const std::shared_ptr<const Layer>& layer, const Crs& crs,
    const CancellationToken* cancel = nullptr);

/// Bounding box of every geometry of geometriesInCrs(layer, crs), cached the same way, so that drawing a layer
/// does not scan every coordinate to cull features outside a band. Thread-safe; throws as geometriesInCrs.
std::shared_ptr<const std::vector<Box>> boundsInCrs(const std::shared_ptr<const Layer>& layer, const Crs& crs,
    const CancellationToken* cancel = nullptr);

/// A Transformer from `from` to `to` kept for the calling thread (creating one costs PROJ 1-6 ms: a render on a
/// reprojected map would pay that several times a frame). Reused while the thread lives; at most 8 pairs are kept
/// per thread, the oldest dropped first, so the reference is valid until the next call on the same thread. CRSs without an identifier get a new Transformer each time (`scratch` holds it). Throws as
/// Transformer's constructor.
const Transformer& threadTransformer(const Crs& from, const Crs& to, std::optional<Transformer>& scratch);

} // namespace gis::detail
