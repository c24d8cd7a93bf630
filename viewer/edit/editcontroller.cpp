#include "editcontroller.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <unordered_map>

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
    /// The document's data (MapLayer::vector): the edited data as it was at `reference` (the session's base, or
    /// reference->toLayer() after a fold). Edits since are shown over it (MapLayer::edits), never by making it again.
    std::shared_ptr<const gis::Layer> shown;
    std::shared_ptr<const gis::EditSnapshot> reference;
    /// fid -> row of `shown` when it was made by toLayer(); empty when `shown` is the reference's base (its rows
    /// are then found through the snapshot).
    std::unordered_map<std::int64_t, std::uint32_t> shownRows;
    std::vector<std::int64_t> addedFids; ///< the overlay's added features (document rows shown->size() + i)
    std::vector<gis::Geometry> edited;   ///< inserted or changed features, map CRS
    /// While a new feature is inserted before its form is filled, the form's validator stays quiet (its empty
    /// values are not yet the user's; the form shows what is missing).
    std::shared_ptr<bool> formQuiet = std::make_shared<bool>(false);
    std::int64_t lastInsert = 0;      ///< the feature addFeature() added last
    std::size_t lastInsertUndo = 0;   ///< the undo count right after it
    /// Attach and detach steps on lastInsert since (its form's photos), and the tables they used.
    std::size_t lastInsertPhotoSteps = 0;
    std::vector<gis::AttachmentTable> lastInsertTables;
};

