#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Limits of the small files a document names. A JSON document (project, style, layout template) of 16 MiB
/// is tens of thousands of layers or style rules, far beyond any real one; an SVG icon of 4 MiB is already a
/// drawing, not a symbol. Larger files are refused instead of read until memory runs out.
inline constexpr std::size_t kMaxJsonFileBytes = std::size_t{16} << 20;
inline constexpr std::size_t kMaxIconFileBytes = std::size_t{4} << 20;
/// A print layout's image item (a logo, a north arrow): 32 MiB is a 4000 x 2800 uncompressed-size PNG's worth.
inline constexpr std::size_t kMaxLayoutImageBytes = std::size_t{32} << 20;

/// Reads a whole small file (a JSON document, an SVG icon) without ever blocking or reading without end: the
/// file is opened non-blocking (a FIFO with no writer returns at once), must be a regular file (not a FIFO,
/// device, socket or folder: `/dev/zero` and `/dev/stdin` are refused), and at most `maxBytes` are accepted.
/// `what` names the file's role in messages ("style file").
///
/// Throws Error(Io) naming `path` when it cannot be opened or read, or is not a regular file, and
/// Error(Format) naming the path and the limit when it is larger than `maxBytes`. Any thread may call it.
std::string readSmallFile(const std::string& path, std::size_t maxBytes, std::string_view what);

/// The first (up to) `n` bytes of a regular file, with readSmallFile's rules for what may be opened:
/// for recognising a file's format by its header. Throws Error(Io) like readSmallFile.
std::string readFileHead(const std::string& path, std::size_t n, std::string_view what);

} // namespace gis

GIS_API_END
