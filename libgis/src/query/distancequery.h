#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "geom/geosbridge.h"
#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"

namespace gis {
class Layer;
}

namespace gis::detail {

class GeodesicShape;

/// True when distances on `layer` are geodesic metres (a geographic CRS), false for planar CRS units.
bool isGeodesic(const Layer& layer);

/// Throws Error(Geometry) unless `query` is a usable query geometry: not null, finite coordinates.
/// `what` names the function in the message.
void checkQueryGeometry(GeometryRef query, const char* what);

/// A query geometry measured against the rows of one layer: geodesic metres on a geographic layer (see
/// geodesicdistance.h), GEOS planar distances in CRS units otherwise. Builds what it needs once (a
/// GeodesicShape, a GEOS prepared geometry), so use one per query and per thread. Keeps a reference to the
/// layer, and copies what it needs of the query.
class DistanceQuery {
public:
    /// `layerBulge`: latitudeBulge(layer.geometries()) when the caller already has it (many queries on one
    /// layer). NaN leaves it unknown: R-tree boxes are then bounded by boxBulge() alone, and candidates()
    /// scans the layer for it. Ignored for planar layers.
    DistanceQuery(const Layer& layer, GeometryRef query, double layerBulge = std::numeric_limits<double>::quiet_NaN());
    ~DistanceQuery();
    DistanceQuery(const DistanceQuery&) = delete;
    DistanceQuery& operator=(const DistanceQuery&) = delete;

    /// Exact distance to `row` (infinity for a null or empty row, or one GEOS would refuse). stopAt >= 0 asks
    /// only "within stopAt?", as pointGeometryDistance() does.
    double toRow(std::size_t row, double stopAt = -1) const;
    /// Whether `row` lies within `distance` (touching at exactly the distance counts).
    bool within(std::size_t row, double distance) const;
    /// Never more than the distance to anything inside `box` of the layer's R-tree.
    double lowerBound(const Box& box) const;
    /// Rows whose boxes may hold something within `distance`, ascending and unique.
    std::vector<std::uint32_t> candidates(double distance);
    /// Up to k rows nearest first with their exact distances (ties by row); maxDistance < 0: unlimited.
    /// With `keep`, rows it refuses are skipped unmeasured (the first k kept rows of the unfiltered order).
    std::vector<std::pair<std::uint32_t, double>> nearest(std::size_t k, double maxDistance,
        const std::function<bool(std::uint32_t)>& keep = {}) const;

private:
    const Layer& m_layer;
    bool m_geodesic = false;
    bool m_isPoint = false;
    Coord m_point;
    Box m_box;                 // query box; geodesic: grown by its own bulge
    double m_layerBulge = 0;   // geodesic only; NaN while unknown
    std::unique_ptr<GeodesicShape> m_shape; // geodesic, not a single point
    GeosGeometryPtr m_geos;                 // planar
    GeosPreparedPtr m_prepared;             // planar
};

} // namespace gis::detail
