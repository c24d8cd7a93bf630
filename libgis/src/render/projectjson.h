#pragma once

// Private to the project module: the model's JSON, shared by Project::load (the baseline a save measures
// changes from) and Project::save.

#include <QJsonObject>

namespace gis {
class Project;
}

namespace gis::detail {

/// The project's own keys as the model describes them, without "layers" (each layer has its own origin).
QJsonObject documentJson(const Project& project);

} // namespace gis::detail
