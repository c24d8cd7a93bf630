#include "gis/data/datasource.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include <cpl_string.h>
#include <cpl_vsi.h>

#include "gdalsupport.h"
#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/data/postgis.h"
#include "gpkgreader.h"
#include "layerreaders.h"
#include "pg/pgsource.h"
#include "rasterdataset.h"
#include "sourcechecks.h"

namespace gis {

using namespace detail;

struct DataSource::Impl {
    std::string path;
    std::string displayName; // file name for messages
    DatasetHandle dataset;
    std::unique_ptr<detail::pg::PgSource> pg; ///< a PostgreSQL database instead of a GDAL dataset
};

namespace {

bool hasExtension(const std::string& path, std::initializer_list<const char*> exts)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::any_of(exts.begin(), exts.end(), [&](const char* e) { return ext == e; });
}

/// Whether the first line of a CSV names a column twice (case-insensitive; any of the separators GDAL detects).
/// GDAL 3.6's CSV driver then crashes (SIGSEGV) reading with KEEP_GEOM_COLUMNS=NO (found by fuzz_csv).
bool csvHeaderRepeatsAName(const std::string& path)
{
    // Through GDAL's file layer, so that what GDAL will read (also /vsimem/) is what is checked.
    VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
    if (!f)
        return false;
    std::string line(65536, '\0');
    line.resize(VSIFReadL(line.data(), 1, line.size(), f));
    VSIFCloseL(f);
    line = line.substr(0, line.find_first_of("\r\n"));
    std::set<std::string> seen;
    std::string name;
    auto take = [&] {
        const auto b = name.find_first_not_of(" \t\"");
        const auto e = name.find_last_not_of(" \t\"");
        std::string n = b == std::string::npos ? "" : name.substr(b, e - b + 1);
        std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        name.clear();
        return !n.empty() && !seen.insert(n).second;
    };
    for (char c : line) {
        if (c == ',' || c == ';' || c == '\t' || c == '|') {
            if (take())
                return true;
        } else {
            name += c;
        }
    }
    return take();
}

std::vector<std::string> openOptionsFor(const std::string& path, const ReadOptions& options)
{
    std::vector<std::string> out;
    if (hasExtension(path, {".shp", ".dbf"}))
        out.push_back("ENCODING=" + (options.encoding.empty() ? shapefileEncoding(path) : options.encoding));
    if (hasExtension(path, {".csv", ".tsv"})) {
        out.push_back("GEOM_POSSIBLE_NAMES=wkt,geom,geometry,the_geom,shape");
        out.push_back("X_POSSIBLE_NAMES=lon,long,longitude,x,easting");
        out.push_back("Y_POSSIBLE_NAMES=lat,latitude,y,northing");
        if (!csvHeaderRepeatsAName(path))
            out.push_back("KEEP_GEOM_COLUMNS=NO");
        out.push_back("AUTODETECT_TYPE=YES");
    }
    return out;
}

Box envelopeToBox(const OGREnvelope& e)
{
    return Box(e.MinX, e.MinY, e.MaxX, e.MaxY);
}

/// A Shapefile's null geometries whose .shx entry is wrong are features GDAL could not read, not null
/// shapes: recorded as such (those GDAL already raised an error for are recorded by the feature loop).
void explainNullShapes(LayerBuilder& b, OGRLayerH layer)
{
    std::filesystem::path shp = b.sourceName;
    std::error_code ec;
    if (std::filesystem::is_directory(shp, ec))
        shp /= std::string(OGR_L_GetName(layer)) + ".shp";
    if (!hasExtension(shp.string(), {".shp"}))
        return;
    std::set<std::int64_t> reported;
    for (const FeatureIssue& i : b.report.issues)
        reported.insert(i.fid);
    ShxChecker shx(shp.string());
    for (std::size_t row = 0; row < b.geometries.size(); ++row) {
        const std::int64_t fid = b.fids.empty() ? b.firstFid + static_cast<std::int64_t>(row) : b.fids[row];
        if (!b.geometries.isNull(row) || reported.count(fid))
            continue;
        const std::string why = shx.problem(fid);
        if (!why.empty())
            b.nullGeometry(fid, why);
    }
    std::stable_sort(b.report.issues.begin(), b.report.issues.end(),
        [](const FeatureIssue& x, const FeatureIssue& y) { return x.fid < y.fid; });
}

} // namespace

