#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/data/editattachment.h"
#include "gis/data/editfeature.h"
#include "gis/data/editstore.h"
#include "gis/data/layer.h"

GIS_API_BEGIN

namespace gis {

namespace detail {
struct EditDelta;
class EditJournal;
struct JournalRecord;
struct SessionAttachments;
} // namespace detail

/// The edited data of a layer at one moment: the loaded Layer plus a small immutable delta (the features the
/// session inserted or replaced, with an R-tree of their own, and the set of base rows they hide). Taking one costs
/// O(edited features), never O(layer); it never changes afterwards, so render workers and queries on other threads
/// read it while the session goes on editing. Any number of threads may read one snapshot.
class EditSnapshot {
public:
    /// A feature of the snapshot: a row of the base layer, or a feature of the delta.
    struct FeatureRef {
        std::int64_t fid = 0;
        GeometryRef geometry;
        const EditFeature* edited = nullptr; ///< the delta's feature; nullptr for a base row
        std::size_t baseRow = 0;             ///< the base row when edited is nullptr
    };

    EditSnapshot(std::shared_ptr<const Layer> base, std::shared_ptr<const detail::EditDelta> delta);

    const Layer& base() const { return *m_base; }
    const std::shared_ptr<const Layer>& baseLayer() const { return m_base; }
    /// Features in the edited data.
    std::size_t size() const;
    /// Base rows hidden (deleted or replaced) and delta features (inserted or replaced).
    std::size_t hiddenBaseRows() const;
    std::size_t deltaSize() const;

    std::optional<FeatureRef> find(std::int64_t fid) const;
    /// Base rows in order (hidden ones left out), then delta features by id. Stop early by returning false.
    void forEach(const std::function<bool(const FeatureRef&)>& visit) const;
    /// Every feature whose geometry's box intersects `box` (touching counts): the base R-tree's hits minus hidden
    /// rows, plus the delta R-tree's hits. Base hits first, in the tree's order.
    std::vector<FeatureRef> search(const Box& box) const;

    FieldValue value(const FeatureRef& ref, std::size_t field) const;
    EditFeature feature(const FeatureRef& ref) const;

    /// Rows of base() this snapshot hides (deleted or replaced), ascending: a copy, O(edited features).
    std::vector<std::uint32_t> hiddenRows() const;
    /// Ids of the delta's features (inserted or replaced), ascending: a copy, O(edited features). With the base ids
    /// of hiddenRows() they are every feature this snapshot may show differently from its base (a viewer compares
    /// two snapshots of one base by them without walking the layer).
    std::vector<std::int64_t> deltaFids() const;
    /// The delta's features (inserted or replaced) as a Layer of their own with the base's name, CRS, geometry type
    /// and fields, in toLayer()'s order for them (stored ids ascending, then inserted ones in insertion order):
    /// O(the delta's coordinates and values), never O(layer). With hiddenRows() it is what a renderer draws over
    /// the base (gis::VectorEdits) instead of toLayer().
    std::shared_ptr<const Layer> deltaLayer() const;
    /// Features `fids` of the edited data, in that order, as a Layer with the base's schema (as deltaLayer);
    /// ids deleted or unknown are left out. O(their coordinates and values).
    std::shared_ptr<const Layer> layerOf(const std::vector<std::int64_t>& fids) const;

