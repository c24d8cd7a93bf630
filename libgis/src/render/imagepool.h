#pragma once

// Private: pixel buffers for map images, reused from one render to the next. On this machine touching a fresh
// 32 MB buffer costs tens of milliseconds in page faults (more than drawing a thousand polygons), and a viewer
// renders the same size again and again.

#include <QImage>
#include <QSize>

namespace gis::detail {

/// A premultiplied ARGB32 image of `size` whose buffer, once every copy of the image is gone, goes back to a
/// small process-wide pool (at most a few buffers and 512 MB; the least recently returned go first). Its pixels
/// are not initialised. Any thread may call it, and any thread may drop the image.
QImage pooledImage(QSize size);

} // namespace gis::detail