DataSource::DataSource(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DataSource::~DataSource() = default;
DataSource::DataSource(DataSource&&) noexcept = default;
DataSource& DataSource::operator=(DataSource&&) noexcept = default;

DataSource DataSource::open(const std::string& path, const ReadOptions& options)
{
    if (gis::pg::isPostgresSource(path)) {
        auto impl = std::make_unique<Impl>();
        impl->pg = detail::pg::PgSource::open(path, options.exactCounts);
        impl->path = path;
        impl->displayName = impl->pg->name();
        return DataSource(std::move(impl));
    }
    checkSourceFile(path);
    // A multi-file replacement (a Shapefile set) that a killed writer left half done is rolled back first, so a
    // reader never sees a mix of two versions (docs/safety.md).
    if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos)
        recoverInterruptedWrites(path);
    ensureGdalRegistered();
    GdalErrorScope errors;
    const std::vector<std::string> opts = openOptionsFor(path, options);
    std::vector<const char*> optPtrs;
    for (const auto& o : opts)
        optPtrs.push_back(o.c_str());
    optPtrs.push_back(nullptr);
    DatasetHandle ds{GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
        nullptr, optPtrs.data(), nullptr)};
    if (!ds) {
        std::string why = errors.lastError();
        if (why.empty() || why.find("not recognized") != std::string::npos)
            why = "not a vector or raster format GDAL can read";
        throw Error(ErrorCode::Format, path + ": " + why);
    }
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->displayName = path;
    impl->dataset = std::move(ds);
    return DataSource(std::move(impl));
}

const std::string& DataSource::path() const
{
    return m_impl->path;
}

std::string DataSource::driverName() const
{
    if (m_impl->pg)
        return "PostgreSQL";
    GDALDriverH d = GDALGetDatasetDriver(m_impl->dataset.get());
    return d ? GDALGetDriverShortName(d) : "";
}

std::vector<LayerInfo> DataSource::layers() const
{
    if (m_impl->pg)
        return m_impl->pg->layers();
    GdalErrorScope errors;
    std::vector<LayerInfo> out;
    GDALDatasetH ds = m_impl->dataset.get();
    const int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; ++i) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, i);
        LayerInfo info;
        info.name = OGR_L_GetName(layer);
        info.geometryType = geometryTypeFromOgr(OGR_L_GetGeomType(layer));
        info.featureCount = OGR_L_GetFeatureCount(layer, TRUE);
        info.crs = crsFromOgr(OGR_L_GetSpatialRef(layer));
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        // Only an extent the format knows without a scan: GDAL 3.6's CSV driver crashes (SIGSEGV) scanning some
        // hostile files for their extent (found by fuzz_csv). A reader that needs the extent reads the layer
        // (Layer::extent(), as gis info does).
        OGREnvelope env;
        if (info.featureCount != 0 && OGR_FD_GetGeomFieldCount(defn) > 0 && OGR_L_GetExtent(layer, &env, FALSE) == OGRERR_NONE)
            info.extent = envelopeToBox(env);
        for (int f = 0; f < OGR_FD_GetFieldCount(defn); ++f) {
            OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
            info.fields.push_back({OGR_Fld_GetNameRef(fd), fieldTypeFromOgr(OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd))});
        }
        out.push_back(std::move(info));
    }
    return out;
}

std::vector<RasterInfo> DataSource::rasters() const
{
    if (m_impl->pg)
        return {}; // PostGIS rasters are not browsed
    GdalErrorScope errors;
    std::vector<RasterInfo> out;
    GDALDatasetH ds = m_impl->dataset.get();
    if (GDALGetRasterCount(ds) > 0)
        out.push_back(describeRaster(ds, std::filesystem::path(m_impl->path).filename().string()));
    char** subdatasets = GDALGetMetadata(ds, "SUBDATASETS");
    for (int i = 1;; ++i) {
        const char* name = CSLFetchNameValue(subdatasets, ("SUBDATASET_" + std::to_string(i) + "_NAME").c_str());
        if (!name)
            break;
        DatasetHandle sub{GDALOpenEx(name, GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)};
        if (sub)
            out.push_back(describeRaster(sub.get(), name));
    }
    return out;
}

std::shared_ptr<const Layer> DataSource::readLayer(std::string_view name, const ReadOptions& options) const
{
    return readLayer(layerIndex(name), options);
}

