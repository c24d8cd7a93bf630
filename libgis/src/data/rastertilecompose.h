// Composing a view from the tiles of one pyramid level (rastertiles.cpp finds and reads the tiles).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/data/raster.h"
#include "gis/data/rastertiles.h"
#include "gis/core/box.h"

namespace gis::detail {

inline constexpr int kTile = RasterTilePyramid::kTileSize;

/// The tiles of one level under the grid, in a rectangle of tile columns and rows (null: not available).
struct LevelTiles {
    int level = 0;
    int width = 0, height = 0; ///< of the level, in pixels
    int tc0 = 0, tr0 = 0, across = 0, down = 0;
    std::vector<std::shared_ptr<const RasterTile>> tiles;
};

/// Where the grid's pixels fall in the full-resolution raster.
struct Placement {
    std::array<double, 6> gt;
    Box box; ///< the bordered grid's extent
    double dx = 0, dy = 0;
    int c0 = 0, c1 = 0, r0 = 0, r1 = 0; ///< grid columns and rows whose centres fall on the raster
};

enum class Sampling : std::uint8_t { Nearest, Bilinear, Average };

/// Resamples the tiles of `lt` onto the pixels of `out` still flagged in `need` (and clears their flag) where the
/// tiles under them are there: nearest, bilinear, or the area-weighted average of valid pixels (coverage as
/// readTiled() says). Rows are shared among core's workers.
void compose(const LevelTiles& lt, const Placement& p, const RasterInfo& info, Sampling sampling, bool nodataMask,
    RasterPixels& out, std::vector<std::uint8_t>& need, const CancellationToken& cancel);

} // namespace gis::detail
