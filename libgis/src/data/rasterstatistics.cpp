// Statistics of a band from a sample of its pixels (Raster::statistics).

#include "rasterdataset.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gis/core/error.h"

namespace gis::detail {

namespace {

constexpr double kMaxSamplePixels = 1024.0 * 1024.0;

double percentile(std::vector<float>& values, double fraction)
{
    const auto k = static_cast<std::size_t>(std::lround(fraction * static_cast<double>(values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

} // namespace

RasterStatistics computeBandStatistics(GDALRasterBandH band, const std::string& label, const CancellationToken& cancel)
{
    const int width = GDALGetRasterBandXSize(band);
    const int height = GDALGetRasterBandYSize(band);
    const double scale = std::max(1.0, std::sqrt(double(width) * double(height) / kMaxSamplePixels));
    const int sampleW = std::max(1, static_cast<int>(width / scale));
    const int sampleH = std::max(1, static_cast<int>(height / scale));
    const auto n = static_cast<std::size_t>(sampleW) * static_cast<std::size_t>(sampleH);

    GdalErrorScope errors;
    GDALRasterIOExtraArg arg;
    INIT_RASTERIO_EXTRA_ARG(arg);
    arg.pfnProgress = cancelProgress;
    arg.pProgressData = const_cast<CancellationToken*>(&cancel);
    std::vector<float> sample(n);
    std::vector<std::uint8_t> mask(n, 255);
    bool ok = GDALRasterIOEx(band, GF_Read, 0, 0, width, height, sample.data(), sampleW, sampleH, GDT_Float32, 0, 0, &arg)
        == CE_None;
    if (ok && !(GDALGetMaskFlags(band) & GMF_ALL_VALID))
        ok = GDALRasterIOEx(GDALGetMaskBand(band), GF_Read, 0, 0, width, height, mask.data(), sampleW, sampleH,
                 GDT_Byte, 0, 0, &arg)
            == CE_None;
    cancel.throwIfCancelled(label.c_str());
    if (!ok)
        throw Error(ErrorCode::Io, label + ": cannot read band statistics: " + errors.lastError());

    int hasNodata = 0;
    const auto nodata = static_cast<float>(GDALGetRasterNoDataValue(band, &hasNodata));
    std::vector<float> valid;
    valid.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (mask[i] && !std::isnan(sample[i]) && !(hasNodata && sample[i] == nodata))
            valid.push_back(sample[i]);

    RasterStatistics s;
    if (valid.empty())
        return s;
    s.empty = false;
    const auto [lo, hi] = std::minmax_element(valid.begin(), valid.end());
    s.min = *lo;
    s.max = *hi;
    double sum = 0;
    for (float v : valid)
        sum += v;
    s.mean = sum / static_cast<double>(valid.size());
    double squares = 0;
    for (float v : valid)
        squares += (v - s.mean) * (v - s.mean);
    s.stdDev = std::sqrt(squares / static_cast<double>(valid.size())); // population, as gdalinfo -stats
    s.p2 = percentile(valid, 0.02);
    s.p98 = percentile(valid, 0.98);
    return s;
}

} // namespace gis::detail