std::size_t DataSource::layerIndex(std::string_view name) const
{
    if (m_impl->pg)
        return m_impl->pg->find(name);
    GDALDatasetH ds = m_impl->dataset.get();
    const int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; ++i)
        if (name == OGR_L_GetName(GDALDatasetGetLayer(ds, i)))
            return static_cast<std::size_t>(i);
    std::string available;
    for (int i = 0; i < n; ++i)
        available += std::string(i ? ", " : "") + OGR_L_GetName(GDALDatasetGetLayer(ds, i));
    throw Error(ErrorCode::Argument, m_impl->path + ": no layer \"" + std::string(name) + "\""
            + (available.empty() ? std::string(" (it has no vector layers)") : " (layers: " + available + ")"));
}

std::shared_ptr<const Layer> DataSource::readLayer(std::size_t index, const ReadOptions& options) const
{
    if (m_impl->pg)
        return m_impl->pg->read(index, options);
    if (!options.serverFilter.empty())
        throw Error(ErrorCode::Argument, m_impl->path + ": a server-side (SQL) filter needs a PostgreSQL source");
    GDALDatasetH ds = m_impl->dataset.get();
    if (index >= static_cast<std::size_t>(GDALDatasetGetLayerCount(ds)))
        throw Error(ErrorCode::Argument, m_impl->path + ": no layer number " + std::to_string(index));
    OGRLayerH layer = GDALDatasetGetLayer(ds, static_cast<int>(index));
    GdalErrorScope errors;
    std::error_code ec;
    const std::uintmax_t bytes = std::filesystem::is_regular_file(m_impl->path, ec) ? std::filesystem::file_size(m_impl->path, ec) : 0;
    auto makeBuilder = [&] {
        LayerBuilder b;
        b.sourceName = m_impl->path;
        b.layerName = OGR_L_GetName(layer);
        b.options = &options;
        b.sourceBytes = ec ? 0 : bytes;
        return b;
    };
    const auto start = std::chrono::steady_clock::now();
    LayerBuilder builder = makeBuilder();
    const bool direct = options.useArrow && options.useGeoPackageReader && driverName() == "GPKG"
        && readGeoPackage(m_impl->path, layer, builder);
    std::string arrowError; // kept: a source that fails once (a VRT's unreachable source) may not fail again
    if (!direct) {
        builder = makeBuilder();
        OGR_L_ResetReading(layer);
        const std::size_t failures = errors.failures();
        // GDAL's Arrow stream fails features without saying which: after any error the feature loop reads the
        // layer again and attributes each error to its feature.
        if (!options.useArrow || !readWithArrow(layer, builder) || errors.failures() != failures) {
            builder = makeBuilder();
            arrowError = errors.lastError();
            errors.clear(); // what made the Arrow stream give up is not a fault of the layer
            OGR_L_ResetReading(layer);
            readWithFeatures(layer, builder);
        }
    }
    if (errors.lastError().empty() && builder.geometries.size() == 0 && !arrowError.empty())
        throw Error(ErrorCode::Format, m_impl->path + ": layer \"" + builder.layerName + "\": " + arrowError);
    if (!errors.lastError().empty()) {
        if (builder.geometries.size() == 0)
            throw Error(ErrorCode::Format, m_impl->path + ": layer \"" + builder.layerName + "\": " + errors.lastError());
        builder.addProblem(errors.lastError());
    }
    if (driverName() == "ESRI Shapefile")
        explainNullShapes(builder, layer);
    else if (driverName() == "GPKG" && !direct && options.useArrow) // the stream's nulls say nothing
        explainNullGeometries(m_impl->path, layer, builder);
    // A GeoPackage's count is metadata beside its rows (gpkg_ogr_contents): every row read is every row there
    // is, unless reading stopped at an error. Other formats' counts are their structure (.shx, headers).
    builder.checkDeclaredCount(OGR_L_GetFeatureCount(layer, FALSE), driverName() == "GPKG");
    builder.keepIntersecting(options.filterBox);
    builder.report.readMilliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return builder.finish(crsFromOgr(OGR_L_GetSpatialRef(layer)), geometryTypeFromOgr(OGR_L_GetGeomType(layer)));
}

std::shared_ptr<const Layer> readLayer(const std::string& path, std::string_view layerName, const ReadOptions& options)
{
    DataSource ds = DataSource::open(path, options);
    if (layerName.empty())
        return ds.readLayer(std::size_t{0}, options);
    return ds.readLayer(layerName, options);
}

} // namespace gis
