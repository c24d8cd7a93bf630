// The GeoPackage store's commit: one BEGIN IMMEDIATE ... COMMIT for every layer of the commit.

#include "edit/gpkgeditstore.h"

#include "edit/gpkgrtree.h"
#include "gis/core/error.h"

namespace gis::detail {

namespace {

/// Inserts from which a commit bulk-loads the R-tree instead of inserting box by box: at least this many, and at
/// least a quarter of the boxes already there (the rebuild reads and rewrites them all).
constexpr std::size_t kBulkRtreeInserts = 5000;

/// Rolls back unless released: any throw between BEGIN and COMMIT leaves the file as it was.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : m_db(db) {}
    ~Transaction()
    {
        if (m_db)
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void release() { m_db = nullptr; }

private:
    sqlite3* m_db;
};

} // namespace

void GpkgEditStore::begin()
{
    // The busy timeout waits for other writers; a writer holding the lock longer than several timeouts is
    // reported as such, never as SQLite's "database is locked".
    for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_exec(m_db.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK)
            return;
        if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
            fail({}, std::string("cannot start a write transaction: ") + sqlite3_errmsg(m_db.get()));
        if (attempt + 1 >= kMaxBusyWaitsForCommit)
            fail({}, "another program has held the GeoPackage's write lock for "
                    + std::to_string(kMaxBusyWaitsForCommit * kBusyTimeoutMsForCommit / 1000)
                    + " s; the edits are kept (and journaled): commit again later");
    }
}

void GpkgEditStore::checkLayer(const LayerChanges& changes, std::vector<EditConflict>& conflicts)
{
    const Table& t = table(changes.layer);
    Statement select = selectStatement(t, changes.fields);
    for (const auto& c : changes.changes) {
        if (c.insert)
            continue;
        if (auto conflict = conflictWith(changes.layer, c, read(select.get(), t, changes.fields, c.fid)))
            conflicts.push_back(std::move(*conflict));
    }
}

