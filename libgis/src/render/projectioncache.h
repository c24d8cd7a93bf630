#pragma once

// Private: a layer's geometries in a map CRS, computed once per (layer, CRS) and reused by every render
// while the layer lives, so panning a reprojected layer does not reproject it again.

#include <memory>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
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

} // namespace gis::detail
