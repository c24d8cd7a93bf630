#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// Which rows and fields of a layer to write. Empty `rows`: every row; empty `fields`: every field.
struct WriteSelection {
    std::vector<std::uint32_t> rows;
    bool allRows = true;
    std::vector<std::string> fields;
};

/// Streams rows of a layer as a GeoJSON FeatureCollection: properties typed (numbers, strings, booleans,
/// ISO dates, null), each feature's "id" its source feature id, coordinates in the layer's CRS with the
/// shortest round-trip digits. A CRS other than WGS 84 longitude/latitude is named in a "crs" member, as
/// GDAL does. Throws Error(Query) for an unknown field.
void writeGeoJson(std::ostream& out, const Layer& layer, const WriteSelection& selection = {});

/// Streams rows as CSV (RFC 4180, UTF-8): a header, the fields, then the geometry as WKT in a "WKT" column
/// (ogr2ogr and spreadsheets read it back). Throws Error(Query) for an unknown field.
void writeCsv(std::ostream& out, const Layer& layer, const WriteSelection& selection = {}, bool withGeometry = true);

/// The GeoJSON geometry object of one geometry: {"type": "Point", "coordinates": [57.5, 22.9]}; "null" for a
/// null geometry.
std::string toGeoJsonGeometry(GeometryRef g);

/// Parses a GeoJSON geometry object (or a Feature's geometry). Throws Error(Geometry) naming what is wrong.
Geometry geometryFromGeoJson(std::string_view json);

/// A JSON string literal: quotes, backslashes and control characters escaped; UTF-8 passes through.
std::string jsonQuote(std::string_view text);

/// A CSV field: quoted when it holds a comma, quote, or line break.
std::string csvField(std::string_view text);

} // namespace gis

GIS_API_END
