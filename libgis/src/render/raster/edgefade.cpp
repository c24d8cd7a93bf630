#include "edgefade.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace gis::detail {

void fadeEdges(QImage& image, double width, const CancellationToken& cancel, const std::string& label)
{
    if (width <= 0 || image.isNull())
        return;
    const int w = image.width(), h = image.height();
    constexpr float kFar = std::numeric_limits<float>::max() / 4;
    constexpr float kDiagonal = 1.41421356f;
    std::vector<float> d(static_cast<std::size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < w; ++x)
            d[static_cast<std::size_t>(y) * w + x] = qAlpha(line[x]) == 0 ? 0.f : kFar;
    }
    const auto at = [&](int x, int y) -> float& { return d[static_cast<std::size_t>(y) * w + x]; };
    // Forward pass from the top left, backward from the bottom right: each pixel takes the smallest of its
    // already visited neighbours' distances plus the step to them.
    for (int y = 0; y < h; ++y) {
        if ((y & 63) == 0)
            cancel.throwIfCancelled(label.c_str());
        for (int x = 0; x < w; ++x) {
            float& v = at(x, y);
            if (x > 0)
                v = std::min(v, at(x - 1, y) + 1);
            if (y > 0) {
                v = std::min(v, at(x, y - 1) + 1);
                if (x > 0)
                    v = std::min(v, at(x - 1, y - 1) + kDiagonal);
                if (x + 1 < w)
                    v = std::min(v, at(x + 1, y - 1) + kDiagonal);
            }
        }
    }
    for (int y = h - 1; y >= 0; --y) {
        if ((y & 63) == 0)
            cancel.throwIfCancelled(label.c_str());
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = w - 1; x >= 0; --x) {
            float& v = at(x, y);
            if (x + 1 < w)
                v = std::min(v, at(x + 1, y) + 1);
            if (y + 1 < h) {
                v = std::min(v, at(x, y + 1) + 1);
                if (x + 1 < w)
                    v = std::min(v, at(x + 1, y + 1) + kDiagonal);
                if (x > 0)
                    v = std::min(v, at(x - 1, y + 1) + kDiagonal);
            }
            if (v >= width)
                continue;
            const double t = v / width;
            const double f = t * t * (3 - 2 * t); // smoothstep: no visible step where the fade ends
            const QRgb p = line[x];
            const auto scale = [f](int c) { return static_cast<int>(std::lround(c * f)); };
            line[x] = qRgba(scale(qRed(p)), scale(qGreen(p)), scale(qBlue(p)), scale(qAlpha(p)));
        }
    }
}

} // namespace gis::detail
