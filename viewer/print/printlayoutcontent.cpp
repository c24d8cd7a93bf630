#include "printlayoutcontent.h"

#include "map/mapdocument.h"

namespace viewer {

gis::LayoutContent documentLayoutContent(const MapDocument& document, const std::string& language, const gis::Box& extent)
{
    gis::Project project = document.project(); // a copy for the extent; the layers' data is shared
    if (!extent.isEmpty())
        project.extent = extent;
    else if (project.extent.isEmpty() && project.dataExtent().isEmpty())
        project.extent = gis::Box(0, 0, 1, 1); // nothing to draw yet: an empty map frame, the rest of the page as usual
    // The library's choices (those of `gis export-map`), so a page from the viewer matches the command line's.
    return gis::projectLayoutContent(project, language);
}

} // namespace viewer
