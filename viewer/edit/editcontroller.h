#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/geom/validity.h"
#include "gis/project/form.h"

namespace viewer {

class MapDocument;

/// Features copied (Ctrl+C) from a layer, as they were: geometry in the layer's CRS, values by its fields.
struct FeatureClipboard {
    QString layerName;              ///< the layer's display name, for messages
    gis::Crs crs;
    gis::GeometryType type = gis::GeometryType::Unknown;
    std::vector<gis::FieldInfo> fields;
    std::vector<gis::EditFeature> features;
};

/// The layers in edit mode: one gis::EditSession per layer (keyed by the document's layer id), and the edits the
/// tools make, in map coordinates (reprojected to the layer's CRS here). After every edit, undo or redo the layer is
/// shown as base + overlay: the document keeps its data (the session's base, or the edited data as of the last
/// fold) and gets the features that differ from it as an edit overlay (MapDocument::setLayerEdits: the rows it
/// hides, the features as they are now), found by comparing two snapshots' deltas: O(edited features), never
/// O(layer). The canvas draws the overlay, identify, the selection and the table number rows through LayerRows,
/// and the selection follows its features by id. The data is made again (a fold, EditSnapshot::toLayer, O(layer))
/// only when edit mode starts or stops, at a commit or a rollback, and when the overlay grows past a quarter of the
/// layer's features (and past 1,000 features). All the rules (journal, undo stack, conflicts, commit) are the
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
    /// step as the insert (the insert and the photos attached to it since through attach() are undone, then the
    /// filled feature is inserted and its photos attached again in one batch: one undo removes the feature with its
    /// photos) when nothing else was edited since; otherwise as an update, the next step. Returns the feature's (new
    /// provisional) id.
    std::int64_t completeNewFeature(int id, std::int64_t fid, gis::EditFeature feature);
    /// Takes back a feature addFeature() just added (its form was cancelled) with the photos attached to it since:
    /// undo when those are the last steps, otherwise its pending photos detached and the feature deleted (one step).
    void cancelNewFeature(int id, std::int64_t fid);
    /// Attaches a file to a feature (gis::EditSession::attach): one undo step. Throws what the session throws (no
    /// GeoPackage, over the size limits).
    std::int64_t attach(int id, std::int64_t fid, const gis::AttachmentTable& table, gis::AttachmentData data);
    /// Detaches attachment `attachment` from a feature (gis::EditSession::detach): one undo step.
    void detach(int id, std::int64_t fid, const gis::AttachmentTable& table, std::int64_t attachment);
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
    /// vertex are one undo step (the session merges them). `refresh` false (a drag in progress) redraws only the
    /// map from the new overlay and leaves the table and the edited-features outline alone; the tool calls
    /// refresh() when the button is let go.
    void moveVertex(int id, std::int64_t fid, std::size_t vertex, const gis::Coord& mapPosition, bool refresh = true);
    /// Shows the session's current data in the document, table included (after edits made with `refresh` false).
    void refresh(int id) { changed(id); }
    /// Inserts a vertex after coordinate `after` of its ring, at a map position.
    void insertVertex(int id, std::int64_t fid, std::size_t after, const gis::Coord& mapPosition);
    /// Deletes coordinate `vertex` (refused when the ring would become degenerate: Error(Argument)).
    void deleteVertex(int id, std::int64_t fid, std::size_t vertex);
    /// Adds an inner ring (a hole) to the polygon of the layer whose outer ring holds every vertex of `mapVertices`
    /// (the ring clicked, not closed). Returns the feature's id; Error(Argument) when no polygon holds the ring.
    std::int64_t addRing(int id, const std::vector<gis::Coord>& mapVertices, std::vector<gis::EditIssue>* issues = nullptr);
    /// Adds a part of `type` (Point, LineString or Polygon, the layer's part type) to feature `fid` of a Multi layer.
    /// Error(Argument) for a layer of single geometries or too few vertices.
    void addPart(int id, std::int64_t fid, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
        std::vector<gis::EditIssue>* issues = nullptr);
    /// What a point of the map is on, for deleting a ring or a part: the hole it lies in, else the polygon part it
    /// lies in, else the line or point part within `tolerance` map units. Rings and parts are numbered over the
    /// feature's geometry as gis::GeometryColumn numbers them.
    struct PartHit {
        std::int64_t fid = 0;
        std::size_t part = 0;
        std::size_t ring = 0;  ///< the hole when `hole`
        bool hole = false;
        std::size_t parts = 0; ///< parts of the feature
    };
    std::optional<PartHit> partAt(int id, const gis::Coord& mapPoint, double tolerance) const;
    /// Deletes an inner ring (Error(Argument) for an outer ring: delete the part instead).
    void deleteRing(int id, std::int64_t fid, std::size_t ring);
    /// Deletes a part; refused for the last part of a feature (Error(Argument): delete the feature instead).
    void deletePart(int id, std::int64_t fid, std::size_t part);

