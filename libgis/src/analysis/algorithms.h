#pragma once

// Every algorithm of the toolbox, one function each (defined in its own file under vector/, raster/, network/);
// registry.cpp lists them. Adding an algorithm: a file, a line here, a line in registry.cpp, a section in
// docs/analysis.md, and its oracle test in tests/analysis/.

#include "gis/analysis/algorithm.h"

namespace gis::analysis::detail {

const Algorithm& boundingRectangleAlgorithm();
const Algorithm& centroidAlgorithm();
const Algorithm& concaveHullAlgorithm();
const Algorithm& convexHullAlgorithm();
const Algorithm& delaunayAlgorithm();
const Algorithm& densifyAlgorithm();
const Algorithm& explodeAlgorithm();
const Algorithm& fixGeometriesAlgorithm();
const Algorithm& reprojectAlgorithm();
const Algorithm& simplifyAlgorithm();
const Algorithm& voronoiAlgorithm();

} // namespace gis::analysis::detail
