#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// The "did you mean" of every message about a misspelt name (a field, a parameter, an algorithm): the candidate
/// closest to `name` by edit distance over lower-cased Unicode code points, when it is close enough to be a likely
/// typo (distance at most max(2, length / 3)); empty otherwise. The same rule the expression engine uses for fields
/// and functions.
std::string closestName(std::string_view name, const std::vector<std::string>& candidates);

} // namespace gis

GIS_API_END
