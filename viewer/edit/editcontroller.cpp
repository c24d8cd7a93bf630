#include "editcontroller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>

#include "gis/core/error.h"
#include "gis/crs/measure.h"
#include "app/language.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"

namespace viewer {

struct EditController::Entry {
    std::unique_ptr<gis::EditSession> session;
    std::unique_ptr<gis::Transformer> toLayer; ///< map CRS -> layer CRS; null when they are the same
    std::unique_ptr<gis::Transformer> toMap;
    gis::GeometryType layerType = gis::GeometryType::Unknown;
    bool geographic = false;
    std::shared_ptr<const gis::Layer> shown; ///< what the document holds now (rows -> fids)
    std::vector<gis::Geometry> edited;       ///< inserted or changed features, map CRS
    /// While a new feature is inserted before its form is filled, the form's validator stays quiet (its empty
    /// values are not yet the user's; the form shows what is missing).
    std::shared_ptr<bool> formQuiet = std::make_shared<bool>(false);
    std::int64_t lastInsert = 0;      ///< the feature addFeature() added last
    std::size_t lastInsertUndo = 0;   ///< the undo count right after it
};

namespace {

constexpr std::size_t kMaxOverlayCoords = 20000;

bool isMulti(gis::GeometryType t)
{
    return t == gis::GeometryType::MultiPoint || t == gis::GeometryType::MultiLineString
        || t == gis::GeometryType::MultiPolygon;
}

/// A copy of `g` with the coordinates of each ring passed through `edit` (the closing coordinate of a polygon's
/// ring left out before and put back after). `edit` gets the ring's first coordinate number and its coordinates.
gis::Geometry rebuild(gis::GeometryRef g, const std::function<void(std::size_t first, std::vector<gis::Coord>&, bool closed)>& edit)
{
    const gis::GeometryColumn& c = *g.column;
    gis::GeometryColumn out;
    out.beginGeometry(g.type());
    for (std::size_t p = c.partBegin(g.index); p < c.partEnd(g.index); ++p) {
        out.beginPart(c.partType(p));
        const bool polygon = c.partType(p) == gis::GeometryType::Polygon;
        for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r) {
            std::vector<gis::Coord> ring(c.coords() + c.coordBegin(r), c.coords() + c.coordEnd(r));
            const bool closed = polygon && ring.size() > 1 && ring.front() == ring.back();
            if (closed)
                ring.pop_back();
            edit(c.coordBegin(r), ring, closed);
            if (closed && !ring.empty())
                ring.push_back(ring.front());
            out.beginRing();
            for (const gis::Coord& k : ring)
                out.addCoord(k.x, k.y);
        }
    }
    out.endGeometry();
    return gis::Geometry(std::move(out));
}

} // namespace

EditController::EditController(MapDocument* document, QObject* parent) : QObject(parent), m_doc(document)
{
    // A layer removed or a project replaced takes its session with it (its journal keeps unsaved edits).
    connect(m_doc, &MapDocument::layersChanged, this, [this] {
        for (auto it = m_sessions.begin(); it != m_sessions.end();) {
            const int id = it->first;
            if (m_doc->indexOf(id) < 0) {
                it = m_sessions.erase(it);
                emit editingChanged(id);
            } else {
                ++it;
            }
        }
    });
}

EditController::~EditController() = default;

bool EditController::canEdit(int id) const
{
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->available || !l->map.vector || l->sourcePath.empty())
        return false;
    const QString suffix = QFileInfo(QString::fromStdString(l->sourcePath)).suffix().toLower();
    return suffix == "gpkg" || suffix == "geojson" || suffix == "json" || suffix == "shp";
}

bool EditController::isModified(int id) const
{
    auto it = m_sessions.find(id);
    return it != m_sessions.end() && it->second->session->isModified();
}

std::vector<int> EditController::editingLayers() const
{
    std::vector<int> out;
    for (const auto& [id, e] : m_sessions)
        out.push_back(id);
    return out;
}

std::vector<int> EditController::modifiedLayers() const
{
    std::vector<int> out;
    for (const auto& [id, e] : m_sessions)
        if (e->session->isModified())
            out.push_back(id);
    return out;
}

gis::EditSession* EditController::session(int id) const
{
    auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : it->second->session.get();
}

