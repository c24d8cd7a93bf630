#include "digitizetool.h"

#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

#include <cmath>

#include "app/units.h"
#include "edit/editcontroller.h"
#include "gis/core/error.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

constexpr double kClickSlop = 4;

/// Even-odd test over every ring of the geometry's polygon parts.
bool insidePolygon(const gis::Geometry& g, const gis::Coord& p)
{
    const gis::GeometryColumn& c = g.column();
    bool inside = false;
    for (std::size_t part = c.partBegin(0); part < c.partEnd(0); ++part) {
        if (c.partType(part) != gis::GeometryType::Polygon)
            continue;
        for (std::size_t r = c.ringBegin(part); r < c.ringEnd(part); ++r)
            for (std::size_t i = c.coordBegin(r), j = c.coordEnd(r) - 1; i < c.coordEnd(r); j = i++) {
                const gis::Coord &a = c.coord(i), &b = c.coord(j);
                if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
                    inside = !inside;
            }
    }
    return inside;
}

} // namespace

DigitizeTool::DigitizeTool(EditController* edits, MapCanvas* canvas, QObject* parent)
    : QObject(parent), m_edits(edits), m_canvas(canvas), m_snapper(edits)
{
}

template <class F> void DigitizeTool::guarded(F&& f)
{
    try {
        f();
    } catch (const gis::Error& e) {
        emit error(QString::fromStdString(e.what()));
    }
}

void DigitizeTool::setMode(Mode mode)
{
    m_mode = mode;
    cancel();
}

void DigitizeTool::setLayer(int id)
{
    if (id != m_layer)
        cancel();
    m_layer = id;
}

void DigitizeTool::cancel()
{
    m_sketch.clear();
    m_dragging = false;
    m_dragOutline = gis::Geometry();
    emit measureChanged(QString());
    m_canvas->update();
}

double DigitizeTool::tolerance() const
{
    return m_snapSettings.tolerancePx * m_canvas->transform().pixelSize();
}

void DigitizeTool::setSnapSettings(const SnapSettings& settings)
{
    m_snapSettings = settings;
    m_snap.reset();
    m_canvas->update();
}

std::vector<int> DigitizeTool::snapLayers() const
{
    std::vector<int> out;
    const MapDocument* doc = m_edits->document();
    for (std::size_t i = doc->layers().size(); i-- > 0;) {
        const int id = doc->idAt(i);
        if (m_snapSettings.snaps(doc->layers()[i], m_edits->isEditing(id)))
            out.push_back(id);
    }
    return out;
}

gis::Coord DigitizeTool::pointAt(QPointF pos, int skipLayer, std::int64_t skipFid)
{
    const gis::Coord c = m_canvas->widgetToMap(pos);
    m_snap.reset();
    if (m_snapping)
        m_snap = m_snapper.snap(snapLayers(), c, tolerance(), m_snapSettings.segments(), skipLayer, skipFid,
            m_snapSettings.vertices());
    return m_snap ? m_snap->point : c;
}

bool DigitizeTool::sketching() const
{
    return m_mode == Mode::AddLine || m_mode == Mode::AddPolygon || m_mode == Mode::AddRing
        || (m_mode == Mode::AddPart && sketchType() != gis::GeometryType::Point);
}

gis::GeometryType DigitizeTool::sketchType() const
{
    switch (m_mode) {
    case Mode::AddLine:
        return gis::GeometryType::LineString;
    case Mode::AddPolygon:
    case Mode::AddRing:
        return gis::GeometryType::Polygon;
    case Mode::AddPart:
        return m_layer >= 0 && m_edits->isEditing(m_layer) ? gis::singleType(m_edits->layerType(m_layer))
                                                           : gis::GeometryType::Unknown;
    default:
        return gis::GeometryType::Point;
    }
}

namespace {
std::size_t minimumVertices(gis::GeometryType t)
{
    return t == gis::GeometryType::Polygon ? 3 : t == gis::GeometryType::LineString ? 2 : 1;
}
} // namespace

