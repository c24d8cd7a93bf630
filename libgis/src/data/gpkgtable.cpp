#include "gpkgtable.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <filesystem>
#include <set>

#include "gdalsupport.h"
#include "gis/core/parallel.h"

namespace gis::detail {

namespace {

// Below these sizes one thread reads faster than two start.
constexpr std::int64_t kParallelRows = 20000;
constexpr std::uintmax_t kParallelBytes = 4u << 20;

void exec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string why = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw SqliteFailure(why);
    }
}

Statement prepareSql(sqlite3* db, const std::string& sql)
{
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    Statement st{raw};
    if (rc != SQLITE_OK || !st)
        throw SqliteFailure(sqlite3_errmsg(db));
    return st;
}

std::optional<GpkgField::Kind> kindOf(OGRFieldType type, OGRFieldSubType subType)
{
    using Kind = GpkgField::Kind;
    switch (type) {
    case OFTInteger: return subType == OFSTBoolean ? Kind::Boolean : Kind::Int32;
    case OFTInteger64: return subType == OFSTBoolean ? Kind::Boolean : Kind::Int64;
    case OFTReal: return Kind::Real;
    case OFTString: return Kind::Text;
    case OFTBinary: return Kind::Blob;
    case OFTDate: return Kind::Date;
    case OFTDateTime: return Kind::DateTime;
    default: return std::nullopt; // GeoPackage has no time or list columns; GDAL describing one is a surprise
    }
}

} // namespace

std::string sqliteUri(const std::string& path)
{
    const std::string absolute = std::filesystem::absolute(path).string();
    std::string uri = "file:";
    static const char* hex = "0123456789ABCDEF";
    for (const unsigned char c : absolute) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    return uri + "?mode=ro";
}

Database openDatabase(const std::string& uri)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
        nullptr);
    Database db{raw}; // SQLite hands out a handle to close even when the open failed
    if (rc != SQLITE_OK)
        throw SqliteFailure(db ? sqlite3_errmsg(db.get()) : "cannot open");
    sqlite3_busy_timeout(db.get(), 2000); // wait for a writer's commit instead of failing at once
    // No memory mapping (PRAGMA mmap_size): a file truncated while it is mapped and read (a copy still being
    // written, a network share) raises SIGBUS, which kills the program; read() returns a short read that SQLite
    // reports as an error. A SIGBUS handler could only longjmp out of SQLite's frames, leaving its locks and
    // memory undefined. The price, measured on world/land.gpkg and coastline.gpkg (7.6 MB, warm cache): loads
    // of 50-60 ms take 10-25 ms longer. Set to 0 explicitly: a build of SQLite may map by default.
    exec(db.get(), "PRAGMA mmap_size=0");
    return db;
}

void beginRead(sqlite3* db)
{
    exec(db, "BEGIN");
    exec(db, "SELECT count(*) FROM sqlite_master");
}

std::string quoteIdentifier(const std::string& name)
{
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::optional<GpkgTable> GpkgTable::describe(sqlite3* db, OGRLayerH layer)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const char* fid = OGR_L_GetFIDColumn(layer);
    if (OGR_FD_GetGeomFieldCount(defn) > 1 || !fid || !*fid)
        return std::nullopt;
    GpkgTable t;
    t.m_table = OGR_L_GetName(layer);
    t.m_fidColumn = fid;
    if (OGR_FD_GetGeomFieldCount(defn) == 1) {
        const char* g = OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(defn, 0));
        if (!g || !*g)
            return std::nullopt;
        t.m_geometryColumn = g;
    }
    // Every column is an argument of the reading function, and SQLite limits those (127 in most builds).
    if (2 + OGR_FD_GetFieldCount(defn) > sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, -1))
        return std::nullopt;
    for (int f = 0; f < OGR_FD_GetFieldCount(defn); ++f) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        const std::optional<GpkgField::Kind> kind = kindOf(OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd));
        if (!kind)
            return std::nullopt;
        const FieldType type = fieldTypeFromOgr(OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd));
        t.m_fields.push_back({OGR_Fld_GetNameRef(fd), type, *kind});
    }

    // A table (a view has no rowids to split by and may not keep GDAL's order), and the name by which its
    // rowid can be selected: a column may be called "rowid".
    Statement master = prepareSql(db, "SELECT type FROM sqlite_master WHERE lower(name) = lower(?1)");
    sqlite3_bind_text(master.get(), 1, t.m_table.c_str(), static_cast<int>(t.m_table.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(master.get()) != SQLITE_ROW
        || std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(master.get(), 0)), "table") != 0)
        return std::nullopt;
    std::set<std::string> existing;
    Statement info = prepareSql(db, "SELECT lower(name) FROM pragma_table_info(?1)");
    sqlite3_bind_text(info.get(), 1, t.m_table.c_str(), static_cast<int>(t.m_table.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(info.get()) == SQLITE_ROW)
        existing.insert(reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 0)));
    for (const char* alias : {"rowid", "_rowid_", "oid"}) {
        if (!existing.count(alias)) {
            t.m_rowid = alias;
            break;
        }
    }

    // NOT INDEXED: the table's own (rowid) order, never that of an index that happens to cover the columns.
    const std::string from = " FROM " + quoteIdentifier(t.m_table) + " NOT INDEXED";
    std::string columns = quoteIdentifier(t.m_fidColumn);
    if (t.hasGeometry())
        columns += ", " + quoteIdentifier(t.m_geometryColumn);
    for (const GpkgField& f : t.m_fields)
        columns += ", " + quoteIdentifier(f.name);
    t.m_selectSql = "SELECT libgis_visit(" + columns + ")" + from;
    if (t.hasGeometry())
        t.m_countSql = "SELECT libgis_visit(" + quoteIdentifier(t.m_geometryColumn) + ")" + from;
    prepareSql(db, "SELECT " + columns + from); // every column GDAL describes is there, or SqliteFailure
    return t;
}

