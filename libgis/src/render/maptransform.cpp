#include "gis/render/maprenderer.h"

#include <algorithm>
#include <cmath>

#include "gis/data/layer.h"
#include "gis/render/rasterdraw.h"
#include "rendercontext.h"

namespace gis {

MapTransform::MapTransform(const Box& extent, QSize size)
{
    m_size = QSize(std::max(1, size.width()), std::max(1, size.height()));
    Box box = extent;
    if (box.isEmpty() || !std::isfinite(box.minX) || !std::isfinite(box.maxX) || !std::isfinite(box.minY) ||
        !std::isfinite(box.maxY))
        box = Box(0, 0, m_size.width(), m_size.height());
    const double w = box.width();
    const double h = box.height();
    m_pixel = std::max(w / m_size.width(), h / m_size.height());
    if (!(m_pixel > 0)) // a single point: keep its units, one unit a pixel
        m_pixel = 1;
    const Coord c = box.center();
    const double halfW = m_pixel * m_size.width() / 2;
    const double halfH = m_pixel * m_size.height() / 2;
    m_extent = Box(c.x - halfW, c.y - halfH, c.x + halfW, c.y + halfH);
}

double scaleDenominator(const RenderRequest& request)
{
    const MapTransform transform(request.extent, request.size);
    return detail::scaleDenominator(transform, detail::mapCrsOf(request), request.dpi);
}

namespace detail {

Crs mapCrsOf(const RenderRequest& request)
{
    if (request.crs.isValid())
        return request.crs;
    for (const MapLayer& layer : request.layers) {
        if (layer.vector)
            return layer.vector->crs();
        if (layer.raster)
            return layer.raster->info().crs;
    }
    return {};
}

RenderContext makeContext(const RenderRequest& request)
{
    RenderContext ctx;
    ctx.crs = mapCrsOf(request);
    ctx.size = QSize(std::max(1, request.size.width()), std::max(1, request.size.height()));
    ctx.dpi = request.dpi > 0 ? request.dpi : 96;
    ctx.rasterCachedOnly = request.rasterCachedOnly;
    Box extent = request.extent;
    if (extent.isEmpty()) // no extent asked for: everything in the map CRS's layers
        for (const MapLayer& layer : request.layers)
            if (layer.vector && (!ctx.crs.isValid() || layer.vector->crs() == ctx.crs))
                extent.expand(layer.vector->extent());
    ctx.transform = MapTransform(extent, ctx.size);
    ctx.mapping = DeviceMapping(ctx.transform);
    ctx.scale = scaleDenominator(ctx.transform, ctx.crs, ctx.dpi);
    return ctx;
}

double scaleDenominator(const MapTransform& transform, const Crs& crs, double dpi)
{
    double metresPerUnit = 1; // projected CRSs here are in metres (UTM, Web Mercator, PSD93)
    if (crs.isValid() && crs.isGeographic()) {
        // Length of a degree of longitude on the WGS 84 ellipsoid at the centre latitude.
        constexpr double a = 6378137.0;
        constexpr double e2 = 0.00669437999014;
        constexpr double pi = 3.14159265358979323846;
        const double lat = std::clamp(transform.extent().center().y, -89.999, 89.999) * pi / 180;
        const double s = std::sin(lat);
        metresPerUnit = pi / 180 * a * std::cos(lat) / std::sqrt(1 - e2 * s * s);
    }
    const double paperMetresPerPixel = 0.0254 / (dpi > 0 ? dpi : 96);
    return transform.pixelSize() * metresPerUnit / paperMetresPerPixel;
}

} // namespace detail

} // namespace gis
