#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/project/form.h"

namespace viewer {

class MapDocument;

/// The layers in edit mode: one gis::EditSession per layer (keyed by the document's layer id), and the edits the
/// tools make, in map coordinates (reprojected to the layer's CRS here). After every edit, undo or redo the layer's
/// data in the document is replaced by the session's snapshot (EditSnapshot::toLayer(), O(layer)), so the canvas,
/// identify and the table show the edit at once. All the rules (journal, undo stack, conflicts, commit) are the
/// library's; this class only keeps the sessions and tells the widgets.
///
/// GUI thread only. Every method that edits or opens throws gis::Error (the caller, a MainWindow handler, shows it).
class EditController : public QObject {
    Q_OBJECT
public:
    explicit EditController(MapDocument* document, QObject* parent = nullptr);
    ~EditController() override;

    /// True for an available vector layer read from a GeoPackage, GeoJSON or Shapefile.
    bool canEdit(int id) const;
    bool isEditing(int id) const { return m_sessions.count(id) != 0; }
    /// Edits not committed in that layer.
    bool isModified(int id) const;
    /// Layers in edit mode, and those with edits not committed.
    std::vector<int> editingLayers() const;
    std::vector<int> modifiedLayers() const;
    gis::EditSession* session(int id) const;

    /// Journals of earlier sessions on the layer (a crash, a kill, a window closed without saving).
    std::vector<gis::RecoverableEdits> recoverable(int id) const;
    /// Opens an edit session; `choice` says what to do with a journal found beside the data.
    void startEditing(int id, gis::JournalChoice choice = gis::JournalChoice::Refuse);
    /// Leaves edit mode. `discard`: the edits not committed are dropped (rollback); otherwise they must have been
    /// committed (or the session's journal keeps them for recovery).
    void stopEditing(int id, bool discard);
    /// Leaves edit mode everywhere, dropping what was not committed (the project is closed or replaced).
    void stopAll();

    // --- edits, in map coordinates --------------------------------------------------------------------------
    /// A point, line or polygon from the vertices the user clicked; made Multi when the layer is. Returns the
    /// provisional id. Issues of the new feature (an invalid polygon) go to `issues`.
    std::int64_t addFeature(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
        std::vector<gis::EditIssue>* issues = nullptr);
    /// Fills in the form of a feature addFeature() just added: its values replace the new feature's in the same undo
    /// step as the insert (the insert is undone and made again with the values) when nothing was edited since;
    /// otherwise as an update, the next step. Returns the feature's (new provisional) id.
    std::int64_t completeNewFeature(int id, std::int64_t fid, gis::EditFeature feature);
    /// Takes back a feature addFeature() just added (its form was cancelled): undo when it is the last step,
    /// otherwise a delete.
    void cancelNewFeature(int id, std::int64_t fid);
    /// Sets one value of a feature (the attribute table): one undo step.
    void setAttribute(int id, std::int64_t fid, std::size_t field, gis::FieldValue value);
    /// Where a layer's form comes from: sessions started afterwards check it (gis::PreparedForm::validator, hard
    /// rules refuse the commit). Returns nullptr for a layer without a form.
    void setFormProvider(std::function<std::shared_ptr<const gis::PreparedForm>(int id)> provider)
    {
        m_formProvider = std::move(provider);
    }
    /// Moves every coordinate of a feature by (dx, dy) map units.
    void translateFeature(int id, std::int64_t fid, const gis::Coord& from, const gis::Coord& to);
    /// Moves coordinate `vertex` (numbered over the whole geometry) to a map position; consecutive moves of one
    /// vertex are one undo step (the session merges them). `refresh` false leaves the document's data as it was
    /// (a drag in progress: the tool draws the moving vertex itself and calls refresh() when the button is let go,
    /// because making the layer again costs O(layer) — about 160 ms for a 100,000-vertex polygon).
    void moveVertex(int id, std::int64_t fid, std::size_t vertex, const gis::Coord& mapPosition, bool refresh = true);
    /// Puts the session's current data into the document (after edits made with `refresh` false).
    void refresh(int id) { changed(id); }
    /// Inserts a vertex after coordinate `after` of its ring, at a map position.
    void insertVertex(int id, std::int64_t fid, std::size_t after, const gis::Coord& mapPosition);
    /// Deletes coordinate `vertex` (refused when the ring would become degenerate: Error(Argument)).
    void deleteVertex(int id, std::int64_t fid, std::size_t vertex);
    /// Deletes features (one undo step).
    void removeFeatures(int id, const std::vector<std::int64_t>& fids);
    void undo(int id);
    void redo(int id);

    /// Writes the layer's edits (gis::EditSession::commit); conflicts come back for the caller to decide.
    gis::CommitResult commit(int id);
    void resolve(int id, const gis::EditConflict& conflict, const gis::ConflictResolution& resolution);

    // --- reading --------------------------------------------------------------------------------------------
    /// A feature's geometry in map coordinates; a null geometry when the feature is gone.
    gis::Geometry mapGeometry(int id, std::int64_t fid) const;
    /// The edited features of the layer whose box meets `mapBox`, by fid, geometry in map coordinates.
    std::vector<std::pair<std::int64_t, gis::Geometry>> featuresIn(int id, const gis::Box& mapBox) const;
    /// The feature ids of document rows (the document's layer data is the snapshot's toLayer()).
    std::vector<std::int64_t> fidsOfRows(int id, const std::vector<std::uint32_t>& rows) const;
    /// True when the layer's CRS is geographic (lengths and areas are then geodesic).
    bool isGeographic(int id) const;
    /// Length (metres or the layer's units) and area of a sketch in map coordinates, measured in the layer's CRS:
    /// geodesic when it is geographic. `closed`: a polygon (area and perimeter); else a line (length).
    std::pair<double, double> measure(int id, const std::vector<gis::Coord>& mapVertices, bool closed) const;
    /// The features the session inserted or changed, in map coordinates: drawn over the map in edit mode, so a
    /// new feature shows even when the layer's style has no class for its (still empty) values.
    const std::vector<gis::Geometry>& editedGeometries(int id) const;
    /// Milliseconds the last refresh of the document's data took (toLayer), for the benchmark and the status.
    double lastRefreshMs() const { return m_lastRefreshMs; }

signals:
    void editingChanged(int id);  ///< edit mode started or stopped
    void editsChanged(int id);    ///< an edit, undo, redo, commit or rollback: the undo state and the marker change

private:
    struct Entry;
    Entry& entry(int id) const;
    gis::Coord toLayer(const Entry& e, const gis::Coord& map) const;
    gis::Geometry toMapGeometry(const Entry& e, gis::GeometryRef g) const;
    void changed(int id);

    MapDocument* m_doc;
    std::map<int, std::unique_ptr<Entry>> m_sessions;
    double m_lastRefreshMs = 0;
    std::function<std::shared_ptr<const gis::PreparedForm>(int id)> m_formProvider;
};

} // namespace viewer
