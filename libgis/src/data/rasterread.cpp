// Windows of a raster's pixels on a map's grid: read straight from the file (same CRS, north-up: GDAL picks the
// overview) or warped by GDAL's warper.

#include "rasterdataset.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <cpl_string.h>
#include <gdal_utils.h>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"

namespace gis::detail {

namespace {

/// What to fetch from an open raster whose CRS is `rasterCrs` (invalid: taken to be the grid's).
struct Request {
    const std::vector<int>& bands; ///< 1-based
    RasterResampling resampling;
    const Crs& rasterCrs;
    const std::string& label; ///< the path, for error messages
};

using TranslateOptionsHandle = UniqueHandle<GDALTranslateOptions, GDALTranslateOptionsFree>;
using WarpOptionsHandle = UniqueHandle<GDALWarpAppOptions, GDALWarpAppOptionsFree>;

struct GeoTransform {
    std::array<double, 6> gt{0, 1, 0, 0, 0, -1};
    bool georeferenced = false;
    /// Rotated, sheared or south-up: only the warper can put it on a north-up grid.
    bool needsWarp() const { return gt[2] != 0 || gt[4] != 0 || gt[1] <= 0 || gt[5] >= 0; }
};

GeoTransform geoTransformOf(GDALDatasetH ds)
{
    GeoTransform g;
    // Without a geotransform a raster is drawn in pixel units, row 0 at the top (y = -row), as QGIS does.
    g.georeferenced = GDALGetGeoTransform(ds, g.gt.data()) == CE_None;
    if (!g.georeferenced)
        g.gt = {0, 1, 0, 0, 0, -1};
    return g;
}

Box gridBox(const RasterGrid& grid)
{
    const double bx = grid.border * grid.pixelWidth();
    const double by = grid.border * grid.pixelHeight();
    return Box(grid.extent.minX - bx, grid.extent.minY - by, grid.extent.maxX + bx, grid.extent.maxY + by);
}

RasterPixels emptyGrid(const RasterGrid& grid, std::size_t bandCount)
{
    RasterPixels out;
    out.width = grid.fullWidth();
    out.height = grid.fullHeight();
    const auto n = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height);
    out.bands.assign(bandCount, std::vector<float>(n, 0.0F));
    out.coverage.assign(n, 0);
    return out;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

[[noreturn]] void fail(const std::string& label, const std::string& what, const GdalErrorScope& errors,
    const CancellationToken& cancel)
{
    cancel.throwIfCancelled(label.c_str());
    throw Error(ErrorCode::Io, label + ": " + what + (errors.lastError().empty() ? "" : ": " + errors.lastError()));
}

// Pixels whose value is NaN or the band's nodata (after resampling) are not covered, whatever the mask said.
void clearNodata(RasterPixels& out, const std::vector<GDALRasterBandH>& bands)
{
    for (std::size_t b = 0; b < bands.size(); ++b) {
        int has = 0;
        const auto nodata = static_cast<float>(GDALGetRasterNoDataValue(bands[b], &has));
        const float* values = out.bands[b].data();
        std::uint8_t* coverage = out.coverage.data();
        const std::size_t n = out.bands[b].size();
        // Without branches (v != v is NaN), so that the compiler vectorises it: a 10,000² DSM is 10⁸ values.
        if (has)
            for (std::size_t i = 0; i < n; ++i)
                coverage[i] = (values[i] != values[i] || values[i] == nodata) ? std::uint8_t(0) : coverage[i];
        else
            for (std::size_t i = 0; i < n; ++i)
                coverage[i] = values[i] != values[i] ? std::uint8_t(0) : coverage[i];
    }
}

// Same CRS and north-up: read the window under the view at the view's resolution. GDAL reads from the overview
// that fits (RasterIO does so whenever the buffer is smaller than the window).
RasterPixels readDirect(GDALDatasetH ds, const GeoTransform& geo, const Request& request, const RasterGrid& grid,
    const CancellationToken& cancel)
{
    RasterPixels out = emptyGrid(grid, request.bands.size());
    const auto& gt = geo.gt;
    const int rasterW = GDALGetRasterXSize(ds);
    const int rasterH = GDALGetRasterYSize(ds);
    const double dx = grid.pixelWidth();
    const double dy = grid.pixelHeight();
    const Box box = gridBox(grid);

    // The grid's columns and rows whose centres fall on the raster.
    const auto firstIndex = [](double offset, double step, int limit) {
        return static_cast<int>(std::clamp(std::ceil(offset / step - 0.5), 0.0, static_cast<double>(limit)));
    };
    const int c0 = firstIndex(gt[0] - box.minX, dx, out.width);
    const int c1 = firstIndex(gt[0] + rasterW * gt[1] - box.minX, dx, out.width);
    const int r0 = firstIndex(box.maxY - gt[3], dy, out.height);
    const int r1 = firstIndex(box.maxY - (gt[3] + rasterH * gt[5]), dy, out.height);
    if (c0 >= c1 || r0 >= r1)
        return out;

    // Their footprint in source pixels, as a floating-point window so that GDAL samples exactly under them.
    const double sx0 = std::clamp((box.minX + c0 * dx - gt[0]) / gt[1], 0.0, double(rasterW));
    const double sx1 = std::clamp((box.minX + c1 * dx - gt[0]) / gt[1], 0.0, double(rasterW));
    const double sy0 = std::clamp((box.maxY - r0 * dy - gt[3]) / gt[5], 0.0, double(rasterH));
    const double sy1 = std::clamp((box.maxY - r1 * dy - gt[3]) / gt[5], 0.0, double(rasterH));
    const int xOff = std::min(rasterW - 1, static_cast<int>(std::floor(sx0)));
    const int yOff = std::min(rasterH - 1, static_cast<int>(std::floor(sy0)));
    const int xSize = std::clamp(static_cast<int>(std::ceil(sx1)) - xOff, 1, rasterW - xOff);
    const int ySize = std::clamp(static_cast<int>(std::ceil(sy1)) - yOff, 1, rasterH - yOff);
    const int bufW = c1 - c0;
    const int bufH = r1 - r0;

    const bool shrinking = std::max(dx / gt[1], dy / -gt[5]) > 1.0 + 1e-9;
    // Pixel for pixel (the grid is the raster's own, as when two flights' DSMs share one): every resampling gives
    // the raster's values, and nearest is the cheapest way to get them.
    const auto whole = [](double v) { return std::abs(v - std::round(v)) < 1e-6; };
    const bool identity = std::abs(dx / gt[1] - 1) < 1e-9 && std::abs(dy / -gt[5] - 1) < 1e-9 && whole(sx0) && whole(sy0);
    GDALRIOResampleAlg alg = GRIORA_NearestNeighbour;
    if (shrinking && request.resampling != RasterResampling::Categorical)
        alg = GRIORA_Average;
    else if (!shrinking && !identity && request.resampling == RasterResampling::Continuous)
        alg = GRIORA_Bilinear;

    GdalErrorScope errors;
    const auto read = [&](GDALRasterBandH band, void* dst, GDALDataType type, int pixelBytes, GDALRIOResampleAlg a) {
        GDALRasterIOExtraArg arg;
        INIT_RASTERIO_EXTRA_ARG(arg);
        arg.eResampleAlg = a;
        arg.pfnProgress = cancelProgress;
        arg.pProgressData = const_cast<CancellationToken*>(&cancel);
        arg.bFloatingPointWindowValidity = TRUE;
        arg.dfXOff = sx0;
        arg.dfYOff = sy0;
        arg.dfXSize = sx1 - sx0;
        arg.dfYSize = sy1 - sy0;
        if (GDALRasterIOEx(band, GF_Read, xOff, yOff, xSize, ySize, dst, bufW, bufH, type, pixelBytes,
                static_cast<GSpacing>(out.width) * pixelBytes, &arg)
            != CE_None)
            fail(request.label, "cannot read raster", errors, cancel);
    };

    const std::size_t start = static_cast<std::size_t>(r0) * out.width + c0;
    std::vector<GDALRasterBandH> bands;
    for (std::size_t b = 0; b < request.bands.size(); ++b) {
        bands.push_back(GDALGetRasterBand(ds, request.bands[b]));
        read(bands.back(), out.bands[b].data() + start, GDT_Float32, sizeof(float), alg);
    }
    // Coverage: the first band's mask (nodata, alpha band or per-dataset mask), averaged when shrinking so that
    // alpha edges stay smooth (a nodata mask stays 0/255: GDAL tests the averaged values, so a pixel shows when
    // any cell under it is valid), nearest otherwise so that edges are exact.
    GDALRasterBandH first = bands.front();
    // A mask that only says "not the nodata value", read at nearest: the values just read say the same, and
    // clearNodata() below applies it. Reading the mask band would decode the band a second time (a DSM of
    // 10,000² took a third of dsm-change's time there).
    const int maskFlags = GDALGetMaskFlags(first);
    if ((maskFlags & GMF_ALL_VALID) || (maskFlags == GMF_NODATA && alg == GRIORA_NearestNeighbour)) {
        for (int r = r0; r < r1; ++r)
            std::fill_n(out.coverage.begin() + static_cast<std::ptrdiff_t>(r) * out.width + c0, bufW, 255);
    } else {
        read(GDALGetMaskBand(first), out.coverage.data() + start, GDT_Byte, 1,
            shrinking ? GRIORA_Average : GRIORA_NearestNeighbour);
    }
    clearNodata(out, bands);
    return out;
}

// Another CRS (or a rotated raster): GDAL's warper onto the grid, in memory. gdalwarp's own code path picks the
// overview that fits the output resolution and turns nodata, masks and the outside into a zero alpha.
RasterPixels readWarped(GDALDatasetH ds, const GeoTransform& geo, const Request& request, const RasterGrid& grid,
    const CancellationToken& cancel)
{
    RasterPixels out = emptyGrid(grid, request.bands.size());
    const Box box = gridBox(grid);
    const auto& gt = geo.gt;
    const int rasterW = GDALGetRasterXSize(ds);
    const int rasterH = GDALGetRasterYSize(ds);
    Box rasterBox;
    for (double px : {0.0, double(rasterW)})
        for (double py : {0.0, double(rasterH)})
            rasterBox.expand(gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]);
    if (request.rasterCrs.isValid() && grid.crs.isValid() && !request.rasterCrs.isEquivalentTo(grid.crs)) {
        try {
            rasterBox = Transformer(request.rasterCrs, grid.crs).transformBox(rasterBox);
        } catch (const Error& e) {
            throw Error(ErrorCode::Crs, request.label + ": " + e.what());
        }
    }
    if (!rasterBox.intersects(box))
        return out; // nothing of the raster in view: skip the warper altogether

