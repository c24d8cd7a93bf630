// The GeoPackage store's attachments, after the Related Tables Extension (OGC 18-000; docs/forms.md): media rows
// and mapping rows written in the commit's transaction, the tables created and registered when the file lacks them,
// mapping rows of deleted features removed with the media rows no mapping refers to any more. Every name is quoted
// (quoteIdentifier) and every value bound.

#include <cstdio>
#include <set>

#include "edit/gpkgeditstore.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/data/editattachment.h"
#include "gis/data/layerwriter.h"

namespace gis::detail {

namespace {

const char* kRelatedTablesSpec = "http://www.geopackage.org/18-000.html";

/// The media table's "taken": "2026-03-01T06:15:00Z" (formatDateTime) without an offset; with one, the local time
/// and its offset, "2026-03-01T10:15:00+04:00" (the same instant, as ISO 8601 and gis::parseDateTime read it).
std::string formatTakenTime(std::int64_t ms, std::optional<int> offsetMinutes)
{
    if (!offsetMinutes)
        return formatDateTime(ms);
    std::string local = formatDateTime(ms + std::int64_t(*offsetMinutes) * 60'000);
    local.pop_back(); // the Z
    const int m = *offsetMinutes < 0 ? -*offsetMinutes : *offsetMinutes;
    char offset[16];
    std::snprintf(offset, sizeof offset, "%c%02d:%02d", *offsetMinutes < 0 ? '-' : '+', m / 60, m % 60);
    return local + offset;
}

/// formatTakenTime's text (or any date-time parseDateTime reads) back: the instant and the offset when it ends with
/// one ("+04:00", "+0400", "+04").
std::optional<std::pair<std::int64_t, std::optional<int>>> parseTakenTime(const std::string& text)
{
    const auto ms = parseDateTime(text);
    if (!ms)
        return std::nullopt;
    std::optional<int> offset;
    const auto t = text.find('T') != std::string::npos ? text.find('T') : text.find(' ');
    const auto sign = text.find_first_of("+-", t == std::string::npos ? text.size() : t);
    if (t != std::string::npos && sign != std::string::npos) {
        std::string digits;
        for (char c : text.substr(sign + 1))
            if (c >= '0' && c <= '9')
                digits += c;
        if (digits.size() == 2 || digits.size() == 4) {
            const int minutes = std::stoi(digits.substr(0, 2)) * 60 + (digits.size() == 4 ? std::stoi(digits.substr(2)) : 0);
            if (minutes <= 14 * 60)
                offset = text[sign] == '-' ? -minutes : minutes;
        }
    }
    return std::make_pair(*ms, offset);
}

} // namespace

bool GpkgEditStore::hasColumn(const std::string& table, const char* column)
{
    Statement st = prepare("SELECT count(*) FROM pragma_table_info(?1) WHERE lower(name) = ?2");
    sqlite3_bind_text(st.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 2, column, -1, SQLITE_STATIC);
    return sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0;
}

bool GpkgEditStore::tableExists(const std::string& name)
{
    Statement st = prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?1)");
    sqlite3_bind_text(st.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
    return sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0;
}

void GpkgEditStore::ensureMediaTables(const Table& base, const AttachmentTable& table)
{
    auto hasColumns = [&](const std::string& name, std::initializer_list<const char*> columns) {
        for (const char* column : columns) {
            if (!hasColumn(name, column))
                fail(base.name, "table \"" + name + "\" is not a media or mapping table: it has no column \""
                        + column + "\"");
        }
    };
    auto registerContents = [&](const std::string& name, const std::string& description) {
        Statement st = prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change)"
                               " SELECT ?1, 'attributes', ?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                               " WHERE NOT EXISTS (SELECT 1 FROM gpkg_contents WHERE lower(table_name) = lower(?1))");
        sqlite3_bind_text(st.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st.get(), 2, description.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) != SQLITE_DONE)
            fail(base.name, sqlite3_errmsg(m_db.get()));
    };
    auto registerExtension = [&](const std::string& name) {
        exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT "
             "NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
             "extension_name))");
        Statement st = prepare("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)"
                               " SELECT ?1, NULL, 'gpkg_related_tables', ?2, 'read-write' WHERE NOT EXISTS (SELECT 1"
                               " FROM gpkg_extensions WHERE table_name = ?1 AND extension_name = 'gpkg_related_tables')");
        sqlite3_bind_text(st.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st.get(), 2, kRelatedTablesSpec, -1, SQLITE_STATIC);
        if (sqlite3_step(st.get()) != SQLITE_DONE)
            fail(base.name, sqlite3_errmsg(m_db.get()));
    };
    if (tableExists(table.media)) {
        hasColumns(table.media, {"id", "data", "content_type"});
        // A media table written by another program, or by a version before these columns: they are added (nullable,
        // so what reads the table without them is not affected) in the commit's transaction.
        for (const char* column : {"name", "taken"})
            if (!hasColumn(table.media, column))
                exec("ALTER TABLE " + quoteIdentifier(table.media) + " ADD COLUMN " + column + " TEXT");
    } else {
        exec("CREATE TABLE " + quoteIdentifier(table.media) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT "
             "NULL, content_type TEXT NOT NULL, name TEXT, taken TEXT)");
        registerContents(table.media, "Photos and files attached to " + base.name + " (docs/forms.md).");
    }
    if (tableExists(table.mapping)) {
        hasColumns(table.mapping, {"base_id", "related_id"});
        return;
    }
    exec("CREATE TABLE " + quoteIdentifier(table.mapping) + " (id INTEGER PRIMARY KEY AUTOINCREMENT, base_id INTEGER "
         "NOT NULL, related_id INTEGER NOT NULL)");
    registerContents(table.mapping, "Which " + table.media + " rows belong to which " + base.name + " features.");
    exec("CREATE TABLE IF NOT EXISTS gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT "
         "NOT NULL, base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL, "
         "related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL, mapping_table_name TEXT "
         "NOT NULL UNIQUE)");
    registerExtension("gpkgext_relations");
    registerExtension(table.mapping);
    Statement st = prepare("INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name,"
                           " related_primary_column, relation_name, mapping_table_name) VALUES (?1, ?2, ?3, 'id', 'media', ?4)");
    sqlite3_bind_text(st.get(), 1, base.name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 2, base.fid.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 3, table.media.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st.get(), 4, table.mapping.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st.get()) != SQLITE_DONE)
        fail(base.name, sqlite3_errmsg(m_db.get()));
}

