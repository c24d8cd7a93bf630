// The PostGIS edit store: one READ COMMITTED transaction per commit, the changed rows locked and compared by content,
// a savepoint per layer, change notifications delivered at COMMIT.

#include "pg/pgeditstore.h"

#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>

#include "gis/core/error.h"
#include "gis/data/pgchanges.h"

namespace gis::detail {

namespace {

std::string idArray(const std::vector<std::int64_t>& ids)
{
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i)
        {
        if (i)
            out += ',';
        out += std::to_string(ids[i]);
    }
    return out + "}";
}

void appendJsonString(std::string& out, const std::string& text)
{
    static const char* hex = "0123456789abcdef";
    out += '"';
    for (const unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    out += '"';
}

void appendJsonIds(std::string& out, const std::vector<std::int64_t>& ids)
{
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i)
        {
        if (i)
            out += ',';
        out += std::to_string(ids[i]);
    }
    out += ']';
}

} // namespace

std::string changePayload(const std::string& layer, const std::vector<std::int64_t>& fids,
    const std::vector<std::int64_t>& deleted, const std::string& session)
{
    std::string head = "{\"layer\":";
    appendJsonString(head, layer);
    std::string tail = ",\"session\":";
    appendJsonString(tail, session);
    tail += '}';
    std::string out = head + ",\"fids\":";
    appendJsonIds(out, fids);
    out += ",\"deleted\":";
    appendJsonIds(out, deleted);
    out += tail;
    if (out.size() < kMaxNotifyPayload)
        return out;
    return head + ",\"all\":true" + tail; // a listener then reloads the layer
}

std::string pgJournalFolder()
{
    namespace fs = std::filesystem;
    fs::path folder;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state)
        folder = fs::path(state) / "interior-explorer" / "journals";
    else if (const char* home = std::getenv("HOME"); home && *home)
        folder = fs::path(home) / ".local" / "state" / "interior-explorer" / "journals";
    else
        throw Error(ErrorCode::Io, "no folder for the edit journals of database layers: neither XDG_STATE_HOME nor HOME is set");
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder))
        throw Error(ErrorCode::Io, folder.string() + ": cannot create the folder of edit journals: " + ec.message());
    ::chmod(folder.c_str(), 0700); // journals hold the user's unsaved data
    return folder.string();
}

PgEditStore::PgEditStore(const std::string& source)
    : m_source(source)
    , m_name(pg::displayName(source))
    , m_connection(openPgForEditing(source))
{
}

pg::Connection& PgEditStore::connection()
{
    if (!m_connection.isOpen())
        m_connection = openPgForEditing(m_source); // the server restarted or the network dropped: start again
    return m_connection;
}

std::map<std::int64_t, FeatureVersion> PgEditStore::currentVersions(const std::string& layer,
    const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids)
{
    pg::Connection& c = connection();
    const PgTable table = describePgTable(c, layer);
    const auto rows = readPgRows(c, table, fields, fids, false);
    std::map<std::int64_t, FeatureVersion> out;
    for (const std::int64_t fid : fids) {
        const auto it = rows.find(fid);
        out[fid] = featureVersion(it != rows.end() ? &it->second : nullptr);
    }
    return out;
}

void PgEditStore::checkLayer(const PgTable& table, const LayerChanges& changes, std::vector<EditConflict>& conflicts)
{
    std::vector<std::int64_t> fids;
    for (const auto& c : changes.changes)
        if (!c.insert)
            fids.push_back(c.fid);
    // Locked until COMMIT or ROLLBACK: nobody changes them between this comparison and our write. Content is
    // compared, not xmin: xmin changes on every UPDATE (a no-op one by another tool too) and when VACUUM freezes the
    // row, so it would report conflicts where the feature is the same.
    auto rows = readPgRows(connection(), table, changes.fields, fids, true);
    for (const auto& c : changes.changes) {
        if (c.insert)
            continue;
        const auto it = rows.find(c.fid);
        std::optional<EditFeature> theirs;
        if (it != rows.end())
            theirs = std::move(it->second);
        if (auto conflict = conflictWith(changes.layer, c, std::move(theirs)))
            conflicts.push_back(std::move(*conflict));
    }
}

