#pragma once

// Private: the PostGIS edit store (docs/postgis.md, "Editing").

#include <map>
#include <string>
#include <vector>

#include "gis/data/editstore.h"
#include "gis/data/postgis.h"
#include "pg/pgrows.h"

namespace gis::detail {

/// Edits layers "schema.table" of one PostgreSQL database. One connection, opened with the store (a clear error
/// now rather than after the user edited) and opened again when it broke. Each commit is one READ COMMITTED
/// transaction holding every layer of the commit (a savepoint per layer, so a failure names its layer), with
/// the changed rows locked (SELECT ... FOR UPDATE) while their versions are compared, and a pg_notify on channel
/// "gis_changes" per layer, delivered by the server at COMMIT (gis/data/pgchanges.h).
class PgEditStore final : public EditStore {
public:
    /// Connects to `source` ("PG:...", a URI). Throws Error(Io) naming the source (password hidden).
    explicit PgEditStore(const std::string& source);

    /// The source as it may be shown (password hidden): messages and journal names use it.
    const std::string& path() const override { return m_name; }
    std::string kind() const override { return "PostGIS"; }
    std::map<std::int64_t, FeatureVersion> currentVersions(const std::string& layer,
        const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids) override;
    CommitOutcome commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable) override;

private:
    pg::Connection& connection();
    void checkLayer(const PgTable& table, const LayerChanges& changes, std::vector<EditConflict>& conflicts);
    void writeLayer(const PgTable& table, const LayerChanges& changes, std::map<std::int64_t, std::int64_t>& insertedIds,
        std::vector<std::int64_t>& written, std::vector<std::int64_t>& deleted);
    void notify(const PgTable& table, const std::vector<std::int64_t>& written, const std::vector<std::int64_t>& deleted);

    std::string m_source;
    std::string m_name;
    pg::Connection m_connection;
};

/// The payload of a change notification: {"layer":...,"fids":[...],"deleted":[...],"session":...}, or
/// {"layer":...,"all":true,"session":...} when that would reach kMaxNotifyPayload bytes.
std::string changePayload(const std::string& layer, const std::vector<std::int64_t>& fids,
    const std::vector<std::int64_t>& deleted, const std::string& session);
inline constexpr std::size_t kMaxNotifyPayload = 8000; ///< PostgreSQL's limit on a NOTIFY payload

/// The folder of edit journals of database layers: $XDG_STATE_HOME/interior-explorer/journals, else
/// ~/.local/state/interior-explorer/journals (created, mode 0700, when missing).
std::string pgJournalFolder();

} // namespace gis::detail