void GpkgEditStore::deleteOrphanMedia(const std::string& mediaTable, const std::vector<std::int64_t>& ids)
{
    if (ids.empty())
        return;
    std::vector<std::string> mappings;
    if (tableExists("gpkgext_relations")) {
        Statement st = prepare("SELECT mapping_table_name FROM gpkgext_relations WHERE lower(related_table_name) = lower(?1)");
        sqlite3_bind_text(st.get(), 1, mediaTable.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st.get()) == SQLITE_ROW)
            if (const auto* name = sqlite3_column_text(st.get(), 0))
                mappings.emplace_back(reinterpret_cast<const char*>(name));
    }
    std::string referenced = "SELECT 0";
    for (const auto& m : mappings)
        if (tableExists(m))
            referenced += " + (SELECT count(*) FROM " + quoteIdentifier(m) + " WHERE related_id = ?1)";
    Statement count = prepare(referenced);
    Statement remove = prepare("DELETE FROM " + quoteIdentifier(mediaTable) + " WHERE id = ?1");
    for (const std::int64_t id : std::set<std::int64_t>(ids.begin(), ids.end())) {
        sqlite3_reset(count.get());
        sqlite3_bind_int64(count.get(), 1, id);
        if (sqlite3_step(count.get()) != SQLITE_ROW)
            fail({}, sqlite3_errmsg(m_db.get()));
        if (sqlite3_column_int64(count.get(), 0) > 0)
            continue;
        sqlite3_reset(remove.get());
        sqlite3_bind_int64(remove.get(), 1, id);
        if (sqlite3_step(remove.get()) != SQLITE_DONE)
            fail({}, sqlite3_errmsg(m_db.get()));
    }
}

void GpkgEditStore::deleteMappingsOf(const Table& base, const std::vector<std::int64_t>& fids)
{
    if (fids.empty() || !tableExists("gpkgext_relations"))
        return;
    std::vector<std::pair<std::string, std::string>> relations; // mapping, related table
    {
        Statement st = prepare("SELECT mapping_table_name, related_table_name FROM gpkgext_relations"
                               " WHERE lower(base_table_name) = lower(?1)");
        sqlite3_bind_text(st.get(), 1, base.name.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st.get()) == SQLITE_ROW) {
            const auto* mapping = sqlite3_column_text(st.get(), 0);
            const auto* related = sqlite3_column_text(st.get(), 1);
            if (mapping && related)
                relations.emplace_back(reinterpret_cast<const char*>(mapping), reinterpret_cast<const char*>(related));
        }
    }
    for (const auto& [mapping, related] : relations) {
        if (!tableExists(mapping))
            continue;
        Statement select = prepare("SELECT related_id FROM " + quoteIdentifier(mapping) + " WHERE base_id = ?1");
        Statement remove = prepare("DELETE FROM " + quoteIdentifier(mapping) + " WHERE base_id = ?1");
        std::vector<std::int64_t> relatedIds;
        for (const std::int64_t fid : fids) {
            sqlite3_reset(select.get());
            sqlite3_bind_int64(select.get(), 1, fid);
            while (sqlite3_step(select.get()) == SQLITE_ROW)
                relatedIds.push_back(sqlite3_column_int64(select.get(), 0));
            sqlite3_reset(remove.get());
            sqlite3_bind_int64(remove.get(), 1, fid);
            if (sqlite3_step(remove.get()) != SQLITE_DONE)
                fail(base.name, sqlite3_errmsg(m_db.get()));
        }
        select.reset();
        remove.reset();
        if (tableExists(related))
            deleteOrphanMedia(related, relatedIds);
    }
}

