#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "gis/core/export.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"

GIS_API_BEGIN

namespace gis {
class Project;
}

namespace gis::servemap {

/// Bounds on what one request may ask for (docs/serve.md, "Maps: WMS and tiles"): a request beyond them is
/// answered with a WMS exception (or 400), never with a huge allocation.
struct MapServiceOptions {
    int maxWidth = 4096;                          ///< GetMap WIDTH
    int maxHeight = 4096;                         ///< GetMap HEIGHT
    int maxLayers = 64;                           ///< names in LAYERS / QUERY_LAYERS
    int maxFeatureCount = 50;                     ///< GetFeatureInfo FEATURE_COUNT is clamped to this
    int maxZoom = 22;                             ///< deepest tile matrix served
    std::size_t tileCacheBytes = 64u << 20;       ///< memory tile cache (LRU); 0: no cache
    int cacheMaxAgeSeconds = 60;                  ///< Cache-Control max-age of tiles
};

/// The map endpoints of `gis serve`: WMS 1.3.0 at /wms (GetCapabilities, GetMap, GetFeatureInfo,
/// GetLegendGraphic) and raster tiles in Web Mercator at /tiles/{z}/{x}/{y}.png and as OGC API - Tiles
/// (/tiles, /tiles/WebMercatorQuad, /tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}).
///
/// Draws the project's layers with their styles and labels, a vector layer's data being the current version in
/// `live` (so an edit through the features API shows on the next map) and the project's own data for layers
/// `live` does not hold (rasters). Tiles are cached in memory, keyed by the layers' versions; a change published
/// to `live` drops the tiles of that layer.
///
/// Ownership: keeps a copy of the project's layers (sharing their data) and a reference to `live`, which must
/// outlive it (the listener it adds to `live` does nothing once the service is gone). Thread-safety: after
/// addRoutes, handlers may run on any number of threads at once (renders share one thread-safe RenderSession; the
/// tile cache locks). Rendering needs a QGuiApplication (text); handlers stop drawing when request.cancel is
/// cancelled. Handlers never throw: errors are WMS exception reports or JSON.
class MapService {
public:
    /// `project` with its data loaded (Project::loadData). Throws nothing.
    MapService(const Project& project, serve::LiveLayers& live, MapServiceOptions options = {});
    ~MapService();
    MapService(const MapService&) = delete;
    MapService& operator=(const MapService&) = delete;

    /// Who may read which layer (AccessGuard::readAccess of the server config, by project layer name): a layer the
    /// request's client may not read is absent from GetCapabilities, LayerNotDefined to GetMap, GetFeatureInfo and
    /// GetLegendGraphic, and not drawn on its tiles (the tile cache keys hold the layer set drawn, so each access
    /// level has its own tiles). Default: everyone reads everything. Call before serving starts.
    void setReadAccess(serve::ReadAccess access);

    /// Adds GET routes for /wms and /tiles...; the service must outlive the router's use of them.
    void addRoutes(serve::Router& router);

    /// Tile cache figures, for metrics and tests.
    struct CacheStats {
        std::size_t hits = 0;
        std::size_t misses = 0;
        std::size_t entries = 0;
        std::size_t bytes = 0;
        std::size_t renders = 0; ///< metatiles drawn
    };
    CacheStats cacheStats() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace gis::servemap

GIS_API_END
