#pragma once

#include <QImage>
#include <QPointF>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "gis/core/box.h"
#include "gis/render/maprenderer.h"
#include "map/renderworker.h"
#include "map/selectionoverlay.h"

namespace viewer {

class DigitizeTool;
class MapDocument;

/// The map view. Renders the document on a RenderWorker (never on the GUI thread) and shows the newest image;
/// while the user pans or zooms, the last image is drawn moved and scaled at once (the preview) and the sharp
/// image replaces it when it arrives. Draws the selection, the identify highlight and the sketches of the
/// tools (rectangle, polygon, measure) on top. Tools report what the user picked through signals; the
/// MainWindow's controllers act on them. GUI thread only.
class MapCanvas : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Pan, Identify, SelectPoint, SelectRectangle, SelectPolygon, MeasureDistance, MeasureArea, Edit };

    explicit MapCanvas(MapDocument* document, QWidget* parent = nullptr);

    void setTool(Tool tool);
    /// The edit tools: while the tool is Tool::Edit, mouse and key events go to it first and it draws its sketch.
    void setEditTool(DigitizeTool* tool) { m_editTool = tool; }
    Tool tool() const { return m_tool; }

    // --- the view -------------------------------------------------------------------------------------------
    /// The visible extent in the map CRS.
    gis::Box extent() const;
    /// Shows `box` whole (widened to the widget's aspect ratio), centred.
    void setExtent(const gis::Box& box);
    void zoomToFullExtent();
    /// Zooms by `factor` (>1 zooms in) keeping the map point under `anchor` (widget pixels) fixed.
    void zoomAt(double factor, QPointF anchor);
    void zoomIn() { zoomAt(2.0, rect().center()); }
    void zoomOut() { zoomAt(0.5, rect().center()); }
    void panByPixels(QPointF delta);
    /// The scale denominator N of 1:N of the current view, and setting it (keeps the centre).
    double scale() const;
    void setScale(double denominator);
    void setCenter(const gis::Coord& center);
    bool canGoBack() const
    {
        return m_historyIndex > 0 || (m_historyIndex == 0 && !(m_history.front() == m_view));
    }
    bool canGoForward() const { return m_historyIndex + 1 < static_cast<int>(m_history.size()); }
    void previousExtent();
    void nextExtent();

    gis::MapTransform transform() const;
    QPointF mapToWidget(const gis::Coord& c) const { return transform().toDevice(c); }
    gis::Coord widgetToMap(QPointF p) const { return transform().toMap(p); }

    /// Takes the view (centre and map units per pixel) of `other`: linked views (the drone flights' side by
    /// side) follow each other's pans and zooms at the same scale. Does nothing when the views already agree, so
    /// two canvases linked both ways through viewChanged settle at once.
    void matchView(const MapCanvas& other);

    /// What the canvas renders: by default the document's visible layers (MapDocument::makeRequest). A canvas
    /// showing something else of the same document (the other flight of a side-by-side view) gives its own maker;
    /// an empty function restores the default. Renders again.
    using RequestMaker = std::function<gis::RenderRequest(const gis::Box& extent, QSize deviceSize, double dpi)>;
    void setRequestMaker(RequestMaker maker);
    /// Drawn right after the map image and before the selection, sketches and scale bar (the swipe's other
    /// flight); empty: nothing. GUI thread, inside paintEvent.
    void setUnderlayPainter(std::function<void(QPainter&)> painter);

    /// Renders now (the newest request wins).
    void refresh();
    RenderWorker& worker() { return m_worker; }
    /// Renders when the view changed and the widget is shown; false until the first frame arrived.
    bool hasFrame() const { return !m_worker.lastFrame().image.isNull(); }
    /// True while the image on screen is not the render of the current view (scheduled or running).
    bool isRendering() const { return m_renderTimer.isActive() || m_worker.isBusy(); }

    // --- overlays -------------------------------------------------------------------------------------------
    void setHighlight(int layerId, const std::vector<std::uint32_t>& rows);
    void clearHighlight();
    const std::vector<gis::Coord>& measurePoints() const { return m_measure; }
    bool measureFinished() const { return m_measureFinished; }
    void clearMeasure();
    /// The map position under the mouse (for live measuring), when it is over the map.
    std::optional<gis::Coord> hoverPoint() const { return m_hover; }

signals:
    void viewChanged();
    void cursorMoved(double x, double y);
    void renderStarted();
    /// A render of `extent` at `deviceSize` was submitted (what a view composited with this one must render too).
    void renderSubmitted(const gis::Box& extent, QSize deviceSize, double dpi);
    void renderFinished(double milliseconds);
    void frameShown(quint64 generation);
    void pointPicked(double x, double y, Qt::KeyboardModifiers modifiers);
    void rectanglePicked(const gis::Box& box, Qt::KeyboardModifiers modifiers);
    void polygonPicked(const std::vector<gis::Coord>& ring, Qt::KeyboardModifiers modifiers);
    void measureChanged();
    void filesDropped(const QStringList& paths);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct View {
        gis::Coord center;
        double pixel = 1; // map units per widget pixel
        bool operator==(const View&) const = default;
    };

    void applyView(const View& view, int renderDelayMs);
    void scheduleRender(int delayMs);
    void submitRender();
    void recordHistory();
    void onFrame();
    void drawSketches(QPainter& p) const;
    void drawNotes(QPainter& p) const; ///< MapDocument::layerNotes, on top of the map
    void finishPolygon(Qt::KeyboardModifiers modifiers);

    MapDocument* m_doc;
    RenderWorker m_worker;
    QTimer m_renderTimer;
    Tool m_tool = Tool::Pan;
    View m_view;
    bool m_viewSet = false;
    gis::Box m_fitExtent; // fitted again on resizes until the first frame or the user moves the map
    std::uint64_t m_firstValidFrame = 0; // frames older than this were drawn in another CRS
    std::vector<View> m_history;
    int m_historyIndex = -1;

    // Interaction state.
    enum class Drag { None, Pan, ZoomBox, Rectangle };
    Drag m_drag = Drag::None;
    QPointF m_pressPos;
    QPointF m_lastPos;
    QPointF m_currentPos;
    bool m_moved = false;
    std::vector<gis::Coord> m_sketch;   // polygon selection being drawn
    std::vector<gis::Coord> m_measure;  // measure vertices
    bool m_measureFinished = false;
    std::optional<gis::Coord> m_hover;

    SelectionOverlay m_overlay;
    DigitizeTool* m_editTool = nullptr; // not owned
    RequestMaker m_requestMaker;
    std::function<void(QPainter&)> m_underlay;
};

} // namespace viewer
