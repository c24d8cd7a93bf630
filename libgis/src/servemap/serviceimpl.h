#pragma once

// What every map endpoint shares: the served layers, the live data, the bounds, the render session and the tile
// cache. One per MapService; handlers on many threads read it at once (nothing in it changes after construction
// but the cache and the session, which lock themselves).

#include <QImage>
#include <QSize>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/project/maplayer.h"
#include "gis/render/maprenderer.h"
#include "gis/render/rendersession.h"
#include "gis/servemap/mapservice.h"

#include "tilecache.h"

namespace gis::servemap {

struct MapService::Impl {
    Impl(const Project& project, serve::LiveLayers& live, MapServiceOptions options);

    std::string title, titleAr;
    Crs projectCrs;
    Box projectExtent;          ///< in projectCrs; the data's when the project has none
    QColor background;
    std::vector<MapLayer> layers; ///< the available project layers (hidden ones too), bottom to top
    serve::LiveLayers& live;
    MapServiceOptions options;
    std::shared_ptr<RenderSession> session = std::make_shared<RenderSession>();
    /// Shared with the LiveLayers listener, which holds it weakly: LiveLayers cannot remove a listener, and a
    /// publish after the service is gone must find nothing rather than a dangling cache.
    std::shared_ptr<detail::TileCache> cache;
    mutable std::atomic<std::size_t> metatileRenders{0};
    /// Metatiles being drawn: a second request for one waits for the first instead of drawing it again.
    mutable std::mutex renderMutex;
    mutable std::condition_variable renderDone;
    mutable std::set<std::string> inFlight;

    /// Who may read which layer (the server config's read rules, by layer name); empty: everyone everything.
    serve::ReadAccess readAccess;

    /// The project layer called `name` when the request's client may read it, or nullptr: a protected layer is
    /// LayerNotDefined to a client without a token, as if it did not exist.
    const MapLayer* find(const std::string& name, const serve::HttpRequest& request) const;
    /// Whether the request's client may see `layer` (capabilities, tiles).
    bool readable(const MapLayer& layer, const serve::HttpRequest& request) const
    {
        return serve::mayRead(readAccess, request, layer.name);
    }
    /// `layer` with its vector data replaced by the current version in `live` (when live holds it).
    MapLayer current(const MapLayer& layer) const;
    /// The layer's extent in its own CRS and that CRS (current data).
    std::pair<Box, Crs> extentOf(const MapLayer& layer) const;
    /// A render request for `chosen` (bottom to top; the visible layers when empty) in `crs` showing exactly `box` at `size`.
    RenderRequest request(const std::vector<const MapLayer*>& chosen, const Crs& crs, const Box& box, QSize size) const;
};

/// Draws `request` so that its extent fills the image exactly (WMS maps a BBOX onto WIDTH x HEIGHT even when the
/// aspect ratios differ: then the map is drawn at the box's aspect and stretched). Throws Error(Cancelled) when
/// `cancel` fires, Error(Argument) when every layer failed.
QImage renderExact(const RenderRequest& request, const CancellationToken& cancel);

/// The CRSs offered by WMS and their identifiers in the capabilities: EPSG:4326, EPSG:3857, EPSG:32640, CRS:84.
const std::vector<std::string>& offeredCrs();
/// The CRS a WMS CRS parameter names (one of offeredCrs(), case-insensitive), or nothing.
std::optional<Crs> crsFromWms(const std::string& code);
/// Whether WMS 1.3.0 gives this CRS's coordinates as latitude, longitude (EPSG:4326).
bool wmsLatLon(const std::string& code);

} // namespace gis::servemap