QString DigitizeTool::measureText() const
{
    if (m_layer < 0 || !m_edits->isEditing(m_layer) || m_sketch.empty() || !sketching())
        return {};
    std::vector<gis::Coord> pts = m_sketch;
    if (m_hover)
        pts.push_back(*m_hover);
    const bool closed = sketchType() == gis::GeometryType::Polygon;
    const auto [length, area] = m_edits->measure(m_layer, pts, closed);
    const QLocale loc;
    if (!m_edits->isGeographic(m_layer)) // planar: the layer's units
        return closed ? tr("Perimeter %1 · Area %2").arg(loc.toString(length, 'f', 1), loc.toString(area, 'f', 1))
                      : tr("Length %1").arg(loc.toString(length, 'f', 1));
    return closed ? tr("Perimeter %1 · Area %2").arg(formatDistance(length, loc), formatArea(area, loc))
                  : tr("Length %1").arg(formatDistance(length, loc));
}

void DigitizeTool::addVertex(const gis::Coord& c)
{
    if (!m_sketch.empty()) {
        const QPointF last = m_canvas->mapToWidget(m_sketch.back());
        if (QLineF(last, m_canvas->mapToWidget(c)).length() < 1) // the second click of a double-click
            return;
    }
    m_sketch.push_back(c);
    emit measureChanged(measureText());
}

void DigitizeTool::addPointAt(const gis::Coord& mapPoint)
{
    guarded([&] {
        const std::int64_t fid = m_edits->addFeature(m_layer, gis::GeometryType::Point, {mapPoint});
        emit featureAdded(m_layer, fid);
    });
}

void DigitizeTool::finish()
{
    const std::vector<gis::Coord> pts = std::move(m_sketch);
    m_sketch.clear();
    const gis::GeometryType type = sketchType();
    guarded([&] {
        std::vector<gis::EditIssue> issues;
        if (m_mode == Mode::AddRing) {
            checkEdited(m_edits->addRing(m_layer, pts));
            return;
        }
        if (m_mode == Mode::AddPart) {
            const std::vector<std::int64_t> selected = m_edits->selectedFids(m_layer);
            if (selected.size() != 1)
                throw gis::Error(gis::ErrorCode::Argument, selected.empty()
                        ? "select the feature to add a part to first"
                        : "select only the feature to add a part to (" + std::to_string(selected.size()) + " are selected)");
            m_edits->addPart(m_layer, selected.front(), type, pts);
            checkEdited(selected.front());
            return;
        }
        bool fix = false, asked = false;
        if (type == gis::GeometryType::Polygon && m_invalidPrompt) {
            const gis::Validity v = m_edits->sketchValidity(m_layer, type, pts);
            if (!v.valid) {
                asked = true;
                const InvalidChoice choice = m_invalidPrompt(QString::fromStdString(v.reason));
                if (choice == InvalidChoice::Cancel) {
                    m_sketch = pts; // the sketch comes back, to be reshaped (Backspace) or dropped (Esc)
                    return;
                }
                fix = choice == InvalidChoice::Fix;
            }
        }
        std::int64_t fid = 0;
        try {
            fid = fix ? m_edits->addValidFeature(m_layer, type, pts, &issues) : m_edits->addFeature(m_layer, type, pts, &issues);
        } catch (const gis::Error&) {
            m_sketch = pts; // the repair did not fit the layer: the sketch stays, to be reshaped
            throw;
        }
        for (const gis::EditIssue& issue : issues)
            if (!asked || !issue.field.empty()) // the geometry's issue was just shown and decided
                emit error(QString::fromStdString(issue.message));
        emit featureAdded(m_layer, fid);
    });
    if (m_sketch.empty()) // else the sketch came back and the status shows why (the invalid-geometry prompt)
        emit measureChanged(QString());
    m_canvas->update();
}

