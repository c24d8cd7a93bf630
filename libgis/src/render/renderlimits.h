#pragma once

// Private: the check of a render request's size and resolution. The bounds on styles are the project module's
// (gis/project/stylelimits.h), the image, DPI and text limits that print layouts share gis/render/limits.h.

#include <string>

#include "gis/render/limits.h"
#include "gis/render/maprenderer.h"
#include "gis/project/stylelimits.h"

namespace gis::detail {

/// A render request's DPI and image size (renderImage, renderToPainter, exportMap). Throws Error(Argument).
void checkRenderRequest(const RenderRequest& request, const std::string& what);

} // namespace gis::detail