namespace {

constexpr std::size_t kMaxOverlayCoords = 20000;
/// The edit overlay is folded into the document's data (EditSnapshot::toLayer, O(layer)) when it holds more than
/// this share of the data's features, and more than kMinFoldFeatures: past it each refresh would cost about as much
/// as the fold, and the renderer, identify and the table would work on two large parts.
constexpr double kFoldShare = 0.25;
constexpr std::size_t kMinFoldFeatures = 1000;

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

/// A geometry taken apart: its parts, each a list of rings (coordinates as stored, closing one included).
struct Shape {
    struct Part {
        gis::GeometryType type = gis::GeometryType::Unknown;
        std::vector<std::vector<gis::Coord>> rings;
    };
    gis::GeometryType type = gis::GeometryType::Unknown;
    std::vector<Part> parts;
};

Shape takeApart(gis::GeometryRef g)
{
    const gis::GeometryColumn& c = *g.column;
    Shape s;
    s.type = g.type();
    for (std::size_t p = c.partBegin(g.index); p < c.partEnd(g.index); ++p) {
        Shape::Part part;
        part.type = c.partType(p);
        for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
            part.rings.emplace_back(c.coords() + c.coordBegin(r), c.coords() + c.coordEnd(r));
        s.parts.push_back(std::move(part));
    }
    return s;
}

gis::Geometry putTogether(const Shape& s)
{
    gis::GeometryColumn out;
    out.beginGeometry(s.type);
    for (const Shape::Part& part : s.parts) {
        out.beginPart(part.type);
        for (const auto& ring : part.rings) {
            out.beginRing();
            for (const gis::Coord& k : ring)
                out.addCoord(k.x, k.y);
        }
    }
    out.endGeometry();
    return gis::Geometry(std::move(out));
}

/// Even-odd test of a point against one ring.
bool insideRing(const std::vector<gis::Coord>& ring, const gis::Coord& p)
{
    bool inside = false;
    for (std::size_t i = 0, j = ring.empty() ? 0 : ring.size() - 1; i < ring.size(); j = i++) {
        const gis::Coord &a = ring[i], &b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
            inside = !inside;
    }
    return inside;
}

double segmentDistance(const gis::Coord& p, const gis::Coord& a, const gis::Coord& b)
{
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
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
        // Messages in both languages, chosen at each check: the interface may switch language while editing.
        const auto bilingual = [](gis::EditValidator ar, gis::EditValidator en, std::shared_ptr<bool> quiet) {
            return [ar = std::move(ar), en = std::move(en), quiet = std::move(quiet)](std::int64_t fid, const gis::EditFeature& f) {
                if (*quiet)
                    return std::vector<gis::EditIssue>();
                return interfaceIsArabic() ? ar(fid, f) : en(fid, f);
            };
        };
        const auto snapshot = [session] { return session->snapshot(); };
        session->addValidator(bilingual(form->validator(snapshot, "ar"), form->validator(snapshot, "en"), e->formQuiet));
        // The photo fields' count rules (media.min / media.max) against the session's attachments.
        const auto count = [session](std::int64_t fid, const gis::FormField& field) {
            return field.media ? session->attachments(fid, {field.media->mediaTable, field.media->mappingTable}).size()
                               : std::size_t(0);
        };
        session->addValidator(bilingual(form->mediaValidator(count, "ar"), form->mediaValidator(count, "en"), e->formQuiet));
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
    Entry& e = *it->second;
    if (discard && e.session->isModified())
        e.session->rollback();
    // The layer leaves edit mode as plain data: the overlay (edits since the last fold) folded in, once.
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (l && (l->map.edits || e.reference != e.session->snapshot()))
        refresh(id, Refresh::Fold);
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

gis::Geometry EditController::sketchGeometry(const Entry& e, gis::GeometryType type,
    const std::vector<gis::Coord>& mapVertices) const
{
    const std::size_t need = type == gis::GeometryType::Point ? 1 : type == gis::GeometryType::LineString ? 2 : 3;
    if (mapVertices.size() < need)
        throw gis::Error(gis::ErrorCode::Argument, type == gis::GeometryType::Polygon
                ? "a polygon needs at least three vertices"
                : "a line needs at least two vertices");
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
    return gis::Geometry(std::move(c));
}

std::int64_t EditController::addFeature(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
    std::vector<gis::EditIssue>* issues)
{
    Entry& e = entry(id);
    gis::EditFeature f;
    f.geometry = sketchGeometry(e, type, mapVertices);
    const std::int64_t fid = insertNew(e, std::move(f), issues);
    changed(id);
    return fid;
}

std::int64_t EditController::insertNew(Entry& e, gis::EditFeature f, std::vector<gis::EditIssue>* issues)
{
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
    e.lastInsertPhotoSteps = 0;
    e.lastInsertTables.clear();
    return fid;
}

std::int64_t EditController::addValidFeature(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
    std::vector<gis::EditIssue>* issues)
{
    Entry& e = entry(id);
    gis::EditFeature f;
    f.geometry = fitted(e, gis::makeValid(sketchGeometry(e, type, mapVertices)));
    const std::int64_t fid = insertNew(e, std::move(f), issues);
    changed(id);
    return fid;
}

gis::Geometry EditController::fitted(const Entry& e, gis::Geometry g) const
{
    if (g.isNull() || g.isEmpty())
        throw gis::Error(gis::ErrorCode::Geometry, "nothing is left of the shape once repaired (it encloses no area)");
    Shape s = takeApart(g);
    const gis::GeometryType part = gis::singleType(e.layerType);
    if (e.layerType != gis::GeometryType::Unknown && e.layerType != gis::GeometryType::GeometryCollection) {
        for (const Shape::Part& p : s.parts)
            if (p.type != part)
                throw gis::Error(gis::ErrorCode::Geometry, "the repaired shape holds a "
                        + std::string(gis::geometryTypeName(p.type)) + ", which this layer of "
                        + std::string(gis::geometryTypeName(e.layerType)) + " cannot store");
        if (isMulti(e.layerType)) {
            s.type = e.layerType;
        } else if (s.parts.size() == 1) {
            s.type = part;
        } else {
            throw gis::Error(gis::ErrorCode::Geometry, "the repaired shape has " + std::to_string(s.parts.size())
                    + " parts; this layer stores single " + std::string(gis::geometryTypeName(part))
                    + "s: keep it as drawn and reshape it, or cancel");
        }
    }
    return putTogether(s);
}

gis::Validity EditController::validity(int id, std::int64_t fid) const
{
    const Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    return gis::checkValidity(f->geometry);
}

gis::Validity EditController::sketchValidity(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices) const
{
    return gis::checkValidity(sketchGeometry(entry(id), type, mapVertices));
}

void EditController::makeValid(int id, std::int64_t fid)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    e.session->setGeometry(fid, fitted(e, gis::makeValid(f->geometry)));
    changed(id);
}

std::int64_t EditController::addRing(int id, const std::vector<gis::Coord>& mapVertices, std::vector<gis::EditIssue>* issues)
{
    Entry& e = entry(id);
    if (mapVertices.size() < 3)
        throw gis::Error(gis::ErrorCode::Argument, "a ring needs at least three vertices");
    std::vector<gis::Coord> ring;
    for (const gis::Coord& m : mapVertices)
        ring.push_back(toLayer(e, m));
    ring.push_back(ring.front());
    gis::Box box(ring.front().x, ring.front().y, ring.front().x, ring.front().y);
    for (const gis::Coord& k : ring)
        box = gis::Box(std::min(box.minX, k.x), std::min(box.minY, k.y), std::max(box.maxX, k.x), std::max(box.maxY, k.y));
    for (const auto& ref : e.session->snapshot()->search(box)) {
        Shape s = takeApart(ref.geometry);
        for (Shape::Part& part : s.parts) {
            if (part.type != gis::GeometryType::Polygon || part.rings.empty())
                continue;
            if (!std::all_of(ring.begin(), ring.end(), [&](const gis::Coord& k) { return insideRing(part.rings.front(), k); }))
                continue;
            part.rings.push_back(ring);
            e.session->setGeometry(ref.fid, putTogether(s), issues);
            changed(id);
            return ref.fid;
        }
    }
    throw gis::Error(gis::ErrorCode::Argument, "a new ring must lie inside a polygon of the layer");
}

void EditController::addPart(int id, std::int64_t fid, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
    std::vector<gis::EditIssue>* issues)
{
    Entry& e = entry(id);
    if (!isMulti(e.layerType))
        throw gis::Error(gis::ErrorCode::Argument, "layer \"" + e.session->layerName() + "\" stores single "
                + std::string(gis::geometryTypeName(e.layerType)) + "s: a feature of it has only one part");
    if (type != gis::singleType(e.layerType))
        throw gis::Error(gis::ErrorCode::Argument, "a part of a " + std::string(gis::geometryTypeName(e.layerType))
                + " is a " + std::string(gis::geometryTypeName(gis::singleType(e.layerType))));
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    Shape s = takeApart(f->geometry);
    const Shape added = takeApart(sketchGeometry(e, type, mapVertices));
    s.type = e.layerType;
    s.parts.insert(s.parts.end(), added.parts.begin(), added.parts.end());
    e.session->setGeometry(fid, putTogether(s), issues);
    changed(id);
}

std::optional<EditController::PartHit> EditController::partAt(int id, const gis::Coord& mapPoint, double tolerance) const
{
    const gis::Box box(mapPoint.x - tolerance, mapPoint.y - tolerance, mapPoint.x + tolerance, mapPoint.y + tolerance);
    std::optional<PartHit> hole, area, near;
    double nearest = tolerance;
    for (const auto& [fid, g] : featuresIn(id, box)) {
        const gis::GeometryColumn& c = g.column();
        if (c.isNull(0))
            continue;
        const std::size_t parts = c.partEnd(0) - c.partBegin(0);
        for (std::size_t p = c.partBegin(0); p < c.partEnd(0); ++p) {
            std::vector<std::vector<gis::Coord>> rings;
            for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
                rings.emplace_back(c.coords() + c.coordBegin(r), c.coords() + c.coordEnd(r));
            if (c.partType(p) == gis::GeometryType::Polygon && !rings.empty()) {
                if (!insideRing(rings.front(), mapPoint))
                    continue;
                bool inHole = false;
                for (std::size_t r = 1; r < rings.size(); ++r)
                    if (insideRing(rings[r], mapPoint)) {
                        hole = PartHit{fid, p, c.ringBegin(p) + r, true, parts};
                        inHole = true;
                    }
                if (!inHole)
                    area = PartHit{fid, p, c.ringBegin(p), false, parts};
                continue;
            }
            for (const auto& ring : rings)
                for (std::size_t k = 0; k < ring.size(); ++k) {
                    const double d = segmentDistance(mapPoint, ring[k], ring[k + 1 < ring.size() ? k + 1 : k]);
                    if (d <= nearest) {
                        nearest = d;
                        near = PartHit{fid, p, c.ringBegin(p), false, parts};
                    }
                }
        }
    }
    return hole ? hole : near ? near : area;
}

void EditController::deleteRing(int id, std::int64_t fid, std::size_t ring)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    const gis::GeometryColumn& c = f->geometry.column();
    Shape s = takeApart(f->geometry);
    for (std::size_t p = c.partBegin(0); p < c.partEnd(0); ++p) {
        if (ring < c.ringBegin(p) || ring >= c.ringEnd(p))
            continue;
        if (ring == c.ringBegin(p) || c.partType(p) != gis::GeometryType::Polygon)
            throw gis::Error(gis::ErrorCode::Argument, "that is the outer ring of its polygon: delete the part or the feature instead");
        auto& rings = s.parts[p - c.partBegin(0)].rings;
        rings.erase(rings.begin() + static_cast<std::ptrdiff_t>(ring - c.ringBegin(p)));
        e.session->setGeometry(fid, putTogether(s));
        changed(id);
        return;
    }
    throw gis::Error(gis::ErrorCode::Argument, "feature " + std::to_string(fid) + " has no ring " + std::to_string(ring));
}

