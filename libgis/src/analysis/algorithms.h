#pragma once

// Every algorithm of the toolbox, one function each (defined in its own file under vector/, raster/, network/);
// registry.cpp lists them. Adding an algorithm: a file, a line here, a line in registry.cpp, a section in
// docs/analysis.md, and its oracle test in tests/analysis/.

#include "gis/analysis/algorithm.h"

namespace gis::analysis::detail {

const Algorithm& bufferAlgorithm();
const Algorithm& centroidAlgorithm();
const Algorithm& clipAlgorithm();
const Algorithm& differenceAlgorithm();
const Algorithm& identityAlgorithm();
const Algorithm& intersectionAlgorithm();
const Algorithm& symmetricalDifferenceAlgorithm();
const Algorithm& unionAlgorithm();
const Algorithm& zonalStatisticsAlgorithm();
const Algorithm& heatmapAlgorithm();
const Algorithm& sampleRasterAlgorithm();
const Algorithm& multiRingBufferAlgorithm();
const Algorithm& boundingRectangleAlgorithm();
const Algorithm& concaveHullAlgorithm();
const Algorithm& convexHullAlgorithm();
const Algorithm& delaunayAlgorithm();
const Algorithm& densifyAlgorithm();
const Algorithm& explodeAlgorithm();
const Algorithm& fixGeometriesAlgorithm();
const Algorithm& reprojectAlgorithm();
const Algorithm& simplifyAlgorithm();
const Algorithm& voronoiAlgorithm();
const Algorithm& shortestPathAlgorithm();
const Algorithm& serviceAreaAlgorithm();
const Algorithm& isochroneAlgorithm();
const Algorithm& dissolveAlgorithm();
const Algorithm& fieldCalculatorAlgorithm();
const Algorithm& joinByLocationAlgorithm();
const Algorithm& joinNearestAlgorithm();
const Algorithm& summaryByLocationAlgorithm();
const Algorithm& nearestHubAlgorithm();
const Algorithm& mergeAlgorithm();
const Algorithm& slopeAlgorithm();
const Algorithm& aspectAlgorithm();
const Algorithm& hillshadeAlgorithm();
const Algorithm& reclassifyAlgorithm();
const Algorithm& rasterCalculatorAlgorithm();
const Algorithm& dsmChangeAlgorithm();

} // namespace gis::analysis::detail
