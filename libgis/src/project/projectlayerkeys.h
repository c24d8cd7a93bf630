#pragma once

// Private to the project module: the ONE table that maps a layer's object in a project file to the model
// (gis::ProjectLayer and its gis::MapLayer) and back. Project::load reads a layer by walking it, projectLayerJson
// writes one by walking it, and gis::projectLayerKeys() lists its keys for the tests. A new layer property is one
// entry here plus its member in MapLayer (or ProjectLayer): nothing else maps JSON keys of a layer.
//
// Why a fixed table and not a registry a test can append to: a registry needs a generic property bag on MapLayer
// that nothing but the test would use, and mutable global state on the load path. Instead the table is fixed and
// tests/viewer/tst_projectlayer.cpp proves it complete: a structured binding stops compiling when MapLayer gains
// a member, the test's list of keys must equal projectLayerKeys(), and a non-default value of every key goes
// through load → viewer document → save → reload → print.

#include <optional>
#include <string>
#include <vector>

#include "gis/core/pathguard.h"
#include "gis/project/json.h"

namespace gis {
struct ProjectLayer;
}

namespace gis::detail {

class JsonNode;

/// What reading a layer needs besides its JSON: where the project is and what it may read. Refusals are
/// collected, not thrown, so that the user is asked once for all of them.
struct LayerReadContext {
    const std::string& projectPath;
    const std::string& projectDir;
    const PathRules& sourceRules;
    const PathRules& styleRules;
    const std::vector<std::string>& trustedFolders;
    std::vector<PathRefusal>& refusals;
};

/// One key of a layer's object. `read` sets the model from the key's value (null when absent: it sets the
/// default) and throws Error(Format) naming the value's JSON path; `write` gives the key's value, or nullopt
/// (the key is not written) when the model holds the default that an absent key means.
struct LayerProperty {
    const char* key;
    void (*read)(const JsonNode& value, ProjectLayer& layer, LayerReadContext& context);
    std::optional<Json> (*write)(const ProjectLayer& layer);
};

/// Every key of a layer's object, in the order Project::load reads them (a key may use the ones before it: the
/// default name is the layer's or the source's; the first bad value is the one reported).
const std::vector<LayerProperty>& layerProperties();

} // namespace gis::detail
