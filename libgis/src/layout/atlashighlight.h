#pragma once

// Private: an atlas page's own feature brought forward — the rest of the map under a white veil, the feature
// outlined — so a page reads as "this wilayat" rather than a crop of the whole map.

#include <optional>

#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/render/maprenderer.h"

namespace gis::detail {

/// Adds to `map` (above its layers, out of the legend) a veil over everything but row `row` of `layer` and an
/// outline of that row. `toMap` transforms `layer`'s coordinates to the map CRS `mapCrs` (none: already in it).
/// Only polygons are highlighted (a point or line page has nothing to veil around); others leave `map` as it is.
void addAtlasHighlight(RenderRequest& map, const Layer& layer, std::size_t row, const std::optional<Transformer>& toMap,
    const Crs& mapCrs);

} // namespace gis::detail
