#pragma once

#include <QWidget>

#include "map/renderworker.h"

class QPainter;

namespace viewer {

class FlightStack;
class MapCanvas;

/// The swipe tool: a vertical divider dragged across the map reveals the flight compared with the current one
/// (FlightStack::comparison, the earlier one) beside it. The canvas shows the current flight; this renders the
/// comparison flight on a worker of its own whenever the canvas renders (MapCanvas::renderSubmitted, same extent and
/// size), and composites it clipped at the divider as the canvas's underlay (MapCanvas::setUnderlayPainter). Moving
/// the divider only repaints: the two images are already rendered, so a drag step costs one composite.
///
/// Left of the divider the current (later) flight, right of it the earlier one; mirrored in a right-to-left layout,
/// where time reads from right to left. The widget itself is the divider's handle, a narrow child of the canvas that
/// takes the drags. GUI thread only; canvas and stack must outlive it (it is the canvas's child).
class SwipeView : public QWidget {
    Q_OBJECT
public:
    SwipeView(MapCanvas* canvas, FlightStack* stack);
    ~SwipeView() override;

    void setActive(bool active);
    bool isActive() const { return m_active; }
    /// The divider's position in canvas pixels (clamped to the canvas). It keeps its place relative to the canvas's
    /// width when the canvas is resized (a window still being laid out, a dock opened beside the map).
    void setDividerX(int x);
    int dividerX() const;
    /// The comparison flight's render (tests wait on its frameReady).
    RenderWorker& worker() { return m_worker; }
    /// Draws the comparison flight on its side of the divider (the canvas's underlay).
    void composite(QPainter& painter) const;

signals:
    void dividerMoved(int x);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();
    static constexpr int kHandleWidth = 16;

    MapCanvas* m_canvas;
    FlightStack* m_stack;
    bool m_active = false;
    double m_fraction = 0.5; // the divider's place across the canvas's width
    int m_grab = 0;          // the press position's offset from the divider
    RenderWorker m_worker;
};

} // namespace viewer
