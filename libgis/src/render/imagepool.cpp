#include "imagepool.h"

#include <cstdlib>
#include <deque>
#include <mutex>

namespace gis::detail {

namespace {

constexpr std::size_t kMaxBuffers = 6;
constexpr std::size_t kMaxBytes = std::size_t{512} << 20;

struct Buffer {
    void* data = nullptr;
    std::size_t bytes = 0;
};

} // namespace

struct ImagePool::State {
    std::mutex mutex;
    std::deque<Buffer> free; // most recently returned at the back
    std::size_t bytes = 0;
    bool open = true;        // false once the pool is gone: returned buffers are freed

    void freeAll()
    {
        for (const Buffer& b : free)
            std::free(b.data);
        free.clear();
        bytes = 0;
    }
};

namespace {

struct Owner {
    Buffer buffer;
    std::shared_ptr<ImagePool::State> pool;
};

void giveBack(void* info)
{
    auto* owner = static_cast<Owner*>(info);
    ImagePool::State& p = *owner->pool;
    {
        const std::lock_guard lock(p.mutex);
        if (p.open && owner->buffer.bytes <= kMaxBytes) {
            p.free.push_back(owner->buffer);
            p.bytes += owner->buffer.bytes;
            while (p.free.size() > kMaxBuffers || p.bytes > kMaxBytes) {
                p.bytes -= p.free.front().bytes;
                std::free(p.free.front().data);
                p.free.pop_front();
            }
            owner->buffer.data = nullptr;
        }
    }
    std::free(owner->buffer.data);
    delete owner;
}

} // namespace

ImagePool::ImagePool() : m_state(std::make_shared<State>()) {}

ImagePool::~ImagePool()
{
    const std::lock_guard lock(m_state->mutex);
    m_state->open = false;
    m_state->freeAll();
}

void ImagePool::clear()
{
    const std::lock_guard lock(m_state->mutex);
    m_state->freeAll();
}

QImage ImagePool::image(QSize size)
{
    const std::size_t stride = static_cast<std::size_t>(size.width()) * 4;
    const std::size_t bytes = stride * static_cast<std::size_t>(size.height());
    auto* owner = new Owner;
    owner->pool = m_state;
    {
        State& p = *m_state;
        const std::lock_guard lock(p.mutex);
        for (auto it = p.free.rbegin(); it != p.free.rend(); ++it)
            if (it->bytes == bytes) {
                owner->buffer = *it;
                p.bytes -= it->bytes;
                p.free.erase(std::next(it).base());
                break;
            }
    }
    if (!owner->buffer.data) {
        owner->buffer.data = std::malloc(bytes == 0 ? 4 : bytes);
        owner->buffer.bytes = bytes;
        if (!owner->buffer.data) {
            delete owner;
            return QImage(); // the caller reports an image it could not get
        }
    }
    return QImage(static_cast<uchar*>(owner->buffer.data), size.width(), size.height(), static_cast<qsizetype>(stride),
        QImage::Format_ARGB32_Premultiplied, giveBack, owner);
}

} // namespace gis::detail
