#pragma once

// Private: the GeoPackage edit store (SQLite in place) and the GeoPackage blob writer it uses.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gis/data/editstore.h"
#include "gpkgtable.h"

namespace gis::detail {

inline constexpr int kBusyTimeoutMsForCommit = 60000; ///< SQLite's busy timeout on the store's connection
inline constexpr int kMaxBusyWaitsForCommit = 5;      ///< timeouts BEGIN IMMEDIATE waits before giving up

FieldValue readValue(sqlite3_stmt* st, int col, FieldType type);
void bindValue(sqlite3_stmt* st, int col, FieldType type, const FieldValue& v);

/// A GeoPackage geometry blob: "GP", version 0, little-endian header, an xy envelope (none for points, as GDAL
/// writes them), the empty flag, `srsId`, then ISO WKB. Appends to `out`.
void appendGpkgBlob(std::string& out, const Geometry& geometry, std::int32_t srsId);

/// Whether `folder` lies on a network file system (NFS, SMB/CIFS, FUSE mounts such as sshfs, Ceph, 9P...), where
/// SQLite's WAL cannot work (it needs shared memory between the processes that use the file).
bool onNetworkFileSystem(const std::string& folder);

/// Registers ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY, ST_MaxY (what the GeoPackage R-tree triggers call) on `db`.
void registerGpkgFunctions(sqlite3* db);

class GpkgEditStore final : public EditStore {
public:
    /// Checks that `path` opens for writing. Each commit opens its own connection: a busy timeout, WAL on a local
    /// disk (the rollback journal on a network file system), synchronous=FULL. Throws Error(Io) naming the file.
    explicit GpkgEditStore(const std::string& path);

    const std::string& path() const override { return m_path; }
    std::string kind() const override { return "GeoPackage"; }
    std::map<std::int64_t, FeatureVersion> currentVersions(const std::string& layer,
        const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids) override;
    CommitOutcome commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable) override;
    bool supportsAttachments() const override { return true; }
    std::vector<AttachmentInfo> storedAttachments(const std::string& layer, const AttachmentTable& table,
        std::int64_t fid) override;
    std::string attachmentBytes(const AttachmentTable& table, std::int64_t id) override;
    bool holdsMappings(const std::vector<MappingRowChange>& rows) override;

    /// The journal mode in use ("wal", "delete").
    const std::string& journalMode() const { return m_journalMode; }

private:
    /// Opens the store's connection (m_db) for one operation and closes it after (see the .cpp for why).
    class Connection {
    public:
        explicit Connection(GpkgEditStore& store);
        ~Connection();
        Connection(const Connection&) = delete;
        Connection& operator=(const Connection&) = delete;

    private:
        GpkgEditStore& m_store;
    };
    struct Table {
        std::string name;
        std::string fid;
        std::string geometry; ///< empty: an attribute table
        std::int32_t srsId = 0;
        std::string rtree;    ///< "rtree_<t>_<g>" when it exists
        bool rtreeTriggers = false;
    };
    const Table& table(const std::string& layer);
    Statement selectStatement(const Table& t, const std::vector<FieldInfo>& fields);
    std::optional<EditFeature> read(sqlite3_stmt* select, const Table& t, const std::vector<FieldInfo>& fields,
        std::int64_t fid);
    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    [[noreturn]] void fail(const std::string& layer, const std::string& what);
    void begin();
    void checkLayer(const LayerChanges& changes, std::vector<EditConflict>& conflicts);
    void writeLayer(const LayerChanges& changes, std::map<std::int64_t, std::int64_t>& insertedIds);
    // Attachments (gpkgattachments.cpp)
    bool tableExists(const std::string& name);
    bool hasColumn(const std::string& table, const char* column);
    /// Creates the media and mapping tables of `table` for `base` and registers them (gpkg_contents,
    /// gpkgext_relations, gpkg_extensions) when the file lacks them; checks their columns when it has them.
    void ensureMediaTables(const Table& base, const AttachmentTable& table);
    void writeAttachments(const LayerChanges& changes, const std::map<std::int64_t, std::int64_t>& insertedIds,
        std::vector<MappingRowChange>& written);
    /// Deletes the mapping rows of the deleted features `fids` of `base` (every relation of the table) and the media
    /// rows no mapping refers to any more.
    void deleteMappingsOf(const Table& base, const std::vector<std::int64_t>& fids);
    void deleteOrphanMedia(const std::string& mediaTable, const std::vector<std::int64_t>& ids);

    std::string m_path;
    Database m_db;
    std::string m_journalMode;
    std::map<std::string, Table> m_tables;
};

} // namespace gis::detail
