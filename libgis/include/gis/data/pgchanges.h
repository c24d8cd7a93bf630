#pragma once

// Change notifications of PostGIS layers (docs/postgis.md, "Change notifications"): every commit of an edit session
// on a PostGIS layer sends, inside its transaction, `pg_notify('gis_changes', payload)`, which the server delivers to
// every listener when (and only when) the transaction commits. A viewer showing the layer listens and refreshes the
// features that changed instead of reloading the layer.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/data/postgis.h"

GIS_API_BEGIN

namespace gis::pg {

/// The channel edit commits notify on.
inline constexpr const char* kChangeChannel = "gis_changes";

/// The id this process's edit stores put in their notifications ("session"): random, made once per process. A
/// listener leaves out notifications carrying it (its own commits).
const std::string& changeSessionId();

/// What one commit changed in one layer.
struct LayerChange {
    std::string layer;                 ///< "schema.table"
    std::vector<std::int64_t> fids;    ///< features inserted or updated (stored ids)
    std::vector<std::int64_t> deleted; ///< features deleted
    /// Too many ids for one notification (PostgreSQL's 8,000-byte payload limit): reload the whole layer.
    bool all = false;
    std::string session;               ///< the committing process's changeSessionId()
};

/// Parses a notification's payload {"layer":"s.t","fids":[1,2],"deleted":[3],"session":"..."} (or with "all":true
/// in place of the ids). Unknown keys are ignored. nullopt when it is not such an object (no layer, wrong types,
/// not JSON, nested deeper than 8 levels).
std::optional<LayerChange> parseLayerChange(std::string_view payload);

/// Listens for change notifications on its own connection. Not thread-safe: one thread (an event loop watching
/// socket(), or a worker calling poll) uses it. Throws what Connection throws (Io when the server cannot be
/// reached or the connection breaks).
class ChangeListener {
public:
    /// Connects to `source`; notifications carrying `ignoreSession` (by default this process's own commits) are
    /// left out. Call listen() before changes are expected.
    explicit ChangeListener(std::string_view source, std::string ignoreSession = changeSessionId());
    ~ChangeListener();
    ChangeListener(ChangeListener&&) noexcept;
    ChangeListener& operator=(ChangeListener&&) noexcept;

    /// LISTEN gis_changes: from now on every commit of any edit session on this database is delivered.
    void listen();
    /// The changes delivered, waiting up to `timeoutMs` for the first (0: only those already here; -1: until one
    /// arrives). Payloads that do not parse and this process's own are left out, so this may return none before
    /// the timeout.
    std::vector<LayerChange> poll(int timeoutMs = 0);
    /// The connection's socket: readable when notifications may have arrived (call poll(0) then).
    int socket() const;

private:
    std::unique_ptr<Connection> m_connection;
    std::string m_ignore;
};

} // namespace gis::pg

GIS_API_END
