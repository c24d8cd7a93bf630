#include "rasterstats.h"

namespace gis::detail {

std::pair<double, double> stretchRange(const RasterStatistics& stats, const RasterStyle& style)
{
    switch (style.stretch) {
    case RasterStyle::Stretch::MinMax: return {stats.min, stats.max};
    case RasterStyle::Stretch::Percent: return {stats.p2, stats.p98};
    case RasterStyle::Stretch::StdDev: return {stats.mean - 2 * stats.stdDev, stats.mean + 2 * stats.stdDev};
    case RasterStyle::Stretch::Manual: return {style.min, style.max};
    }
    return {stats.min, stats.max};
}

RasterStatistics RasterStatisticsCache::get(const Raster& raster, int index, const CancellationToken& cancel)
{
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_bands.find(index); it != m_bands.end())
            return it->second;
    }
    // Computed outside the lock: two first draws at once may both compute, but neither waits on the other's I/O.
    const RasterStatistics stats = raster.statistics(index, cancel);
    const std::lock_guard lock(m_mutex);
    return m_bands.emplace(index, stats).first->second;
}

} // namespace gis::detail
