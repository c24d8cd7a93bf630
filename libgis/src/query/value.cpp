#include <cmath>

#include "exprevaluator.h"
#include "gis/query/expression.h"

namespace gis {

bool Value::isTrue() const
{
    switch (type) {
    case Type::Boolean:
    case Type::Integer: return integer != 0;
    case Type::Real: return real != 0 && !std::isnan(real);
    default: return false;
    }
}

std::string Value::toString() const
{
    std::string out;
    detail::appendText(out, detail::fromValue(*this));
    return out;
}

} // namespace gis