void DigitizeTool::checkEdited(std::int64_t fid)
{
    if (!m_edits->isEditing(m_layer))
        return;
    const gis::GeometryType t = gis::singleType(m_edits->mapGeometry(m_layer, fid).type());
    if (t != gis::GeometryType::Polygon)
        return;
    const gis::Validity v = m_edits->validity(m_layer, fid);
    if (v.valid)
        return;
    if (!m_invalidPrompt) {
        emit error(QStringLiteral("invalid geometry: %1").arg(QString::fromStdString(v.reason)));
        return;
    }
    switch (m_invalidPrompt(QString::fromStdString(v.reason))) {
    case InvalidChoice::Fix:
        m_edits->makeValid(m_layer, fid);
        break;
    case InvalidChoice::Cancel:
        m_edits->undo(m_layer);
        break;
    case InvalidChoice::Keep:
        break;
    }
}

void DigitizeTool::deleteRingOrPart(const gis::Coord& c)
{
    guarded([&] {
        const auto hit = m_edits->partAt(m_layer, c, tolerance());
        if (!hit)
            return;
        if (hit->hole)
            m_edits->deleteRing(m_layer, hit->fid, hit->ring);
        else
            m_edits->deletePart(m_layer, hit->fid, hit->part);
    });
}

bool DigitizeTool::mousePress(QMouseEvent* e)
{
    m_pressPos = e->position();
    m_ignoreRelease = false;
    if (m_layer < 0 || !m_edits->isEditing(m_layer))
        return false;
    if (e->button() == Qt::RightButton) {
        if (m_mode == Mode::Vertex) {
            if (auto hit = m_snapper.snap({m_layer}, m_canvas->widgetToMap(e->position()), tolerance(), false))
                guarded([&] {
                    m_edits->deleteVertex(m_layer, hit->fid, hit->vertex);
                    checkEdited(hit->fid);
                });
            m_vertexUnderMouse.reset();
            m_canvas->update();
        } else if (sketching() && m_sketch.size() >= minimumVertices(sketchType())) {
            finish();
        }
        return true;
    }
    if (e->button() != Qt::LeftButton)
        return false;
    const gis::Coord c = m_canvas->widgetToMap(e->position());
    if (m_mode == Mode::Vertex) {
        const auto hit = m_snapper.snap({m_layer}, c, tolerance(), true);
        if (!hit)
            return true;
        guarded([&] {
            m_dragFid = hit->fid;
            m_dragVertex = hit->vertex;
            if (!hit->onVertex) { // a click on a segment adds a vertex there, ready to drag
                m_edits->insertVertex(m_layer, hit->fid, hit->vertex, hit->point);
                m_dragVertex = hit->vertex + 1;
            }
            m_dragging = true;
            m_dragPos.reset();
            m_dragNeighbours.clear();
            // Its neighbours along the ring, for the rubber band drawn while the document keeps the old data.
            const gis::Geometry g = m_edits->mapGeometry(m_layer, m_dragFid);
            const gis::GeometryColumn& col = g.column();
            for (std::size_t r = 0; r < col.ringCount(); ++r) {
                const std::size_t b = col.coordBegin(r), end = col.coordEnd(r);
                if (m_dragVertex < b || m_dragVertex >= end)
                    continue;
                const bool closed = end - b > 2 && col.coord(b) == col.coord(end - 1);
                const std::size_t last = closed ? end - 2 : end - 1; // the last distinct vertex
                const std::size_t v = closed && m_dragVertex == end - 1 ? b : m_dragVertex;
                if (v > b)
                    m_dragNeighbours.push_back(col.coord(v - 1));
                else if (closed)
                    m_dragNeighbours.push_back(col.coord(last));
                if (v < last)
                    m_dragNeighbours.push_back(col.coord(v + 1));
                else if (closed)
                    m_dragNeighbours.push_back(col.coord(b));
            }
        });
        return true;
    }
    if (m_mode == Mode::MoveFeature) {
        std::optional<std::int64_t> picked;
        if (auto hit = m_snapper.snap({m_layer}, c, tolerance(), true))
            picked = hit->fid;
        else
            for (const auto& [fid, g] : m_edits->featuresIn(m_layer, gis::Box(c.x, c.y, c.x, c.y)))
                if (insidePolygon(g, c))
                    picked = fid;
        if (picked) {
            m_dragging = true;
            m_dragFid = *picked;
            m_dragStart = c;
            m_dragOutline = m_edits->mapGeometry(m_layer, *picked);
        }
        return true;
    }
    return true; // the add tools act on release
}

