#pragma once

// Layout templates: reading one, finding one by name, listing the named ones.

#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/layout/layout.h"

GIS_API_BEGIN

namespace gis {

/// Reads a layout template. Page "size": A0..A4, Letter or "custom" with width_mm/height_mm; "orientation":
/// portrait|landscape. Throws Error(Io/Format) naming the file and the JSON key, also for a value beyond the limits
/// (docs/layouts.md, "Limits").
Layout readLayoutFile(const std::string& path);

/// The template file for `name`: a path ending in .json is returned as is; otherwise a name such as "a4-landscape"
/// (with "-ar"/"-en" added from `language` unless it has one) looked up in `projectPath`/../styles/layouts, the
/// source tree's styles/layouts beside the running executable's build, then share/interior-explorer/layouts of
/// the install. Throws Error(Argument) naming the file when none exists.
std::string findLayoutTemplate(const std::string& name, const std::string& language, const std::string& projectPath);

/// The named templates found by findLayoutTemplate's search ("a4-landscape-ar", ...), sorted, without duplicates;
/// not those another command fills (Layout::filledBy).
std::vector<std::string> availableLayoutTemplates(const std::string& projectPath);

} // namespace gis

GIS_API_END
