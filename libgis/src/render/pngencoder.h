#pragma once

// The PNG encoder of every export (maps, layouts): fast and small. Qt's writer (libpng and zlib) at the level that
// kept it fast (1) made the sample map 7.7 MB; at zlib's default level it is small but took most of a `gis render`.
// This one picks each row's filter by the usual minimum-sum heuristic, or none for an image of flat colours (decided
// on a sample), and compresses with libdeflate, which is both
// faster and tighter than zlib at the same level; an image whose pixels are all opaque is written without alpha.

#include <QByteArray>
#include <QImage>

namespace gis::detail {

/// Compression effort: libdeflate's level (1 fastest .. 12 smallest).
inline constexpr int kPngLevel = 6;

/// `image` as PNG bytes: 8-bit RGB (every pixel opaque) or RGBA (straight alpha, as Qt's writer un-premultiplies),
/// its resolution (pHYs, when set) and its text (tEXt, or iTXt for non-Latin-1 text). Pixels decode to exactly what
/// Qt's own PNG writer gives. An empty QByteArray for a null image or when memory runs out.
QByteArray encodePngFast(const QImage& image, int level = kPngLevel);

} // namespace gis::detail
