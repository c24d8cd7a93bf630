#pragma once

// A layer as an algorithm that hands whole layers to the query module (nearest, joins) must see it under the run's
// invalid-geometry policy: the same layer when every geometry is valid, otherwise a copy in which a skipped
// feature has no geometry (so it matches nothing) and a repaired one has its repaired geometry. Rows, ids and
// attributes stay as they are.

#include <memory>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"

namespace gis::analysis::detail {

struct GatedLayer {
    std::shared_ptr<const Layer> layer;   ///< the input itself, or the copy
    std::vector<char> skipped;            ///< per row: left out by the policy
    std::vector<InvalidFeature> invalid;  ///< the report, in row order
};

/// Checks every geometry of `layer` (in parallel, cancel checked) under `options.invalid`. Throws as
/// InvalidGate::check (Stop: Error(Geometry) naming the layer and feature) and Error(Cancelled).
GatedLayer gateLayer(const std::shared_ptr<const Layer>& layer, const RunOptions& options, const char* what);

} // namespace gis::analysis::detail
