#pragma once

// What a page shows besides its template: the map request, titles, attribution and date.

#include <QString>

#include <map>
#include <string>

#include "gis/core/export.h"
#include "gis/render/maprenderer.h"

GIS_API_BEGIN

namespace gis {

class Project;

/// What to draw on the page besides the template.
struct LayoutContent {
    RenderRequest map;       ///< layers, CRS, extent (size and dpi are set per page)
    QString title;           ///< main title
    QString subtitle;        ///< under it (the title in the other language), may be empty
    QString attribution;     ///< the data's credits ({attribution}); projectLayoutContent() takes the project's
    QString date;            ///< "" -> today (ISO)
    /// Map frames whose template "id" is a key draw that request instead of `map` (a drone report's two flights
    /// and its change map); each keeps its own layers, CRS and extent. The first map frame's request is the one
    /// the scale bar, north arrow, legend and insets describe.
    std::map<std::string, RenderRequest> frames;
    /// Text items' "{key}" placeholders filled with these values (a report's figures), after the built-in ones.
    std::map<std::string, QString> fields;
};

/// The page content for a project in `language` ("ar" or "en"): its visible layers, map CRS and extent (all the
/// data's when the project has none), the title in that language with the other language's title as subtitle,
/// and the project's credits in that language (else the other's) as the attribution. Throws Error(Argument) naming the project when there is nothing to draw.
LayoutContent projectLayoutContent(const Project& project, const std::string& language);

} // namespace gis

GIS_API_END
