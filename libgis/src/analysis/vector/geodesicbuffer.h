#pragma once

// Buffers in metres on any layer, shared by the buffer and multi-ring-buffer algorithms. On a projected layer a
// planar GEOS buffer of the layer's own coordinates. On a longitude/latitude layer a geodesic one: a point with a
// round cap becomes an exact geodesic circle (its vertices from geodesic::destination()); any other shape is buffered
// in an azimuthal equidistant projection centred on it (distances from the centre exact, others within a few parts
// per million for shapes of a governorate's size) and projected back.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "gis/analysis/algorithm.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"
#include "gis/geom/geometrycolumn.h"
#include "geom/geosbridge.h"

namespace gis::analysis::detail {

/// How a buffer's ends and corners are made (GEOS's buffer parameters).
struct BufferStyle {
    int quadrantSegments = 8; ///< segments in a quarter circle (raised on geographic layers: see Bufferer)
    int cap = GEOSBUF_CAP_ROUND;
    int join = GEOSBUF_JOIN_ROUND;
    double mitreLimit = 5.0;
};

/// The schema parameters both buffer algorithms share (cap, join, segments), for AlgorithmInfo::parameters.
std::vector<Parameter> bufferStyleParameters();
/// The style those parameters give.
BufferStyle bufferStyleFrom(const ParameterValues& values);

/// Buffers geometries of one layer by distances in metres. buffer() may be called from any number of threads at
/// once: each uses its own GEOS context, and on geographic layers takes a PROJ transformer from a pool for the time
/// of the call (a transformer is used by one thread at a time; making one costs milliseconds, so they are reused).
///
/// The local projection of a shape is centred on the shape when it is large; a small one (whose buffer stays within
/// kPoolRadius of the centre of its kCellDegrees cell) uses the projection centred on that cell. In an azimuthal
/// equidistant projection distances along other directions than from the centre are stretched by about
/// rho^2 / (6 R^2) at rho from the centre: within 50 km that is under 0.001 %.
class Bufferer {
public:
    /// On a geographic `crs` the buffer is geodesic, and the quadrant segments are raised to at least
    /// kGeodesicMinimumSegments so that the chord between two vertices of an arc stays within 0.1 % of the distance.
    /// Throws Error(Crs) for a CRS that is neither geographic nor projected (a distance in metres means nothing).
    Bufferer(const Crs& crs, const BufferStyle& style);

    static constexpr int kGeodesicMinimumSegments = 18; // 1 - cos(pi / 72) = 0.095 %
    /// The largest geodesic distance taken: beyond it a local projection stretches distances by more than 0.5 %
    /// and a circle may wrap round the globe.
    static constexpr double kGeodesicMaximum = 1000000.0; // metres

    /// Circles of at most this radius whose centre is within kSeriesLatitude of the equator get their vertices from
    /// one fourth-order Runge-Kutta step of the geodesic equations instead of geodesic::destination() (about five
    /// times faster). Measured against destination() on every 0.25 degrees of latitude up to 80 and 37 azimuths:
    /// the vertices are within 2.5 micrometres of destination()'s, their distance within 2.2e-10 relative.
    static constexpr double kSeriesMaximum = 10000.0; // metres
    static constexpr double kSeriesLatitude = 80.0; // degrees

    /// Throws Error(Argument) "<what>: <metres> m for <feature> is more than ..." when a geodesic buffer of `metres`
    /// is beyond kGeodesicMaximum; `feature` names it for the message.
    void checkDistance(double metres, const std::string& what, const std::string& feature) const;

    bool isGeodesic() const { return m_geodesic; }
    const BufferStyle& style() const { return m_style; }

    /// The buffer of `g` by `metres` (negative shrinks polygons; points and lines then vanish), in the layer's
    /// coordinates: a Polygon or MultiPolygon, possibly empty. Throws Error(Geometry) for what GEOS refuses.
    gis::detail::GeosGeometryPtr buffer(GeometryRef g, double metres) const;

    /// True when buffer(g, metres) is a geodesic circle that appendCircle() can write without GEOS (the fast path
    /// for point layers): a point, a round cap, a positive distance, a geographic layer.
    bool isCircle(GeometryRef g, double metres) const;
    /// Appends, as a MultiPolygon, the same polygon buffer(g, metres) makes, when isCircle(g, metres).
    void appendCircle(GeometryColumn& out, GeometryRef g, double metres) const;

private:
    void circleVertices(double lon, double lat, double metres, std::vector<Coord>& ring) const;
    gis::detail::GeosGeometryPtr planar(const GEOSGeometry* g, double distance) const;
    gis::detail::GeosGeometryPtr geodesicCircle(double lon, double lat, double metres) const;
    gis::detail::GeosGeometryPtr projected(GeometryRef g, double metres) const;

    static constexpr double kCellDegrees = 0.25;
    static constexpr double kPoolRadius = 50000.0; // metres

    /// A transformer from the layer's CRS to the aeqd centred at (lon, lat), taken from the pool or made.
    std::unique_ptr<Transformer> takeTransformer(double lon, double lat) const;
    void giveBack(double lon, double lat, std::unique_ptr<Transformer> t) const;

    Crs m_crs;
    BufferStyle m_style;
    std::vector<Coord> m_unitCircle; ///< (sin, cos) of the azimuth of vertex k, k = 0 .. n / 2 (geodesic layers)
    bool m_geodesic = false;
    mutable std::mutex m_poolMutex;
    mutable std::map<std::pair<double, double>, std::vector<std::unique_ptr<Transformer>>> m_pool;
};

/// Appends `g` (Polygon or MultiPolygon) to `out` as one MultiPolygon, so that every output feature has the layer's
/// type; an empty `g` appends an empty MultiPolygon.
void appendMultiPolygon(GeometryColumn& out, const GEOSGeometry* g);

/// The union of `parts` (GEOS unary union), made in parallel: chunks of parts unioned on every core, then the chunk
/// results unioned pairwise. Checks `options.feedback`'s cancel between chunks. `parts` is consumed.
gis::detail::GeosGeometryPtr parallelUnion(std::vector<gis::detail::GeosGeometryPtr> parts, const RunOptions& options,
    const char* what);

/// "feature 12 of layer "towns"" for messages.
std::string featureName(const Layer& layer, std::size_t row);

} // namespace gis::analysis::detail
