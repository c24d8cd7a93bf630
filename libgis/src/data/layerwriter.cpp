#include "gis/data/layerwriter.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <gdal.h>

#include "gdalsupport.h"
#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "ogrlayerwriter.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

std::string lowerExtension(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

/// Column indices of the selected fields, checked before anything touches the disk.
std::vector<std::size_t> selectedFields(const Layer& layer, const WriteSelection& selection)
{
    std::vector<std::size_t> fields;
    const AttributeTable& table = layer.attributes();
    if (selection.fields.empty()) {
        for (std::size_t c = 0; c < table.columnCount(); ++c)
            fields.push_back(c);
        return fields;
    }
    for (const std::string& name : selection.fields) {
        const int c = table.indexOf(name);
        if (c < 0)
            throw Error(ErrorCode::Query, "layer \"" + layer.name() + "\": unknown field \"" + name + "\"");
        fields.push_back(static_cast<std::size_t>(c));
    }
    return fields;
}

/// Creates a new dataset at `tempPath` and writes the layer into it; closing it is checked, since GDAL flushes
/// (and may fail) then.
void writeNewDataset(const Layer& layer, const std::string& tempPath, const std::string& target, LayerFormat format,
    const std::vector<std::size_t>& fields, const WriteSelection& selection, const std::string& layerName)
{
    detail::ensureGdalRegistered();
    detail::GdalErrorScope errors;
    auto fail = [&](const std::string& what) {
        const std::string why = errors.lastError().empty() ? "" : " (" + errors.lastError() + ")";
        throw Error(ErrorCode::Io, target + ": " + what + why);
    };
    GDALDriverH driver = GDALGetDriverByName(gdalDriverName(format));
    if (!driver)
        fail(std::string("GDAL has no ") + gdalDriverName(format) + " driver");
    detail::DatasetHandle ds{GDALCreate(driver, tempPath.c_str(), 0, 0, 0, GDT_Unknown, nullptr)};
    if (!ds)
        fail("cannot create the file");
    // A GeoPackage's features go in one transaction (much faster); other drivers say they cannot and write as
    // they go, which is as safe here: the file is not the target until the set commits.
    const bool transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
    detail::writeOgrLayer(ds.get(), layer, fields, selection, layerName, format, target, errors);
    if (transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
        fail("cannot commit the features");
    errors.clear();
    ds.reset();
    if (!errors.lastError().empty())
        fail("writing failed");
}

/// Writes a new file (and its sidecars) and swaps it in through an AtomicFileSet.
void replaceFile(const Layer& layer, const std::string& path, LayerFormat format,
    const std::vector<std::size_t>& fields, const WriteSelection& selection, const std::string& layerName)
{
    AtomicFileSet set;
    AtomicFile& main = set.add(path);
    // GDAL creates its files by path (some drivers refuse an existing file): the staging folder is private, so
    // the empty placeholder can go.
    std::remove(main.tempPath().c_str());
    writeNewDataset(layer, main.tempPath(), path, format, fields, selection, layerName);

    // Every other file GDAL wrote into the staging folder is a sidecar of the target: it joins the set under the
    // same name beside the target.
    const fs::path stage = fs::path(main.tempPath()).parent_path();
    const fs::path folder = fs::path(main.targetPath()).parent_path();
    const fs::path mainName = fs::path(main.tempPath()).filename();
    std::vector<fs::path> sidecars;
    for (const auto& entry : fs::directory_iterator(stage))
        if (entry.path().filename() != mainName)
            sidecars.push_back(entry.path().filename());
    std::sort(sidecars.begin(), sidecars.end());
    for (const fs::path& name : sidecars) {
        AtomicFile& member = set.add((folder / name).string());
        std::error_code ec;
        fs::rename(stage / name, member.tempPath(), ec);
        if (ec)
            throw Error(ErrorCode::Io, path + ": cannot stage " + name.string() + " (" + ec.message() + ")");
    }
    set.commit();

    if (format != LayerFormat::Shapefile)
        return;
    // (A CSV's .prj could be a Shapefile's of the same name: only a Shapefile's stale sidecars are cleared.)
    for (const char* ext : {".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qpj"}) {
        fs::path old = mainName;
        old.replace_extension(ext);
        if (std::find(sidecars.begin(), sidecars.end(), old) != sidecars.end())
            continue;
        std::error_code ec;
        if (fs::is_regular_file(fs::symlink_status(folder / old, ec)))
            fs::remove(folder / old, ec);
    }
}

/// Adds (or replaces) one layer of an existing GeoPackage in one SQLite transaction.
void writeIntoGeoPackage(const Layer& layer, const std::string& path, LayerWriteMode mode,
    const std::vector<std::size_t>& fields, const WriteSelection& selection, const std::string& layerName)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw Error(ErrorCode::Argument, path + ": adding a layer needs an existing GeoPackage");
    recoverInterruptedWrites(path);
    detail::ensureGdalRegistered();
    detail::GdalErrorScope errors;
    auto fail = [&](const std::string& what) {
        const std::string why = errors.lastError().empty() ? "" : " (" + errors.lastError() + ")";
        throw Error(ErrorCode::Io, path + ": " + what + why);
    };
    const char* const drivers[] = {"GPKG", nullptr};
    detail::DatasetHandle ds{GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)};
    if (!ds)
        fail("cannot open the GeoPackage for update");
    int existing = -1;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
        std::string name = OGR_L_GetName(GDALDatasetGetLayer(ds.get(), i));
        // SQLite table names ignore ASCII case.
        if (name.size() == layerName.size()
            && std::equal(name.begin(), name.end(), layerName.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               }))
            existing = i;
    }
    if (existing >= 0 && mode == LayerWriteMode::AddLayer)
        throw Error(ErrorCode::Argument, path + ": already has a layer \"" + layerName
                + "\" (choose another name, or replace that layer)");
    if (GDALDatasetStartTransaction(ds.get(), FALSE) != OGRERR_NONE)
        fail("cannot start a transaction");
    try {
        if (existing >= 0 && GDALDatasetDeleteLayer(ds.get(), existing) != OGRERR_NONE)
            fail("cannot drop layer \"" + layerName + "\"");
        detail::writeOgrLayer(ds.get(), layer, fields, selection, layerName, LayerFormat::GeoPackage, path, errors);
        if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
            fail("cannot commit layer \"" + layerName + "\"");
    } catch (...) {
        GDALDatasetRollbackTransaction(ds.get());
        throw;
    }
    errors.clear();
    ds.reset();
    if (!errors.lastError().empty())
        fail("closing failed");
}

} // namespace

