#include "edit/gpkgeditstore.h"

#include <bit>
#include <cstring>
#include <filesystem>

#include <sys/vfs.h>

#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/geom/wkb.h"
#include "gpkgblob.h"

namespace gis::detail {

namespace {


void putF64(std::string& out, double v)
{
    const auto bits = std::bit_cast<std::uint64_t>(v);
    for (int k = 0; k < 8; ++k)
        out.push_back(static_cast<char>((bits >> (8 * k)) & 0xff));
}

double getF64(const std::uint8_t* p, bool little)
{
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k)
        v |= std::uint64_t(p[little ? k : 7 - k]) << (8 * k);
    return std::bit_cast<double>(v);
}

/// Bounds of a GeoPackage blob: its envelope when it has one, else its WKB's. False when it is not a blob we read.
bool blobBounds(const std::uint8_t* blob, std::size_t size, Box& box, bool& empty)
{
    GpkgWkb wkb;
    std::string why;
    if (!gpkgWkb(blob, size, wkb, why))
        return false;
    const std::uint8_t flags = blob[3];
    const bool little = flags & 1;
    empty = flags & 0x10;
    if (empty)
        return true;
    if (((flags >> 1) & 7) >= 1) {
        box = Box(getF64(blob + 8, little), getF64(blob + 24, little), getF64(blob + 16, little), getF64(blob + 32, little));
        empty = box.isEmpty();
        return true;
    }
    GeometryColumn column;
    try {
        appendWkb(column, wkb.data, wkb.size);
    } catch (const Error&) {
        return false;
    }
    box = column.bounds(0);
    empty = box.isEmpty();
    return true;
}

void stFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    const int which = static_cast<int>(reinterpret_cast<std::intptr_t>(sqlite3_user_data(ctx)));
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB)
        return sqlite3_result_null(ctx);
    Box box;
    bool empty = true;
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_value_blob(argv[0]));
    if (!blob || !blobBounds(blob, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])), box, empty))
        return sqlite3_result_null(ctx);
    if (which == 0)
        return sqlite3_result_int(ctx, empty ? 1 : 0);
    if (empty)
        return sqlite3_result_null(ctx);
    const double v[] = {box.minX, box.maxX, box.minY, box.maxY};
    sqlite3_result_double(ctx, v[which - 1]);
}

} // namespace

FieldValue readValue(sqlite3_stmt* st, int col, FieldType type)
{
    const int storage = sqlite3_column_type(st, col);
    if (storage == SQLITE_NULL)
        return std::monostate{};
    switch (type) {
    case FieldType::Integer: return static_cast<std::int64_t>(sqlite3_column_int64(st, col));
    case FieldType::Boolean: return std::int64_t(sqlite3_column_int64(st, col) != 0);
    case FieldType::Real: return sqlite3_column_double(st, col);
    case FieldType::String: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
        return text ? FieldValue(std::string(text)) : FieldValue{}; // up to a NUL, as the reader reads it
    }
    case FieldType::Binary: {
        const void* bytes = sqlite3_column_blob(st, col);
        return std::string(static_cast<const char*>(bytes), bytes ? static_cast<std::size_t>(sqlite3_column_bytes(st, col)) : 0);
    }
    case FieldType::Date:
    case FieldType::DateTime: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
        if (storage != SQLITE_TEXT || !text)
            return std::monostate{};
        const auto v = type == FieldType::Date ? parseDate(text) : parseDateTime(text);
        if (!v)
            return std::monostate{};
        return *v;
    }
    }
    return std::monostate{};
}

void bindValue(sqlite3_stmt* st, int col, FieldType type, const FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v)) {
        sqlite3_bind_null(st, col);
        return;
    }
    switch (type) {
    case FieldType::Real: sqlite3_bind_double(st, col, std::get<double>(v)); return;
    case FieldType::String: {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text64(st, col, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        return;
    }
    case FieldType::Binary: {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_blob64(st, col, s.data(), s.size(), SQLITE_TRANSIENT);
        return;
    }
    case FieldType::Date: {
        const std::string text = formatDate(std::get<std::int64_t>(v));
        sqlite3_bind_text(st, col, text.c_str(), -1, SQLITE_TRANSIENT);
        return;
    }
    case FieldType::DateTime: {
        const std::string text = formatDateTime(std::get<std::int64_t>(v));
        sqlite3_bind_text(st, col, text.c_str(), -1, SQLITE_TRANSIENT);
        return;
    }
    default: sqlite3_bind_int64(st, col, std::get<std::int64_t>(v)); return;
    }
}