    /// The edited data as a Layer of its own (O(layer): for saving whole files and for tests). Base rows keep their
    /// order, replaced ones in place; inserted features follow, with `insertedIds` mapping provisional ids.
    std::shared_ptr<const Layer> toLayer(const std::map<std::int64_t, std::int64_t>& insertedIds = {}) const;

private:
    std::shared_ptr<const Layer> m_base;
    std::shared_ptr<const detail::EditDelta> m_delta;
};

/// When a journal of an earlier session is found.
enum class JournalChoice : std::uint8_t {
    Refuse,  ///< EditSession::open throws Error(Argument): the caller must ask the user first
    Replay,  ///< apply its edits again (the session continues that journal)
    Discard, ///< delete it and start from storage
};

/// An earlier session's journal beside the data: what EditSession::recoverable finds.
struct RecoverableEdits {
    std::string journalPath;
    std::string layer;
    std::size_t edits = 0;          ///< edit operations (undo and redo count too)
    std::int64_t firstEditMs = 0;   ///< milliseconds since 1970-01-01 UTC of the first and last edit
    std::int64_t lastEditMs = 0;
    bool tornTail = false;          ///< the last record was cut short by the crash and is dropped
    bool alreadyCommitted = false;  ///< it ends in a commit that storage holds: nothing to replay
};

struct EditSessionOptions {
    JournalChoice journalChoice = JournalChoice::Refuse;
    /// With Replay: the journal to replay (a RecoverableEdits::journalPath); empty: the most recent one. Other
    /// journals of the layer are left for later.
    std::string replayJournalPath;
    /// Journal each edit (written and fdatasync'ed before it is applied; inside a batch, synced at the batch's end).
    /// False only for sessions without storage.
    bool journal = true;
    /// Run the geometry check and the validators on inserts and geometry updates (moveVertex defers them to
    /// issues()/commit: GEOS validity of a large polygon costs more than a frame).
    bool validateOnEdit = true;
    /// Undo steps kept; the oldest are forgotten beyond it.
    std::size_t maxUndoSteps = 100000;
};

/// What commit() did.
struct CommitResult {
    bool committed = false;
    std::vector<EditConflict> conflicts; ///< decide each with resolve(), then commit again
    std::vector<EditIssue> issues;       ///< errors among them blocked the commit
    std::map<std::int64_t, std::int64_t> insertedIds; ///< provisional id -> stored id
};

/// An edit session on one layer: insert, update attributes and geometry, delete; batches; an undo/redo stack;
/// commit (through an EditStore, in one transaction) and rollback; an edit journal beside the data so that a
/// crash or a kill loses nothing that was applied; conflict detection against other writers.
///
/// Features are named by their stored id (fid). Inserted features get provisional negative ids (-1, -2, ...)
/// until a commit stores them (CommitResult::insertedIds).
///
/// Threads: one thread edits (the session is not thread-safe); snapshot() hands out immutable views that any
/// thread may read. Throws Error(Argument) for an unknown fid, field or vertex, Error(Io) when the journal cannot be
/// written (the edit is then not applied), and what the store throws at commit, naming the file and the layer.
class EditSession {
public:
    /// A session on `layerName` of the file at `path`: reads the layer, opens the store, handles an earlier
    /// journal as `options.journalChoice` says.
    static std::unique_ptr<EditSession> open(const std::string& path, const std::string& layerName,
        const EditSessionOptions& options = {});
    /// A session on `store` with `base` already read (several layers of one GeoPackage share one store and
    /// commit together).
    EditSession(std::shared_ptr<EditStore> store, std::shared_ptr<const Layer> base, const EditSessionOptions& options = {});
    /// A session in memory only (no store, no journal): commit() throws.
    explicit EditSession(std::shared_ptr<const Layer> base);
    /// A session that ends with unsaved changes leaves its journal for recoverable() to find (closing is like a
    /// crash: nothing is lost); one with none removes it.
    ~EditSession();
    EditSession(const EditSession&) = delete;
    EditSession& operator=(const EditSession&) = delete;

    /// Journals of earlier sessions on `layerName` of `path` that no live session holds.
    static std::vector<RecoverableEdits> recoverable(const std::string& path, const std::string& layerName);
    /// The journal name for a session: "<path>.<layer>.<8 hex>.gis-journal" (layer bytes other than letters,
    /// digits, '-' and '_' as %XX).
    static std::string journalPrefix(const std::string& path, const std::string& layerName);

    const std::string& layerName() const;
    const std::vector<FieldInfo>& fields() const { return m_fields; }
    const std::shared_ptr<const Layer>& base() const { return m_base; }
    const std::string& journalPath() const;

    // --- edits (each journaled, then applied; each one undo step unless inside a batch) ----------------
    /// Inserts a feature; returns its provisional id. Issues of the new feature (validateOnEdit) in `issues`.
    std::int64_t insert(EditFeature feature, std::vector<EditIssue>* issues = nullptr);
    void setAttribute(std::int64_t fid, std::size_t field, FieldValue value);
    void setGeometry(std::int64_t fid, Geometry geometry, std::vector<EditIssue>* issues = nullptr);
    /// Replaces the whole feature (geometry and values).
    void update(std::int64_t fid, EditFeature feature, std::vector<EditIssue>* issues = nullptr);
    /// Moves coordinate `vertex` (counted over the whole geometry, as GeometryColumn numbers them) to (x, y); the
    /// closing coordinate of a closed ring moves with its first. Consecutive moves of one vertex of one feature
    /// merge into one undo step.
    void moveVertex(std::int64_t fid, std::size_t vertex, double x, double y);
    void remove(std::int64_t fid);

    /// Edits between beginBatch() and endBatch() are one undo step (nesting counts; the outermost pair counts).
    void beginBatch(const std::string& label = {});
    void endBatch();

    bool canUndo() const { return !m_undo.empty() && m_batchDepth == 0; }
    bool canRedo() const { return !m_redo.empty() && m_batchDepth == 0; }
    std::size_t undoCount() const { return m_undo.size(); }
    std::size_t redoCount() const { return m_redo.size(); }
    void undo();
    void redo();

    // --- attachments (photos; GeoPackage stores only: docs/forms.md, "Photos and attachments") ---------------
    /// Attaches a file to feature `fid` (stored, or inserted in this session) in `table` (an empty mapping is the
    /// default "<layer>_<media>"); returns its provisional id (negative). Journaled (the bytes in the journal record)
    /// and one undo step like every edit; written at commit in the same transaction as the features (the tables are
    /// created and registered then if the file lacks them). Throws Error(Argument) for a store without attachments
    /// (a single-file format), an unknown or deleted feature, a bad table name or content type, no bytes, more than
    /// kMaxAttachmentBytes, or a session total beyond kMaxSessionAttachmentBytes.
    std::int64_t attach(std::int64_t fid, const AttachmentTable& table, AttachmentData data);
    /// Detaches attachment `id` (a stored media row's id, or a provisional id from attach) from `fid`. At commit its
    /// mapping row is deleted, and its media row when no mapping refers to it any more. Throws Error(Argument) for an
    /// attachment the feature does not have.
    void detach(std::int64_t fid, const AttachmentTable& table, std::int64_t id);
    /// The feature's attachments in `table` now: the stored ones not detached (read from the store; none in a
    /// session without storage), then the pending ones in the order attached.
    std::vector<AttachmentInfo> attachments(std::int64_t fid, const AttachmentTable& table) const;
    /// Attachments attached or detached and not committed.
    std::size_t pendingAttachmentCount() const;

