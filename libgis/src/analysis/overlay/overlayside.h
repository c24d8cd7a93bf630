#pragma once

// One side of an overlay (the input or the overlay layer), made ready for the engine: in the input's CRS, with the
// run's invalid-geometry policy decided for every feature once, before any pair is looked at. Also the helpers that
// write pieces of one dimension as a Multi geometry, so an overlay's output type stays homogeneous.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

#include "vector/geometrytools.h" // dimensionOf

namespace gis::analysis::detail {

/// A layer and the policy's verdict on each of its features. Immutable once made: any thread may read it.
struct OverlaySide {
    std::shared_ptr<const Layer> layer;
    std::vector<std::uint8_t> usable;                       ///< 1: the feature takes part (valid or repaired)
    std::vector<std::pair<std::size_t, Geometry>> repaired; ///< row → repaired geometry, sorted by row
    std::size_t nullGeometries = 0;
    /// The layer's R-tree, or one built here for a layer made without it (Layer's buildIndex = false).
    std::shared_ptr<const PackedRTree> ownIndex;

    const PackedRTree& index() const { return ownIndex ? *ownIndex : layer->index(); }
    /// The geometry to use for `row` (the repaired one where the policy repaired it).
    GeometryRef geometry(std::size_t row) const;
};

/// Decides the policy for every feature of `layer` (in parallel); the features it skipped or repaired are appended
/// to `invalid` in row order. Throws as InvalidGate::check (Stop names the layer and the feature) and
/// Error(Cancelled).
OverlaySide gateSide(std::shared_ptr<const Layer> layer, const RunOptions& options, std::vector<InvalidFeature>& invalid);

/// A copy of `layer` in `target` (ids, fields and name kept). Throws Error(Crs) naming the layer and the feature
/// when a coordinate cannot be transformed.
std::shared_ptr<const Layer> reprojectLayer(const Layer& layer, const Crs& target);

/// The dimension of a layer: its declared type's, or (for a collection or unknown type) its first feature's.
int layerDimension(const Layer& layer);
/// MultiPoint, MultiLineString or MultiPolygon.
GeometryType multiTypeOf(int dimension);

/// Appends geometry `i` of `from` to `out` as one Multi geometry of `dimension`, keeping only the parts of that
/// dimension. Returns false (and appends nothing) when none is left.
bool appendAsMulti(GeometryColumn& out, const GeometryColumn& from, std::size_t i, int dimension);
/// The same for a GEOS result: its parts of `dimension` (collections flattened, empty parts dropped) as one Multi
/// geometry. Returns false when none is left (two polygons that only touch).
bool appendGeosAsMulti(GeometryColumn& out, const GEOSGeometry* g, int dimension);

} // namespace gis::analysis::detail
