#pragma once

// The shape of most geometry algorithms: one output feature (or none) per input feature, computed in chunks on
// every core, with the run's invalid-geometry policy, progress and cancel, and the output in input order; then the
// run's result around the output layer made from it.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/geom/geometrycolumn.h"

#include "invalidgate.h"

namespace gis::analysis::detail {

class LayerBuilder;

/// What mapFeatures() made: geometries and, for each, the input row it came from; the features the policy acted on.
struct MappedFeatures {
    GeometryColumn geometries;
    std::vector<std::size_t> sourceRows;
    std::vector<InvalidFeature> invalid;
    std::size_t nullGeometries = 0; ///< features without a geometry: left out, not an error (see nullWarning)
};

/// "12 features of layer "x" have no geometry and were left out", or empty when there are none.
std::string nullWarning(const Layer& layer, std::size_t nullGeometries);

/// Calls `fn(row, geometry, out)` for every feature of `layer` the policy lets through (with the repaired geometry
/// where it repaired one); fn appends zero or more geometries to `out` (each one an output feature of that row).
/// Chunks run in parallel (fn is called from several threads at once); the result is in input order whatever the
/// number of threads. Features without a geometry never reach fn (counted in nullGeometries). Throws as InvalidGate::check, Error(Cancelled) when
/// `options.feedback` is cancelled, and what fn throws (the lowest row's).
MappedFeatures mapFeatures(const Layer& layer, const RunOptions& options, const char* what,
    const std::function<void(std::size_t row, GeometryRef geometry, GeometryColumn& out)>& fn);

/// The result of a run whose output features, made from `mapped`, are in `builder`: the layer (builder.finish(),
/// which empties the builder), the features the invalid-geometry policy acted on (moved out of `mapped`) and
/// nullWarning's warning when there is one. An algorithm adds its own warnings after.
RunResult mappedResult(LayerBuilder& builder, const Layer& layer, MappedFeatures& mapped);

/// The result of a per-feature algorithm: `mapped`'s geometries, each with the attributes and the id of the row it
/// came from (ids are unique when every row gives at most one geometry), as mappedResult() says.
RunResult perFeatureResult(const Layer& layer, MappedFeatures&& mapped, std::string name, GeometryType type);

} // namespace gis::analysis::detail
