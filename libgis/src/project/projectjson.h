#pragma once

// Private to the project module: the model's JSON, shared by Project::load (the baseline a save measures
// changes from) and Project::save, and the file reading the layer key table (projectlayerkeys.h) shares.

#include <string>

#include "gis/project/json.h"

namespace gis {
class Project;
}

namespace gis::detail {

/// The project's own keys as the model describes them, without "layers" (each layer has its own origin).
Json documentJson(const Project& project);

/// A project or style file's one JSON object (at most kMaxJsonFileBytes), and its bytes in `bytesRead` when
/// given. Throws Error(Io) naming the file, Error(Format) with the line of a syntax error.
Json readJsonFile(const std::string& path, const char* what = "project file", std::string* bytesRead = nullptr);

} // namespace gis::detail