    /// GEOS validity of a feature now, and of a shape about to be added (in map coordinates, as addFeature takes it).
    gis::Validity validity(int id, std::int64_t fid) const;
    gis::Validity sketchValidity(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices) const;
    /// Replaces the feature's geometry by gis::makeValid's (one undo step), fitted to the layer's type (a single
    /// part becomes Multi in a Multi layer, a Multi of one part becomes single in a single layer). Error(Geometry)
    /// when the repaired shape does not fit the layer (a bow-tie repaired into two polygons in a Polygon layer).
    void makeValid(int id, std::int64_t fid);
    /// addFeature with the shape repaired first (gis::makeValid, fitted as above): one insert, one undo step.
    std::int64_t addValidFeature(int id, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices,
        std::vector<gis::EditIssue>* issues = nullptr);

    /// Copies the selected features of any vector layer (in edit mode or not) to the controller's clipboard;
    /// returns how many.
    std::size_t copySelection(int id, const QString& layerName);
    const FeatureClipboard& clipboard() const { return m_clipboard; }
    /// Whether the clipboard's features fit the layer: Fits; WrongType (a line into a polygon layer: the part
    /// types differ); TooManyParts (a Multi feature of several parts into a layer of single geometries).
    enum class PasteFit { Fits, Empty, WrongType, TooManyParts };
    PasteFit pasteFit(int id) const;
    /// Inserts the clipboard's features into the layer (one undo step): geometries reprojected when the CRSs
    /// differ and made Multi or single as the layer stores them; each of the layer's fields takes the value of
    /// the copied field of the same name (ASCII case ignored) and type (an integer into a real field too),
    /// others stay null. Error(Argument) when pasteFit() is not Fits. Returns the new features' ids.
    std::vector<std::int64_t> paste(int id);

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
    /// The feature ids of document rows (MapDocument::rows: the data, then the edit overlay's added features).
    std::vector<std::int64_t> fidsOfRows(int id, const std::vector<std::uint32_t>& rows) const;
    /// The feature ids of the document's selection in the layer.
    std::vector<std::int64_t> selectedFids(int id) const;
    /// The layer's geometry type as stored (Multi or single).
    gis::GeometryType layerType(int id) const;
    /// True when the layer's CRS is geographic (lengths and areas are then geodesic).
    bool isGeographic(int id) const;
    /// Length (metres or the layer's units) and area of a sketch in map coordinates, measured in the layer's CRS:
    /// geodesic when it is geographic. `closed`: a polygon (area and perimeter); else a line (length).
    std::pair<double, double> measure(int id, const std::vector<gis::Coord>& mapVertices, bool closed) const;
    /// The features the session inserted or changed, in map coordinates: drawn over the map in edit mode, so a
    /// new feature shows even when the layer's style has no class for its (still empty) values.
    const std::vector<gis::Geometry>& editedGeometries(int id) const;
    MapDocument* document() const { return m_doc; }
    /// Milliseconds the last refresh of the document's data took (overlay or fold), for the benchmark and the status.
    double lastRefreshMs() const { return m_lastRefreshMs; }
    /// Whether the last refresh made the data again (EditSnapshot::toLayer) rather than an overlay.
    bool lastRefreshFolded() const { return m_lastRefreshFolded; }

signals:
    void editingChanged(int id);  ///< edit mode started or stopped
    void editsChanged(int id);    ///< an edit, undo, redo, commit or rollback: the undo state and the marker change

private:
    struct Entry;
    Entry& entry(int id) const;
    gis::Coord toLayer(const Entry& e, const gis::Coord& map) const;
    gis::Geometry toMapGeometry(const Entry& e, gis::GeometryRef g) const;
    gis::Geometry sketchGeometry(const Entry& e, gis::GeometryType type, const std::vector<gis::Coord>& mapVertices) const;
    gis::Geometry fitted(const Entry& e, gis::Geometry g) const;
    /// Inserts a new feature, its form's validator quiet meanwhile, and remembers it for completeNewFeature().
    std::int64_t insertNew(Entry& e, gis::EditFeature f, std::vector<gis::EditIssue>* issues);
    /// How refresh() shows the session's data: Rows, an overlay (folded when large) and the table; MapOnly, an
    /// overlay for the map alone (a drag's frame, never folded); Fold, the data made again.
    enum class Refresh { Rows, MapOnly, Fold };
    void changed(int id);
    /// Shows the session's current data in the document; the selection keeps its features (by id; `renamed` maps
    /// ids a commit changed).
    void refresh(int id, Refresh how, const std::map<std::int64_t, std::int64_t>* renamed = nullptr);
    void fold(int id, Entry& e);
    /// The row of `fid` in the document's data (Entry::shown), if it has one.
    std::optional<std::uint32_t> shownRow(const Entry& e, std::int64_t fid) const;

    MapDocument* m_doc;
    std::map<int, std::unique_ptr<Entry>> m_sessions;
    FeatureClipboard m_clipboard;
    double m_lastRefreshMs = 0;
    bool m_lastRefreshFolded = false;
    std::function<std::shared_ptr<const gis::PreparedForm>(int id)> m_formProvider;
};

} // namespace viewer
