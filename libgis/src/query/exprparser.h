#pragma once

#include <string_view>

#include "exprnode.h"

namespace gis::detail {

/// Parses an expression into an unbound tree (precedence climbing; from loosest to tightest: OR, AND, NOT,
/// comparison/IN/BETWEEN/LIKE/IS, ||, + -, * / %, unary minus). Chains of one level (a OR b OR c) are one
/// n-ary node. Throws Error(Query) with the column of the offending token, and for text longer than
/// kMaxExpressionBytes or nested deeper than kMaxNesting levels.
NodePtr parseExpression(std::string_view text);

} // namespace gis::detail
