#include "gpkgreader.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <future>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "gdalsupport.h"
#include "gis/core/error.h"
#include "gis/geom/wkb.h"
#include "gpkgblob.h"
#include "gpkgtable.h"

// Why a reader of its own: GDAL's Arrow stream over a GeoPackage reads every row through SQLite, copies each
// geometry blob's WKB into an Arrow buffer and hands that over; libgis then parses the WKB into its flat
// arrays. Reading the rows here parses the WKB where SQLite leaves it, sizes the coordinate array exactly
// (a first pass counts the coordinates, so the array is never grown and copied), and uses both cores.

namespace gis::detail {

namespace {

/// Rows between cancellation checks and progress reports.
constexpr std::size_t kTick = 4096;
/// The smallest GeoPackage point geometry: an 8-byte header without envelope and 21 bytes of WKB.
constexpr std::size_t kMinPointRowBytes = 29;

struct Counts {
    std::size_t rows = 0;
    std::size_t coords = 0;
};

/// What the thread of the first rowid range and the worker thread of the second share.
struct Shared {
    const GpkgTable* table = nullptr;
    const ReadOptions* options = nullptr;
    std::string reading; ///< "reading <layer>", for Error(Cancelled)
    std::atomic<std::size_t> rowsDone{0};
    std::size_t rowsExpected = 0;
};

/// Thrown inside a scan to leave it when the other thread failed: nobody wants the rest.
struct Stopped {};

/// Cancellation and the other thread's failure, checked every kTick rows.
void checkpoint(const Shared& shared, const std::stop_token& stop)
{
    shared.options->feedback.cancel.throwIfCancelled(shared.reading.c_str());
    if (stop.stop_requested())
        throw Stopped{};
}

Counts countRows(sqlite3* db, const GpkgTable& table, const RowRange& range, const Shared& shared,
    const std::stop_token& stop)
{
    Counts c;
    checkpoint(shared, stop);
    std::string why;
    table.scan(db, table.countSql(), range, [&](sqlite3_value** values) {
        if ((++c.rows & (kTick - 1)) == 0)
            checkpoint(shared, stop);
        const auto* blob = static_cast<const std::uint8_t*>(sqlite3_value_blob(values[0]));
        GpkgWkb wkb;
        if (blob && gpkgWkb(blob, static_cast<std::size_t>(sqlite3_value_bytes(values[0])), wkb, why))
            c.coords += countWkbCoords(wkb.data, wkb.size);
    });
    return c;
}

void reserve(LayerBuilder& b, const Counts& c)
{
    // Transparent huge pages (madvise) were tried for the coordinates: fewer page faults, but in a virtual
    // machine the first touch of a huge page at times stalls for tens of milliseconds, so the median was worse.
    b.geometries.reserve(c.rows, c.coords);
    for (std::size_t i = 0; i < b.attributes.columnCount(); ++i)
        b.attributes.column(i).reserve(c.rows);
}

/// Reads the rows of `range` into `b`. The calling thread of the whole read reports progress (`reports`).
void readRows(sqlite3* db, const GpkgTable& table, const RowRange& range, LayerBuilder& b, Shared& shared,
    bool reports, const std::stop_token& stop)
{
    const bool geometry = table.hasGeometry();
    const std::size_t fields = table.fieldCount();
    std::size_t n = 0;
    std::string why;
    checkpoint(shared, stop);
    table.scan(db, table.selectSql(), range, [&](sqlite3_value** values) {
        if ((++n & (kTick - 1)) == 0) {
            checkpoint(shared, stop);
            const std::size_t done = shared.rowsDone.fetch_add(kTick, std::memory_order_relaxed) + kTick;
            if (reports && shared.rowsExpected > 0)
                shared.options->feedback.report(std::min(0.99, double(done) / double(shared.rowsExpected)));
        }
        const std::int64_t fid = sqlite3_value_int64(values[0]);
        // A zero-length blob has a null pointer too, and is not a GeoPackage geometry.
        const auto* blob = geometry ? static_cast<const std::uint8_t*>(sqlite3_value_blob(values[1])) : nullptr;
        if (!blob && (!geometry || sqlite3_value_type(values[1]) == SQLITE_NULL)) {
            b.geometries.appendNull();
        } else {
            GpkgWkb wkb;
            if (!gpkgWkb(blob, static_cast<std::size_t>(sqlite3_value_bytes(values[1])), wkb, why)) {
                b.skipFeature(fid, why);
                return;
            }
            if (!b.appendGeometry(fid, wkb.data, wkb.size))
                return;
        }
        b.addFid(fid);
        sqlite3_value** field = values + (geometry ? 2 : 1);
        for (std::size_t k = 0; k < fields; ++k)
            table.appendField(b, k, field[k]);
    });
}

/// Appends every feature of `part` (read from the second rowid range) to `b`.
void merge(LayerBuilder& b, const LayerBuilder& part)
{
    const std::size_t n = part.geometries.size();
    for (std::size_t i = 0; i < n; ++i) {
        b.geometries.append(part.geometries, i);
        b.addFid(part.fids.empty() ? part.firstFid + static_cast<std::int64_t>(i) : part.fids[i]);
    }
    for (std::size_t c = 0; c < b.attributes.columnCount(); ++c)
        appendColumn(b.attributes.column(c), part.attributes.column(c));
    b.report.merge(part.report);
}

/// The second rowid range, on a thread of its own with its own connection. Its coordinate count is
/// published first so that the first range can size the layer's arrays for both.
struct Worker {
    LayerBuilder part;
    std::promise<Counts> counted;
    std::exception_ptr error;

