#pragma once

#include <string>

#include "gis/core/export.h"
#include "gis/project/json.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// Style files: JSON, one style per layer, schema in docs/styles.md, examples in styles/.
///
/// Errors are Error(ErrorCode::Format) whose message starts with the JSON path of the offending value under
/// `where` ("layers[2].style", or a file name): "layers[2].style.renderer.rules[0].filter: unknown field
/// \"clas\"", "roads.json: renderer.symbol.stroke.width: expected a number or a length like \"0.5mm\"".
/// Unknown keys are errors too, so a typo never silently falls back to a default.

/// Parses a style object. `baseDir` resolves relative icon paths. When `layer` is given, fields and
/// expressions are checked against it and a graduated renderer given only a "classification" gets its
/// classes computed from the layer's values.
LayerStyle parseStyle(const Json& json, const std::string& where, const std::string& baseDir = {},
    const Layer* layer = nullptr);

/// Reads a style file (Error(Io) naming it when unreadable, Error(Format) for bad JSON with line and column).
LayerStyle readStyleFile(const std::string& path, const Layer* layer = nullptr);

/// Checks a style's fields and expressions against a layer (what parseStyle does when given one).
void validateStyle(const LayerStyle& style, const Layer& layer, const std::string& where);

/// The style as JSON (the inverse of parseStyle; icon paths as stored).
Json styleToJson(const LayerStyle& style);

/// Writes a style file atomically (beside, then renamed). Throws Error(Io).
void writeStyleFile(const std::string& path, const LayerStyle& style);

} // namespace gis

GIS_API_END
