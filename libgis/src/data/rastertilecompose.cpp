// Composing a view from one level's tiles: per-axis taps computed once, each level row filtered along x once and
// shared by the output rows that take it (the filter is separable), Byte tiles read as bytes.

#include "rastertilecompose.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "gis/core/parallel.h"

namespace gis::detail {

namespace {

/// One source pixel of a level that an output column (or row) takes, and how much: `tile` is the tile column (row)
/// in the LevelTiles rectangle, `offset` the pixel's column (row) inside that tile.
struct Tap {
    int tile = 0;
    int offset = 0;
    float weight = 0;
};

/// The taps of every output column (or row) along one axis: taps[first[k] .. first[k + 1]) for the k-th; the
/// nearest pixel of each apart (enlarged masks are nearest). Computed once per axis, so the per-pixel loop only
/// multiplies and adds: the filter is separable.
struct AxisTaps {
    std::vector<int> first;
    std::vector<Tap> taps;
    std::vector<Tap> nearest;
};

/// `centre(k)`: the k-th output pixel's centre in level pixels; `half`: half its size in level pixels.
template <class Centre>
AxisTaps axisTaps(int count, Centre centre, double half, int levelSize, int tile0, Sampling sampling)
{
    AxisTaps a;
    a.first.reserve(static_cast<std::size_t>(count) + 1);
    const auto tapOf = [&](int i, double w) {
        return Tap{i / kTile - tile0, i % kTile, static_cast<float>(w)};
    };
    for (int k = 0; k < count; ++k) {
        a.first.push_back(static_cast<int>(a.taps.size()));
        const double u = centre(k);
        const int near = std::clamp(static_cast<int>(std::floor(u)), 0, levelSize - 1);
        a.nearest.push_back(tapOf(near, 1));
        if (sampling == Sampling::Nearest) {
            a.taps.push_back(tapOf(near, 1));
        } else if (sampling == Sampling::Bilinear) {
            const int i = static_cast<int>(std::floor(u - 0.5));
            const double f = u - 0.5 - i;
            if (i >= 0 && i < levelSize)
                a.taps.push_back(tapOf(i, 1 - f));
            if (i + 1 >= 0 && i + 1 < levelSize)
                a.taps.push_back(tapOf(i + 1, f));
        } else {
            const double x0 = u - half, x1 = u + half;
            const int i0 = std::max(0, static_cast<int>(std::floor(x0)));
            const int i1 = std::min(levelSize, static_cast<int>(std::ceil(x1)));
            for (int i = i0; i < i1; ++i) {
                const double w = std::min(x1, i + 1.0) - std::max(x0, double(i));
                if (w > 0)
                    a.taps.push_back(tapOf(i, w));
            }
        }
    }
    a.first.push_back(static_cast<int>(a.taps.size()));
    return a;
}

/// The tiles of a LevelTiles flattened for the per-pixel loop: per tile its width, coverage and band values of type
/// T (null coverage: tile missing), so that a tap costs two indexed loads instead of chasing vectors.
template <class T>
struct TileViews {
    std::vector<int> width;
    std::vector<const std::uint8_t*> coverage;
    std::vector<const T*> values; ///< tile * bands + band
};

template <class T>
TileViews<T> tileViews(const LevelTiles& lt, std::size_t nb)
{
    TileViews<T> v;
    v.width.assign(lt.tiles.size(), 0);
    v.coverage.assign(lt.tiles.size(), nullptr);
    v.values.assign(lt.tiles.size() * nb, nullptr);
    for (std::size_t t = 0; t < lt.tiles.size(); ++t) {
        const RasterTile* tile = lt.tiles[t].get();
        if (!tile)
            continue;
        v.width[t] = tile->width;
        v.coverage[t] = tile->coverage.data();
        for (std::size_t b = 0; b < nb; ++b) {
            if constexpr (std::is_same_v<T, float>)
                v.values[t * nb + b] = tile->bands[b].data();
            else
                v.values[t * nb + b] = tile->byteBands[b].data();
        }
    }
    return v;
}

/// compose() for tiles holding values of type T, NB bands (0: out.bands.size(), known only at run time; 3 is
/// RGB imagery, unrolled by the compiler).
template <class T, std::size_t NB>
void composeAs(const LevelTiles& lt, const AxisTaps& cols, const AxisTaps& rows, const Placement& p,
    Sampling sampling, bool nodataMask, RasterPixels& out, std::vector<std::uint8_t>& need,
    const CancellationToken& cancel)
{
    const std::size_t nb = NB ? NB : out.bands.size();
    const TileViews<T> v = tileViews<T>(lt, nb);
    std::vector<float*> outBands(nb);
    for (std::size_t b = 0; b < nb; ++b)
        outBands[b] = out.bands[b].data();
    // The tile of a (row tap, column tap) pair, -1 off the rectangle or missing.
    const auto tileOf = [&](const Tap& ty, const Tap& tx) {
        if (ty.tile < 0 || tx.tile < 0 || ty.tile >= lt.down || tx.tile >= lt.across)
            return -1;
        const int t = ty.tile * lt.across + tx.tile;
        return v.coverage[static_cast<std::size_t>(t)] ? t : -1;
    };
    constexpr int kRowsPerTask = 32;
    constexpr std::size_t kMaxBands = 4; // more bands are accumulated in a heap buffer
    const int height = p.r1 - p.r0;
    const int width = p.c1 - p.c0;
    // Whether every column tap falls in the tile rectangle: then a level row whose tiles are all there is filtered
    // along x once (horizontal() below) and shared by the output rows that take it; output rows only weigh those.
    bool colsInRange = true;
    for (const Tap& tx : cols.taps)
        colsInRange = colsInRange && tx.tile >= 0 && tx.tile < lt.across;
    const auto across = static_cast<std::size_t>(lt.across);
    const auto w = static_cast<std::size_t>(width);
    parallelFor(static_cast<std::size_t>((height + kRowsPerTask - 1) / kRowsPerTask), [&](std::size_t task) {
        std::vector<float> heapSums(nb > kMaxBands ? nb : 0);
        float stackSums[kMaxBands];
        float* sums = nb > kMaxBands ? heapSums.data() : stackSums;
        const int rBegin = static_cast<int>(task) * kRowsPerTask;
        const int rEnd = std::min(height, static_cast<int>(task + 1) * kRowsPerTask);
        // Level rows filtered along x: per output column, nb weighted sums, the valid weight and the weight
        // (planes of w floats). Row taps grow with the output row, so the row with the lowest key is the one to drop.
        struct Filtered {
            int key = -1;
            std::vector<float> planes;
        };
        std::vector<Filtered> filtered;
        std::size_t slots = 1;
        for (int rk = rBegin; rk < rEnd; ++rk)
            slots = std::max(slots, static_cast<std::size_t>(rows.first[rk + 1] - rows.first[rk]) + 1);
        std::vector<const std::uint8_t*> rowCoverage(across);
        std::vector<const T*> rowValues(across * nb);
        const auto horizontal = [&](const Tap& ty) -> const float* {
            const int key = ty.tile * kTile + ty.offset;
            for (const Filtered& f : filtered)
                if (f.key == key)
                    return f.planes.data();
            if (ty.tile < 0 || ty.tile >= lt.down)
                return nullptr;
            for (std::size_t c = 0; c < across; ++c) {
                const std::size_t t = static_cast<std::size_t>(ty.tile) * across + c;
                if (!v.coverage[t])
                    return nullptr;
                const std::size_t start = static_cast<std::size_t>(ty.offset) * v.width[t];
                rowCoverage[c] = v.coverage[t] + start;
                for (std::size_t b = 0; b < nb; ++b)
                    rowValues[c * nb + b] = v.values[t * nb + b] + start;
            }
            Filtered* f = nullptr;
            if (filtered.size() < slots) {
                f = &filtered.emplace_back();
                f->planes.resize((nb + 2) * w);
            } else {
                f = &*std::min_element(filtered.begin(), filtered.end(),
                    [](const Filtered& x, const Filtered& y) { return x.key < y.key; });
            }
            f->key = key;
            float* planes = f->planes.data();
            for (std::size_t ck = 0; ck < w; ++ck) {
                std::fill_n(sums, nb, 0.0F);
                float weight = 0, valid = 0;
                for (int i = cols.first[ck]; i < cols.first[ck + 1]; ++i) {
                    const Tap& tx = cols.taps[static_cast<std::size_t>(i)];
                    const auto c = static_cast<std::size_t>(tx.tile);
                    const float wc = tx.weight * rowCoverage[c][tx.offset];
                    weight += tx.weight;
                    valid += wc;
                    for (std::size_t b = 0; b < nb; ++b)
                        sums[b] += wc * float(rowValues[c * nb + b][tx.offset]);
                }
                for (std::size_t b = 0; b < nb; ++b)
                    planes[b * w + ck] = sums[b];
                planes[nb * w + ck] = valid;
                planes[(nb + 1) * w + ck] = weight;
            }
            return planes;
        };
        std::vector<const float*> taken;
        for (int rk = rBegin; rk < rEnd; ++rk) {
            const std::size_t rowStart = static_cast<std::size_t>(p.r0 + rk) * out.width + p.c0;
            const Tap* rowTaps = rows.taps.data() + rows.first[rk];
            const int rowTapCount = rows.first[rk + 1] - rows.first[rk];
            bool separable = colsInRange && sampling != Sampling::Nearest && rowTapCount > 0;
            taken.clear();
            for (int j = 0; j < rowTapCount && separable; ++j) {
                taken.push_back(horizontal(rowTaps[j]));
                separable = taken.back() != nullptr;
            }
            if (separable) {
                for (std::size_t ck = 0; ck < w; ++ck) {
                    const std::size_t o = rowStart + ck;
                    if (!need[o])
                        continue;
                    std::fill_n(sums, nb, 0.0F);
                    float weight = 0, valid = 0;
                    for (int j = 0; j < rowTapCount; ++j) {
                        const float wy = rowTaps[j].weight;
                        const float* planes = taken[static_cast<std::size_t>(j)];
                        for (std::size_t b = 0; b < nb; ++b)
                            sums[b] += wy * planes[b * w + ck];
                        valid += wy * planes[nb * w + ck];
                        weight += wy * planes[(nb + 1) * w + ck];
                    }
                    if (weight <= 0)
                        continue;
                    need[o] = 0;
                    if (valid <= 0)
                        continue; // nothing valid under the pixel: left uncovered
                    const float inverse = 1.0F / valid;
                    for (std::size_t b = 0; b < nb; ++b)
                        outBands[b][o] = sums[b] * inverse;
                    if (sampling == Sampling::Bilinear) {
                        const Tap& ty = rows.nearest[rk];
                        const Tap& tx = cols.nearest[ck];
                        const int t = tileOf(ty, tx);
                        out.coverage[o] = t >= 0 ? v.coverage[static_cast<std::size_t>(t)]
                                                               [static_cast<std::size_t>(ty.offset) * v.width[t]
                                                                   + tx.offset]
                                                 : 0;
                    } else {
                        out.coverage[o] = nodataMask ? 255 : static_cast<std::uint8_t>(valid / weight + 0.5F);
                    }
                }
                continue;
            }
            for (int ck = 0; ck < width; ++ck) {
                const std::size_t o = rowStart + ck;
                if (!need[o])
                    continue;
                if (sampling == Sampling::Nearest) { // a copy: exact, and the cheapest
                    const Tap& ty = rowTaps[0];
                    const Tap& tx = cols.taps[cols.first[ck]];
                    const int t = tileOf(ty, tx);
                    if (t < 0)
                        continue;
                    const auto ts = static_cast<std::size_t>(t);
                    const std::size_t k = static_cast<std::size_t>(ty.offset) * v.width[ts] + tx.offset;
                    for (std::size_t b = 0; b < nb; ++b)
                        outBands[b][o] = float(v.values[ts * nb + b][k]);
                    out.coverage[o] = v.coverage[ts][k];
                    need[o] = 0;
                    continue;
                }
                std::fill_n(sums, nb, 0.0F);
                float weight = 0, valid = 0;
                bool complete = true;
                const Tap* colTaps = cols.taps.data() + cols.first[ck];
                const int colTapCount = cols.first[ck + 1] - cols.first[ck];
                for (int j = 0; j < rowTapCount && complete; ++j) {
                    const Tap& ty = rowTaps[j];
                    for (int i = 0; i < colTapCount; ++i) {
                        const Tap& tx = colTaps[i];
                        const int t = tileOf(ty, tx);
                        if (t < 0) {
                            complete = false;
                            break;
                        }
                        const auto ts = static_cast<std::size_t>(t);
                        const std::size_t k = static_cast<std::size_t>(ty.offset) * v.width[ts] + tx.offset;
                        const float w = ty.weight * tx.weight;
                        const float wc = w * v.coverage[ts][k];
                        weight += w;
                        valid += wc;
                        const T* const* values = v.values.data() + ts * nb;
                        for (std::size_t b = 0; b < nb; ++b)
                            sums[b] += wc * float(values[b][k]);
                    }
                }
                if (!complete || weight <= 0)
                    continue;
                need[o] = 0;
                if (valid <= 0)
                    continue; // nothing valid under the pixel: left uncovered
                const float inverse = 1.0F / valid;
                for (std::size_t b = 0; b < nb; ++b)
                    outBands[b][o] = sums[b] * inverse;
                if (sampling == Sampling::Bilinear) {
                    // Enlarging, the mask is nearest (edges exact, as a direct read takes it).
                    const Tap& ty = rows.nearest[rk];
                    const Tap& tx = cols.nearest[ck];
                    const int t = tileOf(ty, tx);
                    out.coverage[o] = t >= 0 ? v.coverage[static_cast<std::size_t>(t)]
                                                           [static_cast<std::size_t>(ty.offset) * v.width[t] + tx.offset]
                                             : 0;
                } else {
                    out.coverage[o] = nodataMask ? 255 : static_cast<std::uint8_t>(valid / weight + 0.5F);
                }
            }
        }
    }, &cancel, ParallelOptions{0, "raster tiles"});
}

} // namespace

void compose(const LevelTiles& lt, const Placement& p, const RasterInfo& info, Sampling sampling, bool nodataMask,
    RasterPixels& out, std::vector<std::uint8_t>& need, const CancellationToken& cancel)
{
    const double lx = p.gt[1] * info.width / lt.width; // level pixel size in map units
    const double ly = -p.gt[5] * info.height / lt.height;
    const AxisTaps cols = axisTaps(p.c1 - p.c0,
        [&](int k) { return (p.box.minX + (p.c0 + k + 0.5) * p.dx - p.gt[0]) / lx; }, p.dx / lx / 2, lt.width,
        lt.tc0, sampling);
    const AxisTaps rows = axisTaps(p.r1 - p.r0,
        [&](int k) { return (p.gt[3] - (p.box.maxY - (p.r0 + k + 0.5) * p.dy)) / ly; }, p.dy / ly / 2, lt.height,
        lt.tr0, sampling);
    // The tiles of one level of one source are all of one kind (Byte or not): the first present one tells.
    bool byteTiles = false;
    for (const auto& t : lt.tiles)
        if (t) {
            byteTiles = !t->byteBands.empty();
            break;
        }
    const bool rgb = out.bands.size() == 3;
    if (byteTiles && rgb)
        composeAs<std::uint8_t, 3>(lt, cols, rows, p, sampling, nodataMask, out, need, cancel);
    else if (byteTiles)
        composeAs<std::uint8_t, 0>(lt, cols, rows, p, sampling, nodataMask, out, need, cancel);
    else if (rgb)
        composeAs<float, 3>(lt, cols, rows, p, sampling, nodataMask, out, need, cancel);
    else
        composeAs<float, 0>(lt, cols, rows, p, sampling, nodataMask, out, need, cancel);
}


} // namespace gis::detail
