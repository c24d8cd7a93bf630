#include "pointblitter.h"

#include <cmath>
#include <unordered_map>
#include <vector>

#include "sessioncaches.h"
#include "symbolpaint.h"

namespace gis::detail {

namespace {

constexpr std::size_t kCancelEvery = 8192;
// Beyond this a point is far off the image; also keeps the int conversion below in range.
constexpr double kFar = 1 << 24;

// x * a / 255 on the four channels at once, rounded as Qt rounds (qt_BYTE_MUL), so a blitted sprite composites
// to the same bytes as QPainter's source-over.
inline std::uint32_t byteMul(std::uint32_t x, std::uint32_t a)
{
    std::uint32_t t = (x & 0xff00ff) * a;
    t = (t + ((t >> 8) & 0xff00ff) + 0x800080) >> 8;
    t &= 0xff00ff;
    x = ((x >> 8) & 0xff00ff) * a;
    x = (x + ((x >> 8) & 0xff00ff) + 0x800080);
    x &= 0xff00ff00;
    return x | t;
}

// A sprite with, per row, the span of pixels that are not transparent.
struct Stamp {
    Sprite sprite;
    std::vector<std::pair<int, int>> spans; // [first, last) per row
    std::vector<const std::uint32_t*> rows; // into the sprite's (shared, never written) pixels
    // A one-colour sprite's opaque colour: compositing any of its pixels over this colour gives this colour, so
    // such destination pixels are skipped (most of them, in a dense layer). 1 otherwise, which no premultiplied
    // pixel equals.
    std::uint32_t solid = 1;
    int width = 0;
    int height = 0;
};

Stamp makeStamp(const SymbolPaint& paint, double size)
{
    Stamp s;
    s.sprite = makeSprite(paint, size);
    s.width = s.sprite.image.width();
    s.height = s.sprite.image.height();
    for (int y = 0; y < s.height; ++y) {
        const auto* line = reinterpret_cast<const std::uint32_t*>(s.sprite.image.constScanLine(y));
        s.rows.push_back(line);
        int first = 0, last = s.width;
        while (first < last && (line[first] >> 24) == 0)
            ++first;
        while (last > first && (line[last - 1] >> 24) == 0)
            --last;
        s.spans.emplace_back(first, last);
    }
    if (s.sprite.uniformOpaque)
        s.solid = s.rows[static_cast<std::size_t>(s.sprite.anchorY)][s.sprite.anchorX];
    return s;
}

class Blitter {
public:
    Blitter(QImage& image, int top, int bottom)
        : m_bits(image.bits()), m_stride(image.bytesPerLine()), m_width(image.width()), m_top(top), m_bottom(bottom)
    {
    }

