// EditSession's storage side: open (with the journal of an earlier session), recovery, commit, conflicts, rollback.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include <unistd.h>

#include "edit/editjournal.h"
#include "edit/editsessionparts.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "gis/data/postgis.h"
#include "pg/pgeditstore.h"
#include "pg/pgrows.h"

namespace gis {

using detail::JournalRecord;
using RT = JournalRecord::Type;
using detail::nowMs;

namespace {

bool isJournalOf(const std::string& name, const std::string& prefix)
{
    static const std::string suffix = ".gis-journal";
    if (name.size() != prefix.size() + 8 + suffix.size() || name.compare(0, prefix.size(), prefix) != 0
        || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()),
        name.begin() + static_cast<std::ptrdiff_t>(prefix.size() + 8), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

/// Whether the journal's last record is a commit that storage holds (killed after the commit, before the journal
/// was emptied).
bool endsInDoneCommit(const detail::JournalContents& contents, EditStore& store, const std::string& layer,
    const std::vector<FieldInfo>& fields)
{
    if (contents.records.empty() || contents.records.back().type != RT::Committing)
        return false;
    const auto& committed = contents.records.back().committed;
    std::vector<std::int64_t> fids;
    for (const auto& c : committed)
        fids.push_back(c.fid);
    const auto now = store.currentVersions(layer, fields, fids);
    for (const auto& c : committed)
        if (now.at(c.fid) != c.version)
            return false;
    std::vector<MappingRowChange> mappings;
    for (const auto& m : contents.records.back().mappings)
        mappings.push_back({m.table, m.id, m.attached});
    return store.holdsMappings(mappings);
}

/// 16 hex digits of a 64-bit FNV-1a hash of the database a source names: its connection keywords but the password,
/// sorted, so that the name does not depend on where the password comes from (or on the keywords' order).
std::string pgSourceHash(const std::string& source)
{
    std::string named;
    try {
        for (const auto& [keyword, value] : pg::connectionKeywords(pg::connectionString(source)))
            if (keyword != "password")
                named += keyword + '=' + value + '\n';
    } catch (const Error&) {
        named = pg::displayName(source); // not a connection string: opening it will say so
    }
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char c : named) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    static const char* hex = "0123456789abcdef";
    std::string out(16, '0');
    for (int k = 15; k >= 0; --k, h >>= 4)
        out[static_cast<std::size_t>(k)] = hex[h & 15];
    return out;
}

/// The layer as an edit session starts from it. PostGIS tables are read here (pg/pgrows.h) until DataSource reads
/// PostGIS itself; the two must give the same values (the versions the session records depend on them).
std::shared_ptr<const Layer> readLayerToEdit(const std::string& path, const std::string& layerName)
{
    if (!pg::isPostgresSource(path))
        return readLayer(path, layerName);
    pg::Connection connection = detail::openPgForEditing(path);
    return detail::readPgLayer(connection, detail::describePgTable(connection, layerName));
}

} // namespace

std::string EditSession::journalPrefix(const std::string& path, const std::string& layerName)
{
    static const char* hex = "0123456789ABCDEF";
    // A database has no folder beside its data: its journals live in the user's state folder, named by a hash of
    // the database's connection keywords without the password.
    std::string out = pg::isPostgresSource(path) ? detail::pgJournalFolder() + "/pg-" + pgSourceHash(path) + "." : path + ".";
    for (const unsigned char c : layerName) {
        if (std::isalnum(c) || c == '-' || c == '_') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out + ".";
}

std::vector<RecoverableEdits> EditSession::recoverable(const std::string& path, const std::string& layerName)
{
    namespace fs = std::filesystem;
    const fs::path prefix(journalPrefix(path, layerName));
    const fs::path folder = prefix.has_parent_path() ? prefix.parent_path() : fs::path(".");
    const std::string start = prefix.filename().string();
    std::vector<RecoverableEdits> out;
    std::error_code ec;
    std::shared_ptr<EditStore> store;
    std::vector<FieldInfo> fields;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!isJournalOf(name, start))
            continue;
        const std::string journal = (folder / name).string();
        if (detail::journalInUse(journal))
            continue; // a live session's
        const auto contents = detail::readJournalFile(journal);
        RecoverableEdits r;
        r.journalPath = journal;
        r.layer = layerName;
        r.tornTail = contents.tornTail;
        for (const auto& record : contents.records) {
            if (!record.isEdit())
                continue;
            ++r.edits;
            if (r.firstEditMs == 0)
                r.firstEditMs = record.timeMs;
            r.lastEditMs = record.timeMs;
        }
        if (!contents.records.empty() && contents.records.back().type == RT::Committing) {
            if (!store) {
                store = openEditStore(path);
                fields = readLayerToEdit(path, layerName)->attributes().fields();
            }
            r.alreadyCommitted = endsInDoneCommit(contents, *store, layerName, fields);
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.lastEditMs < b.lastEditMs; });
    return out;
}

