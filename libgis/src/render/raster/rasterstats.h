#pragma once

// Private: the value range each stretch maps onto a colour ramp, from statistics of a whole band (gis::Raster), and
// a RasterSource's cache of those statistics.

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "gis/core/feedback.h"
#include "gis/data/raster.h"
#include "gis/render/style.h"

namespace gis::detail {

/// The values mapped to the two ends of the colour ramp for `style`'s stretch.
std::pair<double, double> stretchRange(const RasterStatistics& stats, const RasterStyle& style);

/// Statistics per band of one raster, computed once: a RasterSource is immutable, and sampling a big raster
/// for every draw would be slow. Thread-safe.
class RasterStatisticsCache {
public:
    /// The cached statistics of band `index` of `raster` (open on the calling thread), computing them on first use.
    RasterStatistics get(const Raster& raster, int index, const CancellationToken& cancel);

private:
    std::mutex m_mutex;
    std::map<int, RasterStatistics> m_bands;
};

} // namespace gis::detail