EditController::Entry& EditController::entry(int id) const
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        throw gis::Error(gis::ErrorCode::Argument, "the layer is not in edit mode");
    return *it->second;
}

namespace {
std::string sourceLayerName(const gis::ProjectLayer& l)
{
    return l.layer.empty() ? l.map.vector->name() : l.layer;
}
} // namespace

std::vector<gis::RecoverableEdits> EditController::recoverable(int id) const
{
    if (!canEdit(id))
        return {};
    const gis::ProjectLayer& l = *m_doc->layer(id);
    std::vector<gis::RecoverableEdits> found = gis::EditSession::recoverable(l.sourcePath, sourceLayerName(l));
    found.erase(std::remove_if(found.begin(), found.end(), [](const auto& r) { return r.alreadyCommitted || r.edits == 0; }),
        found.end());
    return found;
}

void EditController::startEditing(int id, gis::JournalChoice choice)
{
    if (isEditing(id))
        return;
    if (!canEdit(id))
        throw gis::Error(gis::ErrorCode::Argument, "only GeoPackage, GeoJSON and Shapefile layers can be edited");
    const gis::ProjectLayer& l = *m_doc->layer(id);
    gis::EditSessionOptions options;
    options.journalChoice = choice;
    auto e = std::make_unique<Entry>();
    e->session = gis::EditSession::open(l.sourcePath, sourceLayerName(l), options);
    const gis::Crs& layerCrs = e->session->base()->crs();
    const gis::Crs& mapCrs = m_doc->crs();
    if (layerCrs.isValid() && mapCrs.isValid() && !layerCrs.isEquivalentTo(mapCrs)) {
        e->toLayer = std::make_unique<gis::Transformer>(mapCrs, layerCrs);
        e->toMap = std::make_unique<gis::Transformer>(layerCrs, mapCrs);
    }
    e->layerType = e->session->base()->geometryType();
    e->geographic = layerCrs.isValid() && layerCrs.isGeographic();
    if (auto form = m_formProvider ? m_formProvider(id) : nullptr) {
        gis::EditSession* session = e->session.get();
        gis::EditValidator check = form->validator([session] { return session->snapshot(); }, currentLanguage().toStdString());
        session->addValidator([check = std::move(check), quiet = e->formQuiet](std::int64_t fid, const gis::EditFeature& f) {
            return *quiet ? std::vector<gis::EditIssue>() : check(fid, f);
        });
    }
    m_sessions[id] = std::move(e);
    emit editingChanged(id);
    changed(id); // a replayed journal shows at once
}

void EditController::stopEditing(int id, bool discard)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return;
    if (discard && it->second->session->isModified()) {
        it->second->session->rollback();
        m_doc->setLayerData(id, it->second->session->snapshot()->toLayer());
    }
    m_sessions.erase(it);
    emit editingChanged(id);
    emit editsChanged(id);
}

void EditController::stopAll()
{
    for (int id : editingLayers())
        stopEditing(id, true);
}

gis::Coord EditController::toLayer(const Entry& e, const gis::Coord& map) const
{
    return e.toLayer ? e.toLayer->transform(map) : map;
}

gis::Geometry EditController::toMapGeometry(const Entry& e, gis::GeometryRef g) const
{
    return e.toMap ? e.toMap->transform(g) : gis::Geometry(g);
}

std::int64_t EditController::addFeature(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
    std::vector<gis::EditIssue>* issues)
{
    Entry& e = entry(id);
    const std::size_t need = type == gis::GeometryType::Point ? 1 : type == gis::GeometryType::LineString ? 2 : 3;
    if (mapVertices.size() < need)
        throw gis::Error(gis::ErrorCode::Argument, "too few vertices for this shape");
    gis::GeometryColumn c;
    c.beginGeometry(isMulti(e.layerType) ? e.layerType : type);
    c.beginPart(type);
    c.beginRing();
    for (const gis::Coord& m : mapVertices) {
        const gis::Coord k = toLayer(e, m);
        c.addCoord(k.x, k.y);
    }
    if (type == gis::GeometryType::Polygon) {
        const gis::Coord k = toLayer(e, mapVertices.front());
        c.addCoord(k.x, k.y);
    }
    c.endGeometry();
    gis::EditFeature f;
    f.geometry = gis::Geometry(std::move(c));
    *e.formQuiet = true;
    std::int64_t fid = 0;
    try {
        fid = e.session->insert(std::move(f), issues);
    } catch (...) {
        *e.formQuiet = false;
        throw;
    }
    *e.formQuiet = false;
    e.lastInsert = fid;
    e.lastInsertUndo = e.session->undoCount();
    changed(id);
    return fid;
}