bool DigitizeTool::mouseMove(QMouseEvent* e)
{
    if (m_layer < 0 || !m_edits->isEditing(m_layer))
        return false;
    if (m_dragging && m_mode == Mode::Vertex) {
        const gis::Coord c = pointAt(e->position(), m_layer, m_dragFid);
        m_dragPos = c;
        guarded([&] { m_edits->moveVertex(m_layer, m_dragFid, m_dragVertex, c, false); });
    } else if (m_mode == Mode::Vertex) {
        m_vertexUnderMouse = m_snapper.snap({m_layer}, m_canvas->widgetToMap(e->position()), tolerance(), false);
    } else {
        m_hover = pointAt(e->position(), m_dragging ? m_layer : -1, m_dragging ? m_dragFid : 0);
        if (!m_sketch.empty())
            emit measureChanged(measureText());
    }
    m_canvas->update();
    return true;
}

bool DigitizeTool::mouseRelease(QMouseEvent* e)
{
    if (m_layer < 0 || !m_edits->isEditing(m_layer))
        return false;
    if (e->button() != Qt::LeftButton)
        return true;
    if (m_ignoreRelease) {
        m_ignoreRelease = false;
        return true;
    }
    if (m_dragging) {
        m_dragging = false;
        if (m_mode == Mode::Vertex) { // the drag's moves are journaled already: show the result once
            m_dragPos.reset();
            guarded([&] {
                m_edits->refresh(m_layer);
                checkEdited(m_dragFid);
            });
        }
        if (m_mode == Mode::MoveFeature && QLineF(m_pressPos, e->position()).length() > kClickSlop) {
            const gis::Coord to = pointAt(e->position(), m_layer, m_dragFid);
            guarded([&] { m_edits->translateFeature(m_layer, m_dragFid, m_dragStart, to); });
        }
        m_dragOutline = gis::Geometry();
        m_canvas->update();
        return true;
    }
    if (QLineF(m_pressPos, e->position()).length() > kClickSlop)
        return true;
    const gis::Coord c = pointAt(e->position());
    if (m_mode == Mode::AddPoint) {
        addPointAt(c);
    } else if (m_mode == Mode::DeleteRingPart) {
        deleteRingOrPart(m_canvas->widgetToMap(e->position()));
    } else if (m_mode == Mode::AddPart && !sketching()) { // a point part: one click
        m_sketch = {c};
        finish();
    } else if (sketching()) {
        addVertex(c);
    }
    m_canvas->update();
    return true;
}

bool DigitizeTool::mouseDoubleClick(QMouseEvent*)
{
    if (m_layer < 0 || !m_edits->isEditing(m_layer))
        return false;
    if (sketching() && m_sketch.size() >= minimumVertices(sketchType())) {
        m_ignoreRelease = true;
        finish();
    }
    return true;
}

bool DigitizeTool::keyPress(QKeyEvent* e)
{
    switch (e->key()) {
    case Qt::Key_Escape:
        cancel();
        return true;
    case Qt::Key_Backspace:
        if (!m_sketch.empty()) {
            m_sketch.pop_back();
            emit measureChanged(measureText());
            m_canvas->update();
            return true;
        }
        [[fallthrough]];
    case Qt::Key_Delete:
        return deleteHoveredVertex();
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (sketching() && m_sketch.size() >= minimumVertices(sketchType())) {
            finish();
            return true;
        }
        return false;
    default:
        return false;
    }
}

bool DigitizeTool::deleteHoveredVertex()
{
    if (m_mode != Mode::Vertex || !m_vertexUnderMouse || m_layer < 0 || !m_edits->isEditing(m_layer))
        return false;
    const SnapHit hit = *m_vertexUnderMouse;
    m_vertexUnderMouse.reset();
    guarded([&] {
        m_edits->deleteVertex(m_layer, hit.fid, hit.vertex);
        checkEdited(hit.fid);
    });
    m_canvas->update();
    return true;
}

