#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exprnode.h"

namespace gis::detail {

/// The SQL of a bound condition (a conjunct of a filter) that PostgreSQL evaluates exactly as our engine does:
/// true, false or NULL for exactly the rows where ours is true, false or null (docs/expressions.md, "Filters on
/// PostGIS layers"). Literals are appended to `params` and referred to as `$n::type`; identifiers are quoted.
/// nullopt when some part has no such SQL; `params` may then hold values the caller drops. A `$n` appended for
/// an operand that a comparison with null later left out stays in `params` unreferenced: the caller renumbers.
/// `name` quoted as a PostgreSQL identifier (gis::pg::quoteIdentifier); Error(Query) for an empty name or a NUL.
std::string sqlIdentifier(std::string_view name);

std::optional<std::string> conditionToSql(const Node& node, std::vector<std::optional<std::string>>& params);

} // namespace gis::detail
