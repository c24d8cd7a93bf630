#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// What kind of failure an Error reports; callers branch on it, users read the message.
enum class ErrorCode {
    Io,        ///< a file is missing, unreadable or unwritable
    Format,    ///< a file or value is not in the format it claims to be
    Crs,       ///< a coordinate reference system is unknown or a transform failed
    Geometry,  ///< a geometry is malformed or an operation on it failed
    Query,     ///< a query or expression is wrong
    Argument,  ///< a caller passed a bad argument (an API misuse or a bad command-line value)
    Cancelled, ///< the operation was cancelled through its CancellationToken
};

std::string_view errorCodeName(ErrorCode code);

/// The one exception type libgis throws. The message names the file, layer or field and what is wrong,
/// ready to show to a user: "roads.shp: .shx index missing (needed to read features)".
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    ErrorCode code() const noexcept { return m_code; }

private:
    ErrorCode m_code;
};

} // namespace gis

GIS_API_END