void EditController::deletePart(int id, std::int64_t fid, std::size_t part)
{
    Entry& e = entry(id);
    auto f = e.session->feature(fid);
    if (!f)
        throw gis::Error(gis::ErrorCode::Argument, "the feature is gone");
    Shape s = takeApart(f->geometry);
    if (part >= s.parts.size())
        throw gis::Error(gis::ErrorCode::Argument, "feature " + std::to_string(fid) + " has no part " + std::to_string(part));
    if (s.parts.size() == 1)
        throw gis::Error(gis::ErrorCode::Argument, "that is the feature's only part: delete the feature instead");
    s.parts.erase(s.parts.begin() + static_cast<std::ptrdiff_t>(part));
    e.session->setGeometry(fid, putTogether(s));
    changed(id);
}

namespace {

/// The pending attachments of `fid` in `tables`, as data to attach again.
std::vector<std::pair<gis::AttachmentTable, gis::AttachmentData>> pendingPhotos(const gis::EditSession& session,
    std::int64_t fid, const std::vector<gis::AttachmentTable>& tables)
{
    std::vector<std::pair<gis::AttachmentTable, gis::AttachmentData>> out;
    for (const gis::AttachmentTable& t : tables)
        for (const gis::AttachmentInfo& a : session.attachments(fid, t))
            if (a.pending && a.bytes)
                out.push_back({t, gis::AttachmentData{a.bytes, a.contentType, a.name, a.takenMs, a.takenOffsetMinutes}});
    return out;
}

} // namespace