std::int64_t EditController::completeNewFeature(int id, std::int64_t fid, gis::EditFeature feature)
{
    Entry& e = entry(id);
    if (!e.session->feature(fid))
        throw gis::Error(gis::ErrorCode::Argument, "the new feature is gone");
    std::int64_t result = fid;
    if (fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo && e.session->canUndo() && e.session->redoCount() == 0) {
        // The insert is the last step: take it back and insert the filled feature, so one undo removes it whole.
        e.session->undo();
        result = e.session->insert(std::move(feature));
        e.lastInsert = result;
        e.lastInsertUndo = e.session->undoCount();
    } else {
        e.session->update(fid, std::move(feature));
    }
    changed(id);
    return result;
}

void EditController::cancelNewFeature(int id, std::int64_t fid)
{
    Entry& e = entry(id);
    if (!e.session->feature(fid))
        return;
    if (fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo && e.session->canUndo())
        e.session->undo();
    else
        e.session->remove(fid);
    changed(id);
}

void EditController::setAttribute(int id, std::int64_t fid, std::size_t field, gis::FieldValue value)
{
    entry(id).session->setAttribute(fid, field, std::move(value));
    changed(id);
}

void EditController::translateFeature(int id, std::int64_t fid, const gis::Coord& from, const gis::Coord& to)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    gis::Geometry mapped = toMapGeometry(e, f->geometry);
    const double dx = to.x - from.x, dy = to.y - from.y;
    gis::Geometry moved = rebuild(mapped, [&](std::size_t, std::vector<gis::Coord>& ring, bool) {
        for (gis::Coord& k : ring)
            k = toLayer(e, {k.x + dx, k.y + dy});
    });
    e.session->setGeometry(fid, std::move(moved));
    changed(id);
}

void EditController::moveVertex(int id, std::int64_t fid, std::size_t vertex, const gis::Coord& mapPosition, bool refresh)
{
    Entry& e = entry(id);
    const gis::Coord k = toLayer(e, mapPosition);
    e.session->moveVertex(fid, vertex, k.x, k.y);
    if (refresh)
        changed(id);
}

void EditController::insertVertex(int id, std::int64_t fid, std::size_t after, const gis::Coord& mapPosition)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    const gis::Coord k = toLayer(e, mapPosition);
    gis::Geometry g = rebuild(f->geometry, [&](std::size_t first, std::vector<gis::Coord>& ring, bool) {
        if (after >= first && after < first + ring.size())
            ring.insert(ring.begin() + static_cast<std::ptrdiff_t>(after - first + 1), k);
    });
    e.session->setGeometry(fid, std::move(g));
    changed(id);
}

void EditController::deleteVertex(int id, std::int64_t fid, std::size_t vertex)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    bool refused = false;
    gis::Geometry g = rebuild(f->geometry, [&](std::size_t first, std::vector<gis::Coord>& ring, bool closed) {
        // The closing coordinate of a ring is its first vertex.
        std::size_t v = vertex;
        if (closed && v == first + ring.size())
            v = first;
        if (v < first || v >= first + ring.size())
            return;
        if (ring.size() <= (closed ? 3u : 2u)) {
            refused = true;
            return;
        }
        ring.erase(ring.begin() + static_cast<std::ptrdiff_t>(v - first));
    });
    if (refused)
        throw gis::Error(gis::ErrorCode::Argument, "a ring keeps at least three vertices and a line two: delete the feature instead");
    e.session->setGeometry(fid, std::move(g));
    changed(id);
}

void EditController::removeFeatures(int id, const std::vector<std::int64_t>& fids)
{
    Entry& e = entry(id);
    if (fids.empty())
        return;
    e.session->beginBatch("delete");
    try {
        for (std::int64_t fid : fids)
            e.session->remove(fid);
    } catch (...) {
        e.session->endBatch();
        changed(id);
        throw;
    }
    e.session->endBatch();
    changed(id);
}

