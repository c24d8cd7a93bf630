// XYZ and OGC API - Tiles: tile math, the metatile render, the cache, and the tileset documents.

#include <charconv>
#include <chrono>
#include <cstdio>
#include <functional>

#include "gis/core/error.h"
#include "gis/project/json.h"

#include "tiles.h"
#include "wmshandlers.h"

namespace gis::servemap {

namespace {

const char* kTmsUri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
const char* kCrsUri = "http://www.opengis.net/def/crs/EPSG/0/3857";

/// The layers a tile shows to the request's client (the visible layers it may read, bottom to top), their names
/// and their versions now. The names are part of the cache key: a client with a token and one without get
/// different tiles, each cached under its own layer set.
struct LayerSet {
    std::vector<const MapLayer*> layers;
    std::string names, versions;
    bool protectedShown = false; ///< a layer an anonymous client may not read is drawn
};

LayerSet layerSetAndVersions(const MapService::Impl& service, const serve::HttpRequest& request)
{
    static const serve::HttpRequest anonymous;
    LayerSet set;
    for (const auto& l : service.layers) {
        if (!l.visible || !service.readable(l, request))
            continue;
        set.layers.push_back(&l);
        set.names += (set.names.empty() ? "" : ",") + l.name;
        set.versions += (set.versions.empty() ? "" : ",") + std::to_string(service.live.version(l.name));
        set.protectedShown = set.protectedShown || !service.readable(l, anonymous);
    }
    return set;
}

std::string tileKey(const std::string& names, int z, int x, int y, const std::string& versions)
{
    return names + "|" + std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y) + "|" + versions;
}

bool parseIndex(const std::string& text, long long max, int& out)
{
    long long v = -1;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc() || ptr != end || v < 0 || v > max)
        return false;
    out = int(v);
    return true;
}

/// Draws the metatile holding (z, x, y), caches each of its tiles, and returns the asked one's PNG.
std::string renderMetatile(const MapService::Impl& service, const serve::HttpRequest& request, int z, int x, int y,
    const LayerSet& set)
{
    const std::string& names = set.names;
    const std::string& versions = set.versions;
    const int n = std::min(kMetatile, 1 << std::min(z, 30));
    const int mx = x / n * n, my = y / n * n;
    const Box tl = tileBounds(z, mx, my), br = tileBounds(z, mx + n - 1, my + n - 1);
    const Box box(tl.minX, br.minY, br.maxX, tl.maxY);
    RenderRequest r = service.request(set.layers, *crsFromWms("EPSG:3857"), box, QSize(n * kTileSize, n * kTileSize));
    if (set.layers.empty())
        r.layers.clear(); // request() reads no layers as "the visible ones": here it is none the client may read
    const QImage image = renderExact(r, request.cancel);
    ++service.metatileRenders;
    std::string wanted;
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            std::string png = encodeImage(image.copy(col * kTileSize, row * kTileSize, kTileSize, kTileSize), false);
            if (mx + col == x && my + row == y)
                wanted = png;
            service.cache->put(tileKey(names, z, mx + col, my + row, versions), std::move(png));
        }
    return wanted;
}

std::string etagOf(const std::string& key)
{
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "\"%016zx\"", std::hash<std::string>{}(key));
    return buffer;
}

} // namespace

Box tileBounds(int z, int x, int y)
{
    const double side = 2 * kMercatorHalf / double(1LL << z);
    return Box(-kMercatorHalf + x * side, kMercatorHalf - (y + 1) * side, -kMercatorHalf + (x + 1) * side,
        kMercatorHalf - y * side);
}

