#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "exprevaluator.h"

namespace gis::detail {

class Binder;

/// A built-in function: how many arguments it takes, how it checks them and finds its result type at bind
/// time, and how it computes a row. `evaluate` receives the call node so it can evaluate lazily (coalesce).
struct FunctionDef {
    std::string_view name;
    std::size_t minArgs;
    std::size_t maxArgs; // kVariadic: no limit
    Value::Type (*bind)(Node& call, Binder& binder);
    Datum (*evaluate)(const Node& call, std::size_t row, EvalContext& ctx);
};

constexpr std::size_t kVariadic = std::numeric_limits<std::size_t>::max();

/// The function named `name` (case-insensitive), or null.
const FunctionDef* findFunction(std::string_view name);
std::vector<std::string> functionNames();

/// Rounds half away from zero at `digits` decimals (negative: tens, hundreds...), on the shortest decimal
/// form of x, so round(2.675, 2) is 2.68 as a reader of "2.675" expects although the double is below it.
double roundHalfAwayFromZero(double x, int digits);

} // namespace gis::detail