void EditController::undo(int id)
{
    Entry& e = entry(id);
    if (e.session->canUndo()) {
        e.session->undo();
        changed(id);
    }
}

void EditController::redo(int id)
{
    Entry& e = entry(id);
    if (e.session->canRedo()) {
        e.session->redo();
        changed(id);
    }
}

gis::CommitResult EditController::commit(int id)
{
    Entry& e = entry(id);
    gis::CommitResult result = e.session->commit();
    changed(id);
    return result;
}

void EditController::resolve(int id, const gis::EditConflict& conflict, const gis::ConflictResolution& resolution)
{
    entry(id).session->resolve(conflict, resolution);
    changed(id);
}

gis::Geometry EditController::mapGeometry(int id, std::int64_t fid) const
{
    const Entry& e = entry(id);
    auto f = e.session->feature(fid);
    return f ? toMapGeometry(e, f->geometry) : gis::Geometry();
}

std::vector<std::pair<std::int64_t, gis::Geometry>> EditController::featuresIn(int id, const gis::Box& mapBox) const
{
    const Entry& e = entry(id);
    gis::Box box = mapBox;
    if (e.toLayer) {
        try {
            box = e.toLayer->transformBox(mapBox);
        } catch (const gis::Error&) {
            return {};
        }
    }
    std::vector<std::pair<std::int64_t, gis::Geometry>> out;
    auto snapshot = e.session->snapshot();
    for (const auto& ref : snapshot->search(box))
        out.emplace_back(ref.fid, toMapGeometry(e, ref.geometry));
    return out;
}

std::vector<std::int64_t> EditController::fidsOfRows(int id, const std::vector<std::uint32_t>& rows) const
{
    const Entry& e = entry(id);
    std::vector<std::int64_t> out;
    if (!e.shown)
        return out;
    for (std::uint32_t r : rows)
        if (r < e.shown->size())
            out.push_back(e.shown->fid(r));
    return out;
}

const std::vector<gis::Geometry>& EditController::editedGeometries(int id) const
{
    return entry(id).edited;
}

bool EditController::isGeographic(int id) const
{
    return entry(id).geographic;
}

std::pair<double, double> EditController::measure(int id, const std::vector<gis::Coord>& mapVertices, bool closed) const
{
    const Entry& e = entry(id);
    if (mapVertices.size() < 2)
        return {0, 0};
    gis::GeometryColumn c;
    c.beginGeometry(closed && mapVertices.size() >= 3 ? gis::GeometryType::Polygon : gis::GeometryType::LineString);
    c.beginPart(closed && mapVertices.size() >= 3 ? gis::GeometryType::Polygon : gis::GeometryType::LineString);
    c.beginRing();
    for (const gis::Coord& m : mapVertices) {
        const gis::Coord k = toLayer(e, m);
        c.addCoord(k.x, k.y);
    }
    if (closed && mapVertices.size() >= 3) {
        const gis::Coord k = toLayer(e, mapVertices.front());
        c.addCoord(k.x, k.y);
    }
    c.endGeometry();
    const gis::Geometry g(std::move(c));
    if (closed && mapVertices.size() >= 3)
        return {gis::geometryPerimeter(g, e.geographic), gis::geometryArea(g, e.geographic)};
    return {gis::geometryLength(g, e.geographic), 0};
}

void EditController::changed(int id)
{
    Entry& e = entry(id);
    // O(layer): the whole edited layer is made again for the renderer (EditSnapshot::toLayer). Measured in
    // tst_editmode::dragCost; fine for the sample's layers.
    QElapsedTimer t;
    t.start();
    e.shown = e.session->snapshot()->toLayer();
    m_doc->setLayerData(id, e.shown);
    e.edited.clear();
    e.session->snapshot()->forEach([&](const gis::EditSnapshot::FeatureRef& ref) {
        // A huge feature is left to the renderer: reprojecting it for the overlay would cost as much as toLayer.
        if (ref.edited && ref.edited->geometry.column().coordCount() <= kMaxOverlayCoords)
            e.edited.push_back(toMapGeometry(e, ref.geometry));
        return true;
    });
    m_lastRefreshMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    emit editsChanged(id);
}

} // namespace viewer