void GpkgEditStore::writeAttachments(const LayerChanges& changes, const std::map<std::int64_t, std::int64_t>& insertedIds,
    std::vector<MappingRowChange>& written)
{
    if (changes.attachments.empty())
        return;
    const Table& base = table(changes.layer);
    std::set<AttachmentTable> ready;
    for (const AttachmentChange& c : changes.attachments) {
        std::int64_t fid = c.fid;
        if (fid < 0) {
            const auto it = insertedIds.find(fid);
            if (it == insertedIds.end())
                continue; // the feature was not inserted (deleted again in the session)
            fid = it->second;
        }
        if (ready.insert(c.table).second)
            ensureMediaTables(base, c.table);
        const std::string media = quoteIdentifier(c.table.media);
        const std::string mapping = quoteIdentifier(c.table.mapping);
        if (c.detach) {
            std::vector<std::int64_t> rows;
            {
                Statement st = prepare("SELECT id FROM " + mapping + " WHERE base_id = ?1 AND related_id = ?2");
                sqlite3_bind_int64(st.get(), 1, fid);
                sqlite3_bind_int64(st.get(), 2, c.mediaId);
                while (sqlite3_step(st.get()) == SQLITE_ROW)
                    rows.push_back(sqlite3_column_int64(st.get(), 0));
            }
            Statement remove = prepare("DELETE FROM " + mapping + " WHERE id = ?1");
            for (const std::int64_t row : rows) {
                sqlite3_reset(remove.get());
                sqlite3_bind_int64(remove.get(), 1, row);
                if (sqlite3_step(remove.get()) != SQLITE_DONE)
                    fail(changes.layer, sqlite3_errmsg(m_db.get()));
                written.push_back({c.table.mapping, row, false});
            }
            remove.reset();
            deleteOrphanMedia(c.table.media, {c.mediaId});
            continue;
        }
        Statement insertMedia = prepare("INSERT INTO " + media + " (data, content_type, name, taken) VALUES (?1, ?2, ?3, ?4)");
        const std::string& bytes = *c.data.bytes;
        sqlite3_bind_blob64(insertMedia.get(), 1, bytes.data(), bytes.size(), SQLITE_STATIC);
        sqlite3_bind_text(insertMedia.get(), 2, c.data.contentType.c_str(), -1, SQLITE_TRANSIENT);
        if (c.data.name.empty())
            sqlite3_bind_null(insertMedia.get(), 3);
        else
            sqlite3_bind_text(insertMedia.get(), 3, c.data.name.c_str(), -1, SQLITE_TRANSIENT);
        if (c.data.takenMs) {
            const std::string taken = formatTakenTime(*c.data.takenMs, c.data.takenOffsetMinutes);
            sqlite3_bind_text(insertMedia.get(), 4, taken.c_str(), -1, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_null(insertMedia.get(), 4);
        }
        if (sqlite3_step(insertMedia.get()) != SQLITE_DONE)
            fail(changes.layer, "writing to \"" + c.table.media + "\": " + sqlite3_errmsg(m_db.get()));
        const std::int64_t mediaId = sqlite3_last_insert_rowid(m_db.get());
        Statement insertMapping = prepare("INSERT INTO " + mapping + " (base_id, related_id) VALUES (?1, ?2)");
        sqlite3_bind_int64(insertMapping.get(), 1, fid);
        sqlite3_bind_int64(insertMapping.get(), 2, mediaId);
        if (sqlite3_step(insertMapping.get()) != SQLITE_DONE)
            fail(changes.layer, "writing to \"" + c.table.mapping + "\": " + sqlite3_errmsg(m_db.get()));
        written.push_back({c.table.mapping, sqlite3_last_insert_rowid(m_db.get()), true});
    }
}

std::vector<AttachmentInfo> GpkgEditStore::storedAttachments(const std::string& layer, const AttachmentTable& table,
    std::int64_t fid)
{
    Connection connection(*this);
    this->table(layer); // fails for an unknown layer
    std::vector<AttachmentInfo> out;
    if (!tableExists(table.media) || !tableExists(table.mapping))
        return out;
    // A media table without name or taken (another program's, or older) lists them as empty.
    const auto column = [&](const char* name) {
        return hasColumn(table.media, name) ? std::string("m.") + name : std::string("NULL");
    };
    Statement st = prepare("SELECT m.id, m.content_type, " + column("name") + ", " + column("taken") + ", length(m.data) FROM "
        + quoteIdentifier(table.mapping) + " p JOIN " + quoteIdentifier(table.media)
        + " m ON m.id = p.related_id WHERE p.base_id = ?1 ORDER BY p.id");
    sqlite3_bind_int64(st.get(), 1, fid);
    auto text = [&](int col) {
        const auto* t = sqlite3_column_text(st.get(), col);
        return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    };
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
        AttachmentInfo a;
        a.id = sqlite3_column_int64(st.get(), 0);
        a.contentType = text(1);
        a.name = text(2);
        if (const auto taken = parseTakenTime(text(3))) {
            a.takenMs = taken->first;
            a.takenOffsetMinutes = taken->second;
        }
        a.size = static_cast<std::size_t>(sqlite3_column_int64(st.get(), 4));
        out.push_back(std::move(a));
    }
    return out;
}