const char* gdalDriverName(LayerFormat format)
{
    switch (format) {
    case LayerFormat::GeoPackage: return "GPKG";
    case LayerFormat::GeoJson: return "GeoJSON";
    case LayerFormat::Shapefile: return "ESRI Shapefile";
    case LayerFormat::Csv: return "CSV";
    case LayerFormat::FlatGeobuf: return "FlatGeobuf";
    case LayerFormat::Kml: return "KML";
    case LayerFormat::Gml: return "GML";
    case LayerFormat::Auto: break;
    }
    return "";
}

LayerFormat layerFormatFromName(const std::string& name)
{
    static const std::pair<const char*, LayerFormat> names[] = {{"gpkg", LayerFormat::GeoPackage},
        {"geojson", LayerFormat::GeoJson}, {"shp", LayerFormat::Shapefile}, {"csv", LayerFormat::Csv},
        {"fgb", LayerFormat::FlatGeobuf}, {"kml", LayerFormat::Kml}, {"gml", LayerFormat::Gml}};
    for (const auto& [n, format] : names)
        if (name == n)
            return format;
    return LayerFormat::Auto;
}

LayerFormat layerFormatFromPath(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".json")
        return LayerFormat::GeoJson;
    const LayerFormat format = ext.empty() ? LayerFormat::Auto : layerFormatFromName(ext.substr(1));
    if (format == LayerFormat::Auto)
        throw Error(ErrorCode::Argument, path + ": unknown format \"" + ext
                + "\" (use .gpkg, .geojson, .json, .shp, .csv, .fgb, .kml or .gml)");
    return format;
}

void writeLayer(const Layer& layer, const std::string& path, const WriteSelection& selection,
    const LayerWriteOptions& options)
{
    const LayerFormat format = options.format == LayerFormat::Auto ? layerFormatFromPath(path) : options.format;
    const fs::path target = fs::absolute(path);
    if (!fs::is_directory(target.parent_path()))
        throw Error(ErrorCode::Io, path + ": the folder " + target.parent_path().string() + " does not exist");
    const std::vector<std::size_t> fields = selectedFields(layer, selection);
    // A Shapefile's or CSV's layer is its file.
    const bool layerIsFile = format == LayerFormat::Shapefile || format == LayerFormat::Csv;
    const std::string layerName = !options.layerName.empty() ? options.layerName
        : layerIsFile || layer.name().empty()                    ? target.stem().string()
                                                                 : layer.name();
    if (options.mode == LayerWriteMode::ReplaceFile) {
        replaceFile(layer, path, format, fields, selection, layerName);
        return;
    }
    if (format != LayerFormat::GeoPackage)
        throw Error(ErrorCode::Argument, path + ": only a GeoPackage holds several layers (this is a "
                + gdalDriverName(format) + " file)");
    writeIntoGeoPackage(layer, path, options.mode, fields, selection, layerName);
}

} // namespace gis