void GpkgEditStore::writeLayer(const LayerChanges& changes, std::map<std::int64_t, std::int64_t>& insertedIds)
{
    const Table& t = table(changes.layer);
    const bool geom = !t.geometry.empty();
    std::string columns = quoteIdentifier(t.fid);
    std::string values = "?1";
    std::string sets;
    int n = 1;
    if (geom) {
        columns += ", " + quoteIdentifier(t.geometry);
        values += ", ?" + std::to_string(++n);
        sets += quoteIdentifier(t.geometry) + " = ?" + std::to_string(n);
    }
    for (const auto& f : changes.fields) {
        columns += ", " + quoteIdentifier(f.name);
        values += ", ?" + std::to_string(++n);
        sets += (sets.empty() ? "" : ", ") + quoteIdentifier(f.name) + " = ?" + std::to_string(n);
    }
    const std::string table = quoteIdentifier(t.name);
    Statement insert = prepare("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")");
    Statement update = sets.empty() ? Statement() : prepare("UPDATE " + table + " SET " + sets + " WHERE " + quoteIdentifier(t.fid) + " = ?1");
    Statement remove = prepare("DELETE FROM " + table + " WHERE " + quoteIdentifier(t.fid) + " = ?1");
    Statement rtreeSet, rtreeDelete;
    if (!t.rtree.empty() && !t.rtreeTriggers) {
        // No triggers keep the R-tree: this store does.
        rtreeSet = prepare("INSERT OR REPLACE INTO " + quoteIdentifier(t.rtree) + " VALUES (?1, ?2, ?3, ?4, ?5)");
        rtreeDelete = prepare("DELETE FROM " + quoteIdentifier(t.rtree) + " WHERE id = ?1");
    }
    // Many inserts: the R-tree is rebuilt whole at the end (gpkgrtree.h), its insert trigger dropped meanwhile and
    // created again from its own SQL, all inside this transaction.
    std::size_t inserts = 0;
    for (const auto& c : changes.changes)
        inserts += c.insert;
    bool bulk = false;
    std::string insertTrigger;
    if (!t.rtree.empty() && inserts >= kBulkRtreeInserts) {
        Statement count = prepare("SELECT count(*) FROM " + quoteIdentifier(t.rtree + "_rowid"));
        bulk = sqlite3_step(count.get()) == SQLITE_ROW && sqlite3_column_int64(count.get(), 0) <= static_cast<std::int64_t>(4 * inserts);
    }
    if (bulk && t.rtreeTriggers) {
        Statement trigger = prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1");
        const std::string name = t.rtree + "_insert";
        sqlite3_bind_text(trigger.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(trigger.get()) == SQLITE_ROW && sqlite3_column_text(trigger.get(), 0)) {
            insertTrigger = reinterpret_cast<const char*>(sqlite3_column_text(trigger.get(), 0));
            trigger.reset();
            exec("DROP TRIGGER " + quoteIdentifier(name));
        } else {
            bulk = false;
        }
    }
    // The feature count GDAL keeps in gpkg_ogr_contents: its insert trigger too is set aside, and the count added
    // once.
    std::string countTrigger;
    if (bulk) {
        Statement trigger = prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1");
        const std::string name = "trigger_insert_feature_count_" + t.name;
        sqlite3_bind_text(trigger.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(trigger.get()) == SQLITE_ROW && sqlite3_column_text(trigger.get(), 0)) {
            countTrigger = reinterpret_cast<const char*>(sqlite3_column_text(trigger.get(), 0));
            trigger.reset();
            exec("DROP TRIGGER " + quoteIdentifier(name));
        }
    }
    if (bulk && !rtreeSet) {
        rtreeSet = prepare("INSERT OR REPLACE INTO " + quoteIdentifier(t.rtree) + " VALUES (?1, ?2, ?3, ?4, ?5)");
        rtreeDelete = prepare("DELETE FROM " + quoteIdentifier(t.rtree) + " WHERE id = ?1");
    }
    std::vector<std::pair<std::int64_t, Box>> bulkBoxes;
    std::int64_t rowsInserted = 0;
    Box extent;
    std::string blob;
    auto bind = [&](sqlite3_stmt* st, const EditFeature& f) {
        int k = 1;
        if (geom) {
            ++k;
            if (f.geometry.isNull()) {
                sqlite3_bind_null(st, k);
            } else {
                blob.clear();
                appendGpkgBlob(blob, f.geometry, t.srsId);
                sqlite3_bind_blob64(st, k, blob.data(), blob.size(), SQLITE_STATIC); // `blob` lives until the step
                extent.expand(f.geometry.bounds());
            }
        }
        for (std::size_t j = 0; j < changes.fields.size(); ++j)
            bindValue(st, ++k, changes.fields[j].type, j < f.values.size() ? f.values[j] : FieldValue{});
    };
    auto step = [&](sqlite3_stmt* st) {
        if (sqlite3_step(st) != SQLITE_DONE)
            fail(changes.layer, sqlite3_errmsg(m_db.get()));
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    };
    auto keepRtree = [&](std::int64_t fid, const EditFeature* f) {
        if (!rtreeSet)
            return;
        const Box b = f ? f->geometry.bounds() : Box();
        if (!f || f->geometry.isNull() || b.isEmpty()) {
            sqlite3_bind_int64(rtreeDelete.get(), 1, fid);
            return step(rtreeDelete.get());
        }
        sqlite3_bind_int64(rtreeSet.get(), 1, fid);
        sqlite3_bind_double(rtreeSet.get(), 2, b.minX);
        sqlite3_bind_double(rtreeSet.get(), 3, b.maxX);
        sqlite3_bind_double(rtreeSet.get(), 4, b.minY);
        sqlite3_bind_double(rtreeSet.get(), 5, b.maxY);
        step(rtreeSet.get());
    };
    // In bulk mode the updates and deletes go first (their triggers keep the R-tree), then the inserts.
    std::vector<const FeatureChange*> ordered;
    ordered.reserve(changes.changes.size());
    for (const auto& c : changes.changes)
        if (!bulk || !c.insert)
            ordered.push_back(&c);
    if (bulk)
        for (const auto& c : changes.changes)
            if (c.insert)
                ordered.push_back(&c);
    std::vector<std::int64_t> deleted;
    for (const FeatureChange* change : ordered) {
        const FeatureChange& c = *change;
        if (!c.feature) {
            sqlite3_bind_int64(remove.get(), 1, c.fid);
            step(remove.get());
            keepRtree(c.fid, nullptr);
            deleted.push_back(c.fid);
            continue;
        }
        if (!c.insert && update) {
            bind(update.get(), *c.feature);
            sqlite3_bind_int64(update.get(), 1, c.fid);
            step(update.get());
            if (sqlite3_changes(m_db.get()) > 0) {
                keepRtree(c.fid, c.feature.get());
                continue;
            }
            // Someone deleted it and the user kept this session's version: it comes back under its id.
        }
        bind(insert.get(), *c.feature);
        if (c.insert)
            sqlite3_bind_null(insert.get(), 1); // SQLite gives the id (after any AUTOINCREMENT high-water mark)
        else
            sqlite3_bind_int64(insert.get(), 1, c.fid);
        step(insert.get());
        ++rowsInserted;
        const std::int64_t fid = sqlite3_last_insert_rowid(m_db.get());
        if (c.insert)
            insertedIds[c.fid] = fid;
        if (bulk && c.insert)
            bulkBoxes.emplace_back(fid, c.feature->geometry.isNull() ? Box() : c.feature->geometry.bounds());
        else
            keepRtree(fid, c.feature.get());
    }
    // A deleted feature's attachments go with it: its mapping rows, and the media rows nothing refers to any more.
    deleteMappingsOf(t, deleted);
    if (bulk) {
        Statement existing = prepare("SELECT id, minx, maxx, miny, maxy FROM " + quoteIdentifier(t.rtree));
        while (sqlite3_step(existing.get()) == SQLITE_ROW)
            bulkBoxes.emplace_back(sqlite3_column_int64(existing.get(), 0),
                Box(sqlite3_column_double(existing.get(), 1), sqlite3_column_double(existing.get(), 3),
                    sqlite3_column_double(existing.get(), 2), sqlite3_column_double(existing.get(), 4)));
        existing.reset();
        rtreeSet.reset();
        rtreeDelete.reset();
        bulkLoadRtree(m_db.get(), t.rtree, std::move(bulkBoxes), m_path + ": layer \"" + changes.layer + "\"");
        if (!insertTrigger.empty())
            exec(insertTrigger);
        if (!countTrigger.empty()) {
            Statement count = prepare("UPDATE gpkg_ogr_contents SET feature_count = feature_count + ?2"
                                      " WHERE lower(table_name) = lower(?1)");
            sqlite3_bind_text(count.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(count.get(), 2, rowsInserted);
            step(count.get());
            exec(countTrigger);
        }
    }
    // gpkg_contents: the extent grows to cover what was written (it never shrinks on a delete, as with GDAL; an
    // extent is allowed to be larger than the data) and last_change is now.
    Statement contents = prepare("UPDATE gpkg_contents SET"
        " min_x = CASE WHEN ?2 IS NULL THEN min_x WHEN min_x IS NULL OR ?2 < min_x THEN ?2 ELSE min_x END,"
        " min_y = CASE WHEN ?3 IS NULL THEN min_y WHEN min_y IS NULL OR ?3 < min_y THEN ?3 ELSE min_y END,"
        " max_x = CASE WHEN ?4 IS NULL THEN max_x WHEN max_x IS NULL OR ?4 > max_x THEN ?4 ELSE max_x END,"
        " max_y = CASE WHEN ?5 IS NULL THEN max_y WHEN max_y IS NULL OR ?5 > max_y THEN ?5 ELSE max_y END,"
        " last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
        " WHERE lower(table_name) = lower(?1)");
    sqlite3_bind_text(contents.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
    if (!extent.isEmpty()) {
        sqlite3_bind_double(contents.get(), 2, extent.minX);
        sqlite3_bind_double(contents.get(), 3, extent.minY);
        sqlite3_bind_double(contents.get(), 4, extent.maxX);
        sqlite3_bind_double(contents.get(), 5, extent.maxY);
    }
    step(contents.get());
}

CommitOutcome GpkgEditStore::commit(const std::vector<LayerChanges>& layers, const BeforeDurable& beforeDurable)
{
    CommitOutcome outcome;
    Connection connection(*this);
    m_tables.clear(); // described again in each commit's connection: another program may have changed the schema
    for (const auto& l : layers)
        table(l.layer); // unknown tables fail before the lock is taken
    begin();
    Transaction transaction(m_db.get());
    for (const auto& l : layers)
        checkLayer(l, outcome.conflicts);
    if (!outcome.conflicts.empty())
        return outcome; // rolled back: nothing written
    for (const auto& l : layers) {
        writeLayer(l, outcome.insertedIds[l.layer]);
        writeAttachments(l, outcome.insertedIds[l.layer], outcome.mappings[l.layer]);
    }
    outcome.committed = true;
    if (beforeDurable)
        beforeDurable(outcome);
    const int rc = sqlite3_exec(m_db.get(), "COMMIT", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        fail({}, std::string("commit failed: ") + sqlite3_errmsg(m_db.get()));
    transaction.release();
    return outcome;
}

} // namespace gis::detail
