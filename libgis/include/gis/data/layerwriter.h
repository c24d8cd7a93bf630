#pragma once

#include <string>

#include "gis/data/featurewriter.h"

namespace gis {

class Layer;

/// File formats a layer can be saved to.
enum class LayerFormat { Auto, GeoPackage, GeoJson, Shapefile, Csv };

/// How to save a layer.
struct LayerWriteOptions {
    LayerFormat format = LayerFormat::Auto; ///< Auto: from the extension (.gpkg, .geojson/.json, .shp, .csv)
    std::string layerName;                  ///< name inside the file (GeoPackage); empty: the layer's name
};

/// The format a path's extension names; throws Error(Argument) naming the path for an unknown extension.
LayerFormat layerFormatFromPath(const std::string& path);

/// Saves rows (and fields) of an in-memory layer to a new file through GDAL: geometries, typed attributes
/// (integers, reals, strings, dates, date-times, booleans), the layer's CRS, UTF-8 text.
///
/// The save is atomic: everything is written beside the target (a hidden temporary name in the same folder,
/// a temporary folder for a Shapefile's sidecar files) and only renamed over `path` once complete, so a failed
/// save leaves an existing file untouched and no temporary behind. Several files (a Shapefile, a CSV with its
/// .csvt and .prj) are swapped in as one transaction: the existing ones are renamed aside to backups, the new ones
/// renamed in, and on any failure the new ones are removed and the backups renamed back (on success deleted). An existing file is replaced whole (a
/// GeoPackage then holds only this layer). A CSV carries the geometry as WKT in a "WKT" column, its field types
/// in a .csvt and its CRS in a .prj beside it.
///
/// Any thread may call it. Throws Error(Argument) for an unknown extension or a row out of range,
/// Error(Query) for an unknown field, Error(Io) when the file cannot be written.
void writeLayer(const Layer& layer, const std::string& path, const WriteSelection& selection = {},
    const LayerWriteOptions& options = {});

} // namespace gis
