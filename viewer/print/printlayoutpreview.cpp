#include "printlayoutpreview.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace viewer {

namespace {

constexpr int kPauseMs = 200;  // after the last edit: typing a title renders once, not per key
constexpr int kMarginPx = 12;  // grey around the page

} // namespace

PrintLayoutPreview::PrintLayoutPreview(QWidget* parent)
    : QWidget(parent), m_worker([this](Job& job, const gis::CancellationToken& token) { render(job, token); })
{
    setObjectName("PrintLayoutPreview");
    setMinimumSize(240, 180);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_pause.setSingleShot(true);
    m_pause.setInterval(kPauseMs);
    connect(&m_pause, &QTimer::timeout, this, &PrintLayoutPreview::submit);
}

PrintLayoutPreview::~PrintLayoutPreview() = default;

void PrintLayoutPreview::setPage(gis::Layout layout, gis::LayoutContent content)
{
    m_layout = std::move(layout);
    m_content = std::move(content);
    m_hasPage = true;
    schedule();
}

void PrintLayoutPreview::schedule()
{
    // The generation is taken now, not when the pause ends, so a render of the previous page that finishes
    // during the pause is recognised as stale.
    ++m_latest;
    m_worker.cancel();
    m_pause.start();
    update();
}

void PrintLayoutPreview::renderNow()
{
    if (m_pause.isActive()) {
        m_pause.stop();
        submit();
    }
}

QRectF PrintLayoutPreview::pageRect() const
{
    const QRectF area = QRectF(rect()).adjusted(kMarginPx, kMarginPx, -kMarginPx, -kMarginPx);
    if (m_layout.widthMm <= 0 || m_layout.heightMm <= 0 || area.width() < 4 || area.height() < 4)
        return {};
    const double s = std::min(area.width() / m_layout.widthMm, area.height() / m_layout.heightMm);
    const QSizeF size(m_layout.widthMm * s, m_layout.heightMm * s);
    return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

void PrintLayoutPreview::submit()
{
    if (!m_hasPage)
        return;
    Job job;
    job.generation = m_latest;
    job.layout = m_layout;
    job.content = m_content;
    job.devicePixelRatio = devicePixelRatioF();
    // The DPI at which the page is as wide as its place in the widget, in device pixels.
    const QRectF page = pageRect();
    const double logicalDpi = page.isEmpty() ? 24 : page.width() / (m_layout.widthMm / 25.4);
    job.dpi = std::clamp(logicalDpi * job.devicePixelRatio, 4.0, 600.0);
    m_worker.post(std::move(job));
}

void PrintLayoutPreview::render(Job& job, const gis::CancellationToken& token)
{
    // What gis::exportLayout writes to a PNG, at the preview's DPI.
    std::vector<gis::LayerError> errors;
    QImage image = gis::renderLayoutImage(job.layout, job.content, job.dpi, token, &errors);
    image.setDevicePixelRatio(job.devicePixelRatio); // after painting: it would scale the painter
    const bool cancelled = token.isCancelled();
    // Queued to the GUI thread; dropped by Qt if this widget is gone by then.
    QMetaObject::invokeMethod(this, [this, g = job.generation, image = std::move(image), dpi = job.dpi,
        errors = std::move(errors), cancelled]() mutable { deliver(g, std::move(image), dpi, std::move(errors), cancelled); },
        Qt::QueuedConnection);
}

void PrintLayoutPreview::deliver(std::uint64_t generation, QImage image, double dpi, std::vector<gis::LayerError> errors, bool cancelled)
{
    if (generation != m_latest || cancelled || image.isNull()) {
        ++m_dropped;
        return;
    }
    m_delivered = m_latest;
    m_image = std::move(image);
    m_imageDpi = dpi;
    m_errors = std::move(errors);
    update();
    emit rendered();
}

void PrintLayoutPreview::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_hasPage)
        schedule(); // the same page at the DPI of the new size
}

void PrintLayoutPreview::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x8a, 0x90, 0x99));
    const QRectF page = pageRect();
    if (page.isEmpty())
        return;
    p.fillRect(page.translated(3, 3), QColor(0, 0, 0, 70));
    p.fillRect(page, Qt::white);
    // The previous image stays up while the next renders, unless it is of a page of another shape.
    if (!m_image.isNull()) {
        const double imageAspect = double(m_image.width()) / m_image.height();
        if (std::abs(imageAspect / (page.width() / page.height()) - 1) < 0.02) {
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(page, m_image);
        }
    }
    if (isRendering()) {
        const QRectF note = QRectF(rect()).adjusted(kMarginPx, 0, -kMarginPx, 0);
        p.setPen(Qt::white);
        p.drawText(note, Qt::AlignTop | Qt::AlignLeading, tr("Rendering…"));
    }
}

} // namespace viewer
