#pragma once

#include <vector>

#include "geom/geosbridge.h"
#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/index/packedrtree.h"
#include "geodesicbounds.h"
#include "geodesicdistance.h"
#include "polygonlocator.h"

namespace gis::detail {

/// A lon/lat query geometry prepared for many geodesic distance questions (one per candidate row): its
/// geodesic segments in an R-tree searched best-first with boxLowerBound(), its polygons in a PolygonLocator
/// and a GEOS prepared geometry for intersection tests. A point then costs about log(segments) exact
/// segment distances instead of one bound per segment.
///
/// Copies what it needs of the geometry. GEOS prepared geometries build their indexes lazily: one thread at a
/// time. Throws Error(Geometry) for a geometry GEOS refuses.
class GeodesicShape {
public:
    explicit GeodesicShape(GeometryRef g);

    /// Vertex box grown by the segments' latitude bulge: everything of the geometry lies inside.
    const Box& box() const { return m_box; }
    double bulge() const { return m_bulge; }

    /// Distance from `p`: 0 inside or on a Polygon part. stopAt as in pointGeometryDistance().
    double distanceTo(Coord p, double stopAt = -1) const;
    /// Distance to a geometry of any column (small, typically a layer's row): 0 when they intersect.
    double distanceTo(GeometryRef other, double stopAt = -1) const;

private:
    /// Distance from `p` to the segments and points (not the polygons' interiors); stopAt as above.
    double piecesDistance(Coord p, double stopAt) const;
    Box pieceBox(std::uint32_t i) const;

    std::vector<GeodesicPiece> m_pieces;
    PackedRTree m_tree;
    double m_bulge = 0;
    Box m_box;
    PolygonLocator m_polygons;
    GeosGeometryPtr m_geos;
    GeosPreparedPtr m_prepared;
};

} // namespace gis::detail
