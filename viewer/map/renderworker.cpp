#include "renderworker.h"

#include <algorithm>
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
    const bool hasRaster = std::any_of(job.second.layers.begin(), job.second.layers.end(),
        [](const gis::MapLayer& l) { return l.visible && l.raster; });
    if (hasRaster) {
        // What the tile cache holds, at once; the frame is final when nothing was missing.
        gis::RenderRequest preview = job.second;
        preview.rasterCachedOnly = true;
        gis::RenderResult first = gis::renderImage(preview, token);
        if (first.rasterTilesMissing == 0 || first.cancelled || token.isCancelled()) {
            deliverFrom(job, std::move(first), start, token, false);
            return;
        }
        deliverFrom(job, std::move(first), start, token, true);
    }
    deliverFrom(job, gis::renderImage(job.second, token), start, token, false);
}

void RenderWorker::deliverFrom(const Job& job, gis::RenderResult result, std::chrono::steady_clock::time_point start,
    const gis::CancellationToken& token, bool preview)
{
    RenderFrame frame;
    frame.preview = preview;
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
    if (frame.generation == m_latest && !frame.preview)
        m_delivered = m_latest; // the newest request is answered, even when it came back empty
    if (cancelled || frame.generation != m_latest || frame.image.isNull()) {
        ++m_dropped;
        return;
    }
    m_frame = std::move(frame);
    emit frameReady(m_frame.generation);
}

} // namespace viewer