void DigitizeTool::draw(QPainter& p) const
{
    p.save();
    const QColor ink(20, 110, 200);
    // What the sessions inserted or changed: outline and vertices, whatever the layer's style draws.
    const QRectF view = m_canvas->rect().adjusted(-10, -10, 10, 10);
    for (int id : m_edits->editingLayers()) {
        for (const gis::Geometry& g : m_edits->editedGeometries(id)) {
            const gis::GeometryColumn& c = g.column();
            if (c.isNull(0))
                continue;
            p.setPen(QPen(ink, 1.5));
            p.setBrush(Qt::NoBrush);
            for (std::size_t r = 0; r < c.ringCount(); ++r) {
                QPolygonF ring;
                for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k)
                    ring << m_canvas->mapToWidget(c.coord(k));
                if (!view.intersects(ring.boundingRect().adjusted(-1, -1, 1, 1)))
                    continue;
                if (ring.size() > 1)
                    p.drawPolyline(ring);
                p.setBrush(QColor(255, 255, 255, 220));
                for (const QPointF& v : ring)
                    p.drawRect(QRectF(v - QPointF(3, 3), QSizeF(6, 6)));
                p.setBrush(Qt::NoBrush);
            }
        }
    }
    if (m_canvas->tool() != MapCanvas::Tool::Edit) {
        p.restore();
        return;
    }
    if (!m_sketch.empty()) {
        QPolygonF poly;
        for (const gis::Coord& c : m_sketch)
            poly << m_canvas->mapToWidget(c);
        if (m_hover)
            poly << m_canvas->mapToWidget(*m_hover);
        QColor fill = ink;
        fill.setAlpha(50);
        p.setPen(QPen(ink, 2));
        const bool polygon = sketchType() == gis::GeometryType::Polygon;
        p.setBrush(polygon ? QBrush(fill) : Qt::NoBrush);
        if (polygon)
            p.drawPolygon(poly);
        else
            p.drawPolyline(poly);
        p.setBrush(Qt::white);
        for (const gis::Coord& c : m_sketch)
            p.drawEllipse(m_canvas->mapToWidget(c), 3.5, 3.5);
    }
    if (m_dragging && m_mode == Mode::MoveFeature && !m_dragOutline.isNull() && m_hover) {
        // The feature drawn where it would go: its coordinates moved by the drag so far.
        const gis::GeometryColumn& c = m_dragOutline.column();
        const QPointF shift = m_canvas->mapToWidget(*m_hover) - m_canvas->mapToWidget(m_dragStart);
        p.setPen(QPen(ink, 2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        for (std::size_t r = 0; r < c.ringCount(); ++r) {
            QPolygonF ring;
            for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k)
                ring << m_canvas->mapToWidget(c.coord(k)) + shift;
            if (ring.size() == 1)
                p.drawEllipse(ring.front(), 5, 5);
            else
                p.drawPolyline(ring);
        }
    }
    if (m_dragging && m_mode == Mode::Vertex && m_dragPos) {
        const QPointF at = m_canvas->mapToWidget(*m_dragPos);
        p.setPen(QPen(ink, 2, Qt::DashLine));
        for (const gis::Coord& n : m_dragNeighbours)
            p.drawLine(m_canvas->mapToWidget(n), at);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(at - QPointF(4, 4), QSizeF(8, 8)));
    }
    if (m_mode == Mode::Vertex && m_vertexUnderMouse) {
        p.setPen(QPen(ink, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(m_canvas->mapToWidget(m_vertexUnderMouse->point) - QPointF(5, 5), QSizeF(10, 10)));
    }
    if (m_snap) {
        // The snap marker: a square on a vertex, a cross-hair on a segment.
        const QPointF s = m_canvas->mapToWidget(m_snap->point);
        p.setPen(QPen(QColor(230, 0, 180), 2));
        p.setBrush(Qt::NoBrush);
        if (m_snap->onVertex) {
            p.drawRect(QRectF(s - QPointF(6, 6), QSizeF(12, 12)));
        } else {
            p.drawLine(s - QPointF(7, 7), s + QPointF(7, 7));
            p.drawLine(s - QPointF(7, -7), s + QPointF(7, -7));
        }
    }
    p.restore();
}

} // namespace viewer
