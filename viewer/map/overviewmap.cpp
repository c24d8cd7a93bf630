#include "overviewmap.h"

#include <QMouseEvent>
#include <QPainter>

#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

OverviewMap::OverviewMap(MapDocument* document, MapCanvas* canvas, QWidget* parent)
    : QWidget(parent), m_doc(document), m_canvas(canvas)
{
    setMinimumSize(120, 90);
    connect(&m_worker, &RenderWorker::frameReady, this, qOverload<>(&QWidget::update));
    connect(canvas, &MapCanvas::viewChanged, this, qOverload<>(&QWidget::update));
    connect(document, &MapDocument::layersChanged, this, &OverviewMap::render);
    connect(document, &MapDocument::layerChanged, this, &OverviewMap::render);
    connect(document, &MapDocument::crsChanged, this, &OverviewMap::render);
}

gis::Box OverviewMap::fullExtent() const
{
    gis::Box full = m_doc->fullExtent();
    // The context of the project's starting view, one level up: the smallest layer extent that holds the view and is
    // at least kContextArea times its area. The union of every layer framed the sample's whole Arabian Peninsula (its
    // countries layer) with Oman a speck; its towns frame Oman. Without a starting view or such a layer: everything.
    constexpr double kContextArea = 4;
    const gis::Box start = m_doc->initialExtent();
    if (!start.isEmpty()) {
        const double startArea = start.width() * start.height();
        for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
            const gis::Box e = m_doc->layerExtent(m_doc->idAt(i));
            const double area = e.width() * e.height();
            if (!e.isEmpty() && e.contains(start) && area >= kContextArea * startArea && area < full.width() * full.height())
                full = e;
        }
    }
    if (full.isEmpty())
        return full;
    const double m = std::max(full.width(), full.height()) * 0.03;
    return {full.minX - m, full.minY - m, full.maxX + m, full.maxY + m};
}

void OverviewMap::render()
{
    if (!isVisible() || width() < 2 || height() < 2 || fullExtent().isEmpty())
        return;
    gis::RenderRequest request = m_doc->makeRequest(fullExtent(), size(), 96);
    request.drawLabels = false;
    m_worker.submit(std::move(request));
}

void OverviewMap::resizeEvent(QResizeEvent*)
{
    render();
}

void OverviewMap::showEvent(QShowEvent*)
{
    render();
}

void OverviewMap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), m_doc->background());
    const RenderFrame& frame = m_worker.lastFrame();
    if (frame.image.isNull())
        return;
    p.drawImage(QPoint(0, 0), frame.image);
    const gis::Box view = m_canvas->extent();
    const QPointF tl = frame.transform.toDevice({view.minX, view.maxY});
    const QPointF br = frame.transform.toDevice({view.maxX, view.minY});
    QRectF r(tl, br);
    if (r.width() < 6 || r.height() < 6) // too small to see: a cross-hair box around it
        r = QRectF(r.center() - QPointF(4, 4), QSizeF(8, 8));
    p.setPen(QPen(QColor(200, 30, 30), 2));
    p.setBrush(QColor(200, 30, 30, 40));
    p.drawRect(r);
    p.setPen(QPen(QColor(120, 120, 120), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

void OverviewMap::mousePressEvent(QMouseEvent* event)
{
    const RenderFrame& frame = m_worker.lastFrame();
    if (!frame.image.isNull() && event->button() == Qt::LeftButton)
        m_canvas->setCenter(frame.transform.toMap(event->position()));
}

void OverviewMap::mouseMoveEvent(QMouseEvent* event)
{
    const RenderFrame& frame = m_worker.lastFrame();
    if (!frame.image.isNull() && (event->buttons() & Qt::LeftButton))
        m_canvas->setCenter(frame.transform.toMap(event->position()));
}

} // namespace viewer
