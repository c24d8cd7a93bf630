#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// Summary of a set of numbers (nulls are counted apart and ignored otherwise). NaN where undefined
/// (mean of nothing; stddev of fewer than two values: sample standard deviation, n - 1).
struct Statistics {
    std::size_t count = 0; ///< rows in the group (values and nulls)
    std::size_t nulls = 0;
    double sum = 0;
    double mean = 0;
    double min = 0;
    double max = 0;
    double median = 0;
    double stddev = 0;
};

/// Statistics of `values` (NaN entries count as nulls).
Statistics computeStatistics(std::vector<double> values);

struct GroupStatistics {
    std::string key;  ///< the group field's value as text ("" for null)
    Statistics stats; ///< of valueField; only count/nulls when valueField is empty
};

/// Groups `rows` of the layer (all rows when null) by `groupField` and summarises `valueField` (a numeric
/// field, or empty for counts only). Groups come sorted by key (numbers numerically, text by UTF-8 bytes).
/// Throws Error(Query) naming an unknown or non-numeric field.
std::vector<GroupStatistics> aggregateByGroup(const Layer& layer, std::string_view groupField,
    std::string_view valueField = {}, const std::vector<std::uint32_t>* rows = nullptr);

} // namespace gis

GIS_API_END
