#pragma once

// Private: the value range each stretch maps onto a colour ramp, from statistics of a whole band (gis::Raster).

#include <utility>

#include "gis/data/raster.h"
#include "gis/project/style.h"

namespace gis::detail {

/// The values mapped to the two ends of the colour ramp for `style`'s stretch.
std::pair<double, double> stretchRange(const RasterStatistics& stats, const RasterStyle& style);

} // namespace gis::detail
