#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis {
class Layer;
struct RasterData;
}

namespace gis::analysis {

/// How dsmChange() measures (docs/analysis.md, "DSM change").
struct DsmChangeOptions {
    /// |later − earlier| below this (m) is noise: left out of the volumes and the change polygons. 0 keeps all.
    double minHeight = 0;
    /// A pixel is changed where |later − earlier| ≥ this (m) (and ≥ minHeight): what the change polygons are made of.
    double heightThreshold = 0.5;
    /// Change polygons smaller than this (m²) are dropped (they still count in the volumes).
    double areaThreshold = 1;
    /// Make the difference raster (width × height doubles of the polygons' window: 800 MB for 10,000²); false
    /// when only the figures are wanted.
    bool difference = true;
    /// Make the change polygons.
    bool polygons = true;
    unsigned threads = 0; ///< 0: one per usable core
};

/// The volumes of a DSM change inside the area, over the pixels whose centre is inside one of its polygons and
/// where both DSMs have a value.
struct DsmChangeTotals {
    double fillM3 = 0;          ///< Σ max(d, 0) · pixel area, d = later − earlier, |d| ≥ minHeight
    double cutM3 = 0;           ///< Σ max(−d, 0) · pixel area (a positive number)
    double pixelAreaM2 = 0;     ///< the earlier DSM's pixel area
    std::int64_t pixels = 0;    ///< pixels measured (centre inside, both DSMs valid)
    std::int64_t noData = 0;    ///< pixels whose centre is inside but where one DSM has no value
    double netM3() const { return fillM3 - cutM3; }
    double areaM2() const { return static_cast<double>(pixels) * pixelAreaM2; }
};

/// What dsmChange() made.
struct DsmChangeResult {
    DsmChangeTotals totals;
    /// later − earlier on the earlier DSM's grid over the window of the area's polygons (Float32 when written),
    /// nodata (−9999) where either DSM has none or the pixel centre is outside the polygons. Null when not asked.
    std::shared_ptr<const RasterData> difference;
    /// Connected regions (4-connected pixels of one sign) where |d| ≥ the height threshold, of at least the area
    /// threshold, as polygons along pixel edges in the DSM's CRS, with fields sign ("cut"/"fill"), area_m2,
    /// volume_m3 (> 0), mean_dz and max_dz (the signed change of largest magnitude), largest first. Null when not
    /// asked.
    std::shared_ptr<const Layer> polygons;
    /// How it was measured, one sentence: what a report and the provenance record state.
    std::string method;
    std::vector<std::string> warnings;
};

/// The change between the DSMs at `earlierPath` and `laterPath` (band 1 of each; elevations in metres) inside the
/// polygons of `area` at `rows` (every row when empty; a construction site). The later DSM is resampled onto the
/// earlier's grid: bilinear where its pixels are as large or larger, the average of its pixels under each where
/// they are smaller, through GDAL's warper (bilinear) when its CRS differs. The area's polygons are transformed into
/// the earlier DSM's CRS, which must be projected in metres.
///
/// Throws Error(Argument) for a DSM without georeferencing, rotated, in degrees, or without the area's polygons
/// inside it, a non-polygon area; Error(Io)/Error(Format) as gis::Raster::open and read do; Error(Cancelled) through
/// `feedback`. Any thread; several runs at once.
DsmChangeResult dsmChange(const std::string& earlierPath, const std::string& laterPath, const Layer& area,
    const std::vector<std::size_t>& rows, const DsmChangeOptions& options = {}, const Feedback& feedback = {});

} // namespace gis::analysis

GIS_API_END
