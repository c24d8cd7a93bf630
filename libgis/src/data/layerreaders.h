#pragma once

// Private: the two ways to read an OGR layer into a LayerBuilder.

#include <ogr_api.h>

#include "layerbuilder.h"

namespace gis::detail {

/// Reads through the Arrow stream. Returns false, having read nothing, when the stream is not available
/// or carries a field type it cannot convert; throws Error on a failure mid-stream.
bool readWithArrow(OGRLayerH layer, LayerBuilder& builder);
/// Reads feature by feature (OGR_L_GetNextFeature).
void readWithFeatures(OGRLayerH layer, LayerBuilder& builder);

} // namespace gis::detail
