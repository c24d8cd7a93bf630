#include "rasterpaint.h"

#include <algorithm>
#include <cmath>

#include <QColor>

#include "gis/core/parallel.h"

#include "gis/project/classify.h"

namespace gis::detail {

namespace {

// Calls `pixel(col, row)` (grid coordinates) for every image pixel and stores its colour, bands of rows on core's
// workers (a 1600 x 1000 view is 1.6 million pixels; `pixel` only reads); checks for cancellation once per row.
template <class PixelFn>
QImage paintPixels(const RasterPixels& data, int border, const CancellationToken& cancel, const std::string& label,
    PixelFn pixel)
{
    QImage image(data.width - 2 * border, data.height - 2 * border, QImage::Format_ARGB32_Premultiplied);
    constexpr int kRowsPerTask = 64;
    const int height = image.height(), width = image.width();
    // scanLine() of a non-const QImage may detach: take the pixels' address once, here.
    uchar* const bits = image.bits();
    const auto stride = static_cast<std::size_t>(image.bytesPerLine());
    parallelFor(static_cast<std::size_t>((height + kRowsPerTask - 1) / kRowsPerTask), [&](std::size_t task) {
        const int end = std::min(height, static_cast<int>(task + 1) * kRowsPerTask);
        for (int row = static_cast<int>(task) * kRowsPerTask; row < end; ++row) {
            cancel.throwIfCancelled(label.c_str());
            auto* line = reinterpret_cast<QRgb*>(bits + static_cast<std::size_t>(row) * stride);
            for (int col = 0; col < width; ++col) {
                const int cover = data.cover(col + border, row + border);
                line[col] = cover ? pixel(col + border, row + border, cover) : 0;
            }
        }
    }, &cancel, ParallelOptions{0, label.c_str()});
    return image;
}

int byteValue(double v)
{
    // v + 0.5 is exact in double for the float values tiles hold, so the cast rounds as std::lround did (half away
    // from zero for these non-negative values), without its libm call per channel.
    return static_cast<int>(std::clamp(v, 0.0, 255.0) + 0.5);
}

} // namespace

std::vector<QRgb> rampTable(std::string_view name)
{
    std::vector<QRgb> table;
    for (const Color& c : colorRamp(name, 256))
        table.push_back(qRgba(c.red, c.green, c.blue, c.alpha));
    return table;
}

int rampIndex(double value, const ValueRange& range)
{
    const auto [lo, hi] = range;
    if (!(hi > lo))
        return 128;
    return static_cast<int>(std::lround(std::clamp((value - lo) / (hi - lo), 0.0, 1.0) * 255.0));
}

QImage paintSingleBand(const RasterPixels& data, int border, const std::vector<QRgb>& table, const ValueRange& range,
    double clearBelow, const CancellationToken& cancel, const std::string& label)
{
    if (clearBelow > 0)
        return paintPixels(data, border, cancel, label, [&](int col, int row, int cover) -> QRgb {
            const double v = data.value(0, col, row);
            if (std::abs(v) < clearBelow)
                return 0;
            return coveredPixel(table[static_cast<std::size_t>(rampIndex(v, range))], cover);
        });
    return paintPixels(data, border, cancel, label, [&](int col, int row, int cover) {
        return coveredPixel(table[static_cast<std::size_t>(rampIndex(data.value(0, col, row), range))], cover);
    });
}

QImage paintRgb(const RasterPixels& data, int border, const std::array<std::optional<ValueRange>, 3>& ranges,
    const CancellationToken& cancel, const std::string& label)
{
    if (!ranges[0] && !ranges[1] && !ranges[2]) {
        // Imagery, 0..255 as is (the common case, a view of an orthophoto): straight from the band arrays.
        const float* red = data.bands[0].data();
        const float* green = data.bands[1].data();
        const float* blue = data.bands[2].data();
        const auto width = static_cast<std::size_t>(data.width);
        return paintPixels(data, border, cancel, label, [&](int col, int row, int cover) {
            const std::size_t i = static_cast<std::size_t>(row) * width + static_cast<std::size_t>(col);
            return coveredPixel(qRgb(byteValue(red[i]), byteValue(green[i]), byteValue(blue[i])), cover);
        });
    }
    const auto channel = [&](std::size_t band, int col, int row) {
        const double v = data.value(band, col, row);
        return ranges[band] ? rampIndex(v, *ranges[band]) : byteValue(v);
    };
    return paintPixels(data, border, cancel, label, [&](int col, int row, int cover) {
        return coveredPixel(qRgb(channel(0, col, row), channel(1, col, row), channel(2, col, row)), cover);
    });
}

QImage paintPalette(const RasterPixels& data, int border, const std::vector<QRgb>& table,
    const CancellationToken& cancel, const std::string& label)
{
    return paintPixels(data, border, cancel, label, [&](int col, int row, int cover) -> QRgb {
        const long index = std::lround(data.value(0, col, row));
        if (index < 0 || index >= static_cast<long>(table.size()))
            return 0;
        return coveredPixel(table[static_cast<std::size_t>(index)], cover);
    });
}

} // namespace gis::detail
