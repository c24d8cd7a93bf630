#pragma once

// Private: one GeoPackage feature table as the GeoPackage reader (gpkgreader.cpp) sees it: its columns as GDAL
// defines the layer, the SQL that reads them, and how each SQLite value becomes an attribute value. Also the
// few SQLite handles and helpers the reader needs.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <ogr_api.h>
#include <sqlite3.h>

#include "gis/core/handle.h"
#include "gis/data/attributetable.h"
#include "layerbuilder.h"

namespace gis::detail {

using Database = UniqueHandle<sqlite3, sqlite3_close_v2>;
using Statement = UniqueHandle<sqlite3_stmt, sqlite3_finalize>;

/// SQLite refused something (locked, damaged, not what GDAL described). The reader gives up on the layer and
/// DataSource reads it through GDAL instead; never escapes readGeoPackage().
struct SqliteFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// "file:" URI of a local path, percent-encoded so that '?', '#' and '%' in file names are file names.
std::string sqliteUri(const std::string& path);
/// Opens read-only, without SQLite's own mutexes (each connection is used by one thread) and without memory
/// mapping (a file truncated under a mapping raises SIGBUS). Throws SqliteFailure.
Database openDatabase(const std::string& uri);
/// Starts a read transaction and takes its lock now (in WAL mode: its snapshot), so that every statement of
/// the connection sees the same data and a writer cannot commit while it is open.
void beginRead(sqlite3* db);

/// An SQL identifier in double quotes, inner quotes doubled: names come from the file and are never trusted.
std::string quoteIdentifier(const std::string& name);

/// Rows with rowid in [first, last]; `all` reads the whole table in its natural (rowid) order.
struct RowRange {
    bool all = true;
    std::int64_t first = 0;
    std::int64_t last = 0;
};

struct GpkgField {
    std::string name;
    FieldType type = FieldType::String;
    enum class Kind : std::uint8_t { Int32, Int64, Boolean, Real, Text, Blob, Date, DateTime } kind = Kind::Text;
};

class GpkgTable {
public:
    /// The table behind `layer`, or nullopt when the reader does not take it (a view, no integer FID column,
    /// more than one geometry column, an OGR field type it cannot convert, more fields than an SQLite function
    /// takes arguments: 125 in the usual build). Throws SqliteFailure.
    static std::optional<GpkgTable> describe(sqlite3* db, OGRLayerH layer);

    bool hasGeometry() const { return !m_geometryColumn.empty(); }
    const std::vector<GpkgField>& fields() const { return m_fields; }
    std::size_t fieldCount() const { return m_fields.size(); }

    /// One range, or two halves of the rowids for two threads when the table is large, the connection is not
    /// in WAL mode (two WAL readers may see different snapshots) and there are two cores.
    std::vector<RowRange> split(sqlite3* db, std::int64_t featureCountHint, std::uintmax_t fileBytes) const;

    /// The values a row hands to visit(): fid, geometry (when there is one), then the fields.
    const std::string& selectSql() const { return m_selectSql; }
    /// The geometry alone: the counting pass.
    const std::string& countSql() const { return m_countSql; }
    /// Calls visit(values) for every row of `sql` (selectSql() or countSql()) in `range`, in rowid order, from
    /// inside SQLite's own loop: the row's values go to an aggregate function, which costs a third less than
    /// a sqlite3_step and a column call per value. What visit throws is rethrown here (SQLite's C frames
    /// between are left by an error result, not by the exception); SQLite's own errors throw SqliteFailure.
    void scan(sqlite3* db, const std::string& sql, const RowRange& range,
        const std::function<void(sqlite3_value**)>& visit) const;

    /// Appends `value` as field `k` of `b`.
    void appendField(LayerBuilder& b, std::size_t k, sqlite3_value* value) const;

private:
    std::string m_table;
    std::string m_fidColumn;
    std::string m_geometryColumn;
    std::string m_rowid; ///< "rowid", "_rowid_" or "oid", whichever no column shadows; empty if all are
    std::vector<GpkgField> m_fields;
    std::string m_selectSql;
    std::string m_countSql;
    std::string m_checkSql; ///< a plain SELECT of every column, prepared once to check that they exist
};

/// Appends every value of `from` to `to` (same type): merging the second range's attributes.
void appendColumn(AttributeColumn& to, const AttributeColumn& from);

} // namespace gis::detail