    /// True while there are changes not committed (features or attachments).
    bool isModified() const;
    /// Features whose current state differs from storage: inserted, updated, deleted.
    std::size_t changedCount() const { return m_current.size(); }

    // --- reading ------------------------------------------------------------------------------------------
    /// The current edited data (cached until the next edit: cheap to call per frame).
    std::shared_ptr<const EditSnapshot> snapshot() const;
    /// The current feature `fid`; empty when deleted or unknown.
    std::optional<EditFeature> feature(std::int64_t fid) const;

    // --- validation -----------------------------------------------------------------------------------
    /// Adds a check run on every inserted or changed feature (the forms' constraints). Geometry validity is
    /// always checked (an invalid geometry is an Error issue with GEOS's reason).
    void addValidator(EditValidator validator) { m_validators.push_back(std::move(validator)); }
    /// Issues of every inserted or changed feature now.
    std::vector<EditIssue> issues() const;

    // --- storage ------------------------------------------------------------------------------------------
    /// Writes every change in one transaction of the store. Refused (committed = false) while issues() has an
    /// error, unless `allowInvalid`; or when a conflict is found (nothing written; resolve each and commit again).
    /// Afterwards the session is on the new stored data: its journal is empty, undo history is cleared.
    CommitResult commit(bool allowInvalid = false);
    /// Several sessions (layers) of one store committed together in one transaction: all or nothing.
    static CommitResult commitTogether(const std::vector<EditSession*>& sessions, bool allowInvalid = false);
    /// Decides one conflict the last commit reported. Not an undo step; journaled.
    void resolve(const EditConflict& conflict, const ConflictResolution& resolution);
    /// Drops every change not committed (and the journal's records of them).
    void rollback();

private:
    struct State; // a feature's state in a change: base (as stored), a feature, or absent
    struct Change;
    struct Command;
    struct Base;

    void journal(const detail::JournalRecord& record);
    void replay(const std::vector<detail::JournalRecord>& records);
    void edit(detail::JournalRecord record);
    void apply(const detail::JournalRecord& record, std::shared_ptr<const EditFeature> after);
    std::shared_ptr<const EditFeature> prepareEdit(const detail::JournalRecord& record);
    void replace(std::int64_t fid, std::shared_ptr<const EditFeature> after, bool mergeable, std::size_t vertex);
    void push(Change change, bool mergeable, std::size_t vertex);
    void setState(std::int64_t fid, const State& state);
    State stateOf(std::int64_t fid) const;
    void touch(std::int64_t fid);
    std::shared_ptr<const EditFeature> current(std::int64_t fid) const;
    std::shared_ptr<const EditFeature> stored(std::int64_t fid, bool* exists) const;
    std::optional<std::size_t> baseRow(std::int64_t fid) const;
    void normalize(EditFeature& feature) const;
    void startJournal();
    std::vector<EditIssue> check(std::int64_t fid, const EditFeature& feature) const;
    LayerChanges changes() const;
    void afterCommit(const std::map<std::int64_t, std::int64_t>& insertedIds);
    void clearHistory();
    void invalidate() { m_snapshot.reset(); }

    std::shared_ptr<EditStore> m_store;
    std::shared_ptr<const Layer> m_base;
    std::vector<FieldInfo> m_fields;
    EditSessionOptions m_options;
    std::unique_ptr<Base> m_baseIndex;
    /// Features whose state differs from the base: nullptr value = deleted base feature.
    std::map<std::int64_t, std::shared_ptr<const EditFeature>> m_current;
    /// Stored version of every base feature the session touched, as read.
    std::map<std::int64_t, FeatureVersion> m_versions;
    std::deque<std::unique_ptr<Command>> m_undo;
    std::deque<std::unique_ptr<Command>> m_redo;
    std::unique_ptr<Command> m_batch;
    int m_batchDepth = 0;
    bool m_mergeOpen = false; ///< the last step was a vertex move that the next move of that vertex extends
    std::int64_t m_nextProvisional = -1;
    std::vector<EditValidator> m_validators;
    std::unique_ptr<detail::EditJournal> m_journal;
    bool m_replaying = false;
    mutable std::shared_ptr<const EditSnapshot> m_snapshot;
    std::unique_ptr<detail::SessionAttachments> m_attachments;
    AttachmentTable resolvedTable(const AttachmentTable& table) const;
    void applyAttachment(const detail::JournalRecord& record);
};

} // namespace gis

GIS_API_END
