#include "gis/data/layerwriter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include "gdalsupport.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

using SrsHandle = UniqueHandle<void, OSRRelease>;
using FieldDefnHandle = UniqueHandle<void, OGR_Fld_Destroy>;
using GeometryHandle = UniqueHandle<void, OGR_G_DestroyGeometry>;
using OptionsHandle = UniqueHandle<char*, CSLDestroy>;

std::string lowerExtension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

const char* driverName(LayerFormat format)
{
    switch (format) {
    case LayerFormat::GeoPackage: return "GPKG";
    case LayerFormat::GeoJson: return "GeoJSON";
    case LayerFormat::Shapefile: return "ESRI Shapefile";
    case LayerFormat::Csv: return "CSV";
    case LayerFormat::Auto: break;
    }
    return "";
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civilFromDays(std::int64_t z, int& y, int& m, int& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

/// A name beside `path` that no other writer uses: ".<stem>.tmp-<pid>-<n><ext>".
fs::path temporaryBeside(const fs::path& path, const std::string& ext)
{
    static std::atomic<unsigned> counter{0};
    const auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id()) % 100000;
    std::string name = ".";
    name.append(path.stem().string()).append(".tmp-").append(std::to_string(::getpid())).append("-");
    name.append(std::to_string(thread)).append("-").append(std::to_string(counter++)).append(ext);
    return path.parent_path() / name;
}

/// Replaces several files of one folder all-or-nothing: existing files are first renamed aside to backup names,
/// then the new ones are renamed in; rollback() removes what was moved in and renames the backups back, commit()
/// deletes the backups. Renames within one folder do not copy data, so rolling back cannot run out of space.
class ReplaceTransaction {
public:
    explicit ReplaceTransaction(fs::path folder) : m_folder(std::move(folder)) { }
    ReplaceTransaction(const ReplaceTransaction&) = delete;
    ReplaceTransaction& operator=(const ReplaceTransaction&) = delete;
    ~ReplaceTransaction() { rollback(); }

    /// Renames an existing regular file `name` of the folder to a backup name; throws fs::filesystem_error.
    void moveAside(const fs::path& name)
    {
        const fs::path original = m_folder / name;
        if (!fs::is_regular_file(fs::symlink_status(original)))
            return; // nothing to keep (a folder of that name makes moveIn fail, as it should)
        const fs::path backup = temporaryBeside(original, name.extension().string() + ".bak");
        fs::rename(original, backup);
        m_backups.emplace_back(original, backup);
    }
    /// Renames `from` to `name` in the folder; throws fs::filesystem_error.
    void moveIn(const fs::path& from, const fs::path& name)
    {
        const fs::path to = m_folder / name;
        fs::rename(from, to);
        m_movedIn.push_back(to);
    }
    void commit()
    {
        std::error_code ec;
        for (const auto& [original, backup] : m_backups)
            fs::remove(backup, ec);
        m_backups.clear();
        m_movedIn.clear();
    }
    /// Best effort, never throws: undoes every rename done so far, newest first.
    void rollback() noexcept
    {
        std::error_code ec;
        for (auto it = m_movedIn.rbegin(); it != m_movedIn.rend(); ++it)
            fs::remove(*it, ec);
        for (auto it = m_backups.rbegin(); it != m_backups.rend(); ++it)
            fs::rename(it->second, it->first, ec);
        m_movedIn.clear();
        m_backups.clear();
    }

private:
    fs::path m_folder;
    std::vector<std::pair<fs::path, fs::path>> m_backups; // original, backup
    std::vector<fs::path> m_movedIn;
};

OGRFieldType ogrFieldType(FieldType t)
{
    switch (t) {
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
    case FieldType::String: return OFTString;
    case FieldType::Date: return OFTDate;
    case FieldType::DateTime: return OFTDateTime;
    case FieldType::Boolean: return OFTInteger;
    case FieldType::Binary: return OFTBinary;
    }
    return OFTString;
}

void setField(OGRFeatureH feature, int index, const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row)) {
        OGR_F_SetFieldNull(feature, index);
        return;
    }
    switch (column.type()) {
    case FieldType::Integer:
        OGR_F_SetFieldInteger64(feature, index, column.integer(row));
        break;
    case FieldType::Boolean:
        OGR_F_SetFieldInteger(feature, index, column.integer(row) != 0 ? 1 : 0);
        break;
    case FieldType::Real:
        OGR_F_SetFieldDouble(feature, index, column.real(row));
        break;
    case FieldType::String: {
        const std::string text(column.string(row));
        OGR_F_SetFieldString(feature, index, text.c_str());
        break;
    }
    case FieldType::Binary: {
        const std::string_view bytes = column.string(row);
        OGR_F_SetFieldBinary(feature, index, static_cast<int>(bytes.size()),
            reinterpret_cast<const GByte*>(bytes.data()));
        break;
    }
    case FieldType::Date: {
        int y = 0, m = 0, d = 0;
        civilFromDays(column.integer(row), y, m, d);
        OGR_F_SetFieldDateTimeEx(feature, index, y, m, d, 0, 0, 0.0f, 0);
        break;
    }
    case FieldType::DateTime: {
        const std::int64_t ms = column.integer(row);
        const std::int64_t days = (ms >= 0 ? ms : ms - 86399999) / 86400000;
        const std::int64_t msOfDay = ms - days * 86400000;
        int y = 0, m = 0, d = 0;
        civilFromDays(days, y, m, d);
        const int h = static_cast<int>(msOfDay / 3600000);
        const int mi = static_cast<int>(msOfDay / 60000 % 60);
        const float s = static_cast<float>(msOfDay % 60000) / 1000.0f;
        OGR_F_SetFieldDateTimeEx(feature, index, y, m, d, h, mi, s, 100); // 100: UTC
        break;
    }
    }
}

