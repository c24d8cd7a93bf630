#pragma once

// Aggregates of attribute values over groups of rows, as SQL computes them (nulls ignored by sum, mean, min, max,
// count and concat; "first" is the first row's value, null or not): what dissolve and the summaries of the
// aggregate group share. The specification is text, `population:sum,name:concat,code:first`, checked against the
// layer's fields with the query engine's "did you mean".

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/data/attributetable.h"

namespace gis {
class Layer;
}

namespace gis::analysis::detail {

enum class AggregateKind : std::uint8_t { Sum, Mean, Min, Max, Count, First, Concat };

/// One `field:aggregate` item of a specification.
struct AggregateSpec {
    std::size_t column = 0;  ///< the field's index in the layer
    std::string field;       ///< its name as the layer spells it
    AggregateKind kind = AggregateKind::Sum;
    std::string outputName;  ///< `<field>_<aggregate>`: "population_sum"
    FieldType outputType = FieldType::Real;
};

/// "sum", "mean", "min", "max", "count", "first", "concat".
const std::vector<std::string>& aggregateNames();

/// Limits of a specification: longer text or more items is refused with Error(Argument) before any item is read.
constexpr std::size_t kMaxAggregatesText = 65536; ///< characters
constexpr std::size_t kMaxAggregateItems = 1000;  ///< comma-separated items

/// Parses `text` (comma-separated `field:aggregate` items; empty: none; within kMaxAggregatesText and
/// kMaxAggregateItems) against `layer`'s fields. Throws
/// Error(Query) for an unknown field and Error(Argument) for an unknown aggregate or a malformed item, both naming
/// `algorithm`, `--parameter` and the closest name; Error(Argument) for sum or mean of a text field.
std::vector<AggregateSpec> parseAggregates(const std::string& text, const Layer& layer, const std::string& algorithm,
    const std::string& parameter);

/// Appends to `out` (a column of spec.outputType) the aggregate of `spec` over `rows` of `layer` (in that order:
/// first and concat depend on it). An empty group gives null (count: 0). Throws Error(Argument) naming the field
/// when an integer sum overflows.
void appendAggregate(AttributeColumn& out, const AggregateSpec& spec, const Layer& layer,
    const std::vector<std::size_t>& rows);

} // namespace gis::analysis::detail
