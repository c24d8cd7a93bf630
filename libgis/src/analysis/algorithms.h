#pragma once

// Every algorithm of the toolbox, one function each (defined in its own file under vector/, raster/, network/);
// registry.cpp lists them. Adding an algorithm: a file, a line here, a line in registry.cpp, a section in
// docs/analysis.md, and its oracle test in tests/analysis/.

#include "gis/analysis/algorithm.h"

namespace gis::analysis::detail {

const Algorithm& centroidAlgorithm();
const Algorithm& dissolveAlgorithm();
const Algorithm& fieldCalculatorAlgorithm();
const Algorithm& joinByLocationAlgorithm();
const Algorithm& joinNearestAlgorithm();
const Algorithm& summaryByLocationAlgorithm();
const Algorithm& nearestHubAlgorithm();
const Algorithm& mergeAlgorithm();

} // namespace gis::analysis::detail
