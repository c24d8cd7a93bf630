#pragma once

// Private: writes the rows of an in-memory layer as a new layer of an open GDAL dataset. Used by writeLayer for
// new files and for a layer added to an existing GeoPackage. Only layerwriter.cpp includes it.

#include <cstddef>
#include <string>
#include <vector>

#include <gdal.h>

#include "gis/data/featurewriter.h"
#include "gis/data/layerwriter.h"

namespace gis {
class Layer;
}

namespace gis::detail {

class GdalErrorScope;

/// Creates layer `layerName` in `ds` with the `fields` (column indices) of `layer` and writes the selected rows.
/// Transactions are the caller's. `target` names the file in errors. Throws Error(Io) with GDAL's last message,
/// Error(Argument) for a row out of range.
void writeOgrLayer(GDALDatasetH ds, const Layer& layer, const std::vector<std::size_t>& fields,
    const WriteSelection& selection, const std::string& layerName, LayerFormat format, const std::string& target,
    const GdalErrorScope& errors);

} // namespace gis::detail