void appendGpkgBlob(std::string& out, const Geometry& g, std::int32_t srsId)
{
    const Box box = g.bounds();
    const bool empty = g.isEmpty() || box.isEmpty();
    const bool envelope = !empty && g.type() != GeometryType::Point;
    out += 'G';
    out += 'P';
    out += '\0';
    out += static_cast<char>(0x01 | (envelope ? 0x02 : 0) | (empty ? 0x10 : 0));
    const auto srs = static_cast<std::uint32_t>(srsId);
    for (int k = 0; k < 4; ++k)
        out += static_cast<char>((srs >> (8 * k)) & 0xff);
    if (envelope) {
        putF64(out, box.minX);
        putF64(out, box.maxX);
        putF64(out, box.minY);
        putF64(out, box.maxY);
    }
    const std::vector<std::uint8_t> wkb = toWkb(g.ref());
    out.append(reinterpret_cast<const char*>(wkb.data()), wkb.size());
}

bool onNetworkFileSystem(const std::string& folder)
{
    struct statfs fs {};
    if (::statfs(folder.c_str(), &fs) != 0)
        return false;
    switch (static_cast<unsigned long>(fs.f_type)) {
    case 0x6969:      // NFS
    case 0x517B:      // SMB
    case 0xFF534D42:  // CIFS
    case 0xFE534D42:  // SMB2
    case 0x65735546:  // FUSE (sshfs, rclone, ...)
    case 0x00C36400:  // Ceph
    case 0x01021997:  // 9P (v9fs)
    case 0x47504653:  // GPFS
    case 0x0BD00BD0:  // Lustre
    case 0x564C:      // NCP
    case 0x6B414653:  // AFS
    case 0x5346414F:  // OpenAFS
        return true;
    default: return false;
    }
}

void registerGpkgFunctions(sqlite3* db)
{
    static const char* names[] = {"ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"};
    for (std::intptr_t k = 0; k < 5; ++k)
        sqlite3_create_function_v2(db, names[k], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
            reinterpret_cast<void*>(k), stFunction, nullptr, nullptr, nullptr);
}

GpkgEditStore::GpkgEditStore(const std::string& path) : m_path(path)
{
    Connection check(*this); // fails now, naming the file, when it cannot be opened for writing
}

// A connection lives only as long as one commit or one version check. POSIX record locks belong to the process, and
// closing any descriptor of the file drops all of them: GDAL opening and closing the GeoPackage in this process (a
// second session reading its layer, a render reading another layer) would silently drop the shared lock a
// long-lived connection holds, and another process closing its own connection would then take itself for the last
// one, checkpoint and delete the WAL that this connection still writes to. Between commits this store holds no lock.
GpkgEditStore::Connection::Connection(GpkgEditStore& store) : m_store(store)
{
    std::string uri = sqliteUri(store.m_path);
    uri.replace(uri.size() - 3, 3, "rw"); // "?mode=ro" -> "?mode=rw": never create a file that is not there
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
    store.m_db.reset(raw);
    if (rc != SQLITE_OK) {
        const std::string why = store.m_db ? sqlite3_errmsg(store.m_db.get()) : "out of memory";
        store.m_db.reset();
        throw Error(ErrorCode::Io, store.m_path + ": cannot open the GeoPackage for editing: " + why);
    }
    sqlite3* db = store.m_db.get();
    sqlite3_busy_timeout(db, kBusyTimeoutMsForCommit);
    sqlite3_extended_result_codes(db, 1);
    registerGpkgFunctions(db);
    try {
        store.exec("PRAGMA mmap_size=0");
        if (store.m_journalMode.empty()) {
            const std::string folder = std::filesystem::absolute(store.m_path).parent_path().string();
            Statement st = store.prepare(onNetworkFileSystem(folder) ? "PRAGMA journal_mode=DELETE" : "PRAGMA journal_mode=WAL");
            if (sqlite3_step(st.get()) == SQLITE_ROW)
                store.m_journalMode = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
        }
        store.exec("PRAGMA synchronous=FULL");
        // A commit of many rows keeps its pages in memory instead of spilling them to the WAL mid-transaction.
        store.exec("PRAGMA cache_size=-131072");
        // Statement journals (each INSERT whose triggers write the R-tree keeps one) in memory, not in temporary files.
        store.exec("PRAGMA temp_store=MEMORY");
    } catch (...) {
        store.m_db.reset();
        throw;
    }
}

