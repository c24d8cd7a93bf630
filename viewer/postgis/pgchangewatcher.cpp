#include "pgchangewatcher.h"

#include <QSocketNotifier>

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/pgchanges.h"
#include "gis/data/postgis.h"
#include "gis/geom/geometrycolumn.h"
#include "map/layerrows.h"
#include "map/mapdocument.h"
#include "postgis/pgviewloader.h"

namespace viewer {

struct PgChangeWatcher::Watch {
    std::string source;
    std::string layer;     ///< as the project names it (the read's name)
    std::string qualified; ///< "schema.table", as notifications name it
    std::string key;       ///< the integer primary key column; empty: none (a change reloads the layer)
    std::unique_ptr<gis::pg::ChangeListener> listener;
    /// A child of the watcher (deleted with it at the latest); deleted later when the layer goes, since it may be the
    /// sender of the slot running.
    QSocketNotifier* notifier = nullptr;
    std::unique_ptr<gis::DataSource> data; ///< the reads of changed features
    std::set<std::int64_t> pendingChanged, pendingDeleted; ///< while the layer is in edit mode
    bool pendingAll = false;
    std::shared_ptr<const gis::Layer> indexed; ///< the data rowOf was made for
    std::unordered_map<std::int64_t, std::uint32_t> rowOf;

