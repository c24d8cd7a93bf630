#pragma once

#include <QImage>
#include <QObject>

#include <chrono>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "gis/render/maprenderer.h"
#include "map/latestjobthread.h"

namespace viewer {

/// One finished map image and where it lies on the map.
struct RenderFrame {
    std::uint64_t generation = 0;
    QImage image;                       ///< empty until the first frame
    gis::MapTransform transform;        ///< maps the image's pixels to map coordinates
    std::vector<gis::LayerError> errors;
    double milliseconds = 0;            ///< wall time of the render on the worker
    std::size_t featuresDrawn = 0;
    /// Raster layers drawn only from cached tiles (coarser ones upscaled); the refined frame of the same
    /// generation follows.
    bool preview = false;
};

/// Renders RenderRequests on one worker thread with gis::renderImage. The newest request wins: submitting
/// cancels the render in progress (its CancellationToken) and replaces any request still waiting, and a
/// result whose generation is no longer the newest is dropped when it reaches the GUI thread. Results arrive
/// on the owner's thread as frameReady(). A request with raster layers is answered twice when their tiles are not
/// all cached: at once with what the tile cache holds (RenderRequest::rasterCachedOnly, RenderFrame::preview), then
/// refined once the tiles are read; a newer request cancels the reading of tiles that left the view. Owned and used by the GUI thread; destroying it cancels and joins.
class RenderWorker : public QObject {
    Q_OBJECT
public:
    explicit RenderWorker(QObject* parent = nullptr);
    ~RenderWorker() override;

    /// Queues a render; returns its generation.
    std::uint64_t submit(gis::RenderRequest request);
    /// Cancels everything queued or running (results already on their way are dropped).
    void cancelAll();
    std::uint64_t latestGeneration() const { return m_latest; }
    bool isBusy() const { return m_delivered < m_latest; }
    const RenderFrame& lastFrame() const { return m_frame; }
    /// Results that arrived after a newer request (dropped) or were cancelled.
    int droppedCount() const { return m_dropped; }

signals:
    void frameReady(quint64 generation);

private:
    using Job = std::pair<std::uint64_t, gis::RenderRequest>; ///< generation, request
    void render(Job& job, const gis::CancellationToken& token); ///< on the worker thread
    /// Queues `result` of `job` to the GUI thread as a frame (on the worker thread).
    void deliverFrom(const Job& job, gis::RenderResult result, std::chrono::steady_clock::time_point start,
        const gis::CancellationToken& token, bool preview);
    void deliver(RenderFrame frame, bool cancelled);

    // GUI thread only.
    std::uint64_t m_latest = 0;
    std::uint64_t m_delivered = 0;
    RenderFrame m_frame;
    int m_dropped = 0;

    std::shared_ptr<gis::RenderSession> m_session = std::make_shared<gis::RenderSession>(); // this canvas's caches
    LatestJobThread<Job> m_worker; // last: joined before the members above go
};

} // namespace viewer
