#pragma once

// Private: the two ways to read an OGR layer into a LayerBuilder through GDAL (GeoPackage tables have a
// third, gpkgreader.h).

#include <ogr_api.h>

#include "layerbuilder.h"

namespace gis::detail {

/// Reads through the Arrow stream. Returns false, having read nothing, when the stream is not available,
/// carries a field type it cannot convert or fails before its first row; throws Error on a failure mid-stream.
bool readWithArrow(OGRLayerH layer, LayerBuilder& builder);
/// Reads feature by feature (OGR_L_GetNextFeature).
void readWithFeatures(OGRLayerH layer, LayerBuilder& builder);

} // namespace gis::detail
