#pragma once

#include <string_view>

#include "cql2geometry.h"
#include "exprnode.h"

namespace gis {
class Layer;
}

namespace gis::detail {

/// Parses CQL2 text into an unbound expression tree for `layer` (recursive descent; from loosest to tightest:
/// OR, AND, NOT, predicates). Properties are checked against the layer's fields here, so a misspelt one is
/// reported as a property with a suggestion; geometry literals are read through `geometries` into the layer's
/// CRS and become geom_from_wkt() arguments of the engine's spatial predicates. Offsets in the tree index
/// `text`. Throws Error(Query) "CQL2: ... at column N", also past kMaxExpressionBytes or kMaxNesting.
NodePtr parseCql2(std::string_view text, const Layer& layer, Cql2GeometryReader& geometries);

} // namespace gis::detail
