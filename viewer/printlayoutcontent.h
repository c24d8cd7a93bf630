#pragma once

#include <QString>

#include <string>

#include "gis/core/box.h"
#include "gis/layout/atlas.h"
#include "gis/render/project.h"

namespace viewer {

class MapDocument;

/// What a print layout page shows for the open map: gis::projectLayoutContent (as `gis export-map` builds it:
/// the visible layers, the title in the page's `language` ("ar" or "en") with the other language's title as
/// subtitle, the attribution in that language) of the document's project(). `extent` (map CRS) is the map frame's
/// extent; empty: the project's extent, else all layers'. GUI thread.
gis::LayoutContent documentLayoutContent(const MapDocument& document, const std::string& language, const gis::Box& extent = {});

/// Left-to-right text (a path, a library message) for a translated sentence: wrapped in LRI…PDI so that in an
/// Arabic sentence "/tmp/atlas.pdf" does not come out as "tmp/atlas.pdf/".
inline QString ltr(const QString& text)
{
    return QChar(0x2066) + text + QChar(0x2069);
}

} // namespace viewer