std::unique_ptr<EditSession> EditSession::open(const std::string& path, const std::string& layerName,
    const EditSessionOptions& options)
{
    if (layerName.empty())
        throw Error(ErrorCode::Argument, path + ": name the layer to edit");
    auto found = recoverable(path, layerName);
    // A journal whose commit storage holds has nothing to give: it goes whatever the choice.
    for (auto it = found.begin(); it != found.end();) {
        if (it->alreadyCommitted || it->edits == 0) {
            ::unlink(it->journalPath.c_str());
            it = found.erase(it);
        } else {
            ++it;
        }
    }
    if (!found.empty() && options.journalChoice == JournalChoice::Refuse) {
        const auto& j = found.back();
        throw Error(ErrorCode::Argument, path + ": layer \"" + layerName + "\" has " + std::to_string(j.edits)
                + " unsaved edits from " + formatDateTime(j.firstEditMs) + " in " + j.journalPath
                + ": replay or discard them");
    }
    if (options.journalChoice == JournalChoice::Discard) {
        for (const auto& j : found)
            ::unlink(j.journalPath.c_str());
        found.clear();
    }
    auto store = openEditStore(path);
    auto base = readLayerToEdit(path, layerName);
    if (found.empty() || options.journalChoice != JournalChoice::Replay)
        return std::make_unique<EditSession>(std::move(store), std::move(base), options);

    std::string chosen = options.replayJournalPath.empty() ? found.back().journalPath : options.replayJournalPath;
    EditSessionOptions quiet = options;
    quiet.journal = false;
    auto session = std::make_unique<EditSession>(std::move(store), std::move(base), quiet);
    session->m_options.journal = options.journal;
    detail::JournalContents contents;
    auto journal = detail::EditJournal::resume(chosen, &contents);
    if (!journal)
        throw Error(ErrorCode::Argument, chosen + ": another session is using this journal");
    if (contents.records.empty() || contents.records.front().type != RT::Header
        || contents.records.front().text != layerName || contents.records.front().count != session->m_fields.size())
        throw Error(ErrorCode::Format, chosen + ": not a journal of layer \"" + layerName + "\" with "
                + std::to_string(session->m_fields.size()) + " fields");
    // A batch the crash interrupted is dropped whole: a batch is one step, in the journal as in the undo stack.
    std::size_t keep = contents.records.size();
    int depth = 0;
    for (std::size_t i = 0; i < contents.records.size(); ++i) {
        const auto type = contents.records[i].type;
        if (type == RT::BeginBatch && depth++ == 0)
            keep = i;
        else if (type == RT::EndBatch && depth > 0 && --depth == 0)
            keep = contents.records.size();
    }
    if (depth > 0) {
        contents.records.resize(keep);
        journal->truncate(contents.ends[keep - 1]);
    }
    session->replay(contents.records);
    session->m_journal = std::move(journal);
    return session;
}

void EditSession::replay(const std::vector<JournalRecord>& records)
{
    m_replaying = true;
    try {
        for (const auto& r : records) {
            if (r.type == RT::Header || r.type == RT::Committing)
                continue;
            std::shared_ptr<const EditFeature> after;
            if (r.type == RT::Accept && r.hasFeature) {
                auto f = std::make_shared<EditFeature>(r.feature);
                normalize(*f);
                after = std::move(f);
            } else if (r.isEdit() && r.type != RT::BeginBatch && r.type != RT::EndBatch && r.type != RT::Undo
                && r.type != RT::Redo && r.type != RT::Accept && r.type != RT::Attach && r.type != RT::Detach) {
                after = prepareEdit(r);
            }
            apply(r, std::move(after));
        }
    } catch (const Error& e) {
        m_replaying = false;
        throw Error(ErrorCode::Format, "replaying the edit journal of layer \"" + layerName() + "\": " + e.what());
    }
    m_replaying = false;
}