    // Draws `stamp` with its anchor on pixel (px, py) if it reaches into the band.
    void blit(const Stamp& stamp, int px, int py)
    {
        const int x0 = px - stamp.sprite.anchorX;
        const int y0 = py - stamp.sprite.anchorY;
        const int yBegin = std::max(y0, m_top);
        const int yEnd = std::min(y0 + stamp.height, m_bottom);
        for (int y = yBegin; y < yEnd; ++y) {
            const int sy = y - y0;
            const auto [first, last] = stamp.spans[static_cast<std::size_t>(sy)];
            const int begin = std::max(x0 + first, 0);
            const int end = std::min(x0 + last, m_width);
            if (begin >= end)
                continue;
            const std::uint32_t* src = stamp.rows[static_cast<std::size_t>(sy)];
            auto* dst = reinterpret_cast<std::uint32_t*>(m_bits + static_cast<std::ptrdiff_t>(y) * m_stride);
            const std::uint32_t solid = stamp.solid;
            for (int x = begin; x < end; ++x) {
                const std::uint32_t s = src[x - x0];
                const std::uint32_t a = s >> 24;
                if (a == 255)
                    dst[x] = s;
                else if (a != 0 && dst[x] != solid)
                    dst[x] = s + byteMul(dst[x], 255 - a);
            }
        }
    }

private:
    uchar* m_bits;
    qsizetype m_stride;
    int m_width;
    int m_top;
    int m_bottom;
};

} // namespace

bool blitPoints(QImage& image, int bandTop, int bandBottom, const PreparedLayer& layer, const RenderContext& ctx,
    const CancellationToken& cancel)
{
    const GeometryColumn& geoms = *layer.geometries;
    std::vector<SymbolPaint> paints;
    std::vector<Stamp> stamps; // fixed-size markers, one per symbol
    for (const Symbol& s : layer.symbols) {
        paints.push_back(makeSymbolPaint(s, ctx.dpi, ctx.caches ? &ctx.caches->icons : nullptr));
        stamps.push_back(makeStamp(paints.back(), paints.back().size));
    }
    // Proportional markers: one stamp per size in quarter pixels.
    std::unordered_map<std::uint64_t, Stamp> sized;
    const auto stampFor = [&](std::uint16_t s, std::size_t item) -> const Stamp& {
        if (layer.sizeOf.empty())
            return stamps[s];
        const auto quarter = static_cast<std::uint64_t>(std::lround(layer.sizeOf[item] * 4.0f));
        const std::uint64_t key = (std::uint64_t{s} << 32) | quarter;
        auto it = sized.find(key);
        if (it == sized.end())
            it = sized.emplace(key, makeStamp(paints[s], static_cast<double>(quarter) / 4.0)).first;
        return it->second;
    };

    const int width = image.width();
    const int height = image.height();
    const DeviceMapping m = ctx.mapping;
    // Calls visit(px, py, stamp) for every point whose marker reaches the band, in the layer's order.
    const auto forEachPoint = [&](auto&& visit) {
        const auto place = [&](const Coord& c, const Stamp& stamp) {
            const double dx = m.x(c.x);
            const double dy = m.y(c.y);
            if (!(dx > -kFar && dx < kFar && dy > -kFar && dy < kFar)) // also drops NaN and inf
                return;
            const int px = static_cast<int>(dx + kFar) - static_cast<int>(kFar); // floor without libm
            const int py = static_cast<int>(dy + kFar) - static_cast<int>(kFar);
            const int y0 = py - stamp.sprite.anchorY;
            const int x0 = px - stamp.sprite.anchorX;
            if (y0 + stamp.height <= bandTop || y0 >= bandBottom || x0 + stamp.width <= 0 || x0 >= width ||
                y0 + stamp.height <= 0 || y0 >= height)
                return;
            visit(px, py, stamp);
        };
        const std::size_t n = layer.count();
        const bool compact = geoms.isPointsOnly();
        for (std::size_t k = 0; k < n; ++k) {
            if (k % kCancelEvery == 0 && cancel.isCancelled())
                return false;
            const std::uint16_t s = layer.symbol(k);
            if (s == kNoSymbol)
                continue;
            const std::size_t row = layer.row(k);
            if (compact) {
                place(geoms.coord(row), stampFor(s, k));
                continue;
            }
            for (std::size_t p = geoms.partBegin(row); p < geoms.partEnd(row); ++p)
                if (geoms.partType(p) == GeometryType::Point)
                    place(geoms.coord(geoms.coordBegin(geoms.ringBegin(p))), stampFor(s, k));
        }
        return true;
    };

    Blitter blitter(image, bandTop, bandBottom);
    if (stamps.size() == 1 && layer.sizeOf.empty() && stamps[0].sprite.uniformOpaque) {
        // One opaque, one-colour marker: drawing it twice on one pixel changes nothing visible, and markers of one
        // colour composite in any order to the same colour. So: mark the pixels that get a marker (a bitmap that
        // stays in cache, however many points there are), then stamp them in raster order, which walks the image
        // once instead of jumping to a random cache line per point.
        const Stamp& stamp = stamps[0];
        const int left = -stamp.width;
        const int top = bandTop - stamp.height;
        const int coverWidth = width + 2 * stamp.width;
        const int coverHeight = bandBottom - bandTop + 2 * stamp.height;
        // One bit a pixel: a 2-megapixel band fits in a quarter of a megabyte, in cache.
        const std::size_t words = (static_cast<std::size_t>(coverWidth) + 63) / 64;
        std::vector<std::uint64_t> covered(words * static_cast<std::size_t>(coverHeight), 0);
        const auto mark = [&](int px, int py) {
            const auto x = static_cast<std::size_t>(px - left);
            covered[static_cast<std::size_t>(py - top) * words + x / 64] |= std::uint64_t{1} << (x % 64);
        };
        if (geoms.isPointsOnly() && layer.allRows && layer.symbolOf.empty()) {
            // The common big layer: a tight loop over the coordinate array.
            const Coord* coords = geoms.coords();
            const std::size_t n = geoms.size();
            // The general test in forEachPoint on floor(d), as bounds on d itself (floor(d) >= k iff d >= k for an
            // integer k); NaN fails every comparison.
            const int ax = stamp.sprite.anchorX, ay = stamp.sprite.anchorY;
            const double yMin = std::max(bandTop, 0) - stamp.height + ay + 1;
            const double yMax = std::min(bandBottom, height) + ay;
            const double xMin = ax - stamp.width + 1;
            const double xMax = width + ax;
            for (std::size_t i = 0; i < n; ++i) {
                if (i % kCancelEvery == 0 && cancel.isCancelled())
                    return false;
                const double dx = m.x(coords[i].x);
                const double dy = m.y(coords[i].y);
                if (dy >= yMin && dy < yMax && dx >= xMin && dx < xMax)
                    mark(static_cast<int>(dx + kFar) - static_cast<int>(kFar), static_cast<int>(dy + kFar) - static_cast<int>(kFar));
            }
        } else if (!forEachPoint([&](int px, int py, const Stamp&) { mark(px, py); })) {
            return false;
        }
        for (int y = 0; y < coverHeight; ++y) {
            if (y % 64 == 0 && cancel.isCancelled())
                return false;
            const std::uint64_t* line = covered.data() + static_cast<std::size_t>(y) * words;
            for (std::size_t w = 0; w < words; ++w)
                for (std::uint64_t bits = line[w]; bits; bits &= bits - 1)
                    blitter.blit(stamp, static_cast<int>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))) + left,
                        y + top);
        }
        return true;
    }

    // Any other layer keeps its order (colours that differ must stack as listed). Markers are stamped in
    // batches whose destination rows are prefetched first, so the cache misses of random positions overlap.
    constexpr int kBatch = 32;
    struct Pending {
        int px, py;
        const Stamp* stamp;
    };
    Pending batch[kBatch];
    int pending = 0;
    const uchar* bits = image.constBits();
    const qsizetype stride = image.bytesPerLine();
    const auto flush = [&] {
        for (int i = 0; i < pending; ++i)
            blitter.blit(*batch[i].stamp, batch[i].px, batch[i].py);
        pending = 0;
    };
    const bool done = forEachPoint([&](int px, int py, const Stamp& stamp) {
        const int x0 = std::clamp(px - stamp.sprite.anchorX, 0, width - 1);
        const int yBegin = std::max(py - stamp.sprite.anchorY, bandTop);
        const int yEnd = std::min(py - stamp.sprite.anchorY + stamp.height, bandBottom);
        for (int y = yBegin; y < yEnd; ++y)
            __builtin_prefetch(bits + static_cast<std::ptrdiff_t>(y) * stride + x0 * 4, 1);
        batch[pending++] = {px, py, &stamp};
        if (pending == kBatch)
            flush();
    });
    flush();
    return done;
}

} // namespace gis::detail
