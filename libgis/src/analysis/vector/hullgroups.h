#pragma once

// The shape the hull algorithms share (convex-hull, concave-hull, bounding-rectangle): one polygon per feature, or
// per group of features with the same values of `--by` fields, or one for the whole layer with `--all`.

#include <functional>
#include <string>
#include <vector>

#include <geos_c.h>

#include "gis/analysis/algorithm.h"
#include "geom/geosbridge.h"

namespace gis::analysis::detail {

/// The `by` (Fields) and `all` (Boolean) parameters, with English and Arabic texts.
std::vector<Parameter> hullGroupParameters();

/// Runs `hull` on each feature (attributes and ids kept), or on the geometries of each group of `by` values (the
/// output has those fields and a `count` of features, groups in order of first appearance), or on all features
/// (`all`: one feature with `count`). Hulls that are not polygonal (the hull of one point, of collinear points) are
/// left out with a warning. `hull` is called from several threads at once and gets a GEOS geometry of the calling
/// thread's context (a GeometryCollection for a group). Throws Error(Argument) when both `by` and `all` are given.
RunResult runHulls(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options,
    const char* what, const std::string& suffix,
    const std::function<gis::detail::GeosGeometryPtr(const GEOSGeometry*)>& hull);

} // namespace gis::analysis::detail
