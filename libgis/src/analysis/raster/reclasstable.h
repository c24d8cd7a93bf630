#pragma once

// The table of the reclassify algorithm: "0-500:1,500-1000:2,1000-:3" (docs/analysis.md, reclassify). Parsed here,
// apart from the algorithm, so that a fuzz target (tests/fuzz/fuzz_reclassify.cpp) can reach it.

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace gis::analysis::detail {

/// At most this many characters and rules in a table: far beyond any classification, small enough that a table
/// never costs more than a moment per pixel.
constexpr std::size_t kMaxReclassTableLength = 65536;
constexpr std::size_t kMaxReclassRules = 1024;

/// One rule: values in [low, high) (either end open), or exactly `low` when `exact`, become `value` (nullopt:
/// nodata).
struct ReclassRule {
    double low = 0;
    double high = 0;
    bool lowOpen = false;  ///< no lower end: from -infinity
    bool highOpen = false; ///< no upper end: to +infinity (inclusive of every value above low)
    bool exact = false;
    std::optional<double> value;

    bool matches(double v) const
    {
        if (exact)
            return v == low;
        return (lowOpen || v >= low) && (highOpen || v < high);
    }
};

/// Parses a table. Throws Error(Argument) "--table: ..." naming the rule (its number and text) and what is wrong:
/// an empty table or rule, a missing ':', a number that does not read, a range whose low end is not below its
/// high end, too long a table or too many rules (the limits above).
std::vector<ReclassRule> parseReclassTable(std::string_view text);

/// The value of the first rule that matches `v`, or nullptr when none does.
const ReclassRule* matchReclass(const std::vector<ReclassRule>& rules, double v);

} // namespace gis::analysis::detail