// --- commit ------------------------------------------------------------------------------------------------

LayerChanges EditSession::changes() const
{
    LayerChanges out;
    out.layer = layerName();
    out.fields = m_fields;
    for (const auto& [fid, feature] : m_current) {
        FeatureChange c;
        c.fid = fid;
        c.insert = !m_baseIndex->exists(fid, *m_base);
        if (feature)
            c.feature = feature;
        if (!c.insert) {
            const auto v = m_versions.find(fid);
            if (v != m_versions.end()) {
                c.baseVersion = v->second;
            } else {
                bool exists = false;
                const auto s = stored(fid, &exists);
                c.baseVersion = featureVersion(s.get());
            }
        }
        out.changes.push_back(std::move(c));
    }
    // Attachments of features that exist when committing (those of a feature deleted since are dropped; a deleted
    // stored feature's mapping rows go with it in the store). Detachments first.
    // Attaches in the order they were made (provisional ids go -1, -2, ...: the map holds them in reverse).
    auto add = [&](const detail::PendingAttachment& p) {
        if (!current(p.fid))
            return;
        AttachmentChange a;
        a.fid = p.fid;
        a.table = p.table;
        a.detach = p.detach;
        a.mediaId = p.id;
        a.data = p.data;
        out.attachments.push_back(std::move(a));
    };
    for (const auto& [key, p] : m_attachments->pending)
        if (p->detach)
            add(*p);
    for (auto it = m_attachments->pending.rbegin(); it != m_attachments->pending.rend(); ++it)
        if (!it->second->detach)
            add(*it->second);
    return out;
}

void EditSession::clearHistory()
{
    m_undo.clear();
    m_redo.clear();
    m_batch.reset();
    m_batchDepth = 0;
    m_mergeOpen = false;
}

void EditSession::afterCommit(const std::map<std::int64_t, std::int64_t>& insertedIds)
{
    invalidate();
    if (m_store && m_store->rereadAfterCommit()) {
        m_base = readLayer(m_store->path(), layerName());
        m_baseIndex->reset(*m_base);
    } else {
        auto& stored = m_baseIndex->stored;
        for (const auto& [fid, feature] : m_current) {
            const auto it = insertedIds.find(fid);
            const std::int64_t id = it != insertedIds.end() ? it->second : fid;
            // Stored ids of inserts grow in this order: appending at the end is O(1).
            if (stored.empty() || stored.rbegin()->first < id)
                stored.emplace_hint(stored.end(), id, feature);
            else
                stored[id] = feature;
        }
    }
    m_current.clear();
    m_versions.clear();
    m_nextProvisional = -1;
    m_attachments->pending.clear();
    m_attachments->nextProvisional = -1;
    clearHistory();
    if (m_journal)
        m_journal->restart(detail::headerRecord(layerName(), m_fields.size()));
}

CommitResult EditSession::commit(bool allowInvalid)
{
    return commitTogether({this}, allowInvalid);
}

