#include "printlayoutcontent.h"

#include "mapdocument.h"

namespace viewer {

gis::Project documentProject(const MapDocument& document)
{
    gis::Project project;
    project.path = document.projectPath().toStdString();
    project.title = document.title(false);
    // title(true) falls back to the English title when the project has no Arabic one.
    project.titleAr = document.title(true) == project.title ? QString() : document.title(true);
    project.crs = document.crs();
    project.extent = document.initialExtent();
    project.background = document.background();
    for (const DocLayer& l : document.layers()) {
        gis::ProjectLayer pl;
        pl.name = l.name;
        pl.title = l.title;
        pl.titleAr = l.titleAr;
        pl.sourcePath = l.sourcePath;
        pl.layer = l.sourceLayer;
        pl.style = l.style;
        pl.visible = l.visible;
        pl.vector = l.vector;
        pl.raster = l.raster;
        pl.available = l.available();
        pl.error = l.error.toStdString();
        project.layers.push_back(std::move(pl));
    }
    return project;
}

gis::LayoutContent documentLayoutContent(const MapDocument& document, const std::string& language, const gis::Box& extent)
{
    gis::Project project = documentProject(document);
    if (!extent.isEmpty())
        project.extent = extent;
    else if (project.extent.isEmpty() && project.dataExtent().isEmpty())
        project.extent = gis::Box(0, 0, 1, 1); // nothing to draw yet: an empty map frame, the rest of the page as usual
    // The library's choices (those of `gis export-map`), so a page from the viewer matches the command line's.
    return gis::projectLayoutContent(project, language);
}

} // namespace viewer