/// Writes the whole dataset at `tempPath` (a file, or the .shp inside a temporary folder).
void writeDataset(const Layer& layer, const std::string& tempPath, const std::string& target, LayerFormat format,
    const std::vector<std::size_t>& fields, const WriteSelection& selection, const std::string& layerName)
{
    detail::ensureGdalRegistered();
    detail::GdalErrorScope errors;
    auto fail = [&](const std::string& what) {
        const std::string why = errors.lastError().empty() ? "" : " (" + errors.lastError() + ")";
        throw Error(ErrorCode::Io, target + ": " + what + why);
    };
    GDALDriverH driver = GDALGetDriverByName(driverName(format));
    if (!driver)
        fail(std::string("GDAL has no ") + driverName(format) + " driver");
    detail::DatasetHandle ds{GDALCreate(driver, tempPath.c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
    if (!ds)
        fail("cannot create the file");

    SrsHandle srs;
    if (layer.crs().isValid()) {
        srs.reset(OSRNewSpatialReference(nullptr));
        OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRSetFromUserInput(srs.get(), layer.crs().identifier().c_str()) != OGRERR_NONE)
            srs.reset();
    }
    char** rawOptions = nullptr;
    if (format == LayerFormat::Shapefile)
        rawOptions = CSLSetNameValue(rawOptions, "ENCODING", "UTF-8");
    if (format == LayerFormat::Csv) {
        rawOptions = CSLSetNameValue(rawOptions, "GEOMETRY", "AS_WKT");
        rawOptions = CSLSetNameValue(rawOptions, "CREATE_CSVT", "YES");
    }
    OptionsHandle options{rawOptions};
    auto geomType = static_cast<OGRwkbGeometryType>(layer.geometryType());
    if (layer.geometries().hasZ())
        geomType = OGR_GT_SetZ(geomType);
    OGRLayerH out = GDALDatasetCreateLayer(ds.get(), layerName.c_str(), srs.get(), geomType, options.get());
    if (!out)
        fail("cannot create layer \"" + layerName + "\"");

    const AttributeTable& table = layer.attributes();
    for (std::size_t c : fields) {
        const AttributeColumn& column = table.column(c);
        FieldDefnHandle defn{OGR_Fld_Create(column.name().c_str(), ogrFieldType(column.type()))};
        if (column.type() == FieldType::Boolean)
            OGR_Fld_SetSubType(defn.get(), OFSTBoolean);
        if (OGR_L_CreateField(out, defn.get(), TRUE) != OGRERR_NONE)
            fail("cannot create field \"" + column.name() + "\"");
    }

    const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(out);
    std::vector<std::uint8_t> wkb;
    auto writeRow = [&](std::size_t row) {
        if (row >= layer.size())
            throw Error(ErrorCode::Argument, target + ": row " + std::to_string(row) + " is out of range (layer \""
                + layer.name() + "\" has " + std::to_string(layer.size()) + " rows)");
        detail::FeatureHandle feature{OGR_F_Create(defn)};
        for (std::size_t i = 0; i < fields.size(); ++i)
            setField(feature.get(), static_cast<int>(i), table.column(fields[i]), row);
        const GeometryRef g = layer.geometry(row);
        if (!g.column->isNull(row)) {
            wkb.clear();
            appendWkbTo(wkb, g);
            OGRGeometryH raw = nullptr;
            if (OGR_G_CreateFromWkbEx(wkb.data(), srs.get(), &raw, wkb.size()) != OGRERR_NONE)
                fail("feature " + std::to_string(layer.fid(row)) + ": GDAL refused its geometry");
            GeometryHandle geometry{raw};
            OGR_F_SetGeometryDirectly(feature.get(), geometry.release());
        }
        if (format == LayerFormat::GeoPackage)
            OGR_F_SetFID(feature.get(), layer.fid(row));
        if (OGR_L_CreateFeature(out, feature.get()) != OGRERR_NONE)
            fail("cannot write feature " + std::to_string(layer.fid(row)));
    };
    if (selection.allRows && selection.rows.empty()) {
        for (std::size_t i = 0; i < layer.size(); ++i)
            writeRow(i);
    } else {
        for (std::uint32_t i : selection.rows)
            writeRow(i);
    }
    if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
        fail("cannot commit the features");
    errors.clear();
    ds.reset(); // closing flushes: check for errors after it
    if (!errors.lastError().empty())
        fail("writing failed");
}

} // namespace

