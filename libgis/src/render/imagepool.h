#pragma once

// Private: pixel buffers for map images, reused from one render to the next. On this machine touching a fresh
// 32 MB buffer costs tens of milliseconds in page faults (more than drawing a thousand polygons), and a viewer
// renders the same size again and again. Each gis::RenderSession owns one pool.

#include <QImage>
#include <QSize>

#include <memory>

namespace gis::detail {

class ImagePool {
public:
    ImagePool();
    ~ImagePool();

    /// A premultiplied ARGB32 image of `size` whose buffer, once every copy of the image is gone, goes back to this
    /// pool (at most a few buffers and 512 MB; the least recently returned go first), or is freed when the pool is
    /// gone by then. Its pixels are not initialised; a null image when memory ran out. Any thread may call it, and
    /// any thread may drop the image.
    QImage image(QSize size);
    /// Frees the buffers not in use.
    void clear();

    struct State;

private:
    std::shared_ptr<State> m_state; // shared with the images handed out, which may outlive the pool
};

} // namespace gis::detail
