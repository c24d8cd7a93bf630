#pragma once

// Private: how the render module's exports replace a file — written beside it, then renamed over it.

#include <QString>

#include <functional>
#include <string>

namespace gis::detail {

/// The lower-case extension of `path` when it is .png, .pdf or .svg; otherwise throws Error(Argument) saying
/// "`path`: unknown `what` format (use .png, .pdf or .svg)".
std::string exportExtension(const std::string& path, const char* what);

/// Runs `write` on a temporary file beside `path` (".NAME.tmpEXT"), then renames it over `path`. The temporary
/// file is removed when `write` returns false or throws, so `path` is always either the old file or the whole new
/// one. Throws Error(Io) naming `path` when its folder does not exist, the write fails or the rename does.
void writeBeside(const std::string& path, const std::string& ext, const std::function<bool(const QString&)>& write);

} // namespace gis::detail