std::int64_t EditController::completeNewFeature(int id, std::int64_t fid, gis::EditFeature feature)
{
    Entry& e = entry(id);
    if (!e.session->feature(fid))
        throw gis::Error(gis::ErrorCode::Argument, "the new feature is gone");
    std::int64_t result = fid;
    const std::size_t steps = e.lastInsertPhotoSteps;
    if (fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo + steps && e.session->canUndo()
        && e.session->redoCount() == 0) {
        // The insert (and its photos) are the last steps: take them back and insert the filled feature with its
        // photos in one batch, so one undo removes it whole.
        const auto photos = pendingPhotos(*e.session, fid, e.lastInsertTables);
        for (std::size_t i = 0; i <= steps; ++i)
            e.session->undo();
        e.session->beginBatch("new feature");
        try {
            result = e.session->insert(std::move(feature));
            for (const auto& [table, data] : photos)
                e.session->attach(result, table, data);
        } catch (...) {
            e.session->endBatch();
            throw;
        }
        e.session->endBatch();
        e.lastInsert = result;
        e.lastInsertUndo = e.session->undoCount();
    } else {
        e.session->update(fid, std::move(feature));
    }
    e.lastInsertPhotoSteps = 0;
    e.lastInsertTables.clear();
    changed(id);
    return result;
}

void EditController::cancelNewFeature(int id, std::int64_t fid)
{
    Entry& e = entry(id);
    const std::size_t steps = e.lastInsertPhotoSteps;
    e.lastInsertPhotoSteps = 0;
    const std::vector<gis::AttachmentTable> tables = std::move(e.lastInsertTables);
    e.lastInsertTables.clear();
    if (!e.session->feature(fid))
        return;
    if (fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo + steps && e.session->canUndo()) {
        for (std::size_t i = 0; i <= steps; ++i)
            e.session->undo();
    } else {
        e.session->beginBatch("cancel new feature");
        try {
            for (const gis::AttachmentTable& t : tables)
                for (const gis::AttachmentInfo& a : e.session->attachments(fid, t))
                    if (a.pending)
                        e.session->detach(fid, t, a.id);
            e.session->remove(fid);
        } catch (...) {
            e.session->endBatch();
            throw;
        }
        e.session->endBatch();
    }
    changed(id);
}

