#pragma once

// The union of each of many groups of geometries, as dissolve needs it, with the groups spread over core's pool.
//
// A group whose geometries are all polygons is first tried as a coverage (polygons that only share edges, like
// wilayat or parcels): GEOS's coverage union drops the segments two polygons share and polygonizes the rest (the
// group's outline), many times faster than an overlay union. It is one call per group: GEOS 3.11's polygonizer
// costs ~25 µs per segment it is given, so cutting a group into runs would polygonize every run's outline, several
// times the work. The test that the group is a coverage is the answer itself: GEOS must not refuse the polygons as
// badly noded, the union must keep their summed area (|union − Σ| ≤ 1e-9 Σ; polygons whose interiors overlap lose
// the overlap), and it must be valid (polygons crossing without a shared vertex survive a coverage union as
// overlapping parts, which are invalid). A large group (over 256 polygons) that fails is cut into compact pieces
// along a Hilbert curve; each piece goes by coverage union, or by unary union where it overlaps, and the pieces by
// coverage union, or by one unary union of their outlines: a few overlapping polygons in a large coverage cost
// overlays of their pieces, not of the whole group.
//
// Every other group (overlapping polygons, lines, points) is unioned with GEOS's unary union in a tree: runs of a
// few geometries, then runs of their results, level by level, all groups' runs of a level on the pool together.
// The runs depend only on the input, never on the number of threads: the output is the same on one thread and on
// all.

#include <cstddef>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "geom/geosbridge.h"

namespace gis::analysis::detail {

/// One group: the GEOS geometries to union (owned by the caller, read only) and what came out.
struct UnionGroup {
    std::vector<const GEOSGeometry*> members;
    std::string name;                 ///< for error messages: `group "Nizwa"`
    gis::detail::GeosGeometryPtr result;
    bool coverage = false;            ///< unioned by coverage union alone
    /// With a large group that is not a coverage as a whole: the unary unions its pieces needed (0: the group went
    /// by unary union only, or by coverage union only when `coverage`).
    std::size_t overlaidChunks = 0;
};

/// Unions every group's members into its result. Progress goes from `progressFrom` to `progressTo` of the run.
/// Throws Error(Cancelled) when cancelled (checked before each group's coverage union and each unary union of a
/// few geometries) and Error(Geometry) naming the group when GEOS fails on it.
void unionGroups(std::vector<UnionGroup>& groups, const RunOptions& options, double progressFrom, double progressTo);

} // namespace gis::analysis::detail
