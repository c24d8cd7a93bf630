#include "swipeview.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "drone/flightstack.h"
#include "map/mapcanvas.h"

namespace viewer {

SwipeView::SwipeView(MapCanvas* canvas, FlightStack* stack) : QWidget(canvas), m_canvas(canvas), m_stack(stack)
{
    setObjectName("swipeDivider");
    setCursor(Qt::SplitHCursor);
    setAttribute(Qt::WA_NoSystemBackground);
    hide();
    m_canvas->installEventFilter(this);
    connect(m_canvas, &MapCanvas::renderSubmitted, this, [this](const gis::Box& extent, QSize size, double dpi) {
        if (m_active)
            m_worker.submit(m_stack->requestFor(m_stack->comparison(), extent, size, dpi));
    });
    connect(&m_worker, &RenderWorker::frameReady, m_canvas, qOverload<>(&QWidget::update));
    // Another flight chosen: both images change (the canvas's through the document's visibility).
    connect(m_stack, &FlightStack::currentChanged, this, [this] {
        if (m_active)
            m_canvas->refresh();
    });
}

SwipeView::~SwipeView()
{
    if (m_active)
        m_canvas->setUnderlayPainter({});
}

void SwipeView::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active) {
        m_canvas->setUnderlayPainter([this](QPainter& p) { composite(p); });
        place();
        show();
        raise();
        m_canvas->refresh(); // renders the current flight and, through renderSubmitted, the comparison
    } else {
        m_worker.cancelAll();
        m_canvas->setUnderlayPainter({});
        hide();
    }
}

int SwipeView::dividerX() const
{
    return static_cast<int>(std::lround(m_fraction * m_canvas->width()));
}

void SwipeView::setDividerX(int x)
{
    const int w = std::max(1, m_canvas->width());
    x = std::clamp(x, 0, w);
    if (x == dividerX())
        return;
    m_fraction = static_cast<double>(x) / w;
    place();
    m_canvas->update(); // a composite of the two images already rendered: no render
    emit dividerMoved(x);
}

void SwipeView::place()
{
    setGeometry(dividerX() - kHandleWidth / 2, 0, kHandleWidth, m_canvas->height());
}

void SwipeView::composite(QPainter& p) const
{
    const RenderFrame& frame = m_worker.lastFrame();
    const bool rtl = m_canvas->layoutDirection() == Qt::RightToLeft;
    const int x = dividerX();
    const QRect earlierSide = rtl ? QRect(0, 0, x, m_canvas->height())
                                  : QRect(x, 0, m_canvas->width() - x, m_canvas->height());
    p.save();
    p.setClipRect(earlierSide);
    if (frame.image.isNull()) {
        p.fillRect(earlierSide, QColor(255, 255, 255, 160)); // not rendered yet: do not pass the current one off as it
    } else {
        const gis::Box& e = frame.transform.extent();
        const QPointF tl = m_canvas->mapToWidget({e.minX, e.maxY});
        const QPointF br = m_canvas->mapToWidget({e.maxX, e.minY});
        p.drawImage(QRectF(tl, br), frame.image);
    }
    p.restore();
}

void SwipeView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const int cx = width() / 2;
    p.fillRect(QRect(cx - 1, 0, 3, height()), QColor(255, 255, 255));
    p.fillRect(QRect(cx, 0, 1, height()), QColor(40, 40, 40));
    // The grip, where the eye looks for something to drag.
    const QRect grip(0, height() / 2 - 20, width(), 40);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(40, 40, 40), 1));
    p.setBrush(QColor(255, 255, 255));
    p.drawRoundedRect(grip.adjusted(1, 0, -1, 0), 4, 4);
    for (int dy : {-6, 0, 6})
        p.drawLine(QPointF(cx - 3, grip.center().y() + dy), QPointF(cx + 3, grip.center().y() + dy));
}

void SwipeView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        m_grab = dividerX() - m_canvas->mapFromGlobal(event->globalPosition()).toPoint().x();
}

void SwipeView::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton)
        // Global: the handle moves under the mouse, so its own coordinates shift with every step.
        setDividerX(m_canvas->mapFromGlobal(event->globalPosition()).toPoint().x() + m_grab);
}

void SwipeView::mouseReleaseEvent(QMouseEvent*)
{
    m_grab = 0;
}

bool SwipeView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_canvas && event->type() == QEvent::Resize && m_active)
        place();
    return QWidget::eventFilter(watched, event);
}

} // namespace viewer