std::int64_t EditController::attach(int id, std::int64_t fid, const gis::AttachmentTable& table, gis::AttachmentData data)
{
    Entry& e = entry(id);
    const bool ofNew = fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo + e.lastInsertPhotoSteps
        && e.session->redoCount() == 0;
    const std::int64_t result = e.session->attach(fid, table, std::move(data));
    if (ofNew) {
        ++e.lastInsertPhotoSteps;
        if (std::find(e.lastInsertTables.begin(), e.lastInsertTables.end(), table) == e.lastInsertTables.end())
            e.lastInsertTables.push_back(table);
    }
    emit editsChanged(id); // the features did not change: the document's data stays
    return result;
}

void EditController::detach(int id, std::int64_t fid, const gis::AttachmentTable& table, std::int64_t attachment)
{
    Entry& e = entry(id);
    const bool ofNew = fid == e.lastInsert && e.session->undoCount() == e.lastInsertUndo + e.lastInsertPhotoSteps
        && e.session->redoCount() == 0;
    e.session->detach(fid, table, attachment);
    if (ofNew)
        ++e.lastInsertPhotoSteps;
    emit editsChanged(id);
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
    else
        this->refresh(id, Refresh::MapOnly);
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
        throw gis::Error(gis::ErrorCode::Argument, "a ring keeps at least four points (three corners and the closing one) and a line two: delete the feature, the ring or the part instead");
    e.session->setGeometry(fid, std::move(g));
    changed(id);
}

std::size_t EditController::copySelection(int id, const QString& layerName)
{
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->available || !l->map.vector)
        throw gis::Error(gis::ErrorCode::Argument, "only features of a vector layer can be copied");
    const std::shared_ptr<const gis::Layer> data = l->map.vector;
    FeatureClipboard clip;
    clip.layerName = layerName;
    clip.crs = data->crs();
    clip.type = data->geometryType();
    clip.fields.reserve(data->attributes().columnCount());
    for (const auto& col : data->attributes().columns())
        clip.fields.push_back({col.name(), col.type()});
    const LayerRows rows = m_doc->rows(id); // the data and, in edit mode, the edits shown over it
    for (std::uint32_t row : m_doc->selection(id))
        if (const LayerRows::Ref ref = rows.locate(row))
            clip.features.push_back(gis::editFeatureFromLayer(*ref.layer, ref.row));
    m_clipboard = std::move(clip);
    return m_clipboard.features.size();
}

EditController::PasteFit EditController::pasteFit(int id) const
{
    const Entry& e = entry(id);
    if (m_clipboard.features.empty())
        return PasteFit::Empty;
    const gis::GeometryType to = e.layerType;
    if (to == gis::GeometryType::Unknown || to == gis::GeometryType::GeometryCollection)
        return PasteFit::Fits;
    const gis::GeometryType part = gis::singleType(to);
    for (const gis::EditFeature& f : m_clipboard.features) {
        const gis::GeometryColumn& c = f.geometry.column();
        if (f.geometry.isNull())
            continue;
        for (std::size_t p = c.partBegin(0); p < c.partEnd(0); ++p)
            if (c.partType(p) != part)
                return PasteFit::WrongType;
        if (!isMulti(to) && c.partEnd(0) - c.partBegin(0) > 1)
            return PasteFit::TooManyParts;
    }
    return PasteFit::Fits;
}

