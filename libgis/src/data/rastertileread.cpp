// One tile of a raster's pyramid, read as stored at one overview level (gis/data/rastertiles.h composes views).

#include <cmath>

#include "gis/core/error.h"
#include "rasterdataset.h"

namespace gis {

using namespace detail;

RasterTile Raster::readTile(const std::vector<int>& bands, int level, int col, int row, int width, int height,
    const CancellationToken& cancel) const
{
    const std::string& path = m_impl->path;
    GDALDatasetH ds = m_impl->dataset.get();
    if (bands.empty())
        throw Error(ErrorCode::Argument, path + ": no band to read");
    GdalErrorScope errors;
    std::vector<GDALRasterBandH> levelBands;
    for (int b : bands) {
        if (b < 1 || b > GDALGetRasterCount(ds))
            throw Error(ErrorCode::Argument, path + ": no band " + std::to_string(b));
        GDALRasterBandH band = GDALGetRasterBand(ds, b);
        if (level < 0 || level > GDALGetOverviewCount(band))
            throw Error(ErrorCode::Argument, path + ": no overview level " + std::to_string(level));
        levelBands.push_back(level == 0 ? band : GDALGetOverview(band, level - 1));
    }
    GDALRasterBandH first = levelBands.front();
    if (width <= 0 || height <= 0 || col < 0 || row < 0 || col + width > GDALGetRasterBandXSize(first)
        || row + height > GDALGetRasterBandYSize(first))
        throw Error(ErrorCode::Argument, path + ": tile window outside overview level " + std::to_string(level));

    RasterTile tile;
    tile.width = width;
    tile.height = height;
    const auto n = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    tile.bands.assign(bands.size(), std::vector<float>(n));
    tile.coverage.assign(n, 255);
    const auto fail = [&] {
        cancel.throwIfCancelled(path.c_str());
        throw Error(ErrorCode::Io, path + ": cannot read raster tile"
                + (errors.lastError().empty() ? "" : ": " + errors.lastError()));
    };
    GDALRasterIOExtraArg arg;
    INIT_RASTERIO_EXTRA_ARG(arg);
    arg.pfnProgress = cancelProgress;
    arg.pProgressData = const_cast<CancellationToken*>(&cancel);
    // All bands in one call when they are the dataset's first bands in order: a pixel-interleaved JPEG COG then
    // decodes each block once instead of once per band.
    bool inOrder = true;
    for (std::size_t i = 0; i < bands.size(); ++i)
        inOrder = inOrder && bands[i] == static_cast<int>(i) + 1;
    GDALDatasetH levelDs = level == 0 ? ds : GDALGetBandDataset(first);
    if (inOrder && bands.size() > 1 && levelDs && GDALGetRasterCount(levelDs) >= static_cast<int>(bands.size())) {
        std::vector<float> interleaved(n * bands.size());
        if (GDALDatasetRasterIOEx(levelDs, GF_Read, col, row, width, height, interleaved.data(), width, height,
                GDT_Float32, static_cast<int>(bands.size()), nullptr,
                static_cast<GSpacing>(sizeof(float) * bands.size()),
                static_cast<GSpacing>(sizeof(float) * bands.size() * width), sizeof(float), &arg)
            != CE_None)
            fail();
        for (std::size_t b = 0; b < bands.size(); ++b)
            for (std::size_t i = 0; i < n; ++i)
                tile.bands[b][i] = interleaved[i * bands.size() + b];
    } else {
        for (std::size_t b = 0; b < bands.size(); ++b)
            if (GDALRasterIOEx(levelBands[b], GF_Read, col, row, width, height, tile.bands[b].data(), width, height,
                    GDT_Float32, 0, 0, &arg)
                != CE_None)
                fail();
    }
    if (!(GDALGetMaskFlags(first) & GMF_ALL_VALID)
        && GDALRasterIOEx(GDALGetMaskBand(first), GF_Read, col, row, width, height, tile.coverage.data(), width,
               height, GDT_Byte, 0, 0, &arg)
            != CE_None)
        fail();
    for (std::size_t b = 0; b < bands.size(); ++b) {
        int has = 0;
        const auto nodata = static_cast<float>(GDALGetRasterNoDataValue(levelBands[b], &has));
        const std::vector<float>& values = tile.bands[b];
        for (std::size_t i = 0; i < n; ++i)
            if (tile.coverage[i] && (std::isnan(values[i]) || (has && values[i] == nodata)))
                tile.coverage[i] = 0;
    }
    cancel.throwIfCancelled(path.c_str());
    return tile;
}

} // namespace gis