std::vector<RowRange> GpkgTable::split(sqlite3* db, std::int64_t featureCountHint, std::uintmax_t fileBytes) const
{
    const std::vector<RowRange> one{RowRange{}};
    if (m_rowid.empty() || gis::usableCores() < 2 || (featureCountHint < kParallelRows && fileBytes < kParallelBytes))
        return one;
    Statement mode = prepareSql(db, "PRAGMA journal_mode");
    if (sqlite3_step(mode.get()) != SQLITE_ROW
        || std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(mode.get(), 0)), "wal") == 0)
        return one;
    // Two subqueries: SQLite finds a lone min() or max() of the rowid in the b-tree, both at once by a scan.
    const std::string table = quoteIdentifier(m_table);
    Statement bounds = prepareSql(db, "SELECT (SELECT min(" + m_rowid + ") FROM " + table + "), (SELECT max(" + m_rowid
            + ") FROM " + table + ")");
    if (sqlite3_step(bounds.get()) != SQLITE_ROW || sqlite3_column_type(bounds.get(), 0) == SQLITE_NULL)
        return one;
    const std::int64_t lo = sqlite3_column_int64(bounds.get(), 0);
    const std::int64_t hi = sqlite3_column_int64(bounds.get(), 1);
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (hi <= lo || span < 2)
        return one;
    const std::int64_t mid = lo + static_cast<std::int64_t>(span / 2);
    return {RowRange{false, lo, mid}, RowRange{false, mid + 1, hi}};
}

namespace {

/// The aggregate's state: who to call, and what they threw.
struct Visit {
    const std::function<void(sqlite3_value**)>* visit = nullptr;
    std::exception_ptr error;
};

void visitStep(sqlite3_context* context, int, sqlite3_value** values)
{
    auto* v = static_cast<Visit*>(sqlite3_user_data(context));
    try {
        (*v->visit)(values);
    } catch (...) {
        v->error = std::current_exception();
        sqlite3_result_error(context, "libgis: row rejected", -1); // ends the statement
    }
}

void visitFinal(sqlite3_context* context)
{
    sqlite3_result_null(context);
}

} // namespace

void GpkgTable::scan(sqlite3* db, const std::string& sql, const RowRange& range,
    const std::function<void(sqlite3_value**)>& visit) const
{
    Visit state{&visit, {}};
    if (sqlite3_create_function_v2(db, "libgis_visit", -1, SQLITE_UTF8, &state, nullptr, &visitStep, &visitFinal,
            nullptr) != SQLITE_OK)
        throw SqliteFailure(sqlite3_errmsg(db));
    Statement st = prepareSql(db, range.all ? sql : sql + " WHERE " + m_rowid + " BETWEEN ?1 AND ?2");
    if (!range.all) {
        sqlite3_bind_int64(st.get(), 1, range.first);
        sqlite3_bind_int64(st.get(), 2, range.last);
    }
    const int rc = sqlite3_step(st.get());
    if (state.error)
        std::rethrow_exception(state.error);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        throw SqliteFailure(sqlite3_errmsg(db));
}

void GpkgTable::appendField(LayerBuilder& b, std::size_t k, sqlite3_value* value) const
{
    AttributeColumn& column = b.attributes.column(k);
    const int storage = sqlite3_value_type(value);
    if (storage == SQLITE_NULL)
        return column.appendNull();
    // Values of another storage class convert as SQLite converts them (and as GDAL reads them): text "12abc"
    // in an integer column is 12. Dates and date-times are GeoPackage text; anything else is not a date.
    using Kind = GpkgField::Kind;
    switch (m_fields[k].kind) {
    case Kind::Int32: return column.appendInteger(sqlite3_value_int(value));
    case Kind::Int64: return column.appendInteger(sqlite3_value_int64(value));
    case Kind::Boolean: return column.appendInteger(sqlite3_value_int64(value) != 0 ? 1 : 0);
    case Kind::Real: return column.appendReal(sqlite3_value_double(value));
    case Kind::Text: {
        // Up to the first NUL, as GDAL (C strings) reads it.
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
        return text ? b.appendText(column, text, std::strlen(text)) : column.appendNull();
    }
    case Kind::Blob: {
        const void* bytes = sqlite3_value_blob(value);
        const auto n = static_cast<std::size_t>(sqlite3_value_bytes(value));
        return column.appendString(std::string_view(static_cast<const char*>(bytes), bytes ? n : 0));
    }
    case Kind::Date:
    case Kind::DateTime: {
        // GDAL's GeoPackage driver parses with OGRParseDate too: the same text gives the same date.
        OGRField f;
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
        if (storage != SQLITE_TEXT || !text || !OGRParseDate(text, &f, 0))
            return column.appendNull();
        const std::optional<std::int64_t> v = dateValueFromOgr(column.type(), f.Date.Year, f.Date.Month, f.Date.Day,
            f.Date.Hour, f.Date.Minute, f.Date.Second, f.Date.TZFlag);
        return v ? column.appendInteger(*v) : column.appendNull();
    }
    }
}

void appendColumn(AttributeColumn& to, const AttributeColumn& from)
{
    const std::size_t n = from.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (from.isNull(i)) {
            to.appendNull();
            continue;
        }
        switch (from.type()) {
        case FieldType::Real: to.appendReal(from.real(i)); break;
        case FieldType::String:
        case FieldType::Binary: to.appendString(from.string(i)); break;
        default: to.appendInteger(from.integer(i)); break;
        }
    }
}

} // namespace gis::detail
