#include "gis/core/numbertext.h"

#include <charconv>

#include "gis/core/limitcheck.h"

namespace gis {

std::string generalNumber(double value, int significantDigits)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, significantDigits);
    return std::string(buffer, result.ptr);
}

std::string limitNumber(double value)
{
    return generalNumber(value, 12);
}

std::string limitPath(const std::string& where, const std::string& key)
{
    if (where.empty())
        return key;
    return where + (where.back() == ':' ? " " : ".") + key;
}

void failLimit(ErrorCode code, const std::string& path, const std::string& what)
{
    throw Error(code, path + ": " + what);
}

} // namespace gis
