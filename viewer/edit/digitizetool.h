#pragma once

#include <QObject>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "edit/snapper.h"
#include "edit/snapsettings.h"
#include "gis/core/box.h"
#include "gis/geom/geometrycolumn.h"

class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace viewer {

class EditController;
class MapCanvas;

/// The edit tools on the canvas: add a point, a line or a polygon (click the vertices; Backspace removes the last;
/// double-click or Enter finishes; Esc cancels), move a feature (drag it), and the vertex tool (drag a vertex; click
/// a segment to add one and drag it; Delete or a right click removes the vertex under the mouse; vertices of inner
/// rings and of every part count), add a ring (a hole: digitised like a polygon inside one), add a part (digitised
/// as the layer's part type, added to the one selected feature of a Multi layer), delete a ring or a part (a click
/// inside the hole, or on the part). After an edit that leaves a polygon invalid, and before adding an invalid
/// one, the invalid-geometry prompt (setInvalidPrompt) offers to repair it. Clicks snap to
/// vertices and/or segments of the layers the SnapSettings choose (by default those in edit mode) within a
/// tolerance in pixels, shown by a marker. While
/// digitising, the sketch's length and area are reported (measureText). The canvas forwards its mouse and key
/// events here while its tool is MapCanvas::Tool::Edit, and calls draw() after the map. The edits themselves go
/// through the EditController. GUI thread; gis::Error from an edit is caught here and reported with error().
class DigitizeTool : public QObject {
    Q_OBJECT
public:
    enum class Mode { AddPoint, AddLine, AddPolygon, MoveFeature, Vertex, AddRing, AddPart, DeleteRingPart };
    /// What to do with an invalid polygon: repair it (gis::makeValid), keep it as drawn, or cancel the edit.
    enum class InvalidChoice { Fix, Keep, Cancel };
    /// Asks the user about an invalid polygon; `reason` is GEOS's (English, as gis::Validity gives it).
    using InvalidPrompt = std::function<InvalidChoice(const QString& reason)>;

    DigitizeTool(EditController* edits, MapCanvas* canvas, QObject* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    /// The layer the tools edit (the current layer); -1 for none.
    void setLayer(int id);
    int layer() const { return m_layer; }
    void setSnapping(bool enabled) { m_snapping = enabled; }
    bool snapping() const { return m_snapping; }
    void setSnapTolerance(double pixels) { m_snapSettings.tolerancePx = pixels; }
    double snapTolerance() const { return m_snapSettings.tolerancePx; }
    /// Which layers snap, to what, and the tolerance (the snapping dialog).
    void setSnapSettings(const SnapSettings& settings);
    const SnapSettings& snapSettings() const { return m_snapSettings; }
    /// The layers snapping looks at now: visible vector layers the settings choose, top to bottom.
    std::vector<int> snapLayers() const;

    /// Without a prompt an invalid polygon is kept as drawn and its issue reported with error().
    void setInvalidPrompt(InvalidPrompt prompt) { m_invalidPrompt = std::move(prompt); }
    /// Adds a point feature at a map position (the coordinate dialog), whatever the mode.
    void addPointAt(const gis::Coord& mapPoint);
    /// Vertex tool: deletes the vertex under the mouse; false when there is none (Delete then deletes features).
    bool deleteHoveredVertex();
    /// Drops the sketch.
    void cancel();
    const std::vector<gis::Coord>& sketch() const { return m_sketch; }
    /// The snapped position under the mouse, when snapping found one.
    const std::optional<SnapHit>& snapHit() const { return m_snap; }
    /// "Length 1.2 km · Area 3.4 ha" of the sketch (with the rubber band); "" when there is nothing to measure.
    QString measureText() const;

    // Forwarded by the canvas; true when the event was used.
    bool mousePress(QMouseEvent* event);
    bool mouseMove(QMouseEvent* event);
    bool mouseRelease(QMouseEvent* event);
    bool mouseDoubleClick(QMouseEvent* event);
    bool keyPress(QKeyEvent* event);
    void draw(QPainter& painter) const;

signals:
    void featureAdded(int layerId, qint64 fid);
    void measureChanged(const QString& text);
    void error(const QString& message);

private:
    /// The map point for a widget position, snapped when snapping finds a vertex or segment.
    gis::Coord pointAt(QPointF pos, int skipLayer = -1, std::int64_t skipFid = 0);
    double tolerance() const;
    void finish();
    void addVertex(const gis::Coord& c);
    bool sketching() const;
    gis::GeometryType sketchType() const;
    void deleteRingOrPart(const gis::Coord& c);
    /// After an edit of feature `fid`: when it left a polygon invalid, asks; Fix repairs it (one more undo step),
    /// Cancel undoes the edit.
    void checkEdited(std::int64_t fid);
    template <class F> void guarded(F&& f);

    EditController* m_edits;
    MapCanvas* m_canvas;
    Snapper m_snapper;
    Mode m_mode = Mode::AddPolygon;
    int m_layer = -1;
    bool m_snapping = true;
    SnapSettings m_snapSettings;
    InvalidPrompt m_invalidPrompt;

    std::vector<gis::Coord> m_sketch;
    std::optional<gis::Coord> m_hover;
    std::optional<SnapHit> m_snap;
    bool m_ignoreRelease = false;
    QPointF m_pressPos;

    // Move feature and vertex tool: what is being dragged.
    bool m_dragging = false;
    std::int64_t m_dragFid = 0;
    std::size_t m_dragVertex = 0;
    gis::Coord m_dragStart;
    gis::Geometry m_dragOutline; ///< move feature: the outline drawn moved while dragging
    std::vector<gis::Coord> m_dragNeighbours; ///< vertex tool: the vertices next to the dragged one (rubber band)
    std::optional<gis::Coord> m_dragPos;      ///< vertex tool: where the dragged vertex is now
    std::optional<SnapHit> m_vertexUnderMouse;
};

} // namespace viewer
