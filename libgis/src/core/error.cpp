#include "gis/core/error.h"

#include "gis/core/feedback.h"

#include <string>

namespace gis {

std::string_view errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Io: return "io";
    case ErrorCode::Format: return "format";
    case ErrorCode::Crs: return "crs";
    case ErrorCode::Geometry: return "geometry";
    case ErrorCode::Query: return "query";
    case ErrorCode::Argument: return "argument";
    case ErrorCode::Cancelled: return "cancelled";
    }
    return "unknown";
}

void CancellationToken::throwIfCancelled(const char* what) const
{
    if (isCancelled())
        throw Error(ErrorCode::Cancelled, std::string(what) + ": cancelled");
}

} // namespace gis
