#pragma once

// Helpers shared by the geometry tools (fix-geometries, explode, simplify): Multi types, dimensions, and the parts of
// a GEOS geometry of one dimension (the output layer of a per-feature algorithm: featuremap.h, perFeatureResult).

#include <cstddef>
#include <string>

#include <geos_c.h>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "featuremap.h"

namespace gis::analysis::detail {

/// The Multi type of a Point/LineString/Polygon family (Polygon → MultiPolygon); other types unchanged.
GeometryType multiType(GeometryType type);

/// 0 for points, 1 for lines, 2 for polygons, -1 for collections and Unknown.
int dimensionOf(GeometryType type);

/// The parts of `g` of dimension `dimension` (0, 1, 2) as one Multi geometry (null when there are none); `dropped`
/// counts the other parts. A GEOS object made on the calling thread's context.
gis::detail::GeosGeometryPtr partsOfDimension(const GEOSGeometry* g, int dimension, std::size_t& dropped);

} // namespace gis::analysis::detail
