// GeoTIFF output of in-memory rasters: GDAL writes the file in AtomicFile's private staging folder, then it is
// swapped in whole.

#include "gis/data/rasterwriter.h"

#include <gdal.h>
#include <cpl_string.h>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gdalsupport.h"

namespace gis {

void writeGeoTiff(const RasterData& raster, const std::string& path)
{
    if (raster.width <= 0 || raster.height <= 0 || raster.bands.empty() || raster.extent.isEmpty())
        throw Error(ErrorCode::Argument, path + ": nothing to write (an empty raster)");
    const std::size_t pixels = static_cast<std::size_t>(raster.width) * static_cast<std::size_t>(raster.height);
    for (const auto& band : raster.bands)
        if (band.size() != pixels)
            throw Error(ErrorCode::Argument, path + ": a band has " + std::to_string(band.size()) + " values for "
                    + std::to_string(pixels) + " pixels");
    detail::ensureGdalRegistered();
    writeAtomically(path, [&](const std::string& temp) {
        detail::GdalErrorScope errors;
        const auto fail = [&](const char* what) {
            throw Error(ErrorCode::Io, path + ": " + what
                    + (errors.lastError().empty() ? std::string() : " (" + errors.lastError() + ")"));
        };
        GDALDriverH driver = GDALGetDriverByName("GTiff");
        if (!driver)
            fail("GDAL has no GeoTIFF driver");
        const bool doubles = raster.sampleType == RasterSampleType::Float64;
        const char* options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "BIGTIFF=IF_SAFER", nullptr};
        detail::DatasetHandle ds(GDALCreate(driver, temp.c_str(), raster.width, raster.height,
            static_cast<int>(raster.bands.size()), doubles ? GDT_Float64 : GDT_Float32, const_cast<char**>(options)));
        if (!ds)
            fail("cannot create the GeoTIFF");
        double gt[6] = {raster.extent.minX, raster.pixelWidth(), 0, raster.extent.maxY, 0, -raster.pixelHeight()};
        if (GDALSetGeoTransform(ds.get(), gt) != CE_None)
            fail("cannot write the georeferencing");
        if (raster.crs.isValid()) {
            const std::string code = raster.crs.authorityCode();
            OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
            const OGRErr err = OSRSetFromUserInput(srs, code.empty() ? raster.crs.toWkt().c_str() : code.c_str());
            const bool ok = err == OGRERR_NONE && GDALSetSpatialRef(ds.get(), srs) == CE_None;
            OSRDestroySpatialReference(srs);
            if (!ok)
                fail("cannot write the CRS");
        }
        for (std::size_t b = 0; b < raster.bands.size(); ++b) {
            GDALRasterBandH band = GDALGetRasterBand(ds.get(), static_cast<int>(b) + 1);
            if (raster.nodata && GDALSetRasterNoDataValue(band, *raster.nodata) != CE_None)
                fail("cannot write the nodata value");
            if (GDALRasterIO(band, GF_Write, 0, 0, raster.width, raster.height, const_cast<double*>(raster.bands[b].data()),
                    raster.width, raster.height, GDT_Float64, 0, 0)
                != CE_None)
                fail("cannot write the pixels");
        }
        // Closing flushes the compressed tiles; a failure there (a full disk) is a failed write.
        const std::size_t before = errors.failures();
        GDALClose(ds.release());
        if (errors.failures() != before)
            fail("cannot finish the GeoTIFF");
    });
}

} // namespace gis
