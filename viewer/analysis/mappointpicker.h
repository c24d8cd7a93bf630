#pragma once

#include <QObject>
#include <QPoint>
#include <QPointer>
#include <QString>

#include "gis/core/box.h"

namespace viewer {

class MapCanvas;

/// Takes the next click on the map for a form's Point parameter ("pick on map"), whatever the canvas's tool: while
/// it waits it filters the canvas's mouse events (the tool sees neither the press nor the release of that click,
/// so nothing is selected, identified or panned) and shows a cross cursor. Escape, or start() for another
/// parameter, gives up. GUI thread.
class MapPointPicker : public QObject {
    Q_OBJECT
public:
    explicit MapPointPicker(MapCanvas* canvas, QObject* parent = nullptr);
    ~MapPointPicker() override;

    /// Waits for the next click for the parameter `name`.
    void start(const QString& name);
    void stop();
    bool isActive() const { return m_active; }
    QString target() const { return m_name; }

signals:
    /// The click, in the map's CRS (MapDocument::crs()).
    void picked(const QString& name, const gis::Coord& mapPoint);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<MapCanvas> m_canvas; ///< may go first when both are the main window's children
    QString m_name;
    bool m_active = false;
    bool m_pressed = false;
};

} // namespace viewer
