#include "mappointpicker.h"

#include <QKeyEvent>
#include <QMouseEvent>

#include "map/mapcanvas.h"

namespace viewer {

MapPointPicker::MapPointPicker(MapCanvas* canvas, QObject* parent) : QObject(parent), m_canvas(canvas) {}

MapPointPicker::~MapPointPicker()
{
    stop();
}

void MapPointPicker::start(const QString& name)
{
    m_name = name;
    m_pressed = false;
    if (!m_active && m_canvas) {
        m_active = true;
        m_canvas->installEventFilter(this);
        m_canvas->setCursor(Qt::CrossCursor);
    }
}

void MapPointPicker::stop()
{
    if (!m_active)
        return;
    m_active = false;
    m_pressed = false;
    if (m_canvas) {
        m_canvas->removeEventFilter(this);
        m_canvas->unsetCursor();
    }
}

bool MapPointPicker::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_canvas || !m_active)
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
        if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
            m_pressed = true;
            return true;
        }
        break;
    case QEvent::MouseButtonRelease: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton || !m_pressed)
            break;
        const gis::Coord point = m_canvas->widgetToMap(mouse->position());
        const QString name = m_name;
        stop();
        emit picked(name, point);
        return true;
    }
    case QEvent::KeyPress:
        if (static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            stop();
            return true;
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace viewer
