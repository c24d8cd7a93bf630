#pragma once

#include <string_view>

#include "exprnode.h"

namespace gis::detail {

/// Parses an expression into an unbound tree (recursive descent; precedence from loosest to tightest:
/// OR, AND, NOT, comparison/IN/BETWEEN/LIKE/IS, ||, + -, * / %, unary minus). Throws Error(Query) with the
/// column of the offending token.
NodePtr parseExpression(std::string_view text);

} // namespace gis::detail
