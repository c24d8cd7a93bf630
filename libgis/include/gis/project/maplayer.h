#pragma once

#include <memory>
#include <string>

#include "gis/core/export.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

class Layer;
class RasterSource;

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
    LayerStyle style;
    bool visible = true;
};

} // namespace gis

GIS_API_END
