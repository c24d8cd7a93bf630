#pragma once

// How map and layout exports choose and encode their file format before gis::AtomicFile writes them.

#include <QByteArray>
#include <QImage>

#include <string>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// The lower-case extension of `path` when it is .png, .pdf or .svg; otherwise throws Error(Argument) saying
/// "`path`: unknown `what` format (use .png, .pdf or .svg)". Any thread.
std::string exportExtension(const std::string& path, const char* what);

/// `image` as PNG bytes (zlib level 1: fast, and a map's flat colours still compress well). Throws Error(Io)
/// naming `path` when Qt cannot encode it. Any thread, for different images.
QByteArray encodePng(const QImage& image, const std::string& path);

} // namespace gis

GIS_API_END
