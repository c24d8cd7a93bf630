#include "renderworker.h"

#include <chrono>

namespace viewer {

RenderWorker::RenderWorker(QObject* parent)
    : QObject(parent), m_worker([this](Job& job, const gis::CancellationToken& token) { render(job, token); })
{
}

RenderWorker::~RenderWorker() = default;

std::uint64_t RenderWorker::submit(gis::RenderRequest request)
{
    const std::uint64_t generation = ++m_latest;
    if (!request.session)
        request.session = m_session; // buffers, halos and icons carry over from one frame to the next
    m_worker.post({generation, std::move(request)});
    return generation;
}

void RenderWorker::cancelAll()
{
    m_worker.cancel();
    m_delivered = m_latest;
}

void RenderWorker::render(Job& job, const gis::CancellationToken& token)
{
    const auto start = std::chrono::steady_clock::now();
    gis::RenderResult result = gis::renderImage(job.second, token);
    RenderFrame frame;
    frame.generation = job.first;
    frame.image = std::move(result.image);
    frame.transform = gis::MapTransform(job.second.extent, job.second.size);
    frame.errors = std::move(result.errors);
    frame.featuresDrawn = result.featuresDrawn;
    frame.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool cancelled = result.cancelled || token.isCancelled();
    // Queued to the GUI thread; dropped by Qt if this object is gone by then.
    QMetaObject::invokeMethod(this, [this, frame = std::move(frame), cancelled]() mutable {
        deliver(std::move(frame), cancelled);
    }, Qt::QueuedConnection);
}

void RenderWorker::deliver(RenderFrame frame, bool cancelled)
{
    if (frame.generation == m_latest)
        m_delivered = m_latest; // the newest request is answered, even when it came back empty
    if (cancelled || frame.generation != m_latest || frame.image.isNull()) {
        ++m_dropped;
        return;
    }
    m_frame = std::move(frame);
    emit frameReady(m_frame.generation);
}

} // namespace viewer