    GdalErrorScope errors;
    // Warp only the bands drawn (and the alpha band, which gdalwarp recognises when it comes last).
    std::vector<int> sourceBands = request.bands;
    const int bandCount = GDALGetRasterCount(ds);
    if (GDALGetRasterColorInterpretation(GDALGetRasterBand(ds, bandCount)) == GCI_AlphaBand
        && std::find(sourceBands.begin(), sourceBands.end(), bandCount) == sourceBands.end())
        sourceBands.push_back(bandCount);
    bool allInOrder = static_cast<int>(sourceBands.size()) == bandCount;
    for (std::size_t i = 0; allInOrder && i < sourceBands.size(); ++i)
        allInOrder = sourceBands[i] == static_cast<int>(i) + 1;
    DatasetHandle subset;
    GDALDatasetH source = ds;
    if (!allInOrder) {
        CPLStringList args;
        args.AddString("-of");
        args.AddString("VRT");
        for (int b : sourceBands) {
            args.AddString("-b");
            args.AddString(std::to_string(b).c_str());
        }
        TranslateOptionsHandle options{GDALTranslateOptionsNew(args.List(), nullptr)};
        subset.reset(GDALTranslate("", ds, options.get(), nullptr));
        if (!subset)
            fail(request.label, "cannot select bands", errors, cancel);
        source = subset.get();
    }

