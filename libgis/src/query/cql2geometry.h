#pragma once

// Geometry literals of a CQL2 filter: read in the filter's CRS and axis order, placed in the layer's CRS.
// Private to the query module.

#include <memory>
#include <string_view>

#include "gis/crs/crs.h"
#include "gis/geom/geometrycolumn.h"

namespace gis {
class Transformer;
}

namespace gis::detail {

/// Reads the geometry literals of one filter. Not for use by two threads at once (it owns a Transformer).
class Cql2GeometryReader {
public:
    /// `layerCrs` may be unknown (invalid): coordinates are then taken as they are, after the axis swap.
    Cql2GeometryReader(const Crs& filterCrs, const Crs& layerCrs);
    ~Cql2GeometryReader();
    Cql2GeometryReader(const Cql2GeometryReader&) = delete;
    Cql2GeometryReader& operator=(const Cql2GeometryReader&) = delete;

    /// True when the filter CRS is written latitude first (a geographic CRS with an EPSG code, as OGC API –
    /// Features Part 2 reads "EPSG:4326"); OGC:CRS84 and projected CRSs are x first.
    bool latitudeFirst() const { return m_latitudeFirst; }

    /// A WKT geometry of the filter, in the layer's CRS. Throws Error(Geometry) for malformed WKT and
    /// Error(Crs) when a coordinate cannot be transformed.
    Geometry fromWkt(std::string_view wkt);
    /// BBOX(a, b, c, d): the rectangle between the corners (a, b) and (c, d), in the filter's axis order.
    Geometry fromBox(double a, double b, double c, double d);

private:
    Geometry place(GeometryColumn column);

    Crs m_filterCrs;
    Crs m_layerCrs;
    bool m_latitudeFirst = false;
    std::unique_ptr<Transformer> m_transformer; // made on first use: most filters have no geometry
};

} // namespace gis::detail