void PgEditStore::writeLayer(const PgTable& table, const LayerChanges& changes,
    std::map<std::int64_t, std::int64_t>& insertedIds, std::vector<std::int64_t>& written, std::vector<std::int64_t>& deleted)
{
    pg::Connection& c = connection();
    for (const auto& f : changes.fields) {
        bool found = false;
        for (const auto& col : table.columns)
            found |= col.name == f.name;
        if (!found)
            throw Error(ErrorCode::Argument, "no column \"" + f.name + "\"");
    }
    // The statements: identifiers quoted, every value a parameter ($1 the key, then the geometry, then the fields).
    const std::string key = pg::quoteIdentifier(table.key);
    // Value expressions numbered from `first` ($first the geometry, then the fields).
    std::vector<std::string> columns;
    if (!table.geometry.empty())
        columns.push_back(pg::quoteIdentifier(table.geometry));
    for (const auto& f : changes.fields)
        columns.push_back(pg::quoteIdentifier(f.name));
    auto valuesFrom = [&](int first) {
        std::vector<std::string> values;
        int n = first;
        if (!table.geometry.empty())
            values.push_back("ST_SetSRID(ST_GeomFromWKB($" + std::to_string(n++) + "::bytea), " + std::to_string(table.srid) + ")");
        for (const auto& f : changes.fields) {
            std::string value = "$";
            value += std::to_string(n++);
            value += pgCast(f.type);
            values.push_back(std::move(value));
        }
        return values;
    };
    const std::vector<std::string> values = valuesFrom(2), newValues = valuesFrom(1);
    std::string sets, columnList, valueList, newValueList;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i)
            sets += ", ";
        sets += columns[i] + " = " + values[i];
        columnList += ", " + columns[i];
        valueList += ", " + values[i];
        newValueList += ", " + newValues[i];
    }
    const std::string update = "UPDATE " + table.qualified + " SET " + sets + " WHERE " + key + " = $1::bigint";
    const std::string insertWithId = "INSERT INTO " + table.qualified + " (" + key + columnList + ")"
        + (table.keyIdentityAlways ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ($1::bigint" + valueList + ")";
    // New ids come from the table's sequence or identity, not max + 1: other desks insert at the same time.
    const std::string insertNew = columns.empty()
        ? "INSERT INTO " + table.qualified + " DEFAULT VALUES RETURNING " + key + "::bigint"
        : "INSERT INTO " + table.qualified + " (" + columnList.substr(2) + ") VALUES (" + newValueList.substr(2)
            + ") RETURNING " + key + "::bigint";
    auto params = [&](std::int64_t fid, const EditFeature& f) {
        std::vector<pg::Param> p;
        p.push_back(std::to_string(fid));
        if (!table.geometry.empty())
            p.push_back(pgWkbParam(f.geometry));
        for (std::size_t k = 0; k < changes.fields.size(); ++k)
            p.push_back(pgParam(k < f.values.size() ? f.values[k] : FieldValue{}, changes.fields[k].type));
        return p;
    };
    std::vector<std::int64_t> removed;
    for (const auto& ch : changes.changes)
        if (!ch.feature && !ch.insert)
            removed.push_back(ch.fid);
    if (!removed.empty())
        c.command("DELETE FROM " + table.qualified + " WHERE " + key + " = ANY($1::bigint[])", {idArray(removed)});
    deleted.insert(deleted.end(), removed.begin(), removed.end());
    for (const auto& ch : changes.changes) {
        if (!ch.feature)
            continue;
        if (ch.insert) {
            if (!table.keyHasDefault)
                throw Error(ErrorCode::Argument, "cannot insert: the primary key \"" + table.key
                        + "\" has no default (a sequence or an identity) to number new rows");
            auto p = params(0, *ch.feature);
            p.erase(p.begin());
            const pg::Result r = c.exec(insertNew, p);
            const std::int64_t id = std::stoll(std::string(r.value(0, 0)));
            insertedIds[ch.fid] = id;
            written.push_back(id);
            continue;
        }
        if (columns.empty())
            c.command(insertWithId + " ON CONFLICT DO NOTHING", params(ch.fid, *ch.feature)); // nothing to update
        else if (c.command(update, params(ch.fid, *ch.feature)) == 0)
            c.command(insertWithId, params(ch.fid, *ch.feature)); // deleted by someone, kept by the user: back under its id
        written.push_back(ch.fid);
    }
}

void PgEditStore::notify(const PgTable& table, const std::vector<std::int64_t>& written, const std::vector<std::int64_t>& deleted)
{
    // Delivered by the server at COMMIT only: a rolled-back commit notifies nobody.
    connection().exec("SELECT pg_notify('" + std::string(pg::kChangeChannel) + "', $1)",
        {changePayload(table.layer, written, deleted, pg::changeSessionId())});
}

CommitOutcome PgEditStore::commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable)
{
    CommitOutcome outcome;
    pg::Connection& c = connection();
    // Described again in each commit: another program may have changed the schema. Unknown tables fail here.
    std::vector<PgTable> tables;
    for (const auto& l : layers)
        tables.push_back(describePgTable(c, l.layer));
    for (const auto& l : layers)
        if (!l.attachments.empty())
            throw Error(ErrorCode::Argument, m_name + ": layer \"" + l.layer + "\": attachments (photos) are not "
                    "stored in PostGIS yet");
    // READ COMMITTED: SELECT ... FOR UPDATE then reads the newest committed version of each row (waiting for a
    // writer that holds it) and keeps it locked. REPEATABLE READ would instead fail with a serialization error
    // whenever another desk committed to one of the rows since our snapshot: an error where a conflict, with both
    // versions, is what the user can act on.
    pg::Transaction transaction(c, "BEGIN ISOLATION LEVEL READ COMMITTED");
    for (std::size_t i = 0; i < layers.size(); ++i)
        checkLayer(tables[i], layers[i], outcome.conflicts);
    if (!outcome.conflicts.empty())
        return outcome; // rolled back by the transaction: nothing written
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string savepoint = "gis_layer_" + std::to_string(i);
        std::vector<std::int64_t> written, deleted;
        c.command("SAVEPOINT " + savepoint);
        try {
            writeLayer(tables[i], layers[i], outcome.insertedIds[layers[i].layer], written, deleted);
            notify(tables[i], written, deleted);
        } catch (const Error& e) {
            std::string why = e.what();
            if (why.rfind(m_name + ": ", 0) == 0)
                why.erase(0, m_name.size() + 2);
            throw Error(e.code() == ErrorCode::Cancelled ? ErrorCode::Cancelled : ErrorCode::Io,
                m_name + ": layer \"" + layers[i].layer + "\": " + why + "; nothing of this commit was written");
        }
        c.command("RELEASE SAVEPOINT " + savepoint);
    }
    outcome.committed = true;
    if (beforeDurable)
        beforeDurable(outcome);
    try {
        transaction.commit();
    } catch (const Error& e) {
        if (!c.isOpen())
            throw Error(ErrorCode::Io, m_name + ": the connection broke during COMMIT, so whether the commit landed is "
                    "unknown; the edits are kept in the journal, and reopening the layer checks what the database holds: "
                    + std::string(e.what()));
        throw Error(ErrorCode::Io, m_name + ": COMMIT failed, nothing was written: " + e.what());
    }
    return outcome;
}

} // namespace gis::detail
