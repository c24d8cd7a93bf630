#include "gis/data/raster.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

#include <cpl_conv.h>
#include <cpl_string.h>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "rasterdataset.h"

namespace gis {

using namespace detail;

namespace {

// "/vsicurl/...", "GPKG:file.gpkg:table", "NETCDF:..." name no file of their own to check first.
bool isConnectionString(const std::string& path)
{
    if (path.rfind("/vsi", 0) == 0)
        return true;
    const auto colon = path.find(':');
    return colon != std::string::npos && colon > 1
        && std::all_of(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(colon),
            [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

/// Sets a GDAL configuration option for this thread only, while it lives.
class ThreadConfigOption {
public:
    ThreadConfigOption(const char* key, const char* value) : m_key(key)
    {
        if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr))
            m_old = old;
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ThreadConfigOption() { CPLSetThreadLocalConfigOption(m_key, m_old ? m_old->c_str() : nullptr); }
    ThreadConfigOption(const ThreadConfigOption&) = delete;
    ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

private:
    const char* m_key;
    std::optional<std::string> m_old;
};

RasterColorInterpretation interpretationOf(GDALColorInterp c)
{
    switch (c) {
    case GCI_Undefined: return RasterColorInterpretation::Undefined;
    case GCI_GrayIndex: return RasterColorInterpretation::Gray;
    case GCI_PaletteIndex: return RasterColorInterpretation::Palette;
    case GCI_RedBand: return RasterColorInterpretation::Red;
    case GCI_GreenBand: return RasterColorInterpretation::Green;
    case GCI_BlueBand: return RasterColorInterpretation::Blue;
    case GCI_AlphaBand: return RasterColorInterpretation::Alpha;
    default: return RasterColorInterpretation::Other;
    }
}

GDALRasterBandH checkedBand(GDALDatasetH ds, int index, const std::string& path)
{
    const int count = GDALGetRasterCount(ds);
    if (index < 1 || index > count)
        throw Error(ErrorCode::Argument, path + ": no band " + std::to_string(index) + " (it has "
                + std::to_string(count) + (count == 1 ? " band)" : " bands)"));
    return GDALGetRasterBand(ds, index);
}

} // namespace

namespace detail {

DatasetHandle openRasterDataset(const std::string& path)
{
    std::error_code ec;
    if (!isConnectionString(path) && !std::filesystem::exists(path, ec))
        throw Error(ErrorCode::Io, path + ": no such file or directory");
    // As DataSource::open: a reader never sees a mix of two versions of a multi-file replacement (docs/safety.md).
    if (path.rfind("/vsi", 0) != 0 && path.find(':') == std::string::npos)
        recoverInterruptedWrites(path);
    ensureGdalRegistered();
    GdalErrorScope errors;
    DatasetHandle ds{GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR, nullptr,
        nullptr, nullptr)};
    if (!ds) {
        std::string why = errors.lastError();
        if (why.empty() || why.find("not recognized") != std::string::npos)
            why = "not a raster format GDAL can read";
        throw Error(ErrorCode::Format, path + ": " + why);
    }
    if (GDALGetRasterCount(ds.get()) == 0) {
        const char* first = CSLFetchNameValue(GDALGetMetadata(ds.get(), "SUBDATASETS"), "SUBDATASET_1_NAME");
        throw Error(ErrorCode::Format, path + ": "
                + (first ? "holds several rasters; open one of them, such as " + std::string(first)
                         : std::string("has no raster bands")));
    }
    return ds;
}

RasterInfo describeRaster(GDALDatasetH ds, const std::string& name, const std::optional<Crs>& crs)
{
    RasterInfo r;
    r.name = name;
    r.width = GDALGetRasterXSize(ds);
    r.height = GDALGetRasterYSize(ds);
    r.bands = GDALGetRasterCount(ds);
    if (r.bands > 0) {
        GDALRasterBandH band1 = GDALGetRasterBand(ds, 1);
        r.dataType = GDALGetDataTypeName(GDALGetRasterDataType(band1));
        r.overviews = GDALGetOverviewCount(band1);
    }
    for (int b = 1; b <= r.bands; ++b) {
        int has = 0;
        const double v = GDALGetRasterNoDataValue(GDALGetRasterBand(ds, b), &has);
        r.nodata.push_back(has ? std::optional<double>(v) : std::nullopt);
    }
    if (GDALGetGeoTransform(ds, r.geoTransform.data()) == CE_None) {
        r.hasGeoTransform = true;
        const auto& g = r.geoTransform;
        for (double px : {0.0, double(r.width)})
            for (double py : {0.0, double(r.height)})
                r.extent.expand(g[0] + px * g[1] + py * g[2], g[3] + px * g[4] + py * g[5]);
    }
    r.crs = crs ? *crs : crsFromOgr(GDALGetSpatialRef(ds));
    return r;
}

} // namespace detail

Raster::Raster(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Raster::~Raster() = default;
Raster::Raster(Raster&&) noexcept = default;
Raster& Raster::operator=(Raster&&) noexcept = default;

Raster Raster::open(const std::string& path)
{
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->dataset = openRasterDataset(path);
    return Raster(std::move(impl));
}

const std::string& Raster::path() const
{
    return m_impl->path;
}

RasterInfo Raster::info() const
{
    GdalErrorScope errors;
    RasterInfo r = describeRaster(m_impl->dataset.get(), std::filesystem::path(m_impl->path).filename().string(),
        m_impl->crs);
    m_impl->crs = r.crs;
    return r;
}

int Raster::width() const
{
    return GDALGetRasterXSize(m_impl->dataset.get());
}

int Raster::height() const
{
    return GDALGetRasterYSize(m_impl->dataset.get());
}

int Raster::bandCount() const
{
    return GDALGetRasterCount(m_impl->dataset.get());
}

RasterBand Raster::band(int index) const
{
    GdalErrorScope errors;
    GDALRasterBandH b = checkedBand(m_impl->dataset.get(), index, m_impl->path);
    RasterBand out;
    out.dataType = GDALGetDataTypeName(GDALGetRasterDataType(b));
    int has = 0;
    const double nodata = GDALGetRasterNoDataValue(b, &has);
    if (has)
        out.nodata = nodata;
    out.colorInterpretation = interpretationOf(GDALGetRasterColorInterpretation(b));
    GDALGetBlockSize(b, &out.blockWidth, &out.blockHeight);
    if (GDALColorTableH colours = GDALGetRasterColorTable(b)) {
        std::vector<RasterColor>& table = out.colorTable.emplace();
        for (int i = 0; i < GDALGetColorEntryCount(colours); ++i) {
            GDALColorEntry e{};
            GDALGetColorEntryAsRGB(colours, i, &e);
            // Kept to 8 bits the way QColor's qRgba() does (& 0xff), so a painter's colours are what they were.
            table.push_back({static_cast<std::uint8_t>(e.c1 & 0xff), static_cast<std::uint8_t>(e.c2 & 0xff),
                static_cast<std::uint8_t>(e.c3 & 0xff), static_cast<std::uint8_t>(e.c4 & 0xff)});
        }
    }
    return out;
}

std::optional<std::array<double, 6>> Raster::geoTransform() const
{
    GdalErrorScope errors;
    std::array<double, 6> gt{};
    if (GDALGetGeoTransform(m_impl->dataset.get(), gt.data()) != CE_None)
        return std::nullopt;
    return gt;
}

Box Raster::extent() const
{
    Box box;
    if (const auto g = geoTransform())
        for (double px : {0.0, double(width())})
            for (double py : {0.0, double(height())})
                box.expand((*g)[0] + px * (*g)[1] + py * (*g)[2], (*g)[3] + px * (*g)[4] + py * (*g)[5]);
    return box;
}

Crs Raster::crs() const
{
    if (!m_impl->crs) {
        GdalErrorScope errors;
        m_impl->crs = crsFromOgr(GDALGetSpatialRef(m_impl->dataset.get()));
    }
    return *m_impl->crs;
}

void Raster::assignCrs(Crs crs)
{
    m_impl->crs = std::move(crs);
}

std::vector<RasterOverview> Raster::overviews() const
{
    GdalErrorScope errors;
    std::vector<RasterOverview> out;
    GDALRasterBandH band = GDALGetRasterBand(m_impl->dataset.get(), 1);
    for (int i = 0; i < GDALGetOverviewCount(band); ++i) {
        GDALRasterBandH o = GDALGetOverview(band, i);
        out.push_back({GDALGetRasterBandXSize(o), GDALGetRasterBandYSize(o)});
    }
    return out;
}

RasterPixels Raster::read(const std::vector<int>& bands, const RasterGrid& grid, RasterResampling resampling,
    const CancellationToken& cancel) const
{
    if (bands.empty())
        throw Error(ErrorCode::Argument, m_impl->path + ": no band to read");
    for (int b : bands)
        checkedBand(m_impl->dataset.get(), b, m_impl->path);
    if (grid.width <= 0 || grid.height <= 0 || grid.border < 0)
        throw Error(ErrorCode::Argument, m_impl->path + ": cannot read onto a grid of " + std::to_string(grid.width)
                + " x " + std::to_string(grid.height) + " pixels");
    const Crs rasterCrs = crs();
    GdalErrorScope errors; // GDAL's warnings go nowhere near stderr; failures throw with their message
    return readRasterPixels(m_impl->dataset.get(), bands, resampling, rasterCrs, grid, m_impl->path, cancel);
}

RasterStatistics Raster::statistics(int index, const CancellationToken& cancel) const
{
    GdalErrorScope errors;
    return computeBandStatistics(checkedBand(m_impl->dataset.get(), index, m_impl->path), m_impl->path, cancel);
}

void Raster::buildOverviews(const std::string& path)
{
    detail::buildRasterOverviews(path, {});
}

int detail::buildRasterOverviews(const std::string& path, const Feedback& feedback)
{
    ensureGdalRegistered();
    GdalErrorScope errors;
    // Internal overviews when the file may be written; otherwise GDAL puts them in "<file>.ovr" beside it.
    DatasetHandle ds{GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)};
    if (!ds) {
        errors.clear();
        ds = openRasterDataset(path);
    }
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    const int width = GDALGetRasterXSize(ds.get());
    const int height = GDALGetRasterYSize(ds.get());
    std::vector<int> existing;
    for (int i = 0; i < GDALGetOverviewCount(band); ++i)
        existing.push_back(static_cast<int>(std::lround(double(width) / GDALGetRasterBandXSize(GDALGetOverview(band, i)))));

    // 2, 4, 8, ... until the overview's smaller side is under 256 pixels; nothing for a raster that small.
    std::vector<int> missing;
    if (std::max(width, height) > 256)
        for (int factor = 2;; factor *= 2) {
            if (std::find(existing.begin(), existing.end(), factor) == existing.end())
                missing.push_back(factor);
            if (std::min(width, height) / double(factor) < 256 || factor >= std::max(width, height))
                break;
        }
    if (missing.empty())
        return 0;

    const bool categorical = GDALGetRasterColorInterpretation(band) == GCI_PaletteIndex;
    const ThreadConfigOption compress("COMPRESS_OVERVIEW", "DEFLATE");
    if (GDALBuildOverviews(ds.get(), categorical ? "NEAREST" : "AVERAGE", static_cast<int>(missing.size()),
            missing.data(), 0, nullptr, feedbackProgress, const_cast<Feedback*>(&feedback))
        != CE_None) {
        feedback.cancel.throwIfCancelled("building overviews");
        throw Error(ErrorCode::Io, path + ": cannot build overviews: " + errors.lastError());
    }
    ds.reset(); // flushes them to disk; a failure there is reported like one while building
    if (!errors.lastError().empty())
        throw Error(ErrorCode::Io, path + ": cannot write overviews: " + errors.lastError());
    return static_cast<int>(missing.size());
}

} // namespace gis
