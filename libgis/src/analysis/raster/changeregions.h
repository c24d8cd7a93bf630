#pragma once

// The change polygons of dsm-change: connected regions of changed pixels, found from runs (a row's consecutive
// pixels of one sign) with a union-find over the runs that touch in consecutive rows (4-connectivity, as GDAL's
// polygonize by default), then each region's outline traced along pixel edges. Memory is O(runs), never O(pixels):
// a 10,000 x 10,000 window needs no label grid.

#include <cstdint>
#include <memory>
#include <vector>

#include "gis/crs/crs.h"
#include "gis/data/layer.h"

#include "pixelgrid.h"

namespace gis::analysis::detail {

/// One run of changed pixels: columns [col0, col1) of row `row` (the DSM's own pixel indices), all of one sign.
struct ChangeRun {
    int row = 0;
    int col0 = 0, col1 = 0;
    std::int8_t sign = 0;   ///< +1 fill (the surface rose), -1 cut
    double sumDz = 0;       ///< Σ d over the run's pixels
    double extremeDz = 0;   ///< the d of largest magnitude
};

/// The regions of `runs` (sorted by row, then column; a run never touches a run of its own sign in its row) as
/// polygons in `grid`'s map coordinates, with fields sign, area_m2, volume_m3, mean_dz, max_dz; regions smaller
/// than `minAreaM2` are left out; largest area first. `pixelArea` is one pixel's area in m².
std::shared_ptr<const Layer> changePolygons(const std::vector<ChangeRun>& runs, const PixelGrid& grid, const Crs& crs,
    double pixelArea, double minAreaM2);

} // namespace gis::analysis::detail
