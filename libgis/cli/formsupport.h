#pragma once

// Pieces shared by gis validate and gis edit: finding a project layer, settings, and reporting form violations.

#include <map>
#include <string>
#include <vector>

#include "gis/geom/validity.h"
#include "gis/project/form.h"
#include "gis/project/project.h"

namespace gis::cli {

/// The layer named `name` (its map name) of `project`; Error(Argument) listing the names when there is none.
const ProjectLayer& findProjectLayer(const Project& project, const std::string& name);
/// "KEY=VALUE" options as a map; Error(Argument) for one without '='.
std::map<std::string, std::string> parseSettings(const std::vector<std::string>& options);
/// An invalid geometry as a violation (field "", hard), with GEOS's reason and location.
FormViolation geometryViolation(std::int64_t fid, const Validity& validity);
/// "<where>: feature 12: follow_up: hard: A follow-up date ... / تاريخ المتابعة ..."
std::string violationText(const std::string& where, const FormViolation& v);
/// A JSON array of {"id", "field", "severity", "kind", "message_en", "message_ar"}.
std::string violationsJson(const std::vector<FormViolation>& violations);

} // namespace gis::cli
