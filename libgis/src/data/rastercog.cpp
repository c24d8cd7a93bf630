#include "gis/data/rastercog.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <cpl_string.h>
#include <gdal_utils.h>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/data/outputcheck.h"
#include "rasterdataset.h"

namespace gis {

using namespace detail;

namespace {

using TranslateOptionsHandle = UniqueHandle<GDALTranslateOptions, GDALTranslateOptionsFree>;

std::string metadataItem(GDALDatasetH ds, const char* key, const char* domain)
{
    const char* value = GDALGetMetadataItem(ds, key, domain);
    return value ? value : "";
}

bool jpegFits(const Raster& raster)
{
    const int n = raster.bandCount();
    for (int i = 1; i <= n; ++i)
        if (raster.band(i).dataType != "Byte")
            return false;
    return n == 1 || n == 3 || (n == 4 && raster.band(4).colorInterpretation == RasterColorInterpretation::Alpha);
}

bool isPhoto(const Raster& raster)
{
    const int n = raster.bandCount();
    return (n == 3 || n == 4) && jpegFits(raster) && raster.band(1).colorInterpretation == RasterColorInterpretation::Red;
}

bool isFloat(const Raster& raster)
{
    const std::string type = raster.band(1).dataType;
    return type == "Float32" || type == "Float64";
}

} // namespace

int CPL_STDCALL detail::feedbackProgress(double fraction, const char*, void* data)
{
    const auto* feedback = static_cast<const Feedback*>(data);
    if (feedback->isCancelled())
        return FALSE;
    feedback->report(std::clamp(fraction, 0.0, 1.0));
    return TRUE;
}

RasterFileLayout describeRasterFile(const std::string& path)
{
    const Raster raster = Raster::open(path);
    const DatasetHandle ds = openRasterDataset(path);
    RasterFileLayout layout;
    layout.path = path;
    layout.driver = GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()));
    layout.width = raster.width();
    layout.height = raster.height();
    for (int i = 1; i <= raster.bandCount(); ++i)
        layout.bands.push_back(raster.band(i));
    const Crs crs = raster.crs();
    if (crs.isValid())
        layout.crs = crs.authorityCode().empty() ? crs.name() : crs.authorityCode();
    if (const auto gt = raster.geoTransform()) {
        layout.resolutionX = std::hypot((*gt)[1], (*gt)[4]);
        layout.resolutionY = std::hypot((*gt)[2], (*gt)[5]);
    }
    layout.overviews = raster.overviews();
    layout.compression = metadataItem(ds.get(), "COMPRESSION", "IMAGE_STRUCTURE");
    if (const std::string predictor = metadataItem(ds.get(), "PREDICTOR", "IMAGE_STRUCTURE"); !predictor.empty())
        layout.predictor = std::atoi(predictor.c_str());
    if (GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1))
        GDALGetBlockSize(band, &layout.blockWidth, &layout.blockHeight);
    layout.cloudOptimized = metadataItem(ds.get(), "LAYOUT", "IMAGE_STRUCTURE") == "COG";
    const std::string synthetic = metadataItem(ds.get(), "SYNTHETIC", nullptr);
    layout.synthetic = synthetic == "YES" || synthetic == "yes" || synthetic == "1";
    return layout;
}

int buildRasterOverviews(const std::string& path, const Feedback& feedback)
{
    const int added = detail::buildRasterOverviews(path, feedback);
    feedback.report(1.0);
    return added;
}

CogCompression cogCompressionFromName(const std::string& name)
{
    if (name == "auto")
        return CogCompression::Auto;
    if (name == "jpeg")
        return CogCompression::Jpeg;
    if (name == "deflate")
        return CogCompression::Deflate;
    if (name == "lzw")
        return CogCompression::Lzw;
    if (name == "zstd")
        return CogCompression::Zstd;
    if (name == "none")
        return CogCompression::None;
    throw Error(ErrorCode::Argument,
        "unknown compression \"" + name + "\" (auto, jpeg, deflate, lzw, zstd or none)");
}

