#include "maptools.h"

#include <algorithm>
#include <optional>

#include "gis/core/error.h"
#include "gis/crs/geodesic.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

constexpr double kClickPixels = 6;
constexpr double kMetresPerDegree = 111320;

/// A closed polygon from a ring in map coordinates, each edge split into `densify` pieces so that it keeps its
/// shape once reprojected.
gis::Geometry polygonFrom(const std::vector<gis::Coord>& ring, int densify)
{
    gis::GeometryColumn g;
    g.beginGeometry(gis::GeometryType::Polygon);
    g.beginPart(gis::GeometryType::Polygon);
    g.beginRing();
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const gis::Coord a = ring[i], b = ring[(i + 1) % ring.size()];
        for (int k = 0; k < densify; ++k) {
            const double t = static_cast<double>(k) / densify;
            g.addCoord(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
        }
    }
    g.addCoord(ring[0].x, ring[0].y);
    g.endGeometry();
    return gis::Geometry(std::move(g));
}

std::vector<std::uint32_t> merge(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
{
    std::vector<std::uint32_t> out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

} // namespace

MapTools::MapTools(MapDocument* document, MapCanvas* canvas, QObject* parent)
    : QObject(parent), m_doc(document), m_canvas(canvas)
{
    connect(canvas, &MapCanvas::pointPicked, this, &MapTools::onPoint);
    connect(canvas, &MapCanvas::rectanglePicked, this, [this](const gis::Box& box, Qt::KeyboardModifiers m) {
        try {
            selectInBox(box, m & Qt::ControlModifier);
        } catch (const gis::Error& e) {
            emit message(QString::fromUtf8(e.what()));
        }
    });
    connect(canvas, &MapCanvas::polygonPicked, this, [this](const std::vector<gis::Coord>& ring, Qt::KeyboardModifiers m) {
        try {
            selectInPolygon(ring, m & Qt::ControlModifier);
        } catch (const gis::Error& e) {
            emit message(QString::fromUtf8(e.what()));
        }
    });
}

void MapTools::onPoint(double x, double y, Qt::KeyboardModifiers modifiers)
{
    try {
        if (m_canvas->tool() == MapCanvas::Tool::Identify) {
            const auto hits = identifyAt({x, y});
            if (!hits.empty())
                m_canvas->setHighlight(hits.front().layerId, {hits.front().row});
            else
                m_canvas->clearHighlight();
            emit identified(hits);
        } else {
            selectAtPoint({x, y}, modifiers & Qt::ControlModifier);
        }
    } catch (const gis::Error& e) {
        emit message(QString::fromUtf8(e.what()));
    }
}

int MapTools::currentVectorLayer()
{
    const gis::ProjectLayer* l = m_doc->layer(m_current);
    if (!l || !l->map.vector) {
        emit message(tr("Choose a vector layer in the Layers panel first."));
        return -1;
    }
    return m_current;
}

double MapTools::clickTolerance(int layerId) const
{
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    double tol = kClickPixels * m_canvas->transform().pixelSize(); // map units
    if (m_doc->crs().isGeographic())
        tol *= kMetresPerDegree;
    // gis::identify measures metres on geographic layers and the CRS's units (metres here) otherwise.
    if (l && l->map.vector && !l->map.vector->crs().isGeographic() && !l->map.vector->crs().isValid())
        return tol / kMetresPerDegree;
    return tol;
}

std::vector<IdentifyHit> MapTools::identifyAt(const gis::Coord& mapPoint) const
{
    std::vector<IdentifyHit> hits;
    const auto& layers = m_doc->layers();
    for (std::size_t i = layers.size(); i-- > 0;) { // top first
        const gis::ProjectLayer& l = layers[i];
        const int id = m_doc->idAt(i);
        if (!l.map.vector || (m_scope == Scope::CurrentLayer ? id != m_current : !l.map.visible))
            continue;
        gis::Coord p = mapPoint;
        if (l.map.vector->crs().isValid() && m_doc->crs().isValid() && !l.map.vector->crs().isEquivalentTo(m_doc->crs()))
            p = gis::Transformer(m_doc->crs(), l.map.vector->crs()).transform(p);
        // Features the edit overlay added are drawn last, over the data: they come first. Rows as the document
        // numbers them (LayerRows), the hidden ones left out.
        const LayerRows rows = m_doc->rows(id);
        if (rows.edits && rows.edits->added)
            for (std::uint32_t row : gis::identify(*rows.edits->added, p, clickTolerance(id)))
                hits.push_back({id, static_cast<std::uint32_t>(rows.dataSize() + row)});
        for (std::uint32_t row : gis::identify(*l.map.vector, p, clickTolerance(id)))
            if (!rows.isHidden(row))
                hits.push_back({id, row});
    }
    return hits;
}

void MapTools::applySelection(int layerId, std::vector<std::uint32_t> rows, bool add)
{
    if (add && m_doc->layer(layerId))
        rows = merge(m_doc->selection(layerId), rows);
    m_doc->setSelection(layerId, std::move(rows));
}

std::size_t MapTools::selectAtPoint(const gis::Coord& mapPoint, bool add)
{
    const int id = currentVectorLayer();
    if (id < 0)
        return 0;
    const Scope scope = m_scope;
    m_scope = Scope::CurrentLayer;
    const auto hits = identifyAt(mapPoint);
    m_scope = scope;
    std::vector<std::uint32_t> rows;
    if (!hits.empty())
        rows.push_back(hits.front().row);
    applySelection(id, rows, add);
    return m_doc->selection(id).size();
}

std::size_t MapTools::selectInBox(const gis::Box& box, bool add)
{
    return selectInPolygon({{box.minX, box.minY}, {box.maxX, box.minY}, {box.maxX, box.maxY}, {box.minX, box.maxY}}, add);
}

std::size_t MapTools::selectInPolygon(const std::vector<gis::Coord>& ring, bool add)
{
    const int id = currentVectorLayer();
    if (id < 0 || ring.size() < 3)
        return 0;
    const gis::Layer& layer = *m_doc->layer(id)->map.vector;
    gis::Geometry query = polygonFrom(ring, 16);
    if (layer.crs().isValid() && m_doc->crs().isValid() && !layer.crs().isEquivalentTo(m_doc->crs()))
        query = gis::Transformer(m_doc->crs(), layer.crs()).transform(query.ref());
    const LayerRows rows = m_doc->rows(id);
    std::vector<std::uint32_t> added;
    if (rows.edits && rows.edits->added)
        added = gis::selectByPredicate(*rows.edits->added, gis::SpatialPredicate::Intersects, query.ref());
    applySelection(id, rows.combine(gis::selectByPredicate(layer, gis::SpatialPredicate::Intersects, query.ref()), added), add);
    return m_doc->selection(id).size();
}

std::size_t MapTools::selectByExpression(int layerId, const std::string& text, bool add)
{
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    if (!l || !l->map.vector)
        throw gis::Error(gis::ErrorCode::Argument, "not a vector layer");
    const auto expression = gis::Expression::compile(text, *l->map.vector);
    const LayerRows rows = m_doc->rows(layerId);
    std::vector<std::uint32_t> added;
    if (rows.edits && rows.edits->added) // the same fields: the expression compiles on them alike
        added = gis::Expression::compile(text, *rows.edits->added).filter();
    applySelection(layerId, rows.combine(expression.filter(), added), add);
    return m_doc->selection(layerId).size();
}

std::size_t MapTools::selectByLocation(int targetId, gis::SpatialPredicate predicate, int sourceId, bool selectedOnly,
    bool add)
{
    const gis::ProjectLayer* target = m_doc->layer(targetId);
    const gis::ProjectLayer* source = m_doc->layer(sourceId);
    if (!target || !target->map.vector || !source || !source->map.vector)
        throw gis::Error(gis::ErrorCode::Argument, "both layers must be vector layers");
    const gis::Layer& t = *target->map.vector;
    const gis::Layer& s = *source->map.vector;
    // Both layers as the document numbers their rows (the edit overlays' added features after the data's rows).
    const LayerRows targetRows = m_doc->rows(targetId);
    const LayerRows sourceAll = m_doc->rows(sourceId);
    const gis::Layer* targetAdded = targetRows.edits && targetRows.edits->added ? targetRows.edits->added.get() : nullptr;
    std::optional<gis::Transformer> toTarget;
    if (s.crs().isValid() && t.crs().isValid() && !s.crs().isEquivalentTo(t.crs()))
        toTarget.emplace(s.crs(), t.crs());
    std::vector<std::uint32_t> sourceRows;
    if (selectedOnly)
        sourceRows = m_doc->selection(sourceId);
    else
        sourceRows = sourceAll.all();
    // Disjoint from the source layer means disjoint from every feature of it: the complement of intersects.
    const gis::SpatialPredicate each = predicate == gis::SpatialPredicate::Disjoint ? gis::SpatialPredicate::Intersects : predicate;
    std::vector<std::uint32_t> rows;
    for (std::uint32_t r : sourceRows) {
        const LayerRows::Ref ref = sourceAll.locate(r);
        if (!ref || ref.layer->geometries().isNull(ref.row))
            continue;
        const gis::GeometryRef sg = ref.layer->geometry(ref.row);
        const gis::Geometry g = toTarget ? toTarget->transform(sg) : gis::Geometry(sg);
        rows = merge(rows, targetRows.combine(gis::selectByPredicate(t, each, g.ref()),
                               targetAdded ? gis::selectByPredicate(*targetAdded, each, g.ref()) : std::vector<std::uint32_t>()));
    }
    if (predicate == gis::SpatialPredicate::Disjoint) {
        const std::vector<std::uint32_t> all = targetRows.all();
        std::vector<std::uint32_t> out;
        std::set_difference(all.begin(), all.end(), rows.begin(), rows.end(), std::back_inserter(out));
        rows = std::move(out);
    }
    applySelection(targetId, std::move(rows), add);
    return m_doc->selection(targetId).size();
}

Measurement MapTools::measurement() const
{
    Measurement m;
    std::vector<gis::Coord> pts = m_canvas->measurePoints();
    if (!m_canvas->measureFinished() && !pts.empty() && m_canvas->hoverPoint())
        pts.push_back(*m_canvas->hoverPoint());
    m.vertices = static_cast<int>(pts.size());
    if (pts.size() < 2 || !m_doc->crs().isValid())
        return m;
    const gis::Crs wgs84 = gis::Crs::fromEpsg(4326);
    if (!m_doc->crs().isEquivalentTo(wgs84))
        gis::Transformer(m_doc->crs(), wgs84).transform(pts.data(), pts.size());
    const bool area = m_canvas->tool() == MapCanvas::Tool::MeasureArea;
    m.lastSegment = gis::geodesic::distance(pts[pts.size() - 2], pts.back());
    if (area && pts.size() >= 3) {
        m.area = gis::geodesic::ringArea(pts.data(), pts.size());
        m.length = gis::geodesic::ringPerimeter(pts.data(), pts.size());
    } else {
        m.length = gis::geodesic::length(pts.data(), pts.size());
    }
    return m;
}

} // namespace viewer
