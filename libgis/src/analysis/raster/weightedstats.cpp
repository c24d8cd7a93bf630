#include "weightedstats.h"

#include <cmath>

namespace gis::analysis::detail {

const std::vector<std::string>& zonalStatNames()
{
    static const std::vector<std::string> names{
        "count", "sum", "mean", "min", "max", "stddev", "majority", "minority", "variety"};
    return names;
}

void WeightedStats::add(double value, double weight)
{
    if (m_weight == 0) {
        m_min = m_max = value;
    } else {
        m_min = std::min(m_min, value);
        m_max = std::max(m_max, value);
    }
    m_weight += weight;
    m_sum += weight * value;
    const double delta = value - m_mean;
    m_mean += delta * (weight / m_weight);
    m_m2 += weight * delta * (value - m_mean);
    if (m_histogram)
        m_areas[value] += weight;
}

std::optional<double> WeightedStats::value(ZonalStat stat) const
{
    switch (stat) {
    case ZonalStat::Count:
        return m_weight;
    case ZonalStat::Sum:
        return m_sum;
    case ZonalStat::Variety:
        return static_cast<double>(m_areas.size());
    default:
        break;
    }
    if (m_weight == 0)
        return std::nullopt;
    switch (stat) {
    case ZonalStat::Mean:
        return m_sum / m_weight;
    case ZonalStat::Min:
        return m_min;
    case ZonalStat::Max:
        return m_max;
    case ZonalStat::StdDev:
        return std::sqrt(std::max(0.0, m_m2 / m_weight)); // population, as gdalinfo -stats and exactextract
    case ZonalStat::Majority:
    case ZonalStat::Minority: {
        // Ties go to the smaller value, so the answer does not depend on the hash map's order.
        const bool most = stat == ZonalStat::Majority;
        const std::pair<const double, double>* best = nullptr;
        for (const auto& entry : m_areas) {
            if (!best) {
                best = &entry;
                continue;
            }
            const bool better = most ? entry.second > best->second : entry.second < best->second;
            if (better || (entry.second == best->second && entry.first < best->first))
                best = &entry;
        }
        return best ? std::optional<double>(best->first) : std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

} // namespace gis::analysis::detail