LayerFormat layerFormatFromPath(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".gpkg")
        return LayerFormat::GeoPackage;
    if (ext == ".geojson" || ext == ".json")
        return LayerFormat::GeoJson;
    if (ext == ".shp")
        return LayerFormat::Shapefile;
    if (ext == ".csv")
        return LayerFormat::Csv;
    throw Error(ErrorCode::Argument,
        path + ": unknown format \"" + ext + "\" (use .gpkg, .geojson, .json, .shp or .csv)");
}

void writeLayer(const Layer& layer, const std::string& path, const WriteSelection& selection,
    const LayerWriteOptions& options)
{
    const LayerFormat format = options.format == LayerFormat::Auto ? layerFormatFromPath(path) : options.format;
    const fs::path target = fs::absolute(path);
    if (!fs::is_directory(target.parent_path()))
        throw Error(ErrorCode::Io, path + ": the folder " + target.parent_path().string() + " does not exist");

    // Fields are checked before anything touches the disk.
    std::vector<std::size_t> fields;
    const AttributeTable& table = layer.attributes();
    if (selection.fields.empty()) {
        for (std::size_t c = 0; c < table.columnCount(); ++c)
            fields.push_back(c);
    } else {
        for (const std::string& name : selection.fields) {
            const int c = table.indexOf(name);
            if (c < 0)
                throw Error(ErrorCode::Query, "layer \"" + layer.name() + "\": unknown field \"" + name + "\"");
            fields.push_back(static_cast<std::size_t>(c));
        }
    }
    const std::string layerName = !options.layerName.empty() ? options.layerName
        : format == LayerFormat::Shapefile || format == LayerFormat::Csv ? target.stem().string()
        : layer.name().empty() ? target.stem().string() : layer.name();

    std::error_code ec;
    const bool sidecars = format == LayerFormat::Shapefile || format == LayerFormat::Csv; // .shx/.dbf/.prj, .csvt/.prj
    if (!sidecars) {
        const fs::path temp = temporaryBeside(target, target.extension().string());
        try {
            writeDataset(layer, temp.string(), path, format, fields, selection, layerName);
            fs::rename(temp, target);
        } catch (const fs::filesystem_error& e) {
            fs::remove(temp, ec);
            throw Error(ErrorCode::Io, path + ": cannot replace the file (" + e.code().message() + ")");
        } catch (...) {
            fs::remove(temp, ec);
            throw;
        }
        return;
    }

    // A Shapefile (or a CSV with its .csvt and .prj) is several files: write them all into a folder beside, then
    // swap them in as one transaction (see ReplaceTransaction).
    const fs::path tempDir = temporaryBeside(target, "");
    ReplaceTransaction swap(target.parent_path());
    try {
        fs::create_directory(tempDir);
        const fs::path shp = tempDir / target.filename();
        writeDataset(layer, shp.string(), path, format, fields, selection, layerName);
        std::vector<fs::path> written;
        for (const auto& entry : fs::directory_iterator(tempDir))
            written.push_back(entry.path().filename());
        // Stale sidecars of an older file with this name (a spatial index, a .cpg) would describe the wrong data.
        // (A CSV's .prj could be a Shapefile's of the same name: only a Shapefile's sidecars are cleared.)
        std::vector<fs::path> replaced = written;
        if (format == LayerFormat::Shapefile) {
            for (const char* ext : {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj"}) {
                fs::path old = target.filename();
                old.replace_extension(ext);
                if (std::find(replaced.begin(), replaced.end(), old) == replaced.end())
                    replaced.push_back(old);
            }
        }
        for (const fs::path& name : replaced)
            swap.moveAside(name);
        // The main file last, so a reader never sees a new .shp with an old .dbf.
        const fs::path mainFile = target.filename();
        std::stable_partition(written.begin(), written.end(), [&](const fs::path& p) { return p != mainFile; });
        for (const fs::path& name : written)
            swap.moveIn(tempDir / name, name);
        swap.commit();
        fs::remove_all(tempDir, ec);
    } catch (const fs::filesystem_error& e) {
        swap.rollback();
        fs::remove_all(tempDir, ec);
        throw Error(ErrorCode::Io, path + ": cannot write (" + e.code().message() + ")");
    } catch (...) {
        swap.rollback();
        fs::remove_all(tempDir, ec);
        throw;
    }
}

} // namespace gis
