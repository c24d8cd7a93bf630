#include "mapcanvas.h"

#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "map/mapdocument.h"
#include "map/scalebar.h"

namespace viewer {

MapCanvas::MapCanvas(MapDocument* document, QWidget* parent) : QWidget(parent), m_doc(document), m_overlay(document)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &MapCanvas::submitRender);
    connect(&m_worker, &RenderWorker::frameReady, this, &MapCanvas::onFrame);
    connect(m_doc, &MapDocument::layerChanged, this, [this] { scheduleRender(0); });
    // Edits shown over the data (MapDocument::setLayerEdits), a drag's frames among them: the newest request wins in
    // the worker, so the map follows the mouse as fast as frames are drawn. A selected feature may have moved.
    connect(m_doc, &MapDocument::layerEditsChanged, this, [this](int id) {
        if (!m_doc->selection(id).empty())
            m_overlay.rebuildSelection(id);
        scheduleRender(0);
    });
    connect(m_doc, &MapDocument::layersChanged, this, [this] {
        m_overlay.rebuildAllSelections();
        scheduleRender(0);
    });
    connect(m_doc, &MapDocument::layerNoteChanged, this, qOverload<>(&QWidget::update));
    connect(m_doc, &MapDocument::selectionChanged, this, [this](int id) {
        m_overlay.rebuildSelection(id);
        update();
    });
    connect(m_doc, &MapDocument::crsChanged, this, [this] {
        m_firstValidFrame = m_worker.latestGeneration() + 1; // the last image is in the old CRS: no preview of it
        m_history.clear(); // views of another CRS
        m_historyIndex = -1;
        m_overlay.rebuildAllSelections();
        clearHighlight();
        clearMeasure();
    });
    connect(m_doc, &MapDocument::projectChanged, this, [this] {
        m_viewSet = false;
        m_history.clear();
        m_historyIndex = -1;
        clearHighlight();
        clearMeasure();
        const gis::Box initial = m_doc->initialExtent();
        setExtent(initial.isEmpty() ? m_doc->fullExtent() : initial);
    });
}

void MapCanvas::setTool(Tool tool)
{
    m_tool = tool;
    m_sketch.clear();
    m_drag = Drag::None;
    setCursor(tool == Tool::Pan ? Qt::OpenHandCursor : tool == Tool::Identify ? Qt::WhatsThisCursor : Qt::CrossCursor);
    update();
}

// --- the view -----------------------------------------------------------------------------------------------

gis::MapTransform MapCanvas::transform() const
{
    const double w = std::max(1, width()), h = std::max(1, height());
    const double px = m_view.pixel;
    const gis::Box box(m_view.center.x - w * px / 2, m_view.center.y - h * px / 2, m_view.center.x + w * px / 2,
        m_view.center.y + h * px / 2);
    return gis::MapTransform(box, QSize(static_cast<int>(w), static_cast<int>(h)));
}

gis::Box MapCanvas::extent() const
{
    return transform().extent();
}

void MapCanvas::applyView(const View& view, int renderDelayMs)
{
    if (!(view.pixel > 0) || !std::isfinite(view.pixel) || !std::isfinite(view.center.x) || !std::isfinite(view.center.y))
        return;
    m_view = view;
    m_viewSet = true;
    update(); // the preview: the last image moved/scaled at once
    emit viewChanged();
    scheduleRender(renderDelayMs);
}

void MapCanvas::setExtent(const gis::Box& box)
{
    if (box.isEmpty())
        return;
    double w = box.width(), h = box.height();
    if (w <= 0 && h <= 0) // a single point: show a neighbourhood
        w = h = m_view.pixel > 0 && m_viewSet ? m_view.pixel * 200 : 1000;
    const double px = std::max(w / std::max(1, width()), h / std::max(1, height()));
    applyView({box.center(), px}, 0);
    m_fitExtent = hasFrame() ? gis::Box() : box;
}

void MapCanvas::zoomToFullExtent()
{
    gis::Box full = m_doc->fullExtent();
    if (full.isEmpty())
        return;
    const double mx = full.width() * 0.02, my = full.height() * 0.02;
    setExtent({full.minX - mx, full.minY - my, full.maxX + mx, full.maxY + my});
}

void MapCanvas::zoomAt(double factor, QPointF anchor)
{
    m_fitExtent = gis::Box();
    if (!(factor > 0))
        return;
    const gis::Coord p = widgetToMap(anchor);
    View v = m_view;
    v.pixel = m_view.pixel / factor;
    v.center = {p.x + (m_view.center.x - p.x) / factor, p.y + (m_view.center.y - p.y) / factor};
    applyView(v, 150);
}

void MapCanvas::panByPixels(QPointF delta)
{
    m_fitExtent = gis::Box();
    View v = m_view;
    v.center = {m_view.center.x - delta.x() * m_view.pixel, m_view.center.y + delta.y() * m_view.pixel};
    applyView(v, m_drag == Drag::Pan ? -1 : 100);
}

void MapCanvas::matchView(const MapCanvas& other)
{
    if (!other.m_viewSet || (m_viewSet && other.m_view == m_view))
        return;
    m_fitExtent = gis::Box();
    applyView(other.m_view, 100);
}

void MapCanvas::setRequestMaker(RequestMaker maker)
{
    m_requestMaker = std::move(maker);
    scheduleRender(0);
}

void MapCanvas::setUnderlayPainter(std::function<void(QPainter&)> painter)
{
    m_underlay = std::move(painter);
    update();
}