CommitResult EditSession::commitTogether(const std::vector<EditSession*>& sessions, bool allowInvalid)
{
    CommitResult result;
    if (sessions.empty())
        return result.committed = true, result;
    const auto store = sessions.front()->m_store;
    std::set<std::string> names;
    for (EditSession* s : sessions) {
        if (!s->m_store)
            throw Error(ErrorCode::Argument, "layer \"" + s->layerName() + "\": an in-memory edit session cannot commit");
        if (s->m_store != store)
            throw Error(ErrorCode::Argument, "layers of different files cannot commit together (\"" + s->layerName() + "\")");
        if (!names.insert(s->layerName()).second)
            throw Error(ErrorCode::Argument, "layer \"" + s->layerName() + "\" twice in one commit");
        if (s->m_batchDepth > 0)
            throw Error(ErrorCode::Argument, "layer \"" + s->layerName() + "\": commit inside a batch");
    }
    bool blocked = false;
    for (EditSession* s : sessions)
        for (auto& issue : s->issues()) {
            blocked |= issue.severity == EditIssue::Severity::Error;
            result.issues.push_back(std::move(issue));
        }
    if (blocked && !allowInvalid)
        return result;
    std::vector<LayerChanges> layers;
    bool any = false;
    for (EditSession* s : sessions) {
        layers.push_back(s->changes());
        any |= !layers.back().changes.empty() || !layers.back().attachments.empty();
    }
    if (!any)
        return result.committed = true, result;
    const CommitOutcome outcome = store->commit(layers, [&](const CommitOutcome& o) {
        // Inside the transaction: each journal records what storage will hold, so that a kill between the
        // commit and the emptying of the journal is recognised (and the journal not replayed twice).
        for (std::size_t i = 0; i < sessions.size(); ++i) {
            EditSession* s = sessions[i];
            if (!s->m_journal)
                continue;
            const auto ids = o.insertedIds.find(s->layerName());
            JournalRecord r;
            r.type = RT::Committing;
            r.timeMs = nowMs();
            for (const auto& c : layers[i].changes) {
                std::int64_t fid = c.fid;
                if (c.insert && ids != o.insertedIds.end()) {
                    const auto it = ids->second.find(c.fid);
                    if (it != ids->second.end())
                        fid = it->second;
                }
                r.committed.push_back({c.fid, fid, featureVersion(c.feature.get())});
            }
            if (const auto m = o.mappings.find(s->layerName()); m != o.mappings.end())
                for (const auto& row : m->second)
                    r.mappings.push_back({row.table, row.id, row.attached});
            s->m_journal->append(r);
        }
    });
    result.conflicts = outcome.conflicts;
    result.committed = outcome.committed;
    if (!outcome.committed)
        return result;
    for (EditSession* s : sessions) {
        const auto ids = outcome.insertedIds.find(s->layerName());
        static const std::map<std::int64_t, std::int64_t> none;
        const auto& map = ids != outcome.insertedIds.end() ? ids->second : none;
        if (sessions.size() == 1)
            result.insertedIds = map;
        s->afterCommit(map);
    }
    return result;
}

void EditSession::resolve(const EditConflict& conflict, const ConflictResolution& resolution)
{
    using Choice = ConflictResolution::Choice;
    if (m_batchDepth > 0)
        throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\": resolve inside a batch");
    JournalRecord r;
    r.timeMs = nowMs();
    r.fid = conflict.fid;
    r.version = conflict.theirsVersion;
    if (resolution.choice == Choice::KeepTheirs) {
        r.type = RT::Accept;
        r.hasFeature = conflict.theirs.has_value();
        std::shared_ptr<const EditFeature> after;
        if (r.hasFeature) {
            r.feature = *conflict.theirs;
            auto f = std::make_shared<EditFeature>(r.feature);
            normalize(*f);
            after = std::move(f);
        }
        journal(r);
        apply(r, std::move(after));
        return;
    }
    // Keep mine and merge: the session's edits are now based on their version.
    EditFeature merged;
    if (resolution.choice == Choice::Merge) {
        if (!conflict.mine || !conflict.theirs)
            throw Error(ErrorCode::Argument, "layer \"" + layerName() + "\", feature " + std::to_string(conflict.fid)
                    + ": a deleted feature cannot be merged field by field (keep mine or theirs)");
        merged = *conflict.mine;
        if (resolution.takeTheirsGeometry)
            merged.geometry = conflict.theirs->geometry;
        for (std::size_t k = 0; k < merged.values.size() && k < resolution.takeTheirs.size(); ++k)
            if (resolution.takeTheirs[k] && k < conflict.theirs->values.size())
                merged.values[k] = conflict.theirs->values[k];
    }
    r.type = RT::Version;
    journal(r);
    apply(r, nullptr);
    if (resolution.choice == Choice::Merge)
        update(conflict.fid, std::move(merged));
}

void EditSession::rollback()
{
    invalidate();
    m_current.clear();
    m_versions.clear();
    m_attachments->pending.clear();
    m_attachments->nextProvisional = -1;
    clearHistory();
    if (m_journal)
        m_journal->restart(detail::headerRecord(layerName(), m_fields.size()));
}

} // namespace gis
