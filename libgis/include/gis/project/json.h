#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// A JSON value as project, style and layout files hold it (nlohmann::json: objects keep their keys sorted, so two
/// values compare equal whatever order their files wrote the keys in).
using Json = nlohmann::json;

/// How deep arrays and objects may nest in a document. Real projects and styles nest fewer than 10 levels; the
/// limit keeps every walk over a document (comparisons, merges, writing) far from the end of the stack.
inline constexpr int kMaxJsonDepth = 128;

/// Parses a JSON document. `where` names it in errors (a file name). Throws Error(Format)
/// "<where>: line 4, column 3: syntax error ..." for bad JSON (and invalid UTF-8), and
/// "<where>: arrays and objects nest deeper than 128 levels" beyond kMaxJsonDepth. Any thread.
Json parseJson(std::string_view text, const std::string& where);

/// The document as project and style files are written: indented by four spaces, one key or element per line,
/// keys sorted, numbers in their shortest form that reads back equal (whole numbers up to 2^53 without a decimal
/// point or exponent), text as UTF-8 with only quotes, backslashes and control characters escaped, and a final
/// newline. (The format Qt's QJsonDocument::Indented wrote for these files, kept byte for byte.) Any thread.
std::string jsonText(const Json& json);

/// What a JSON file held, kept by Project::load() so that Project::save() rewrites only what the model changed.
/// `written` is the object as read (unknown keys, `description`, a colour written as a name); `loaded` is the
/// model's own JSON right after reading, the baseline a change is measured from. A key whose model JSON still
/// equals `loaded` keeps its `written` value; a key that differs is replaced (objects and equal-length arrays
/// key by key, so an edited category keeps its siblings as written). Both null: nothing was read (a layer
/// added since), and the model's JSON is written whole.
struct JsonOrigin {
    Json written;
    Json loaded;
    std::string bytes; ///< the file's bytes (documents only): a save that changes nothing writes them back as they were

    bool empty() const { return written.is_null() && loaded.is_null(); }
};

/// `origin.written` with the changes from `origin.loaded` to `current` applied (see JsonOrigin); `current`
/// itself when the origin is empty.
Json applyChanges(const JsonOrigin& origin, const Json& current);

} // namespace gis

GIS_API_END