    /// `guess`: what to reserve when there is no counting pass (point layers).
    void run(const std::string& uri, const RowRange& range, Shared& shared, bool count, Counts guess,
        std::stop_token stop)
    {
        bool published = false;
        try {
            GdalErrorScope quiet; // CPLRecode's warnings, as on the reading thread
            Database db = openDatabase(uri);
            beginRead(db.get());
            Counts c = guess;
            if (count)
                c = countRows(db.get(), *shared.table, range, shared, stop);
            counted.set_value(c);
            published = true;
            reserve(part, c);
            readRows(db.get(), *shared.table, range, part, shared, false, stop);
        } catch (const Stopped&) {
            // The first range failed: its error is the one to report.
        } catch (...) {
            error = std::current_exception();
            if (!published)
                counted.set_exception(error);
        }
    }
};

bool isLocalFile(const std::string& path)
{
    std::error_code ec;
    return path.rfind("/vsi", 0) != 0 && std::filesystem::is_regular_file(path, ec);
}

} // namespace

bool readGeoPackage(const std::string& path, OGRLayerH layer, LayerBuilder& b)
{
    if (!isLocalFile(path))
        return false;
    try {
        const std::string uri = sqliteUri(path);
        Database db = openDatabase(uri);
        beginRead(db.get()); // holds the read lock (or the WAL snapshot) of this connection until it closes
        std::optional<GpkgTable> table = GpkgTable::describe(db.get(), layer);
        if (!table)
            return false;
        for (const GpkgField& f : table->fields())
            b.attributes.addColumn(f.name, f.type);

        Shared shared;
        shared.table = &*table;
        shared.options = b.options;
        shared.reading = "reading " + b.layerName;
        const GIntBig hint = OGR_L_GetFeatureCount(layer, FALSE);
        std::error_code ec;
        const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
        const std::vector<RowRange> ranges = table->split(db.get(), hint, ec ? 0 : bytes);
        // Point layers take one coordinate a feature: the feature count sizes them. Other layers are counted.
        const bool count = table->hasGeometry() && wkbFlatten(OGR_L_GetGeomType(layer)) != wkbPoint;
        // The hint is gpkg_ogr_contents, which anyone can write: it sizes nothing beyond what the file could
        // hold (a point row's geometry blob is at least 29 bytes).
        Counts guess;
        if (!count)
            guess.rows = guess.coords = b.plausibleRows(hint, kMinPointRowBytes, 0);

        // The second range's worker: declared after everything it uses so that it is joined (std::jthread)
        // before they go, whatever is thrown here.
        Worker worker;
        std::future<Counts> workerCount;
        std::jthread thread;
        if (ranges.size() > 1) {
            worker.part.sourceName = b.sourceName;
            worker.part.layerName = b.layerName;
            worker.part.options = b.options;
            for (const GpkgField& f : table->fields())
                worker.part.attributes.addColumn(f.name, f.type);
            workerCount = worker.counted.get_future();
            const Counts half{guess.rows / 2 + 1, guess.coords / 2 + 1};
            thread = std::jthread(
                [&, half](std::stop_token stop) { worker.run(uri, ranges[1], shared, count, half, stop); });
        }

        Counts total = guess; // the first range's builder becomes the layer: room for both ranges
        if (count) {
            total = countRows(db.get(), *table, ranges[0], shared, {});
            if (ranges.size() > 1) {
                const Counts other = workerCount.get(); // rethrows the worker's failure
                total.rows += other.rows;
                total.coords += other.coords;
            }
        }
        shared.rowsExpected = total.rows;
        reserve(b, total);
        readRows(db.get(), *table, ranges[0], b, shared, true, {});
        if (thread.joinable())
            thread.join();
        if (worker.error)
            std::rethrow_exception(worker.error);
        if (ranges.size() > 1)
            merge(b, worker.part);
        b.options->feedback.report(1.0);
        return true;
    } catch (const SqliteFailure&) {
        return false; // GDAL reads it instead (and reports what is wrong, if anything still is)
    }
}

void explainNullGeometries(const std::string& path, OGRLayerH layer, LayerBuilder& b)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const char* fid = OGR_L_GetFIDColumn(layer);
    if (!isLocalFile(path) || !fid || !*fid || OGR_FD_GetGeomFieldCount(defn) != 1)
        return;
    try {
        Database db = openDatabase(sqliteUri(path));
        beginRead(db.get());
        const std::string sql = "SELECT " + quoteIdentifier(OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(defn, 0)))
            + " FROM " + quoteIdentifier(OGR_L_GetName(layer)) + " WHERE " + quoteIdentifier(fid) + " = ?1";
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            return;
        const Statement st{raw};
        std::set<std::int64_t> reported;
        for (const FeatureIssue& i : b.report.issues)
            reported.insert(i.fid);
        bool found = false;
        for (std::size_t row = 0; row < b.geometries.size(); ++row) {
            const std::int64_t id = b.fids.empty() ? b.firstFid + static_cast<std::int64_t>(row) : b.fids[row];
            if (!b.geometries.isNull(row) || reported.count(id))
                continue;
            sqlite3_reset(st.get());
            sqlite3_bind_int64(st.get(), 1, id);
            if (sqlite3_step(st.get()) != SQLITE_ROW || sqlite3_column_type(st.get(), 0) == SQLITE_NULL)
                continue; // a NULL geometry, read as one
            // Why the blob is unreadable, in this reader's words (GDAL gave none).
            const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(st.get(), 0));
            std::string why;
            GpkgWkb wkb;
            if (gpkgWkb(blob, static_cast<std::size_t>(sqlite3_column_bytes(st.get(), 0)), wkb, why)) {
                GeometryColumn scratch;
                try {
                    appendWkb(scratch, wkb.data, wkb.size);
                    why = scratch.isFinite(0) ? "GDAL cannot read the geometry blob" : "coordinate is NaN or infinite";
                } catch (const Error& e) {
                    why = e.what();
                }
            }
            b.nullGeometry(id, why);
            found = true;
        }
        if (found)
            std::stable_sort(b.report.issues.begin(), b.report.issues.end(),
                [](const FeatureIssue& x, const FeatureIssue& y) { return x.fid < y.fid; });
    } catch (const SqliteFailure&) {
        // Nothing to add: what GDAL read stands.
    }
}

} // namespace gis::detail