serve::HttpResponse tile(const MapService::Impl& service, const serve::HttpRequest& request, const std::string& zText,
    const std::string& xText, const std::string& yText)
{
    int z = 0, x = 0, y = 0;
    if (!parseIndex(zText, service.options.maxZoom, z))
        return serve::HttpResponse::error(404, "NotFound", "tile matrix must be 0 to " + std::to_string(service.options.maxZoom));
    const long long last = (1LL << z) - 1;
    if (!parseIndex(xText, last, x) || !parseIndex(yText, last, y))
        return serve::HttpResponse::error(404, "NotFound", "tile row and column must be 0 to " + std::to_string(last));

    const LayerSet set = layerSetAndVersions(service, request);
    const std::string& names = set.names;
    const std::string& versions = set.versions;
    const std::string key = tileKey(names, z, x, y, versions);
    const std::string etag = etagOf(key);
    serve::HttpResponse out;
    out.contentType = "image/png";
    out.setHeader("ETag", etag);
    // A tile showing a protected layer is the token holder's: no shared cache may keep it for others. Every tile
    // depends on the Authorization header when some layer is protected.
    out.setHeader("Cache-Control", std::string(set.protectedShown ? "private" : "public") + ", max-age="
        + std::to_string(service.options.cacheMaxAgeSeconds));
    if (service.readAccess)
        out.setHeader("Vary", "Authorization");
    if (const std::string* match = request.header("if-none-match"); match && *match == etag) {
        out.status = 304;
        return out;
    }
    try {
        if (auto hit = service.cache->get(key)) {
            out.body = std::move(*hit);
            return out;
        }
        // One render per metatile at a time: a request for a tile being drawn waits for that render, then reads
        // the cache (or draws itself when the first render was cancelled or the cache is off).
        const int n = std::min(kMetatile, 1 << z);
        const std::string meta = tileKey(names, z, x / n, y / n, versions) + "|meta";
        {
            std::unique_lock lock(service.renderMutex);
            while (service.inFlight.count(meta)) {
                service.renderDone.wait_for(lock, std::chrono::milliseconds(100)); // to notice cancellation
                request.cancel.throwIfCancelled("tile");
            }
            service.inFlight.insert(meta);
        }
        struct Release {
            const MapService::Impl& s;
            const std::string& k;
            ~Release()
            {
                {
                    std::lock_guard lock(s.renderMutex);
                    s.inFlight.erase(k);
                }
                s.renderDone.notify_all();
            }
        } release{service, meta};
        if (auto hit = service.cache->get(key)) { // drawn while we waited
            out.body = std::move(*hit);
            return out;
        }
        out.body = renderMetatile(service, request, z, x, y, set);
        return out;
    } catch (const Error& e) {
        if (e.code() == ErrorCode::Cancelled)
            return serve::HttpResponse::error(503, "Cancelled", "the request was cancelled");
        return serve::HttpResponse::error(500, "InternalError", "the tile could not be drawn");
    }
}

serve::HttpResponse tileSetList(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const std::string base = request.baseUrl + "/tiles";
    Json tileset = {{"title", service.title.empty() ? "Map" : service.title}, {"dataType", "map"}, {"crs", kCrsUri},
        {"tileMatrixSetURI", kTmsUri},
        {"links", Json::array({{{"rel", "self"}, {"type", "application/json"}, {"title", "WebMercatorQuad tileset"},
            {"href", base + "/WebMercatorQuad"}}})}};
    Json body = {{"links", Json::array({{{"rel", "self"}, {"type", "application/json"}, {"href", base}}})},
        {"tilesets", Json::array({tileset})}};
    return serve::HttpResponse::json(body.dump());
}

serve::HttpResponse tileSetMetadata(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const std::string base = request.baseUrl + "/tiles";
    Json limits = Json::array();
    for (int z = 0; z <= service.options.maxZoom; ++z)
        limits.push_back({{"tileMatrix", std::to_string(z)}, {"minTileRow", 0}, {"maxTileRow", (1LL << z) - 1},
            {"minTileCol", 0}, {"maxTileCol", (1LL << z) - 1}});
    Json body = {{"title", service.title.empty() ? "Map" : service.title}, {"dataType", "map"}, {"crs", kCrsUri},
        {"tileMatrixSetURI", kTmsUri}, {"tileMatrixSetLimits", limits},
        {"links", Json::array({
            {{"rel", "self"}, {"type", "application/json"}, {"href", base + "/WebMercatorQuad"}},
            {{"rel", "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme"}, {"type", "application/json"}, {"href", kTmsUri}},
            {{"rel", "item"}, {"type", "image/png"}, {"templated", true},
                {"href", base + "/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}"}},
        })}};
    return serve::HttpResponse::json(body.dump());
}

} // namespace gis::servemap
