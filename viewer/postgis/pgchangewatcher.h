#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "gis/data/datasource.h"

class QSocketNotifier;

namespace gis::pg {
class ChangeListener;
struct LayerChange;
}
namespace gis {
class Layer;
}

namespace viewer {

class MapDocument;

/// Keeps the document's PostGIS layers up to date with colleagues' commits (docs/postgis.md, "In the viewer"): one
/// gis::pg::ChangeListener per PostGIS layer, its socket watched by a QSocketNotifier (no polling timer). When a
/// commit of another process changes the layer, only the changed features are read again (a read filtered by the
/// primary key, `key = ANY($1::int8[])`) and shown over the layer's data as an overlay (MapDocument::setLayerEdits:
/// the changed and deleted rows hidden, their new versions added), so the data of the unchanged features is the
/// same object as before and nothing is reloaded; the selection keeps its features by id. A notification saying
/// "all" (too many ids for one payload), or a table without an integer primary key, reloads the layer
/// (reloadCount()). A layer in edit mode (isEditing) is left alone: its changes are kept and applied when edit
/// mode stops (editingStopped); the edit session's commit detects a conflict with them as it always does.
/// A big table fetched by view (MapDocument::viewLoader) is not patched: its loader forgets what it fetched and
/// reads the view again (PgViewLoader::invalidate).
///
/// The filtered read runs on the GUI thread: it is as large as the colleague's commit, not the layer. GUI thread
/// only. Errors (the listener's connection lost, a read refused) are reported through watchError, never thrown.
class PgChangeWatcher : public QObject {
    Q_OBJECT
public:
    explicit PgChangeWatcher(MapDocument* document, QObject* parent = nullptr);
    ~PgChangeWatcher() override;

    /// Whether a layer is in edit mode (its overlay belongs to the edit session then).
    void setEditingPredicate(std::function<bool(int id)> isEditing) { m_isEditing = std::move(isEditing); }
    /// Applies the changes that arrived while layer `id` was in edit mode.
    void editingStopped(int id);
    /// True when layer `id` is a PostGIS layer whose changes are being listened for.
    bool isWatching(int id) const { return m_watches.count(id) != 0; }
    /// Whole-layer reads made because of notifications ("all", no primary key), since construction.
    int reloadCount() const { return m_reloads; }
    /// Features read again by primary key, since construction.
    std::int64_t featuresRead() const { return m_featuresRead; }

signals:
    /// Layer `id` shows a colleague's commit now (`features` changed or deleted features).
    void layerPatched(int id, int features);
    void watchError(int id, const QString& message);

private:
    struct Watch;
    void sync();
    void onReadable(int id);
    void apply(int id, Watch& w, const std::set<std::int64_t>& changed, const std::set<std::int64_t>& deleted, bool all);
    void reload(int id, Watch& w);

    MapDocument* m_doc;
    std::map<int, std::unique_ptr<Watch>> m_watches;
    std::function<bool(int)> m_isEditing;
    int m_reloads = 0;
    std::int64_t m_featuresRead = 0;
};

} // namespace viewer
