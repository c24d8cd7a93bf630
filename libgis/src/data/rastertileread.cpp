// One tile of a raster's pyramid, read as stored at one overview level (gis/data/rastertiles.h composes views).

#include <cmath>
#include <cstring>

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
    // Byte bands (imagery) are kept as bytes: a quarter of the memory and of what composing reads.
    bool byteData = true;
    for (GDALRasterBandH b : levelBands)
        byteData = byteData && GDALGetRasterDataType(b) == GDT_Byte;
    if (byteData)
        tile.byteBands.assign(bands.size(), std::vector<std::uint8_t>(n));
    else
        tile.bands.assign(bands.size(), std::vector<float>(n));
    const GDALDataType type = byteData ? GDT_Byte : GDT_Float32;
    const std::size_t size = byteData ? 1 : sizeof(float);
    const auto bandData = [&](std::size_t b) -> void* {
        return byteData ? static_cast<void*>(tile.byteBands[b].data()) : static_cast<void*>(tile.bands[b].data());
    };
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
    // decodes each block once instead of once per band. Straight into the band buffers (band spacing), no copy.
    bool inOrder = true;
    for (std::size_t i = 0; i < bands.size(); ++i)
        inOrder = inOrder && bands[i] == static_cast<int>(i) + 1;
    GDALDatasetH levelDs = level == 0 ? ds : GDALGetBandDataset(first);
    if (inOrder && bands.size() > 1 && levelDs && GDALGetRasterCount(levelDs) >= static_cast<int>(bands.size())) {
        std::vector<unsigned char> planar(n * bands.size() * size);
        if (GDALDatasetRasterIOEx(levelDs, GF_Read, col, row, width, height, planar.data(), width, height, type,
                static_cast<int>(bands.size()), nullptr, static_cast<GSpacing>(size),
                static_cast<GSpacing>(size * width), static_cast<GSpacing>(size * n), &arg)
            != CE_None)
            fail();
        for (std::size_t b = 0; b < bands.size(); ++b)
            std::memcpy(bandData(b), planar.data() + b * n * size, n * size);
    } else {
        for (std::size_t b = 0; b < bands.size(); ++b)
            if (GDALRasterIOEx(levelBands[b], GF_Read, col, row, width, height, bandData(b), width, height, type,
                    0, 0, &arg)
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
        if (byteData) {
            if (!has)
                continue;
            const std::vector<std::uint8_t>& values = tile.byteBands[b];
            for (std::size_t i = 0; i < n; ++i)
                if (values[i] == nodata)
                    tile.coverage[i] = 0;
            continue;
        }
        const std::vector<float>& values = tile.bands[b];
        for (std::size_t i = 0; i < n; ++i)
            if (tile.coverage[i] && (std::isnan(values[i]) || (has && values[i] == nodata)))
                tile.coverage[i] = 0;
    }
    cancel.throwIfCancelled(path.c_str());
    return tile;
}

} // namespace gis