std::string GpkgEditStore::attachmentBytes(const AttachmentTable& table, std::int64_t id)
{
    Connection connection(*this);
    if (!tableExists(table.media))
        fail({}, "no media table \"" + table.media + "\"");
    Statement st = prepare("SELECT data FROM " + quoteIdentifier(table.media) + " WHERE id = ?1");
    sqlite3_bind_int64(st.get(), 1, id);
    if (sqlite3_step(st.get()) != SQLITE_ROW)
        throw Error(ErrorCode::Argument, m_path + ": \"" + table.media + "\" has no row " + std::to_string(id));
    const void* data = sqlite3_column_blob(st.get(), 0);
    return std::string(static_cast<const char*>(data), data ? static_cast<std::size_t>(sqlite3_column_bytes(st.get(), 0)) : 0);
}

bool GpkgEditStore::holdsMappings(const std::vector<MappingRowChange>& rows)
{
    if (rows.empty())
        return true;
    Connection connection(*this);
    for (const auto& row : rows) {
        bool exists = false;
        if (tableExists(row.table)) {
            Statement st = prepare("SELECT count(*) FROM " + quoteIdentifier(row.table) + " WHERE id = ?1");
            sqlite3_bind_int64(st.get(), 1, row.id);
            exists = sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0;
        }
        if (exists != row.attached)
            return false;
    }
    return true;
}

} // namespace gis::detail

namespace gis {

std::map<std::int64_t, std::size_t> readAttachmentCounts(const std::string& path, const std::string& layer,
    const AttachmentTable& table)
{
    using namespace detail;
    if (layerFormatFromPath(path) != LayerFormat::GeoPackage)
        throw Error(ErrorCode::Argument, path + ": layer \"" + layer + "\": attachments (photos) are stored in "
                "GeoPackages only");
    std::map<std::int64_t, std::size_t> out;
    try {
        Database db = openDatabase(sqliteUri(path));
        auto prepareOn = [&](const std::string& sql) {
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
                throw SqliteFailure(sqlite3_errmsg(db.get()));
            return Statement(raw);
        };
        auto exists = [&](const std::string& name) {
            Statement st = prepareOn("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND lower(name) = lower(?1)");
            sqlite3_bind_text(st.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
            return sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0;
        };
        const std::string mapping = table.mapping.empty() ? layer + "_" + table.media : table.mapping;
        if (!exists(table.media) || !exists(mapping))
            return out;
        Statement st = prepareOn("SELECT p.base_id, count(*) FROM " + quoteIdentifier(mapping) + " p JOIN "
            + quoteIdentifier(table.media) + " m ON m.id = p.related_id GROUP BY p.base_id");
        int rc = 0;
        while ((rc = sqlite3_step(st.get())) == SQLITE_ROW)
            out[sqlite3_column_int64(st.get(), 0)] = static_cast<std::size_t>(sqlite3_column_int64(st.get(), 1));
        if (rc != SQLITE_DONE)
            throw SqliteFailure(sqlite3_errmsg(db.get()));
    } catch (const SqliteFailure& e) {
        throw Error(ErrorCode::Io, path + ": layer \"" + layer + "\": cannot read the attachments in \"" + table.media
                + "\": " + e.what());
    }
    return out;
}

} // namespace gis
