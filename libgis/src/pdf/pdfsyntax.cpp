#include "pdfsyntax.h"

#include "gis/core/error.h"

namespace gis::detail {

void failPdf(const std::string& what)
{
    throw Error(ErrorCode::Format, what);
}

} // namespace gis::detail