    ~Watch()
    {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
};

namespace {

/// The schema, table and integer primary key of `layer` ("schema.table", or a table of the search path). The name
/// may hold dots, so each split is tried against the catalogue (bound values, never SQL text).
void describe(gis::pg::Connection& c, const std::string& layer, std::string& qualified, std::string& key)
{
    std::string oid;
    for (std::size_t dot = layer.find('.'); dot != std::string::npos && oid.empty(); dot = layer.find('.', dot + 1)) {
        const gis::pg::Result r = c.exec("SELECT c.oid::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2", {layer.substr(0, dot), layer.substr(dot + 1)});
        if (r.rows() == 1) {
            oid = std::string(r.value(0, 0));
            qualified = layer;
        }
    }
    if (oid.empty()) {
        const gis::pg::Result r = c.exec("SELECT c.oid::text, n.nspname::text FROM pg_catalog.pg_class c JOIN"
            " pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid)",
            {layer});
        if (r.rows() != 1)
            throw gis::Error(gis::ErrorCode::Argument, c.name() + ": no table \"" + layer + "\" to listen for changes of");
        oid = std::string(r.value(0, 0));
        qualified = std::string(r.value(0, 1)) + "." + layer;
    }
    const gis::pg::Result k = c.exec("SELECT a.attname::text FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a"
        " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::oid AND i.indisprimary"
        " AND a.atttypid IN (20, 21, 23)", {oid});
    const gis::pg::Result all = c.exec("SELECT count(*) FROM pg_catalog.pg_index i, unnest(i.indkey) WHERE"
        " i.indrelid = $1::oid AND i.indisprimary", {oid});
    key = k.rows() == 1 && all.value(0, 0) == "1" ? std::string(k.value(0, 0)) : std::string();
}

bool sameFields(const gis::Layer& a, const gis::Layer& b)
{
    const auto fa = a.attributes().fields(), fb = b.attributes().fields();
    if (fa.size() != fb.size())
        return false;
    for (std::size_t i = 0; i < fa.size(); ++i)
        if (fa[i].name != fb[i].name || fa[i].type != fb[i].type)
            return false;
    return true;
}

/// A layer of `rows` (each a layer sharing `schema`'s fields, and a row of it), in that order.
std::shared_ptr<const gis::Layer> gather(const gis::Layer& schema,
    const std::vector<std::pair<const gis::Layer*, std::size_t>>& rows)
{
    gis::GeometryColumn geometries;
    gis::AttributeTable table;
    for (const gis::FieldInfo& f : schema.attributes().fields())
        table.addColumn(f.name, f.type);
    table.setRowCount(rows.size());
    std::vector<std::int64_t> fids;
    fids.reserve(rows.size());
    for (const auto& [layer, row] : rows) {
        geometries.append(layer->geometries(), row);
        fids.push_back(layer->fid(row));
        for (std::size_t c = 0; c < table.columnCount(); ++c) {
            const gis::AttributeColumn& from = layer->attributes().column(c);
            gis::AttributeColumn& to = table.column(c);
            if (from.isNull(row))
                to.appendNull();
            else if (from.type() == gis::FieldType::Real)
                to.appendReal(from.real(row));
            else if (from.type() == gis::FieldType::String || from.type() == gis::FieldType::Binary)
                to.appendString(from.string(row));
            else
                to.appendInteger(from.integer(row));
        }
    }
    return std::make_shared<const gis::Layer>(schema.name(), schema.crs(), schema.geometryType(), std::move(geometries),
        std::move(table), std::move(fids));
}

std::vector<std::int64_t> selectedFids(const MapDocument& doc, int id)
{
    std::vector<std::int64_t> fids;
    const LayerRows rows = doc.rows(id);
    for (std::uint32_t row : doc.selection(id))
        if (const LayerRows::Ref ref = rows.locate(row))
            fids.push_back(ref.layer->fid(ref.row));
    return fids;
}

/// Selects the features `fids` again (by id: their rows may have moved into the overlay).
void reselect(MapDocument& doc, int id, const std::vector<std::int64_t>& fids)
{
    if (fids.empty())
        return;
    const std::unordered_set<std::int64_t> wanted(fids.begin(), fids.end());
    const LayerRows rows = doc.rows(id);
    std::vector<std::uint32_t> selected;
    for (std::uint32_t row : rows.all())
        if (const LayerRows::Ref ref = rows.locate(row); wanted.count(ref.layer->fid(ref.row)))
            selected.push_back(row);
    doc.setSelection(id, std::move(selected));
}

} // namespace

PgChangeWatcher::PgChangeWatcher(MapDocument* document, QObject* parent) : QObject(parent), m_doc(document)
{
    connect(m_doc, &MapDocument::layersChanged, this, &PgChangeWatcher::sync);
    connect(m_doc, &MapDocument::projectChanged, this, &PgChangeWatcher::sync);
    sync();
}

PgChangeWatcher::~PgChangeWatcher() = default;

void PgChangeWatcher::sync()
{
    std::set<int> present;
    for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
        const gis::ProjectLayer& pl = m_doc->layers()[i];
        const int id = m_doc->idAt(i);
        if (!pl.available || !pl.map.vector || !gis::pg::isPostgresSource(pl.sourcePath))
            continue;
        present.insert(id);
        auto it = m_watches.find(id);
        if (it != m_watches.end() && it->second->source == pl.sourcePath && it->second->layer == pl.layer)
            continue;
        try {
            auto w = std::make_unique<Watch>();
            w->source = pl.sourcePath;
            w->layer = pl.layer;
            {
                gis::pg::Connection c = gis::pg::Connection::open(w->source);
                describe(c, w->layer, w->qualified, w->key);
            }
            w->data = std::make_unique<gis::DataSource>(gis::DataSource::open(w->source));
            w->listener = std::make_unique<gis::pg::ChangeListener>(w->source);
            w->listener->listen();
            w->notifier = new QSocketNotifier(static_cast<qintptr>(w->listener->socket()), QSocketNotifier::Read, this);
            connect(w->notifier, &QSocketNotifier::activated, this, [this, id] { onReadable(id); });
            m_watches[id] = std::move(w);
        } catch (const std::exception& e) {
            m_watches.erase(id);
            emit watchError(id, tr("Changes by colleagues to layer “%1” will not be shown: %2")
                                    .arg(QString::fromStdString(pl.map.name), QString::fromUtf8(e.what())));
        }
    }
    for (auto it = m_watches.begin(); it != m_watches.end();)
        it = present.count(it->first) ? std::next(it) : m_watches.erase(it);
}

void PgChangeWatcher::onReadable(int id)
{
    const auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    Watch& w = *it->second;
    std::set<std::int64_t> changed, deleted;
    bool all = false;
    try {
        for (const gis::pg::LayerChange& c : w.listener->poll(0)) {
            if (c.layer != w.qualified)
                continue;
            all = all || c.all;
            changed.insert(c.fids.begin(), c.fids.end());
            for (std::int64_t fid : c.deleted) {
                deleted.insert(fid);
                changed.erase(fid);
            }
        }
    } catch (const std::exception& e) {
        w.notifier->setEnabled(false); // the connection is gone: no more changes from it
        emit watchError(id, QString::fromUtf8(e.what()));
        return;
    }
    if (changed.empty() && deleted.empty() && !all)
        return;
    if (m_isEditing && m_isEditing(id)) {
        w.pendingChanged.insert(changed.begin(), changed.end());
        w.pendingDeleted.insert(deleted.begin(), deleted.end());
        w.pendingAll = w.pendingAll || all;
        return;
    }
    apply(id, w, changed, deleted, all);
}

void PgChangeWatcher::editingStopped(int id)
{
    const auto it = m_watches.find(id);
    if (it == m_watches.end())
        return;
    Watch& w = *it->second;
    std::set<std::int64_t> changed, deleted;
    changed.swap(w.pendingChanged);
    deleted.swap(w.pendingDeleted);
    const bool all = std::exchange(w.pendingAll, false);
    if (!changed.empty() || !deleted.empty() || all)
        apply(id, w, changed, deleted, all);
}

void PgChangeWatcher::reload(int id, Watch& w)
{
    const std::vector<std::int64_t> selected = selectedFids(*m_doc, id);
    m_doc->setLayerData(id, w.data->readLayer(w.layer));
    ++m_reloads;
    reselect(*m_doc, id, selected);
}

void PgChangeWatcher::apply(int id, Watch& w, const std::set<std::int64_t>& changed,
    const std::set<std::int64_t>& deleted, bool all)
{
    const gis::ProjectLayer* pl = m_doc->layer(id);
    if (!pl || !pl->map.vector)
        return;
    if (PgViewLoader* loader = m_doc->viewLoader(id)) {
        // A big table holds only the view's rows (fetched by view): forget every fetched box and read the view
        // again, in the background; patching could not reach the boxes cached, and "all" must not read the table.
        loader->invalidate();
        emit layerPatched(id, all ? -1 : static_cast<int>(changed.size() + deleted.size()));
        return;
    }
    try {
        if (all || w.key.empty()) {
            reload(id, w);
            emit layerPatched(id, -1);
            return;
        }
        const std::shared_ptr<const gis::Layer> base = pl->map.vector;
        std::shared_ptr<const gis::Layer> fetched;
        if (!changed.empty()) {
            std::string ids = "{";
            for (std::int64_t fid : changed)
                ids += (ids.size() > 1 ? "," : "") + std::to_string(fid);
            gis::ReadOptions options;
            options.serverFilter.where = gis::pg::quoteIdentifier(w.key) + " = ANY($1::int8[])";
            options.serverFilter.params = {ids + "}"};
            fetched = w.data->readLayer(w.layer, options);
            m_featuresRead += static_cast<std::int64_t>(fetched->size());
            if (!sameFields(*base, *fetched)) { // the table's columns changed: the overlay could not hold it
                reload(id, w);
                emit layerPatched(id, -1);
                return;
            }
        }
        if (w.indexed != base) {
            w.rowOf.clear();
            w.rowOf.reserve(base->size());
            for (std::size_t r = 0; r < base->size(); ++r)
                w.rowOf.emplace(base->fid(r), static_cast<std::uint32_t>(r));
            w.indexed = base;
        }
        const std::shared_ptr<const gis::VectorEdits> old = pl->map.edits;
        std::set<std::uint32_t> hidden;
        if (old)
            hidden.insert(old->hiddenRows.begin(), old->hiddenRows.end());
        std::vector<std::pair<const gis::Layer*, std::size_t>> added;
        const auto touched = [&](std::int64_t fid) { return changed.count(fid) || deleted.count(fid); };
        for (const std::set<std::int64_t>* ids : {&changed, &deleted})
            for (std::int64_t fid : *ids)
                if (const auto row = w.rowOf.find(fid); row != w.rowOf.end())
                    hidden.insert(row->second);
        if (old && old->added)
            for (std::size_t r = 0; r < old->added->size(); ++r)
                if (!touched(old->added->fid(r)))
                    added.emplace_back(old->added.get(), r);
        if (fetched)
            for (std::size_t r = 0; r < fetched->size(); ++r)
                added.emplace_back(fetched.get(), r);
        auto edits = std::make_shared<gis::VectorEdits>();
        edits->hiddenRows.assign(hidden.begin(), hidden.end());
        edits->added = gather(*base, added);
        const std::vector<std::int64_t> selected = selectedFids(*m_doc, id);
        m_doc->setLayerEdits(id, std::move(edits), true);
        reselect(*m_doc, id, selected);
        emit layerPatched(id, static_cast<int>(changed.size() + deleted.size()));
    } catch (const std::exception& e) {
        emit watchError(id, tr("Layer “%1”: a colleague's change could not be read: %2")
                                .arg(QString::fromStdString(pl->map.name), QString::fromUtf8(e.what())));
    }
}

} // namespace viewer
