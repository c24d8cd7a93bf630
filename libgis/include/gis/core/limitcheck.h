#pragma once

#include <string>

#include "gis/core/error.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// How a broken limit is reported, the same by the style checks, the renderer's and the layouts'. A number as the
/// message shows it (12 significant digits). Any thread.
std::string limitNumber(double value);
/// Where the limit was broken: "t.json:" + "page.size" → "t.json: page.size"; "layers[2].style" + "labels.size" →
/// "layers[2].style.labels.size".
std::string limitPath(const std::string& where, const std::string& key);
/// Throws Error(code, "path: what").
[[noreturn]] void failLimit(ErrorCode code, const std::string& path, const std::string& what);

} // namespace gis

GIS_API_END
