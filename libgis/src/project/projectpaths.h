#pragma once

// Private: which folders a project's sources, style files and icons may come from (the rules behind
// Project::load; the checking itself is gis::resolveDocumentPath, shared with layout templates).

#include <string>
#include <vector>

#include "gis/core/pathguard.h"
#include "gis/project/style.h"

namespace gis::detail {

/// The program's own styles folders (styles/ beside the source tree's build, share/interior-explorer/ when
/// installed): the sample projects name their styles there ("../styles/roads.json"), and they are part of the
/// program, not of a document.
std::vector<std::string> bundledStyleFolders();

/// Rules for a layer source of the project at `projectPath`: inside its folder or a trusted one, VRTs only in
/// trusted ones, missing files allowed (the layer is then unavailable).
PathRules projectSourceRules(const std::string& projectPath, const std::vector<std::string>& trusted);

/// Rules for a style file named by the project: its folder, the bundled styles or a trusted folder.
PathRules projectStyleRules(const std::string& projectPath, const std::vector<std::string>& trusted);

/// Checks every SVG icon of `style` (already resolved against `styleDir` by parseStyle): inside the project's
/// folder, the style's folder, the bundled styles or a trusted folder. Appends what trusting would fix to
/// `refusals`; throws Error for what it would not (a FIFO, a device, a virtual path).
void checkStyleIcons(const LayerStyle& style, const std::string& where, const std::string& projectPath,
    const std::string& styleDir, const std::vector<std::string>& trusted, std::vector<PathRefusal>& refusals);

} // namespace gis::detail
