#pragma once

// Simplifying polygons that share edges (a coverage: wilayat, parcels) without opening gaps or overlaps between
// them: every edge is simplified once, for both of its sides.

#include <cstddef>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::analysis::detail {

/// Simplifies the polygons `polygons` (one per output feature) as one coverage: their boundaries are noded and
/// merged into edges between junctions, the edges are simplified together with GEOS's topology-preserving
/// simplifier (end points fixed, no new crossings), the faces rebuilt with GEOS's Polygonize and each face given
/// back to the polygon whose interior holds it. `out` gets one geometry per input, in order (an empty polygon where
/// every face vanished). Cancel is checked between the steps. Throws Error(Geometry) when GEOS fails.
void simplifyCoverage(const GeometryColumn& polygons, double tolerance, const RunOptions& options, GeometryColumn& out);

} // namespace gis::analysis::detail
