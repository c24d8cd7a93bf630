// MapCanvas: mouse, wheel, keyboard and drops — panning, zooming and the tools' sketches, and drawing them.

#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

#include "edit/digitizetool.h"
#include "map/mapcanvas.h"

namespace viewer {

namespace {
constexpr double kClickSlop = 4; // pixels a click may move and still be a click
}

void MapCanvas::mousePressEvent(QMouseEvent* e)
{
    setFocus(Qt::MouseFocusReason);
    m_pressPos = m_lastPos = m_currentPos = e->position();
    m_moved = false;
    if (m_tool == Tool::Edit && m_editTool && e->button() != Qt::MiddleButton && !(e->modifiers() & Qt::ShiftModifier)
        && m_editTool->mousePress(e))
        return;
    if (e->button() == Qt::RightButton) {
        if (m_tool == Tool::SelectPolygon && m_sketch.size() >= 3)
            finishPolygon(e->modifiers());
        if ((m_tool == Tool::MeasureDistance || m_tool == Tool::MeasureArea) && !m_measure.empty()) {
            m_measureFinished = true;
            emit measureChanged();
            update();
        }
        return;
    }
    if (e->button() == Qt::MiddleButton) {
        m_drag = Drag::Pan;
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    if (e->modifiers() & Qt::ShiftModifier)
        m_drag = Drag::ZoomBox;
    else if (m_tool == Tool::SelectRectangle)
        m_drag = Drag::Rectangle;
    else if (m_tool == Tool::Pan || m_tool == Tool::Identify || m_tool == Tool::SelectPoint)
        m_drag = Drag::Pan;
    if (m_drag == Drag::Pan)
        setCursor(Qt::ClosedHandCursor);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* e)
{
    m_currentPos = e->position();
    const gis::Coord c = widgetToMap(m_currentPos);
    m_hover = c;
    emit cursorMoved(c.x, c.y);
    if (QLineF(m_pressPos, m_currentPos).length() > kClickSlop)
        m_moved = true;
    if (m_tool == Tool::Edit && m_editTool && m_drag == Drag::None && m_editTool->mouseMove(e))
        return;
    if (m_drag == Drag::Pan && m_moved) {
        panByPixels(m_currentPos - m_lastPos);
        m_lastPos = m_currentPos;
    } else if (m_drag != Drag::None || !m_sketch.empty() || (!m_measure.empty() && !m_measureFinished)) {
        update();
        if (!m_measure.empty() && !m_measureFinished)
            emit measureChanged();
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* e)
{
    m_currentPos = e->position();
    if (QLineF(m_pressPos, m_currentPos).length() > kClickSlop)
        m_moved = true;
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (m_tool == Tool::Edit && m_editTool && drag == Drag::None && m_editTool->mouseRelease(e))
        return;
    if (m_tool == Tool::Pan)
        setCursor(Qt::OpenHandCursor);
    else if (drag == Drag::Pan)
        setCursor(m_tool == Tool::Identify ? Qt::WhatsThisCursor : Qt::CrossCursor);
    if (e->button() != Qt::LeftButton && drag != Drag::Pan)
        return;
    const gis::Coord a = widgetToMap(m_pressPos), b = widgetToMap(m_currentPos);
    const gis::Box box(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
    switch (drag) {
    case Drag::Pan:
        if (m_moved) {
            scheduleRender(0);
            return;
        }
        break;
    case Drag::ZoomBox:
        if (m_moved)
            setExtent(box);
        update();
        return;
    case Drag::Rectangle:
        update();
        if (m_moved) {
            emit rectanglePicked(box, e->modifiers());
            return;
        }
        break;
    case Drag::None:
        break;
    }
    if (e->button() != Qt::LeftButton)
        return;
    // A click.
    switch (m_tool) {
    case Tool::Identify:
    case Tool::SelectPoint:
    case Tool::SelectRectangle:
        emit pointPicked(b.x, b.y, e->modifiers());
        break;
    case Tool::SelectPolygon:
        m_sketch.push_back(b);
        update();
        break;
    case Tool::MeasureDistance:
    case Tool::MeasureArea:
        if (m_measureFinished) {
            m_measure.clear();
            m_measureFinished = false;
        }
        m_measure.push_back(b);
        emit measureChanged();
        update();
        break;
    case Tool::Pan:
    case Tool::Edit:
        break;
    }
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* e)
{
    if (m_tool == Tool::Edit && m_editTool && m_editTool->mouseDoubleClick(e))
        return;
    if (m_tool == Tool::SelectPolygon && m_sketch.size() >= 3) {
        finishPolygon(e->modifiers());
    } else if ((m_tool == Tool::MeasureDistance || m_tool == Tool::MeasureArea) && !m_measure.empty()) {
        m_measureFinished = true;
        emit measureChanged();
        update();
    } else if (m_tool == Tool::Pan) {
        zoomAt(2.0, e->position());
    }
}

void MapCanvas::finishPolygon(Qt::KeyboardModifiers modifiers)
{
    std::vector<gis::Coord> ring = std::move(m_sketch);
    m_sketch.clear();
    update();
    emit polygonPicked(ring, modifiers);
}

void MapCanvas::wheelEvent(QWheelEvent* e)
{
    const double steps = e->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomAt(std::pow(1.25, steps), e->position());
    e->accept();
}

void MapCanvas::keyPressEvent(QKeyEvent* e)
{
    if (m_tool == Tool::Edit && m_editTool && m_editTool->keyPress(e)) {
        update();
        return;
    }
    const double stepX = width() / 8.0, stepY = height() / 8.0;
    switch (e->key()) {
    case Qt::Key_Left: panByPixels({stepX, 0}); break;
    case Qt::Key_Right: panByPixels({-stepX, 0}); break;
    case Qt::Key_Up: panByPixels({0, stepY}); break;
    case Qt::Key_Down: panByPixels({0, -stepY}); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus: zoomOut(); break;
    case Qt::Key_Escape:
        m_sketch.clear();
        clearMeasure();
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_tool == Tool::SelectPolygon && m_sketch.size() >= 3)
            finishPolygon(e->modifiers());
        else if (!m_measure.empty()) {
            m_measureFinished = true;
            emit measureChanged();
        }
        break;
    default: QWidget::keyPressEvent(e); return;
    }
    update();
}

void MapCanvas::leaveEvent(QEvent*)
{
    m_hover.reset();
}

void MapCanvas::dragEnterEvent(QDragEnterEvent* e)
{
    if (e->mimeData()->hasUrls())
        e->acceptProposedAction();
}

void MapCanvas::dropEvent(QDropEvent* e)
{
    QStringList paths;
    for (const QUrl& url : e->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        e->acceptProposedAction();
        emit filesDropped(paths);
    }
}

void MapCanvas::clearMeasure()
{
    m_measure.clear();
    m_measureFinished = false;
    emit measureChanged();
    update();
}

void MapCanvas::drawSketches(QPainter& p) const
{
    p.save();
    const QColor ink(200, 30, 30);
    QPen dashed(ink, 1.5, Qt::DashLine);
    if (m_drag == Drag::ZoomBox || m_drag == Drag::Rectangle) {
        p.setPen(dashed);
        QColor fill = ink;
        fill.setAlpha(30);
        p.setBrush(fill);
        p.drawRect(QRectF(m_pressPos, m_currentPos).normalized());
    }
    auto drawPath = [&](const std::vector<gis::Coord>& pts, bool closed, bool rubber) {
        QPolygonF poly;
        for (const gis::Coord& c : pts)
            poly << mapToWidget(c);
        if (rubber)
            poly << m_currentPos;
        p.setPen(QPen(ink, 2));
        QColor fill = ink;
        fill.setAlpha(40);
        p.setBrush(closed ? QBrush(fill) : Qt::NoBrush);
        if (closed)
            p.drawPolygon(poly);
        else
            p.drawPolyline(poly);
        p.setBrush(Qt::white);
        for (const gis::Coord& c : pts)
            p.drawEllipse(mapToWidget(c), 3.5, 3.5);
    };
    if (!m_sketch.empty())
        drawPath(m_sketch, true, true);
    if (!m_measure.empty())
        drawPath(m_measure, m_tool == Tool::MeasureArea, !m_measureFinished && m_hover.has_value());
    p.restore();
    if (m_editTool) // edited features show in every tool; sketches exist only in the edit tools
        m_editTool->draw(p);
}

} // namespace viewer
