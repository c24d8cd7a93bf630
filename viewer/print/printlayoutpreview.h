#pragma once

#include <QImage>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "gis/layout/layoutdraw.h"
#include "map/latestjobthread.h"

namespace viewer {

/// The page of a print layout as it will print: gis::drawLayout (the export's own code) paints it into a QImage
/// on a worker thread, at the DPI that fits the page into the widget. A burst of edits (typing a title) renders
/// once after a short pause; a newer page cancels the render in progress through its CancellationToken and a
/// result that is no longer the newest is dropped. Used and owned by the GUI thread; destroying it cancels and
/// joins its worker.
class PrintLayoutPreview : public QWidget {
    Q_OBJECT
public:
    explicit PrintLayoutPreview(QWidget* parent = nullptr);
    ~PrintLayoutPreview() override;

    /// Schedules a render of this page after the pause (a stale render in progress is cancelled at once).
    void setPage(gis::Layout layout, gis::LayoutContent content);
    /// Starts the scheduled render now instead of after the pause.
    void renderNow();

    /// The newest finished page (device pixels, white paper) and the DPI it was drawn at: a rectangle of the
    /// layout in mm is at rectMm * imageDpi() / 25.4 in it. Null before the first render.
    const QImage& image() const { return m_image; }
    double imageDpi() const { return m_imageDpi; }
    /// Layer errors of the newest finished page's map frames.
    const std::vector<gis::LayerError>& errors() const { return m_errors; }
    /// True while the newest page has not been delivered (waiting for the pause or rendering).
    bool isRendering() const { return m_delivered < m_latest; }
    /// Results dropped because a newer page was asked for (stale or cancelled).
    int droppedCount() const { return m_dropped; }

    QSize sizeHint() const override { return {640, 460}; }

signals:
    /// image() holds the newest page.
    void rendered();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Job {
        std::uint64_t generation = 0;
        gis::Layout layout;
        gis::LayoutContent content;
        double dpi = 0;
        double devicePixelRatio = 1;
    };
    void schedule();
    void submit();
    void render(Job& job, const gis::CancellationToken& token); ///< on the worker thread
    void deliver(std::uint64_t generation, QImage image, double dpi, std::vector<gis::LayerError> errors, bool cancelled);
    QRectF pageRect() const; ///< where the page goes in the widget (logical pixels)

    // GUI thread only.
    gis::Layout m_layout;
    gis::LayoutContent m_content;
    bool m_hasPage = false;
    QTimer m_pause;
    std::uint64_t m_latest = 0;
    std::uint64_t m_delivered = 0;
    QImage m_image;
    double m_imageDpi = 0;
    std::vector<gis::LayerError> m_errors;
    int m_dropped = 0;

    LatestJobThread<Job> m_worker; // last: joined before the members above go
};

} // namespace viewer
