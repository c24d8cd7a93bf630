#pragma once

// Where edit sessions write: one interface for every storage (a GeoPackage through SQLite, a single-file format
// rewritten whole, a PostGIS table). EditSession talks only to this interface.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/data/editattachment.h"
#include "gis/data/editfeature.h"

GIS_API_BEGIN

namespace gis {

/// One feature's change as a commit writes it.
struct FeatureChange {
    /// The stored id; for an insert, the session's provisional id (negative), replaced by the stored id.
    std::int64_t fid = 0;
    bool insert = false;
    /// The feature to write (shared with the session, never copied); null: delete it.
    std::shared_ptr<const EditFeature> feature;
    /// What the session read (existing features): storage must still hold exactly this, or it is a conflict.
    FeatureVersion baseVersion;
};

/// A store's conflict check for one existing feature: the conflict to report when what storage holds now
/// (`theirs`; nullopt when the feature is gone) is no longer what the session read (`change.baseVersion`), else
/// nullopt. Every store checks through it, so that all report conflicts alike.
std::optional<EditConflict> conflictWith(const std::string& layer, const FeatureChange& change,
    std::optional<EditFeature> theirs);

/// One attachment attached or detached in a commit (after the features are written).
struct AttachmentChange {
    /// The feature: its stored id, or the provisional id of a feature inserted by the same commit.
    std::int64_t fid = 0;
    AttachmentTable table; ///< mapping never empty here
    bool detach = false;
    std::int64_t mediaId = 0; ///< detach: the stored media row
    AttachmentData data;      ///< attach
};

/// The changes of one layer in one commit.
struct LayerChanges {
    std::string layer;
    std::vector<FieldInfo> fields; ///< the layer's fields, in the order of EditFeature::values
    std::vector<FeatureChange> changes;
    std::vector<AttachmentChange> attachments; ///< written after `changes`, in order
};

/// A mapping row a commit added (an attachment) or deleted (a detachment): what recovery checks.
struct MappingRowChange {
    std::string table;
    std::int64_t id = 0;
    bool attached = true;
};

/// What a commit did.
struct CommitOutcome {
    bool committed = false;              ///< false: conflicts were found and nothing was written
    std::vector<EditConflict> conflicts; ///< every conflict, all layers
    /// Stored ids given to inserted features, per layer: provisional id -> stored id.
    std::map<std::string, std::map<std::int64_t, std::int64_t>> insertedIds;
    /// Attachment mapping rows written or deleted, per layer.
    std::map<std::string, std::vector<MappingRowChange>> mappings;
};

/// Hook that runs inside the store's transaction after every write and conflict check, just before it is made
/// durable: the sessions journal "committing" there (see docs/editing.md). Its exception rolls back.
using BeforeDurable = std::function<void(const CommitOutcome& outcome)>;

/// A place edits are stored. One object per open file or database; not thread-safe (one session thread uses it).
/// Every method throws Error naming the file and the layer: Io when the storage cannot be written, Format when
/// what it holds is not what the layer was.
class EditStore {
public:
    virtual ~EditStore() = default;

    /// The file or connection string, for messages and journal names.
    virtual const std::string& path() const = 0;
    /// Short name of the backend: "GeoPackage", "file rewrite".
    virtual std::string kind() const = 0;

    /// The versions storage holds now for `fids` of `layer` (for recovery: was a commit done before a kill?).
    virtual std::map<std::int64_t, FeatureVersion> currentVersions(const std::string& layer,
        const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids) = 0;

    /// Writes all `layers` in one transaction, or nothing: first every changed feature's stored version is
    /// compared with its baseVersion; any difference is a conflict and nothing is written (committed = false).
    /// Inserts get their stored ids (the largest id + 1, +2, ...; PostGIS: from the table's sequence or identity,
    /// since other desks insert at the same time). `beforeDurable` runs inside the transaction
    /// with the outcome before it is made durable.
    virtual CommitOutcome commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable) = 0;

    /// True when a commit rewrites the file whole (ids of a Shapefile renumber): the session then reads the layer
    /// again instead of keeping what it wrote as an overlay of the layer it had.
    virtual bool rereadAfterCommit() const { return false; }

    /// Whether features may carry attachments (a GeoPackage: yes; a single-file format: no, and its commit refuses
    /// LayerChanges::attachments with Error(Argument)).
    virtual bool supportsAttachments() const { return false; }
    /// The attachments stored for feature `fid` of `layer` in `table` (bytes left out; none when the tables do not
    /// exist yet). Throws Error(Argument) when the store has no attachments.
    virtual std::vector<AttachmentInfo> storedAttachments(const std::string& layer, const AttachmentTable& table,
        std::int64_t fid);
    /// The bytes of the stored media row `id` of `table.media`. Throws Error(Argument) for an unknown row.
    virtual std::string attachmentBytes(const AttachmentTable& table, std::int64_t id);
    /// For each mapping row, whether storage holds it now (recovery: was a commit with attachments done?).
    virtual bool holdsMappings(const std::vector<MappingRowChange>& rows);
};

/// The store for `path`: a GeoPackage (.gpkg) is edited in place through SQLite; GeoJSON, Shapefile and the other
/// formats writeLayer writes are rewritten whole through the atomic writer. Throws Error(Io) when the file cannot
/// be opened for writing, Error(Argument) for a format that cannot be written.
std::shared_ptr<EditStore> openEditStore(const std::string& path);

} // namespace gis

GIS_API_END
