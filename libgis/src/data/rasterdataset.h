#pragma once

// Private: what a gis::Raster holds, and the GDAL work behind it (open, describe, read windows, statistics), shared
// by the raster*.cpp files of the data module.

#include <optional>
#include <string>
#include <vector>

#include <gdal.h>

#include "gdalsupport.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/data/raster.h"

namespace gis {

struct Raster::Impl {
    std::string path;
    detail::DatasetHandle dataset;
    std::optional<Crs> crs; ///< looked up on first use, or assigned
};

namespace detail {

/// Opens `path` as a raster, read-only (the checks and messages of Raster::open). Never null.
DatasetHandle openRasterDataset(const std::string& path);

/// The description DataSource::rasters() gives of an open raster dataset, `name` being its file or subdataset name.
/// `crs`: the dataset's CRS when already known.
RasterInfo describeRaster(GDALDatasetH dataset, const std::string& name, const std::optional<Crs>& crs = std::nullopt);

/// Reads `bands` (1-based, checked) onto `grid`; see Raster::read. `rasterCrs` invalid: taken to be the grid's.
RasterPixels readRasterPixels(GDALDatasetH dataset, const std::vector<int>& bands, RasterResampling resampling,
    const Crs& rasterCrs, const RasterGrid& grid, const std::string& label, const CancellationToken& cancel);

/// Statistics of `band` from a sample; see Raster::statistics.
RasterStatistics computeBandStatistics(GDALRasterBandH band, const std::string& label, const CancellationToken& cancel);

/// Builds the missing overview levels of `path` (Raster::buildOverviews, gis::buildRasterOverviews); how many.
int buildRasterOverviews(const std::string& path, const Feedback& feedback);

/// GDAL progress callback that passes the fraction to the gis::Feedback given as user data and stops GDAL when it
/// is cancelled.
int CPL_STDCALL feedbackProgress(double fraction, const char* message, void* feedback);

/// GDAL progress callback that stops GDAL when the CancellationToken passed as user data fires.
int CPL_STDCALL cancelProgress(double fraction, const char* message, void* token);

} // namespace detail

} // namespace gis
