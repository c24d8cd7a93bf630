#pragma once

#include <string>

#include "gis/core/export.h"
#include "gis/data/featurewriter.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// File formats a layer can be saved to.
enum class LayerFormat { Auto, GeoPackage, GeoJson, Shapefile, Csv, FlatGeobuf, Kml, Gml };

/// What a save does to an existing file at the path.
enum class LayerWriteMode {
    ReplaceFile,  ///< create the file, or replace an existing one whole (a GeoPackage then holds only this layer)
    AddLayer,     ///< add one layer to an existing GeoPackage; refused when it has a layer of that name
    ReplaceLayer, ///< add one layer to an existing GeoPackage, replacing a layer of that name if there is one
};

/// How to save a layer.
struct LayerWriteOptions {
    LayerFormat format = LayerFormat::Auto; ///< Auto: from the extension (see layerFormatFromPath)
    std::string layerName;                  ///< name inside the file (GeoPackage); empty: the layer's name
    LayerWriteMode mode = LayerWriteMode::ReplaceFile;
};

/// The format a path's extension names: .gpkg, .geojson/.json, .shp, .csv, .fgb, .kml, .gml. Throws
/// Error(Argument) naming the path for any other extension.
LayerFormat layerFormatFromPath(const std::string& path);

/// The format a short name (as `gis query --format` takes it) names: gpkg, geojson, shp, csv, fgb, kml, gml;
/// LayerFormat::Auto for any other name.
LayerFormat layerFormatFromName(const std::string& name);

/// GDAL's name of the format ("GPKG", "ESRI Shapefile", ...), which ogrinfo prints too; "" for Auto.
const char* gdalDriverName(LayerFormat format);

/// Saves rows (and fields) of an in-memory layer through GDAL: geometries, typed attributes (integers, reals,
/// strings, dates, date-times, booleans), the layer's CRS, UTF-8 text. A CSV carries the geometry as WKT in a
/// "WKT" column, its field types in a .csvt and its CRS in a .prj beside it; a GML file has its .xsd.
///
/// ReplaceFile goes through gis::AtomicFileSet: GDAL writes into the private staging folder of the target, every
/// file it made there (a Shapefile's .shx/.dbf/.prj/.cpg, a CSV's .csvt/.prj) joins the set, and the set is
/// swapped in all-or-nothing, so a failed save leaves every existing file as it was and no temporary behind.
/// After a successful Shapefile save, stale sidecars of the old file that the new one does not have (.qix, .sbn,
/// .sbx, .prj, .cpg) are removed: they would describe the wrong data.
///
/// AddLayer and ReplaceLayer open an existing GeoPackage in place and do their work (drop the old layer, create
/// the new one, write its features) in one SQLite transaction: every other table is left untouched, and on any
/// error the transaction is rolled back. They throw Error(Argument) for another format or a missing file.
///
/// Any thread may call it. Throws Error(Argument) for an unknown extension, a row out of range or a layer name
/// already taken (AddLayer), Error(Query) for an unknown field, Error(Io) when the file cannot be written.
void writeLayer(const Layer& layer, const std::string& path, const WriteSelection& selection = {},
    const LayerWriteOptions& options = {});

} // namespace gis

GIS_API_END
