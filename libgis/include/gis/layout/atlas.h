#pragma once

// An atlas: one page per feature of a project layer.

#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/layout/layoutcontent.h"

GIS_API_BEGIN

namespace gis {

class Project;

/// The atlas pages for a project: one per feature of the project's vector layer `layerName` that has a geometry,
/// in feature order, the map fitted to the feature (5 % margin, in the map CRS) and titled with the value of
/// `titleExpression` (a field name or any query expression, e.g. "name_en || ' (' || name_ar || ')'"); the page's
/// subtitle is `base.title`. Throws Error(Argument) naming the layer or the expression (with its message) when the
/// layer is missing, not loaded or not vector, the expression does not parse, or no feature has a geometry.
std::vector<LayoutContent> atlasPages(const Project& project, const LayoutContent& base, const std::string& layerName,
    const std::string& titleExpression);

} // namespace gis

GIS_API_END
