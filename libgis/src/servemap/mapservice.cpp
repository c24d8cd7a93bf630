// MapService: the shared state of the map endpoints, the one render function they use, and the routes.

#include "gis/servemap/mapservice.h"

#include <QtGlobal>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/rastersource.h"
#include "gis/project/project.h"
#include "gis/render/qtstyle.h"

#include "serviceimpl.h"
#include "tiles.h"
#include "wmshandlers.h"

namespace gis::servemap {

MapService::Impl::Impl(const Project& project, serve::LiveLayers& liveLayers, MapServiceOptions opts)
    : title(project.title), titleAr(project.titleAr), projectCrs(project.crs),
      projectExtent(project.extent.isEmpty() ? project.dataExtent() : project.extent),
      background(toQColor(project.background)), live(liveLayers), options(opts),
      cache(std::make_shared<detail::TileCache>(opts.tileCacheBytes))
{
    // Every readable layer is offered; maps without a layer list (tiles) draw the visible ones, as gis render does.
    for (const auto& pl : project.layers)
        if (pl.available)
            layers.push_back(pl.map);
}

const MapLayer* MapService::Impl::find(const std::string& name, const serve::HttpRequest& request) const
{
    for (const auto& l : layers)
        if (l.name == name)
            return readable(l, request) ? &l : nullptr;
    return nullptr;
}

MapLayer MapService::Impl::current(const MapLayer& layer) const
{
    MapLayer out = layer;
    if (layer.vector)
        if (auto now = live.get(layer.name))
            out.vector = std::move(now);
    return out;
}

std::pair<Box, Crs> MapService::Impl::extentOf(const MapLayer& layer) const
{
    const MapLayer l = current(layer);
    if (l.vector)
        return {l.vector->extent(), l.vector->crs()};
    if (l.raster)
        return {l.raster->info().extent, l.raster->info().crs};
    return {Box(), Crs()};
}

RenderRequest MapService::Impl::request(const std::vector<const MapLayer*>& chosen, const Crs& crs, const Box& box, QSize size) const
{
    RenderRequest r;
    r.crs = crs;
    r.extent = box;
    r.size = size;
    r.dpi = 96; // gis render's default, so a GetMap equals gis render of the same extent and size
    r.background = background;
    r.session = session;
    if (chosen.empty()) {
        for (const auto& l : layers)
            if (l.visible)
                r.layers.push_back(current(l));
    } else {
        for (const MapLayer* l : chosen) {
            r.layers.push_back(current(*l));
            r.layers.back().visible = true; // asked for by name
        }
    }
    return r;
}

QImage renderExact(const RenderRequest& request, const CancellationToken& cancel)
{
    const double w = request.extent.width(), h = request.extent.height();
    const QSize want = request.size;
    RenderRequest r = request;
    // The renderer widens an extent to the image's aspect; when the box's differs by more than a pixel, draw at the
    // box's aspect and stretch, as WMS asks (non-square pixels).
    const double fittedHeight = want.width() * h / w;
    const bool stretch = std::abs(fittedHeight - want.height()) > 1.0;
    if (stretch) {
        const double scale = std::sqrt(double(want.width()) * want.height() / (w * h));
        r.size = QSize(std::max(1, int(std::lround(w * scale))), std::max(1, int(std::lround(h * scale))));
    }
    RenderResult result = renderImage(r, cancel);
    if (result.cancelled || cancel.isCancelled())
        throw Error(ErrorCode::Cancelled, "the map request was cancelled");
    if (result.image.isNull())
        throw Error(ErrorCode::Argument, result.errors.empty() ? "the map could not be drawn" : result.errors.front().message);
    if (stretch)
        return result.image.scaled(want, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return std::move(result.image);
}

const std::vector<std::string>& offeredCrs()
{
    static const std::vector<std::string> codes{"EPSG:4326", "EPSG:3857", "EPSG:32640", "CRS:84"};
    return codes;
}

namespace {
std::string upper(std::string s)
{
    for (auto& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

std::optional<Crs> crsFromWms(const std::string& code)
{
    const std::string c = upper(code);
    // Made once: parsing a CRS asks PROJ's database. Crs values are immutable and shared between threads.
    static const Crs wgs84 = Crs::fromEpsg(4326), mercator = Crs::fromEpsg(3857), utm40 = Crs::fromEpsg(32640);
    if (c == "EPSG:4326" || c == "CRS:84")
        return wgs84; // libgis keeps x/y = lon/lat for both; the axis order is the request parser's business
    if (c == "EPSG:3857")
        return mercator;
    if (c == "EPSG:32640")
        return utm40;
    return std::nullopt;
}

bool wmsLatLon(const std::string& code)
{
    return upper(code) == "EPSG:4326";
}

MapService::MapService(const Project& project, serve::LiveLayers& live, MapServiceOptions options)
    : m_impl(std::make_unique<Impl>(project, live, options))
{
    // An edit of a layer frees its cached tiles at once (the versions in the keys already keep them from being
    // served).
    live.addListener([cache = std::weak_ptr<detail::TileCache>(m_impl->cache)](const std::string& id, std::uint64_t) {
        if (auto c = cache.lock())
            c->dropLayer(id);
    });
}

MapService::~MapService() = default;

void MapService::setReadAccess(serve::ReadAccess access)
{
    m_impl->readAccess = std::move(access);
}

void MapService::addRoutes(serve::Router& router)
{
    Impl* impl = m_impl.get();
    router.add("GET", "/wms", [impl](serve::HttpRequest& request) { return handleWms(*impl, request); });
    router.add("GET", "/tiles", [impl](serve::HttpRequest& request) { return tileSetList(*impl, request); });
    router.add("GET", "/tiles/WebMercatorQuad", [impl](serve::HttpRequest& request) { return tileSetMetadata(*impl, request); });
    router.add("GET", "/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}", [impl](serve::HttpRequest& request) {
        return tile(*impl, request, *request.pathParam("tileMatrix"), *request.pathParam("tileCol"), *request.pathParam("tileRow"));
    });
    router.add("GET", "/tiles/{z}/{x}/{y}", [impl](serve::HttpRequest& request) {
        std::string y = *request.pathParam("y");
        if (y.size() < 4 || y.compare(y.size() - 4, 4, ".png") != 0)
            return serve::HttpResponse::error(404, "NotFound", "tiles are /tiles/{z}/{x}/{y}.png");
        y.resize(y.size() - 4);
        return tile(*impl, request, *request.pathParam("z"), *request.pathParam("x"), y);
    });
}

MapService::CacheStats MapService::cacheStats() const
{
    const auto& c = *m_impl->cache;
    return {c.hits(), c.misses(), c.entries(), c.bytes(),
        m_impl->metatileRenders.load()};
}

} // namespace gis::servemap