std::vector<std::int64_t> EditController::paste(int id)
{
    Entry& e = entry(id);
    if (pasteFit(id) != PasteFit::Fits)
        throw gis::Error(gis::ErrorCode::Argument, "the copied features do not fit layer \"" + e.session->layerName() + "\"");
    const std::vector<gis::FieldInfo>& to = e.session->fields();
    // For each field of the layer, the copied field of that name and a type that converts without loss.
    std::vector<int> from(to.size(), -1);
    const auto lower = [](std::string s) {
        for (char& ch : s)
            if (ch >= 'A' && ch <= 'Z')
                ch = static_cast<char>(ch - 'A' + 'a');
        return s;
    };
    for (std::size_t k = 0; k < to.size(); ++k)
        for (std::size_t j = 0; j < m_clipboard.fields.size(); ++j) {
            const gis::FieldInfo& a = m_clipboard.fields[j];
            const bool sameType = a.type == to[k].type || (a.type == gis::FieldType::Integer && to[k].type == gis::FieldType::Real);
            if (lower(a.name) == lower(to[k].name) && sameType) {
                from[k] = static_cast<int>(j);
                break;
            }
        }
    std::unique_ptr<gis::Transformer> reproject;
    const gis::Crs& layerCrs = e.session->base()->crs();
    if (m_clipboard.crs.isValid() && layerCrs.isValid() && !m_clipboard.crs.isEquivalentTo(layerCrs))
        reproject = std::make_unique<gis::Transformer>(m_clipboard.crs, layerCrs);
    // Every feature made first, so that a failure (a reprojection outside its domain) inserts nothing.
    std::vector<gis::EditFeature> made;
    for (const gis::EditFeature& f : m_clipboard.features) {
        gis::EditFeature g;
        if (!f.geometry.isNull()) {
            Shape s = takeApart(reproject ? reproject->transform(f.geometry) : f.geometry);
            if (isMulti(e.layerType))
                s.type = e.layerType;
            else if (e.layerType != gis::GeometryType::Unknown && e.layerType != gis::GeometryType::GeometryCollection)
                s.type = gis::singleType(e.layerType);
            g.geometry = putTogether(s);
        }
        g.values.resize(to.size());
        for (std::size_t k = 0; k < to.size(); ++k)
            if (from[k] >= 0 && static_cast<std::size_t>(from[k]) < f.values.size())
                g.values[k] = f.values[static_cast<std::size_t>(from[k])];
        made.push_back(std::move(g));
    }
    std::vector<std::int64_t> fids;
    e.session->beginBatch("paste");
    try {
        for (gis::EditFeature& f : made)
            fids.push_back(e.session->insert(std::move(f)));
    } catch (...) {
        e.session->endBatch();
        changed(id);
        throw;
    }
    e.session->endBatch();
    changed(id);
    return fids;
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
    // The edits are stored: the document's data is made again from them once (a fold), inserted features under
    // their stored ids (the selection follows them).
    refresh(id, result.committed ? Refresh::Fold : Refresh::Rows, &result.insertedIds);
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
    entry(id); // throws for a layer not in edit mode
    const LayerRows all = m_doc->rows(id);
    std::vector<std::int64_t> out;
    for (std::uint32_t r : rows)
        if (const LayerRows::Ref ref = all.locate(r))
            out.push_back(ref.layer->fid(ref.row));
    return out;
}

std::vector<std::int64_t> EditController::selectedFids(int id) const
{
    return fidsOfRows(id, m_doc->selection(id));
}

gis::GeometryType EditController::layerType(int id) const
{
    return entry(id).layerType;
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
    refresh(id, Refresh::Rows);
}

std::optional<std::uint32_t> EditController::shownRow(const Entry& e, std::int64_t fid) const
{
    if (!e.shownRows.empty() || e.shown != e.reference->baseLayer()) {
        auto it = e.shownRows.find(fid);
        return it == e.shownRows.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }
    const auto ref = e.reference->find(fid);
    return ref && !ref->edited ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(ref->baseRow)) : std::nullopt;
}

void EditController::fold(int id, Entry& e)
{
    e.reference = e.session->snapshot();
    e.shownRows.clear();
    e.addedFids.clear();
    if (e.reference->deltaSize() == 0 && e.reference->hiddenBaseRows() == 0) {
        e.shown = e.reference->baseLayer(); // nothing to fold: the session's base as read, not a copy
    } else {
        e.shown = e.reference->toLayer();
        e.shownRows.reserve(e.shown->size());
        for (std::size_t row = 0; row < e.shown->size(); ++row)
            e.shownRows.emplace(e.shown->fid(row), static_cast<std::uint32_t>(row));
    }
    m_doc->setLayerData(id, e.shown); // clears the overlay and the selection (set again by the caller)
}

