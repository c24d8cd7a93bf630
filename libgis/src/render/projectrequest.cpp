// The one conversion from a project to a render request.

#include "gis/project/project.h"
#include "gis/render/maprenderer.h"
#include "gis/render/qtstyle.h"

namespace gis {

RenderRequest makeRequest(const Project& project, QSize size, double dpi, const std::optional<Box>& extentOverride)
{
    RenderRequest request;
    request.crs = project.crs;
    request.extent = extentOverride ? *extentOverride : project.extent.isEmpty() ? project.dataExtent() : project.extent;
    request.size = size;
    request.dpi = dpi;
    request.background = toQColor(project.background);
    for (const auto& pl : project.layers)
        if (pl.map.visible && pl.available) {
            request.layers.push_back(pl.map); // whole: a property added to MapLayer reaches every renderer
            if (const ProvenanceRecord* r = pl.madeBy.empty() ? nullptr : findProvenance(project.history, pl.madeBy)) {
                request.provenanceEn.push_back(provenanceLine(pl.map.name, *r, "en"));
                request.provenanceAr.push_back(provenanceLine(pl.map.name, *r, "ar"));
            }
        }
    return request;
}

} // namespace gis
