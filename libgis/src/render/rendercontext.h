#pragma once

// Private: what every part of one render shares — the map CRS, the fitted transform, the scale — and the
// hot-loop form of the map-to-device mapping.

#include <QSize>

#include "gis/crs/crs.h"
#include "gis/render/maprenderer.h"

namespace gis::detail {

struct SessionCaches;

/// The request's map CRS, or the first layer's when the request names none (invalid when neither knows).
Crs mapCrsOf(const RenderRequest& request);
/// Scale denominator of a fitted transform in `crs` at `dpi` (see gis::scaleDenominator).
double scaleDenominator(const MapTransform& transform, const Crs& crs, double dpi);

/// Map coordinates to device pixels with one multiplication per axis. Every drawing path of a render uses this
/// one mapping, so the two bands of a layer compute bit-identical device coordinates.
struct DeviceMapping {
    double originX = 0;
    double originY = 0;
    double scale = 1; ///< device pixels per map unit

    DeviceMapping() = default;
    explicit DeviceMapping(const MapTransform& t)
        : originX(t.extent().minX), originY(t.extent().maxY), scale(1.0 / t.pixelSize()) {}
    double x(double mapX) const { return (mapX - originX) * scale; }
    double y(double mapY) const { return (originY - mapY) * scale; }
};

struct RenderContext {
    Crs crs;
    MapTransform transform;
    DeviceMapping mapping;
    QSize size;
    double dpi = 96;
    double scale = 0; ///< denominator N of 1:N
    /// Vertices closer than this (device pixels) to the previous kept one are dropped; tests set 0 to compare
    /// with full detail.
    double simplifyTolerance = 0.5;
    /// The render session's caches (the request's session, or one made for this render); never null in a render.
    SessionCaches* caches = nullptr;
    bool rasterCachedOnly = false; ///< RenderRequest::rasterCachedOnly
};

RenderContext makeContext(const RenderRequest& request);

} // namespace gis::detail
