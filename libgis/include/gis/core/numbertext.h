#pragma once

#include <string>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// `value` with at most `significantDigits` significant digits, as printf's "%.Ng" writes it in the C locale
/// ("1234.5", "1.5e+20", "0.1"), whatever the process's locale: files and messages never get a decimal comma.
/// Any thread.
std::string generalNumber(double value, int significantDigits);

} // namespace gis

GIS_API_END
