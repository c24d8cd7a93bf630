#pragma once

// Private: reads a GeoPackage feature table straight from SQLite, the fast path of DataSource::readLayer for
// GeoPackage files. GDAL still supplies the layer definition (fields and their types, FID and geometry columns)
// and the CRS, so the Layer comes out as the Arrow reader's would.

#include <string>

#include <ogr_api.h>

#include "layerbuilder.h"

namespace gis::detail {

/// Reads `layer` of the GeoPackage file `path` into `builder` (geometries, attributes, ids, skipped features).
///
/// Returns false, leaving `builder` to be discarded, when the layer is not one this reader takes, so that the
/// caller reads it through GDAL instead: not a plain local file, a view instead of a table, a field type other
/// than integer, real, text, blob, date and datetime, more than 125 fields, or an SQLite failure (a locked or
/// damaged file). Throws
/// Error(Format) for a bad feature when builder.options->skipBadFeatures is false, Error(Cancelled) on
/// cancellation.
///
/// Large tables are read by two threads, each over half of the rowids with its own read-only connection,
/// and merged in rowid order (GDAL's order). Call from one thread at a time per builder.
bool readGeoPackage(const std::string& path, OGRLayerH layer, LayerBuilder& builder);

/// GDAL's GeoPackage Arrow stream reads a blob it cannot parse as a null geometry and says nothing: looks up
/// the stored geometry of each null in `builder` (by fid, in SQLite) and records those that were not NULL as
/// features read without their geometry, with what is wrong with the blob. Does nothing when SQLite cannot
/// read the file or the layer has no fid or geometry column.
void explainNullGeometries(const std::string& path, OGRLayerH layer, LayerBuilder& builder);

} // namespace gis::detail