GpkgEditStore::Connection::~Connection()
{
    m_store.m_db.reset();
}

void GpkgEditStore::fail(const std::string& layer, const std::string& what)
{
    throw Error(ErrorCode::Io, m_path + (layer.empty() ? "" : ": layer \"" + layer + "\"") + ": " + what);
}

void GpkgEditStore::exec(const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(m_db.get());
        sqlite3_free(message);
        fail({}, why);
    }
}

Statement GpkgEditStore::prepare(const std::string& sql)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        fail({}, sqlite3_errmsg(m_db.get()));
    return Statement(raw);
}

const GpkgEditStore::Table& GpkgEditStore::table(const std::string& layer)
{
    const auto found = m_tables.find(layer);
    if (found != m_tables.end())
        return found->second;
    Table t;
    {
        Statement st = prepare("SELECT table_name FROM gpkg_contents WHERE lower(table_name) = lower(?1)"
                               " AND data_type IN ('features', 'attributes')");
        sqlite3_bind_text(st.get(), 1, layer.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) != SQLITE_ROW)
            fail(layer, "no such feature table in gpkg_contents");
        t.name = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
    }
    {
        Statement st = prepare("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?1)");
        sqlite3_bind_text(st.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) == SQLITE_ROW) {
            t.geometry = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
            t.srsId = sqlite3_column_int(st.get(), 1);
        }
    }
    {
        Statement st = prepare("SELECT name FROM pragma_table_info(?1) WHERE pk = 1 AND upper(type) = 'INTEGER'");
        sqlite3_bind_text(st.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) != SQLITE_ROW)
            fail(layer, "the table has no INTEGER PRIMARY KEY feature id column");
        t.fid = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 0));
    }
    if (!t.geometry.empty()) {
        const std::string rtree = "rtree_" + t.name + "_" + t.geometry;
        Statement st = prepare("SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1),"
                               " (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1 || '_insert')");
        sqlite3_bind_text(st.get(), 1, rtree.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st.get()) == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0) {
            t.rtree = rtree;
            t.rtreeTriggers = sqlite3_column_int(st.get(), 1) > 0;
        }
    }
    return m_tables.emplace(layer, std::move(t)).first->second;
}

Statement GpkgEditStore::selectStatement(const Table& t, const std::vector<FieldInfo>& fields)
{
    std::string sql = "SELECT " + (t.geometry.empty() ? std::string("NULL") : quoteIdentifier(t.geometry));
    for (const auto& f : fields)
        sql += ", " + quoteIdentifier(f.name);
    sql += " FROM " + quoteIdentifier(t.name) + " WHERE " + quoteIdentifier(t.fid) + " = ?1";
    return prepare(sql);
}

std::optional<EditFeature> GpkgEditStore::read(sqlite3_stmt* st, const Table& t, const std::vector<FieldInfo>& fields,
    std::int64_t fid)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, fid);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return std::nullopt;
    if (rc != SQLITE_ROW)
        fail(t.name, sqlite3_errmsg(m_db.get()));
    EditFeature f;
    if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, 0));
        GpkgWkb wkb;
        std::string why;
        GeometryColumn column;
        if (blob && gpkgWkb(blob, static_cast<std::size_t>(sqlite3_column_bytes(st, 0)), wkb, why)) {
            try {
                appendWkb(column, wkb.data, wkb.size);
                f.geometry = Geometry(std::move(column));
            } catch (const Error&) {
            }
        }
    }
    for (std::size_t k = 0; k < fields.size(); ++k)
        f.values.push_back(readValue(st, static_cast<int>(k + 1), fields[k].type));
    sqlite3_reset(st);
    return f;
}

std::map<std::int64_t, FeatureVersion> GpkgEditStore::currentVersions(const std::string& layer,
    const std::vector<FieldInfo>& fields, const std::vector<std::int64_t>& fids)
{
    Connection connection(*this);
    const Table& t = table(layer);
    Statement st = selectStatement(t, fields);
    std::map<std::int64_t, FeatureVersion> out;
    for (const std::int64_t fid : fids) {
        const auto f = read(st.get(), t, fields, fid);
        out[fid] = featureVersion(f ? &*f : nullptr);
    }
    return out;
}

} // namespace gis::detail
