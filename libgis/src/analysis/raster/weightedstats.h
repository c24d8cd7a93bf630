#pragma once

// Statistics of values weighted by the fraction of each pixel a polygon covers (zonal statistics): the count is the
// covered area in pixels, the mean and the standard deviation are weighted, the majority is the value covering the
// most area.

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gis::analysis::detail {

/// The statistics zonal-statistics offers, in the order of its --stats choices.
enum class ZonalStat : unsigned char { Count, Sum, Mean, Min, Max, StdDev, Majority, Minority, Variety };

/// "count", "sum", ... as on the command line.
const std::vector<std::string>& zonalStatNames();

/// The values one polygon covers in one band, with their coverage. Add pixels in a fixed order (row-major) for
/// results that do not depend on the number of threads.
class WeightedStats {
public:
    /// `histogram`: keep the covered area per distinct value (for majority, minority, variety).
    explicit WeightedStats(bool histogram) : m_histogram(histogram) {}

    /// A pixel of value `value` covered by fraction `weight` (> 0).
    void add(double value, double weight);

    /// The statistic, or nullopt when it has no value (nothing covered: every statistic but count and sum).
    std::optional<double> value(ZonalStat stat) const;

private:
    bool m_histogram;
    double m_weight = 0; ///< covered pixels
    double m_sum = 0;    ///< sum of weight * value
    double m_mean = 0;   ///< running weighted mean and sum of squared deviations (West's algorithm)
    double m_m2 = 0;
    double m_min = 0, m_max = 0;
    std::unordered_map<double, double> m_areas; ///< value -> covered pixels
};

} // namespace gis::analysis::detail
