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

} // namespace gis::detail
