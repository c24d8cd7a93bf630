#include "gis/query/suggest.h"

#include "exprtext.h"

namespace gis {

std::string closestName(std::string_view name, const std::vector<std::string>& candidates)
{
    return detail::closestName(name, candidates);
}

} // namespace gis
