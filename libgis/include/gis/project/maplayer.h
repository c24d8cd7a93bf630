#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

class Layer;
class RasterSource;

/// What an edit session changed in a map layer's data, drawn over it without copying it: the rows of
/// MapLayer::vector to leave out (deleted or replaced features) and the features to draw after its rows (inserted
/// or replaced), in a small Layer of their own with the same fields, so that the style's classes, rules, sizes and
/// labels evaluate on them as on the layer's own rows. Made in O(edited features) (gis::EditSnapshot::hiddenRows and
/// deltaLayer); immutable, shared by render workers.
///
/// Drawing order: the added features are drawn after every row of the layer, so a replaced feature that overlaps
/// another one may come out above it where the edited layer written out (EditSnapshot::toLayer) would draw it below.
struct VectorEdits {
    std::vector<std::uint32_t> hiddenRows; ///< rows of MapLayer::vector not drawn, ascending, each < its size()
    std::shared_ptr<const Layer> added;    ///< drawn after the layer's rows; null or empty: none
};

/// One layer of a map: a vector layer or a raster, with its style: everything that decides how it is drawn and
/// named in a legend. The one description of a drawn layer: a project layer holds one (ProjectLayer::map), the
/// viewer reads it from the project, and gis::makeRequest (gis/render/maprenderer.h) copies it whole into a render
/// request. A new drawn property belongs here (and its key in the project file's one layer key table, which
/// Project::load and projectLayerJson both walk). Copying it shares the data, which is immutable.
struct MapLayer {
    std::string name;    ///< identifies the layer (atlas, insets, errors); shown when it has no title
    std::string title;   ///< for legends, UTF-8: English ("" → name)
    std::string titleAr; ///< Arabic, UTF-8 ("" → title)
    std::shared_ptr<const Layer> vector;        ///< either this (gis/data/layer.h)
    std::shared_ptr<const RasterSource> raster; ///< or this (gis/data/rastersource.h)
    /// An edit session's changes drawn over `vector` (the viewer's layers in edit mode); null: none. The render
    /// throws Error(Argument) for that layer when a hidden row is out of range or out of order, or when `added`
    /// has other fields than `vector`.
    std::shared_ptr<const VectorEdits> edits;
    LayerStyle style;
    bool visible = true;
    bool inLegend = true; ///< false: drawn, but not a legend entry (an atlas page's highlight)
};

} // namespace gis

GIS_API_END
