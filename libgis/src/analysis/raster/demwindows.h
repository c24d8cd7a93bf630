#pragma once

// Shared by slope, aspect and hillshade: a DEM read whole, with the ground size of its cells per row, and a
// parallel pass over every pixel's 3x3 window. As gdaldem does by default, a pixel whose window is not complete
// (the raster's edge, a nodata or NaN neighbour) is nodata in the output.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/core/parallel.h"
#include "gis/data/rasterwriter.h"
#include "gis/data/terrain.h"

#include "rasterinput.h"

namespace gis::analysis::detail {

/// Band `band` of a north-up, georeferenced raster, whole, with the size in metres of its cells on each row.
struct Dem : BandValues {
    std::vector<double> cellEast;     ///< per row: metres between two columns (geodesic on longitude/latitude)
    std::vector<double> cellNorth;    ///< per row: metres between two rows
    bool geographic = false;
};

/// The parameters every terrain algorithm takes: band, z-factor.
void addDemParameters(AlgorithmInfo& info);

/// Reads the DEM of a run (inputs.inputRaster, --band). Throws Error(Argument) naming the file for a raster
/// without georeferencing, a rotated one, or one of more than 100 million pixels; Error as Raster::open and read do.
Dem readDem(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options, const std::string& what);

/// The output grid of `dem`: same extent, size and CRS, one band, every pixel `nodata`.
std::shared_ptr<RasterData> demOutput(const Dem& dem, double nodata);

/// Calls fn(window, scale) for every pixel whose 3x3 window is complete and stores what it returns; leaves the
/// rest `nodata`. `scale` is Horn's for that row with `zFactor`. Rows run in parallel chunks on core's pool (the
/// result does not depend on the number of threads: each pixel is computed alone), progress after each chunk,
/// cancel checked before each chunk (a chunk is at most 16 rows).
template <class Fn>
std::shared_ptr<RasterData> mapWindows(const Dem& dem, double zFactor, double nodata, const RunOptions& options,
    const std::string& what, Fn fn)
{
    auto out = demOutput(dem, nodata);
    std::vector<double>& band = out->bands[0];
    const int w = dem.width;
    constexpr int kRows = 16;
    const std::size_t chunks = static_cast<std::size_t>((dem.height + kRows - 1) / kRows);
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = what.c_str();
    parallelFor(
        chunks,
        [&](std::size_t chunk) {
            const int first = static_cast<int>(chunk) * kRows;
            const int last = std::min(dem.height, first + kRows);
            for (int row = std::max(first, 1); row < std::min(last, dem.height - 1); ++row) {
                const terrain::HornScale scale = terrain::hornScale(
                    zFactor, dem.cellEast[static_cast<std::size_t>(row)], dem.cellNorth[static_cast<std::size_t>(row)]);
                for (int col = 1; col < w - 1; ++col) {
                    terrain::Window win{};
                    bool complete = true;
                    for (int dy = -1; dy <= 1 && complete; ++dy)
                        for (int dx = -1; dx <= 1; ++dx) {
                            const std::size_t at = static_cast<std::size_t>(row + dy) * static_cast<std::size_t>(w)
                                + static_cast<std::size_t>(col + dx);
                            if (!dem.valid[at]) {
                                complete = false;
                                break;
                            }
                            win[static_cast<std::size_t>(3 * (dy + 1) + dx + 1)] = dem.values[at];
                        }
                    if (complete)
                        band[static_cast<std::size_t>(row) * static_cast<std::size_t>(w) + static_cast<std::size_t>(col)]
                            = fn(win, scale);
                }
            }
            options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
        },
        &options.feedback.cancel, parallel);
    return out;
}

} // namespace gis::analysis::detail
