// Fuzz target: the reclassify algorithm's table (analysis: gis::analysis::detail::parseReclassTable, the private
// header raster/reclasstable.h). The input is the text of --table. No recursion; the limits are the parser's
// (kMaxReclassTableLength characters, kMaxReclassRules rules, docs/analysis.md). Also checks what it promises:
// refused only with Error(Argument), never more rules than the limit, every range's low end below its high end,
// every number finite, and matchReclass agreeing with a plain loop over the rules.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gis/core/error.h"
#include "raster/reclasstable.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis::analysis::detail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<ReclassRule> rules;
    try {
        rules = parseReclassTable(text);
    } catch (const gis::Error& e) {
        if (e.code() != gis::ErrorCode::Argument)
            std::abort();
        return 0;
    }
    if (rules.empty() || rules.size() > kMaxReclassRules || text.size() > kMaxReclassTableLength)
        std::abort();
    for (const auto& r : rules) {
        if (!std::isfinite(r.low) || !std::isfinite(r.high) || (r.value && !std::isfinite(*r.value)))
            std::abort();
        if (!r.exact && r.lowOpen && r.highOpen)
            std::abort();
        if (!r.exact && !r.lowOpen && !r.highOpen && !(r.low < r.high))
            std::abort();
    }
    for (const double v : {-1e300, -1.0, -0.0, 0.0, 0.5, 1.0, 500.0, 1e300, rules.front().low, rules.back().high}) {
        const ReclassRule* expected = nullptr;
        for (const auto& r : rules)
            if (r.matches(v)) {
                expected = &r;
                break;
            }
        if (matchReclass(rules, v) != expected)
            std::abort();
    }
    return 0;
}
