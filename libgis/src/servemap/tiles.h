#pragma once

// Raster tiles in Web Mercator: XYZ (/tiles/{z}/{x}/{y}.png) and OGC API - Tiles (a tileset list, one tileset
// on the WebMercatorQuad tile matrix set, its tiles). Tiles are cut from metatiles (up to 4 x 4 tiles drawn as one
// image): the label engine keeps every label inside the image it draws, so a label never ends at a tile edge.

#include <string>

#include "gis/core/box.h"
#include "gis/serve/http.h"

#include "serviceimpl.h"

namespace gis::servemap {

/// Half the side of the WebMercatorQuad square, in EPSG:3857 metres (pi * 6378137).
constexpr double kMercatorHalf = 20037508.342789244;
constexpr int kTileSize = 256;
/// Tiles per side of a metatile (fewer at zoom levels with fewer tiles).
constexpr int kMetatile = 4;

/// The EPSG:3857 bounds of tile (z, x, y), y counted from the top (XYZ and WebMercatorQuad agree).
Box tileBounds(int z, int x, int y);

serve::HttpResponse tileSetList(const MapService::Impl& service, const serve::HttpRequest& request);
serve::HttpResponse tileSetMetadata(const MapService::Impl& service, const serve::HttpRequest& request);
/// The PNG of one tile, from the cache or drawn with its metatile; z, x, y as given in the path (checked here).
serve::HttpResponse tile(const MapService::Impl& service, const serve::HttpRequest& request, const std::string& z,
    const std::string& x, const std::string& y);

} // namespace gis::servemap