void MapCanvas::setCenter(const gis::Coord& center)
{
    applyView({center, m_view.pixel}, 0);
}

double MapCanvas::scale() const
{
    if (!m_viewSet)
        return 0;
    return gis::scaleDenominator(m_doc->makeRequest(extent(), size(), 96));
}

void MapCanvas::setScale(double denominator)
{
    const double current = scale();
    if (!(denominator > 0) || !(current > 0))
        return;
    applyView({m_view.center, m_view.pixel * denominator / current}, 0);
}

void MapCanvas::recordHistory()
{
    if (m_historyIndex >= 0 && m_history[static_cast<std::size_t>(m_historyIndex)] == m_view)
        return;
    m_history.resize(static_cast<std::size_t>(m_historyIndex + 1));
    m_history.push_back(m_view);
    if (m_history.size() > 100)
        m_history.erase(m_history.begin());
    m_historyIndex = static_cast<int>(m_history.size()) - 1;
    emit viewChanged(); // previous/next may have become possible
}

void MapCanvas::previousExtent()
{
    if (m_historyIndex >= 0 && m_history[static_cast<std::size_t>(m_historyIndex)] != m_view)
        recordHistory(); // the view not rendered yet is where "next" comes back to
    if (!canGoBack())
        return;
    m_view = m_history[static_cast<std::size_t>(--m_historyIndex)];
    update();
    emit viewChanged();
    scheduleRender(0);
}

void MapCanvas::nextExtent()
{
    if (!canGoForward())
        return;
    m_view = m_history[static_cast<std::size_t>(++m_historyIndex)];
    update();
    emit viewChanged();
    scheduleRender(0);
}

// --- rendering ----------------------------------------------------------------------------------------------

void MapCanvas::refresh()
{
    scheduleRender(0);
}

void MapCanvas::scheduleRender(int delayMs)
{
    if (delayMs < 0) // while dragging: the preview only
        return;
    m_renderTimer.start(delayMs);
}

void MapCanvas::submitRender()
{
    if (!m_viewSet || !isVisible() || width() < 2 || height() < 2)
        return;
    if (m_history.empty() || m_history[static_cast<std::size_t>(m_historyIndex)] != m_view)
        recordHistory();
    const qreal dpr = devicePixelRatioF();
    const QSize device(static_cast<int>(width() * dpr), static_cast<int>(height() * dpr));
    gis::RenderRequest request = m_requestMaker ? m_requestMaker(extent(), device, 96 * dpr)
                                                : m_doc->makeRequest(extent(), device, 96 * dpr);
    m_worker.submit(std::move(request));
    emit renderSubmitted(extent(), device, 96 * dpr);
    m_doc->showingExtent(extent()); // big PostGIS layers fetch this view (their rows arrive as layerChanged)
    emit renderStarted();
}

void MapCanvas::onFrame()
{
    const RenderFrame& frame = m_worker.lastFrame();
    update();
    emit renderFinished(frame.milliseconds);
    emit frameShown(frame.generation);
}

void MapCanvas::setHighlight(int layerId, const std::vector<std::uint32_t>& rows)
{
    m_overlay.setHighlight(layerId, rows);
    update();
}

void MapCanvas::clearHighlight()
{
    m_overlay.clearHighlight();
    update();
}

// --- events -------------------------------------------------------------------------------------------------

void MapCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), m_doc->background().isValid() ? m_doc->background() : QColor(Qt::white));
    const RenderFrame& frame = m_worker.lastFrame();
    if (!frame.image.isNull() && frame.generation >= m_firstValidFrame) {
        const gis::Box& e = frame.transform.extent();
        const QPointF tl = mapToWidget({e.minX, e.maxY});
        const QPointF br = mapToWidget({e.maxX, e.minY});
        p.setRenderHint(QPainter::SmoothPixmapTransform, m_drag == Drag::None);
        p.drawImage(QRectF(tl, br), frame.image);
    }
    if (m_underlay)
        m_underlay(p);
    p.setRenderHint(QPainter::Antialiasing);
    m_overlay.draw(p, transform(), size());
    drawSketches(p);
    drawScaleBar(p, scale(), size(), layoutDirection(), locale());
    drawNotes(p);
}

void MapCanvas::drawNotes(QPainter& p) const
{
    const QStringList notes = m_doc->layerNotes();
    if (notes.isEmpty())
        return;
    const QFontMetrics fm(font());
    const QRect text = fm.boundingRect(rect().adjusted(12, 12, -12, -12), Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap,
        notes.join('\n'));
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 220));
    p.drawRoundedRect(text.adjusted(-8, -5, 8, 5), 4, 4);
    p.setPen(QColor(0x30, 0x30, 0x30));
    p.drawText(text, Qt::AlignTop | Qt::AlignHCenter | Qt::TextWordWrap, notes.join('\n'));
}

void MapCanvas::resizeEvent(QResizeEvent*)
{
    if (!m_viewSet) {
        const gis::Box initial = m_doc->initialExtent();
        setExtent(initial.isEmpty() ? m_doc->fullExtent() : initial);
    } else if (!m_fitExtent.isEmpty() && !hasFrame()) {
        setExtent(m_fitExtent); // the window is still being laid out: keep showing the whole extent asked for
    }
    emit viewChanged();
    scheduleRender(60);
}

void MapCanvas::showEvent(QShowEvent*)
{
    scheduleRender(0);
}

} // namespace viewer
