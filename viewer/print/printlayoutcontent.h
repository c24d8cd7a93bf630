#pragma once

#include <QString>

#include <string>

#include "gis/core/box.h"
#include "gis/layout/atlas.h"
#include "gis/project/project.h"

namespace viewer {

class MapDocument;

/// What a print layout page shows for the open map: gis::projectLayoutContent (as `gis export-map` builds it:
/// the visible layers, the title in the page's `language` ("ar" or "en") with the other language's title as
/// subtitle, the attribution in that language) of the document's project(). `extent` (map CRS) is the map frame's
/// extent; empty: the project's extent, else all layers'. GUI thread.
gis::LayoutContent documentLayoutContent(const MapDocument& document, const std::string& language, const gis::Box& extent = {});

} // namespace viewer