    const std::string target = grid.crs.isValid()
        ? (grid.crs.authorityCode().empty() ? grid.crs.toWkt() : grid.crs.authorityCode())
        : std::string();
    CPLStringList args;
    for (const std::string& a : {std::string("-of"), std::string("MEM"), std::string("-dstalpha"), std::string("-r"),
             std::string(request.resampling == RasterResampling::Continuous ? "bilinear" : "near"), std::string("-te"),
             number(box.minX), number(box.minY), number(box.maxX), number(box.maxY), std::string("-ts"),
             std::to_string(out.width), std::to_string(out.height)})
        args.AddString(a.c_str());
    if (!target.empty()) {
        args.AddString("-t_srs");
        args.AddString(target.c_str());
    }
    WarpOptionsHandle options{GDALWarpAppOptionsNew(args.List(), nullptr)};
    if (!options)
        fail(request.label, "cannot set up the warper", errors, cancel);
    GDALWarpAppOptionsSetProgress(options.get(), cancelProgress, const_cast<CancellationToken*>(&cancel));
    DatasetHandle warped{GDALWarp("", nullptr, 1, &source, options.get(), nullptr)};
    if (!warped)
        fail(request.label, "cannot warp to the map's CRS", errors, cancel);

    const int alphaBand = GDALGetRasterCount(warped.get());
    std::vector<GDALRasterBandH> bands;
    for (std::size_t b = 0; b < request.bands.size(); ++b) {
        bands.push_back(GDALGetRasterBand(warped.get(), static_cast<int>(b) + 1));
        if (GDALRasterIO(bands.back(), GF_Read, 0, 0, out.width, out.height, out.bands[b].data(), out.width,
                out.height, GDT_Float32, 0, 0)
            != CE_None)
            fail(request.label, "cannot read the warped raster", errors, cancel);
    }
    if (GDALRasterIO(GDALGetRasterBand(warped.get(), alphaBand), GF_Read, 0, 0, out.width, out.height,
            out.coverage.data(), out.width, out.height, GDT_Byte, 0, 0)
        != CE_None)
        fail(request.label, "cannot read the warped raster", errors, cancel);
    clearNodata(out, bands);
    return out;
}

} // namespace

int CPL_STDCALL cancelProgress(double, const char*, void* token)
{
    return static_cast<const CancellationToken*>(token)->isCancelled() ? FALSE : TRUE;
}

RasterPixels readRasterPixels(GDALDatasetH dataset, const std::vector<int>& bands, RasterResampling resampling,
    const Crs& rasterCrs, const RasterGrid& grid, const std::string& label, const CancellationToken& cancel)
{
    const Request request{bands, resampling, rasterCrs, label};
    const GeoTransform geo = geoTransformOf(dataset);
    const bool otherCrs = request.rasterCrs.isValid() && grid.crs.isValid()
        && !request.rasterCrs.isEquivalentTo(grid.crs);
    RasterPixels out = geo.georeferenced && (otherCrs || geo.needsWarp())
        ? readWarped(dataset, geo, request, grid, cancel)
        : readDirect(dataset, geo, request, grid, cancel);
    cancel.throwIfCancelled(request.label.c_str());
    return out;
}

} // namespace gis::detail