CogResult convertToCog(const std::string& input, const std::string& output, const CogOptions& options,
    const Feedback& feedback)
{
    checkOutputIsNotAnInput(output, {input});
    if (options.jpegQuality < 1 || options.jpegQuality > 100)
        throw Error(ErrorCode::Argument, "JPEG quality must be 1 to 100, not " + std::to_string(options.jpegQuality));
    const Raster raster = Raster::open(input);

    CogCompression compression = options.compression;
    if (compression == CogCompression::Auto)
        compression = isPhoto(raster) ? CogCompression::Jpeg : CogCompression::Deflate;
    if (compression == CogCompression::Jpeg && !jpegFits(raster))
        throw Error(ErrorCode::Argument, input + ": JPEG holds 8-bit rasters of 1, 3 or 4 (RGBA) bands only; "
            "choose --compression deflate");

    CogResult result;
    CPLStringList args;
    args.AddString("-of");
    args.AddString("COG");
    auto option = [&](const std::string& value) {
        args.AddString("-co");
        args.AddString(value.c_str());
    };
    switch (compression) {
    case CogCompression::Jpeg:
        result.compression = "JPEG";
        // The COG driver stores 3-band JPEG as YCbCr (a third of the size for photos; OpenDroneMap does the same)
        // and turns an alpha band into a mask, which JPEG cannot hold.
        option("COMPRESS=JPEG");
        option("QUALITY=" + std::to_string(options.jpegQuality));
        break;
    case CogCompression::Deflate:
        result.compression = "DEFLATE";
        option("COMPRESS=DEFLATE");
        option(isFloat(raster) ? "PREDICTOR=FLOATING_POINT" : "PREDICTOR=YES");
        break;
    case CogCompression::Lzw:
        result.compression = "LZW";
        option("COMPRESS=LZW");
        option(isFloat(raster) ? "PREDICTOR=FLOATING_POINT" : "PREDICTOR=YES");
        break;
    case CogCompression::Zstd:
        result.compression = "ZSTD";
        option("COMPRESS=ZSTD");
        option(isFloat(raster) ? "PREDICTOR=FLOATING_POINT" : "PREDICTOR=YES");
        break;
    case CogCompression::None:
    case CogCompression::Auto:
        result.compression = "NONE";
        option("COMPRESS=NONE");
        break;
    }
    option("BLOCKSIZE=512");
    option("BIGTIFF=IF_SAFER");
    // Averaged overviews, as Raster::buildOverviews makes (nearest for a paletted raster: classes do not average).
    option(raster.band(1).colorInterpretation == RasterColorInterpretation::Palette ? "OVERVIEW_RESAMPLING=NEAREST"
                                                                                    : "OVERVIEW_RESAMPLING=AVERAGE");

    const DatasetHandle source = openRasterDataset(input);
    writeAtomically(output, [&](const std::string& temp) {
        GdalErrorScope errors;
        TranslateOptionsHandle translate{GDALTranslateOptionsNew(args.List(), nullptr)};
        if (!translate)
            throw Error(ErrorCode::Io, output + ": cannot set up the COG conversion: " + errors.lastError());
        GDALTranslateOptionsSetProgress(translate.get(), feedbackProgress, const_cast<Feedback*>(&feedback));
        int usageError = FALSE;
        DatasetHandle written{GDALTranslate(temp.c_str(), source.get(), translate.get(), &usageError)};
        feedback.cancel.throwIfCancelled("converting to COG");
        if (!written)
            throw Error(ErrorCode::Io, output + ": cannot write the COG: " + errors.lastError());
        written.reset(); // closing writes the last of it; a failure then is a failure of the conversion
        if (errors.failures() > 0)
            throw Error(ErrorCode::Io, output + ": cannot write the COG: " + errors.lastError());
    });
    feedback.report(1.0);
    return result;
}

} // namespace gis
