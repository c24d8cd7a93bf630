#pragma once

#include <QIcon>
#include <QString>

namespace viewer {

/// The viewer's toolbar icons, drawn in code (crisp at any scale, no theme or image files needed):
/// "open", "save", "add-layer", "export", "pan", "identify", "select-point", "select-rect", "select-polygon",
/// "select-expression", "select-location", "clear-selection", "measure-line", "measure-area", "zoom-in",
/// "zoom-out", "zoom-full", "zoom-selection", "previous", "next", "table", "style", "refresh";
/// the edit tools: "edit", "add-point", "add-line", "add-polygon", "move-feature", "vertex", "undo", "redo".
QIcon makeIcon(const QString& name);

} // namespace viewer
