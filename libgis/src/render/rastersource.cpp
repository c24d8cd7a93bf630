#include "gis/render/rastersource.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <optional>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>

#include "data/gdalsupport.h"
#include "gis/core/error.h"
#include "hillshade.h"
#include "rasterfetch.h"
#include "rasterpaint.h"
#include "rasterstats.h"

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

DatasetHandle openRaster(const std::string& path)
{
    std::error_code ec;
    if (!isConnectionString(path) && !std::filesystem::exists(path, ec))
        throw Error(ErrorCode::Io, path + ": no such file or directory");
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

/// What a style asks for, resolved against the raster's bands.
struct Drawing {
    enum class Kind : std::uint8_t { Ramp, Rgb, Palette, Hillshade };
    Kind kind = Kind::Ramp;
    std::vector<int> bands;
    Resampling resampling = Resampling::Continuous;
    std::string ramp;
};

Drawing resolveDrawing(GDALDatasetH ds, const RasterStyle& style, const std::string& path)
{
    const int count = GDALGetRasterCount(ds);
    const auto checkBand = [&](int b) {
        if (b < 1 || b > count)
            throw Error(ErrorCode::Argument, path + ": no band " + std::to_string(b) + " (it has "
                    + std::to_string(count) + (count == 1 ? " band)" : " bands)"));
        return b;
    };
    GDALRasterBandH first = GDALGetRasterBand(ds, 1);
    const bool byteData = GDALGetRasterDataType(first) == GDT_Byte;
    using Kind = Drawing::Kind;
    switch (style.mode) {
    case RasterStyle::Mode::Auto:
        if (count >= 3 && byteData)
            return {Kind::Rgb, {1, 2, 3}, Resampling::Imagery, {}};
        if (GDALGetRasterColorInterpretation(first) == GCI_PaletteIndex && GDALGetRasterColorTable(first))
            return {Kind::Palette, {1}, Resampling::Categorical, {}};
        // A Byte band is most likely an image, anything else a measurement such as elevation.
        return {Kind::Ramp, {1}, Resampling::Continuous, byteData ? "Greys" : "Terrain"};
    case RasterStyle::Mode::SingleBand:
        return {Kind::Ramp, {checkBand(style.band)}, Resampling::Continuous, style.ramp};
    case RasterStyle::Mode::Rgb:
        if (style.rgbBands.size() != 3)
            throw Error(ErrorCode::Argument, path + ": an RGB style needs three bands, not "
                    + std::to_string(style.rgbBands.size()));
        for (int b : style.rgbBands)
            checkBand(b);
        return {Kind::Rgb, style.rgbBands, Resampling::Imagery, {}};
    case RasterStyle::Mode::Hillshade:
        return {Kind::Hillshade, {checkBand(style.band)}, Resampling::Continuous, "Terrain"};
    }
    throw Error(ErrorCode::Argument, path + ": unknown raster style mode");
}

std::vector<QRgb> paletteOf(GDALRasterBandH band)
{
    std::vector<QRgb> table;
    GDALColorTableH colours = GDALGetRasterColorTable(band);
    for (int i = 0; colours && i < GDALGetColorEntryCount(colours); ++i) {
        GDALColorEntry e{};
        GDALGetColorEntryAsRGB(colours, i, &e);
        table.push_back(qRgba(e.c1, e.c2, e.c3, e.c4));
    }
    return table;
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

} // namespace

std::shared_ptr<const RasterSource> RasterSource::open(const std::string& path)
{
    openRaster(path); // the checks, with messages about rasters rather than data sources in general
    std::vector<RasterInfo> rasters = DataSource::open(path).rasters();
    if (rasters.empty())
        throw Error(ErrorCode::Format, path + ": has no raster bands");
    auto source = std::make_shared<RasterSource>();
    source->m_path = path;
    source->m_info = std::move(rasters.front());
    source->m_statistics = std::make_shared<RasterStatisticsCache>();
    return source;
}

QImage RasterSource::render(const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel) const
{
    if (size.width() <= 0 || size.height() <= 0)
        throw Error(ErrorCode::Argument, m_path + ": cannot draw into an image of " + std::to_string(size.width())
                + " x " + std::to_string(size.height()) + " pixels");
    if (!(extent.width() > 0 && extent.height() > 0 && std::isfinite(extent.width() * extent.height())))
        throw Error(ErrorCode::Argument, m_path + ": cannot draw an empty or infinite extent");
    cancel.throwIfCancelled(m_path.c_str());

    ensureGdalRegistered();
    GdalErrorScope errors; // GDAL's warnings go nowhere near stderr; failures throw with their message
    const DatasetHandle ds = openRaster(m_path);
    const Drawing drawing = resolveDrawing(ds.get(), style, m_path);
    const PixelGrid grid{extent, crs, size.width(), size.height(), drawing.kind == Drawing::Kind::Hillshade ? 1 : 0};
    const BandGrid data = fetchBands(ds.get(), {drawing.bands, drawing.resampling, m_info.crs, m_path}, grid, cancel);

    const auto rangeOf = [&](int band) -> ValueRange {
        if (style.stretch == RasterStyle::Stretch::Manual)
            return {style.min, style.max};
        return stretchRange(m_statistics->get(ds.get(), band, m_path, cancel), style);
    };
    switch (drawing.kind) {
    case Drawing::Kind::Ramp:
        return paintSingleBand(data, grid.border, rampTable(drawing.ramp), rangeOf(drawing.bands[0]), cancel, m_path);
    case Drawing::Kind::Rgb: {
        std::array<std::optional<ValueRange>, 3> ranges;
        for (std::size_t i = 0; i < 3; ++i)
            if (GDALGetRasterDataType(GDALGetRasterBand(ds.get(), drawing.bands[i])) != GDT_Byte)
                ranges[i] = rangeOf(drawing.bands[i]);
        return paintRgb(data, grid.border, ranges, cancel, m_path);
    }
    case Drawing::Kind::Palette:
        return paintPalette(data, grid.border, paletteOf(GDALGetRasterBand(ds.get(), drawing.bands[0])), cancel, m_path);
    case Drawing::Kind::Hillshade: {
        const HillshadeLight light{style.azimuth, style.altitude, style.zFactor};
        const std::vector<std::uint8_t> shades = hillshade(data, grid, light, cancel, m_path);
        std::optional<std::pair<std::vector<QRgb>, ValueRange>> tint;
        if (style.hypsometricTint)
            tint.emplace(rampTable(drawing.ramp), rangeOf(drawing.bands[0]));
        return paintHillshade(data, grid.border, shades, flatShade(light), tint, cancel, m_path);
    }
    }
    return {};
}

void RasterSource::buildOverviews() const
{
    ensureGdalRegistered();
    GdalErrorScope errors;
    // Internal overviews when the file may be written; otherwise GDAL puts them in "<file>.ovr" beside it.
    DatasetHandle ds{GDALOpenEx(m_path.c_str(), GDAL_OF_RASTER | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)};
    if (!ds) {
        errors.clear();
        ds = openRaster(m_path);
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
        return;

    const bool categorical = GDALGetRasterColorInterpretation(band) == GCI_PaletteIndex;
    const ThreadConfigOption compress("COMPRESS_OVERVIEW", "DEFLATE");
    if (GDALBuildOverviews(ds.get(), categorical ? "NEAREST" : "AVERAGE", static_cast<int>(missing.size()),
            missing.data(), 0, nullptr, nullptr, nullptr)
        != CE_None)
        throw Error(ErrorCode::Io, m_path + ": cannot build overviews: " + errors.lastError());
    ds.reset(); // flushes them to disk; a failure there is reported like one while building
    if (!errors.lastError().empty())
        throw Error(ErrorCode::Io, m_path + ": cannot write overviews: " + errors.lastError());
}

} // namespace gis
