#pragma once

// Private: the statistics a stretch needs, from a sample of a whole band, and the value range each stretch
// maps onto a colour ramp.

#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <gdal.h>

#include "gis/core/feedback.h"
#include "gis/render/style.h"

namespace gis::detail {

/// Statistics of a band's valid values (nodata and masked pixels excluded).
struct BandStatistics {
    double min = 0, max = 0;
    double mean = 0, stdDev = 0;
    double p2 = 0, p98 = 0; ///< 2nd and 98th percentiles
    bool empty = true;      ///< no valid value at all
};

/// Computes the statistics of `band` from a sample of at most about a million pixels, read at a reduced
/// resolution (from an overview when there is one) through the band's mask: exact for smaller rasters.
/// Computed here rather than with GDALComputeRasterStatistics, which would store them in an .aux.xml beside
/// the file, a side effect a viewer must not have. Throws Error(Io) naming `label`, Error(Cancelled).
BandStatistics computeBandStatistics(GDALRasterBandH band, const std::string& label, const CancellationToken& cancel);

/// The values mapped to the two ends of the colour ramp for `style`'s stretch.
std::pair<double, double> stretchRange(const BandStatistics& stats, const RasterStyle& style);

/// Statistics per band of one raster, computed once: a RasterSource is immutable, and sampling a big raster
/// for every draw would be slow. Thread-safe.
class RasterStatisticsCache {
public:
    /// The cached statistics of band `index` of the open `dataset`, computing them on first use.
    BandStatistics get(GDALDatasetH dataset, int index, const std::string& label, const CancellationToken& cancel);

private:
    std::mutex m_mutex;
    std::map<int, BandStatistics> m_bands;
};

} // namespace gis::detail