void EditController::refresh(int id, Refresh how, const std::map<std::int64_t, std::int64_t>* renamed)
{
    Entry& e = entry(id);
    QElapsedTimer t;
    t.start();
    // The selection by feature id, from the rows as the document numbers them now: rows change meaning below.
    std::vector<std::int64_t> selected = fidsOfRows(id, m_doc->selection(id));
    if (renamed)
        for (std::int64_t& fid : selected)
            if (auto it = renamed->find(fid); it != renamed->end())
                fid = it->second;
    const std::shared_ptr<const gis::EditSnapshot> now = e.session->snapshot();
    bool folded = false;
    if (how == Refresh::Fold || !e.reference || !e.shown || now->baseLayer() != e.reference->baseLayer()) {
        fold(id, e); // a single-file store reads its layer again after a commit: a new base
        folded = true;
    } else {
        // What differs between the reference (what `shown` holds) and now: only features either snapshot holds
        // in its delta or hides, O(edited features); never a walk over the layer.
        std::vector<std::int64_t> candidates = now->deltaFids();
        const std::vector<std::int64_t> before = e.reference->deltaFids();
        candidates.insert(candidates.end(), before.begin(), before.end());
        for (const auto* snap : {now.get(), e.reference.get()})
            for (std::uint32_t row : snap->hiddenRows())
                candidates.push_back(snap->base().fid(row));
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        auto edits = std::make_shared<gis::VectorEdits>();
        std::vector<std::int64_t> added;
        for (std::int64_t fid : candidates) {
            const auto a = e.reference->find(fid);
            const auto b = now->find(fid);
            if ((!a && !b) || (a && b && a->edited == b->edited && (a->edited || a->baseRow == b->baseRow)))
                continue; // as `shown` has it
            if (a)
                if (auto row = shownRow(e, fid))
                    edits->hiddenRows.push_back(*row);
            if (b)
                added.push_back(fid);
        }
        // Stored ids ascending, then inserted ones in the order inserted (-1, -2, ...): as toLayer() orders them.
        std::stable_partition(added.begin(), added.end(), [](std::int64_t fid) { return fid >= 0; });
        std::reverse(std::find_if(added.begin(), added.end(), [](std::int64_t fid) { return fid < 0; }), added.end());
        std::sort(edits->hiddenRows.begin(), edits->hiddenRows.end());
        const std::size_t size = edits->hiddenRows.size() + added.size();
        if (how != Refresh::MapOnly && size > kMinFoldFeatures
            && static_cast<double>(size) > kFoldShare * static_cast<double>(e.shown->size())) {
            fold(id, e);
            folded = true;
        } else {
            if (!added.empty())
                edits->added = now->layerOf(added);
            e.addedFids = std::move(added);
            m_doc->setLayerEdits(id, size ? std::move(edits) : nullptr, how != Refresh::MapOnly);
        }
    }
    // The selection again, by feature id: a deleted feature leaves it, a replaced one follows its new row.
    if (!selected.empty()) {
        std::unordered_map<std::int64_t, std::uint32_t> addedRow;
        for (std::size_t i = 0; i < e.addedFids.size(); ++i)
            addedRow.emplace(e.addedFids[i], static_cast<std::uint32_t>(e.shown->size() + i));
        const LayerRows all = m_doc->rows(id);
        std::vector<std::uint32_t> rows;
        for (std::int64_t fid : selected) {
            if (auto it = addedRow.find(fid); it != addedRow.end())
                rows.push_back(it->second);
            else if (auto row = shownRow(e, fid); row && !all.isHidden(*row))
                rows.push_back(*row);
        }
        m_doc->setSelection(id, std::move(rows));
    }
    if (how == Refresh::MapOnly)
        return; // a drag's frame: the rubber band and the overlay show it; the rest when the button is let go
    e.edited.clear();
    for (std::int64_t fid : now->deltaFids()) {
        const auto ref = now->find(fid);
        // A huge feature is left to the renderer: reprojecting it for the overlay would cost as much as a fold.
        if (ref && ref->edited && ref->edited->geometry.column().coordCount() <= kMaxOverlayCoords)
            e.edited.push_back(toMapGeometry(e, ref->geometry));
    }
    m_lastRefreshMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
    m_lastRefreshFolded = folded;
    emit editsChanged(id);
}

} // namespace viewer
