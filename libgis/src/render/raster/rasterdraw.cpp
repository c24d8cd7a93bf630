#include "gis/render/rasterdraw.h"

#include <cmath>
#include <deque>
#include <mutex>
#include <optional>

#include <QPainter>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/raster.h"
#include "gis/data/rastertiles.h"
#include "edgefade.h"
#include "hillshade.h"
#include "rasterpaint.h"
#include "rasterstats.h"

namespace gis {

using namespace detail;

namespace {

/// What a style asks for, resolved against the raster's bands.
struct Drawing {
    enum class Kind : std::uint8_t { Ramp, Rgb, Palette, Hillshade };
    Kind kind = Kind::Ramp;
    std::vector<int> bands;
    RasterResampling resampling = RasterResampling::Continuous;
    std::string ramp;
};

Drawing resolveDrawing(const Raster& raster, const RasterStyle& style, const std::string& path)
{
    const int count = raster.bandCount();
    const auto checkBand = [&](int b) {
        if (b < 1 || b > count)
            throw Error(ErrorCode::Argument, path + ": no band " + std::to_string(b) + " (it has "
                    + std::to_string(count) + (count == 1 ? " band)" : " bands)"));
        return b;
    };
    const RasterBand first = raster.band(1);
    const bool byteData = first.dataType == "Byte";
    using Kind = Drawing::Kind;
    switch (style.mode) {
    case RasterStyle::Mode::Auto:
        if (count >= 3 && byteData)
            return {Kind::Rgb, {1, 2, 3}, RasterResampling::Imagery, {}};
        if (first.colorInterpretation == RasterColorInterpretation::Palette && first.colorTable)
            return {Kind::Palette, {1}, RasterResampling::Categorical, {}};
        // A Byte band is most likely an image, anything else a measurement such as elevation.
        return {Kind::Ramp, {1}, RasterResampling::Continuous, byteData ? "Greys" : "Terrain"};
    case RasterStyle::Mode::SingleBand:
        return {Kind::Ramp, {checkBand(style.band)}, RasterResampling::Continuous, style.ramp};
    case RasterStyle::Mode::Rgb:
        if (style.rgbBands.size() != 3)
            throw Error(ErrorCode::Argument, path + ": an RGB style needs three bands, not "
                    + std::to_string(style.rgbBands.size()));
        for (int b : style.rgbBands)
            checkBand(b);
        return {Kind::Rgb, style.rgbBands, RasterResampling::Imagery, {}};
    case RasterStyle::Mode::Hillshade:
        return {Kind::Hillshade, {checkBand(style.band)}, RasterResampling::Continuous, "Terrain"};
    }
    throw Error(ErrorCode::Argument, path + ": unknown raster style mode");
}

std::vector<QRgb> paletteOf(const RasterBand& band)
{
    std::vector<QRgb> table;
    if (band.colorTable)
        for (const RasterColor& c : *band.colorTable)
            table.push_back(qRgba(c.red, c.green, c.blue, c.alpha));
    return table;
}

/// The fade of RasterStyle::fadeEdges in device pixels of a map with `pixel` map units per pixel; 0 when the
/// raster's extent cannot be found in the map CRS (then it is drawn without a fade).
double fadePixels(const Raster& raster, const Crs& crs, double pixel, double share)
{
    try {
        Box e = raster.extent();
        const Crs own = raster.crs();
        if (own.isValid() && crs.isValid() && !own.isEquivalentTo(crs))
            e = Transformer(own, crs).transformBox(e);
        const double side = std::min(e.width(), e.height());
        return side > 0 && pixel > 0 ? share * side / pixel : 0;
    } catch (const Error&) {
        return 0;
    }
}

QImage drawOrReuse(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel, const RasterDrawOptions& options, RasterTileStats* stats, bool mayReuse);
QImage paint(const RasterSource& source, const Raster& raster, const Drawing& drawing, const RasterStyle& style,
    const RasterGrid& grid, const RasterPixels& data, const CancellationToken& cancel, const std::string& path);

// A field added to RasterStyle must be compared in sameStyle(): a frame drawn with another style is never reused.
static_assert(sizeof(RasterStyle) == 136, "RasterStyle changed: compare the new field in sameStyle()");

bool sameStyle(const RasterStyle& a, const RasterStyle& b)
{
    return a.mode == b.mode && a.band == b.band && a.rgbBands == b.rgbBands && a.ramp == b.ramp
        && a.stretch == b.stretch && a.min == b.min && a.max == b.max && a.azimuth == b.azimuth
        && a.altitude == b.altitude && a.zFactor == b.zFactor && a.hypsometricTint == b.hypsometricTint
        && a.fadeEdges == b.fadeEdges && a.clearBelow == b.clearBelow;
}

/// The last few images drawn from tiles (RasterDrawOptions::reuseFrames). A draw of the same source, style, CRS
/// and pixel size moved by whole pixels — a pan — is the image it overlaps moved, and only the strips that came
/// into view are drawn (from the tiles, as a whole draw draws them). Any thread; images are shared copies.
class RecentFrames {
public:
    static bool fits(QSize size) { return qint64(size.width()) * size.height() <= kMaxPixels; }

    std::optional<QImage> moved(const RasterSource& source, const Box& extent, const Crs& crs, QSize size,
        const RasterStyle& style, const CancellationToken& cancel, const RasterDrawOptions& options,
        RasterTileStats* stats)
    {
        const double dx = extent.width() / size.width(), dy = extent.height() / size.height();
        QImage previous;
        int previousLevel = -1;
        long ox = 0, oy = 0;
        {
            const std::lock_guard lock(m_mutex);
            for (const Frame& f : m_frames) {
                const double fdx = f.extent.width() / f.image.width(), fdy = f.extent.height() / f.image.height();
                if (f.source != source.id() || std::abs(fdx - dx) > 1e-9 * dx || std::abs(fdy - dy) > 1e-9 * dy
                    || !(f.crs == crs) || !sameStyle(f.style, style))
                    continue;
                const double x = (extent.minX - f.extent.minX) / dx, y = (f.extent.maxY - extent.maxY) / dy;
                const double rx = std::round(x), ry = std::round(y);
                if (std::abs(x - rx) > 1e-6 || std::abs(y - ry) > 1e-6 || std::abs(rx) >= f.image.width()
                    || std::abs(ry) >= f.image.height())
                    continue;
                previous = f.image;
                previousLevel = f.level;
                ox = static_cast<long>(rx);
                oy = static_cast<long>(ry);
                break;
            }
        }
        if (previous.isNull())
            return std::nullopt;
        // The previous image's pixel (x + ox, y + oy) is this one's (x, y).
        const QRect view(0, 0, size.width(), size.height());
        const QRect kept = view.intersected(previous.rect().translated(int(-ox), int(-oy)));
        if (kept.isEmpty())
            return std::nullopt;
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setCompositionMode(QPainter::CompositionMode_Source);
        painter.drawImage(QPoint(int(-ox), int(-oy)), previous);
        // What came into view: the bands above and below the kept rectangle, then its left and right.
        const QRect strips[] = {QRect(0, 0, size.width(), kept.top()),
            QRect(0, kept.bottom() + 1, size.width(), size.height() - kept.bottom() - 1),
            QRect(0, kept.top(), kept.left(), kept.height()),
            QRect(kept.right() + 1, kept.top(), size.width() - kept.right() - 1, kept.height())};
        RasterTileStats total;
        total.level = previousLevel;
        for (const QRect& r : strips) {
            if (r.isEmpty())
                continue;
            const Box part(extent.minX + r.left() * dx, extent.maxY - (r.bottom() + 1) * dy,
                extent.minX + (r.right() + 1) * dx, extent.maxY - r.top() * dy);
            RasterTileStats st;
            painter.drawImage(r.topLeft(), drawOrReuse(source, part, crs, r.size(), style, cancel, options, &st, false));
            total.level = std::max(total.level, st.level);
            total.tiles += st.tiles;
            total.cached += st.cached;
            total.read += st.read;
            total.missing += st.missing;
        }
        painter.end();
        if (stats)
            *stats = total;
        if (total.missing == 0)
            keep(source, extent, crs, image, style, total.level);
        return image;
    }

    void keep(const RasterSource& source, const Box& extent, const Crs& crs, const QImage& image, const RasterStyle& style,
        int level)
    {
        const std::lock_guard lock(m_mutex);
        // A view replaces the one it was moved from (same source, style, CRS, size and pixel size): the frames kept
        // are those of different views (a canvas, a side-by-side view, a print preview), not the last pan steps.
        const double dx = extent.width() / image.width(), dy = extent.height() / image.height();
        std::erase_if(m_frames, [&](const Frame& f) {
            return f.source == source.id() && f.image.size() == image.size()
                && std::abs(f.extent.width() / f.image.width() - dx) <= 1e-9 * dx
                && std::abs(f.extent.height() / f.image.height() - dy) <= 1e-9 * dy && f.crs == crs
                && sameStyle(f.style, style);
        });
        m_frames.push_front(Frame{source.id(), style, crs, extent, image, level});
        if (m_frames.size() > kFrames)
            m_frames.pop_back();
    }

private:
    struct Frame {
        std::uint64_t source = 0;
        RasterStyle style;
        Crs crs;
        Box extent;
        QImage image;
        int level = -1; ///< the pyramid level it was drawn from (RasterTileStats::level)
    };
    static constexpr qint64 kMaxPixels = 3840 * 2160; ///< a 4K screen; larger draws (exports) are not kept
    static constexpr std::size_t kFrames = 3;         ///< a canvas, a side-by-side view, a print preview
    std::mutex m_mutex;
    std::deque<Frame> m_frames; ///< the most recent first
};

RecentFrames& recentFrames()
{
    static RecentFrames frames;
    return frames;
}

} // namespace

QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel)
{
    return drawRaster(source, extent, crs, size, style, cancel, {});
}

QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel, const RasterDrawOptions& options, RasterTileStats* stats)
{
    return drawOrReuse(source, extent, crs, size, style, cancel, options, stats, true);
}

namespace {

QImage drawOrReuse(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel, const RasterDrawOptions& options, RasterTileStats* stats, bool mayReuse)
{
    const std::string& path = source.path();
    if (size.width() <= 0 || size.height() <= 0)
        throw Error(ErrorCode::Argument, path + ": cannot draw into an image of " + std::to_string(size.width())
                + " x " + std::to_string(size.height()) + " pixels");
    if (!(extent.width() > 0 && extent.height() > 0 && std::isfinite(extent.width() * extent.height())))
        throw Error(ErrorCode::Argument, path + ": cannot draw an empty or infinite extent");
    cancel.throwIfCancelled(path.c_str());

    // Each draw opens the file for itself (a Raster is one thread's), taking the CRS found when it was opened.
    const Raster raster = source.reader();
    if (style.fadeEdges > 0) {
        // Drawn with a margin as wide as the fade, faded, then cut to the view: an edge just outside the view
        // still fades the pixels inside it, so tiles join. The margin is capped at 512 px (a wider fade would
        // draw a huge image around the view); beyond it a tile's fade may show a seam, never a hard edge.
        const double pixel = extent.width() / size.width();
        const double fade = fadePixels(raster, crs, pixel, std::min(style.fadeEdges, 0.5));
        const int margin = static_cast<int>(std::ceil(std::min(fade, 512.0)));
        RasterStyle plain = style;
        plain.fadeEdges = 0;
        if (margin <= 0)
            return drawRaster(source, extent, crs, size, plain, cancel, options, stats);
        const Box wide(extent.minX - margin * pixel, extent.minY - margin * extent.height() / size.height(),
            extent.maxX + margin * pixel, extent.maxY + margin * extent.height() / size.height());
        QImage image =
            drawRaster(source, wide, crs, size + QSize(2 * margin, 2 * margin), plain, cancel, options, stats);
        fadeEdges(image, fade, cancel, path);
        return image.copy(margin, margin, size.width(), size.height());
    }
    const Drawing drawing = resolveDrawing(raster, style, path);
    const RasterGrid grid{extent, crs, size.width(), size.height(), drawing.kind == Drawing::Kind::Hillshade ? 1 : 0};
    // North-up in the map's CRS: composed from the shared tile cache (gis/data/rastertiles.h), so that the next
    // draw of a nearby view reads only the new tiles. Reprojected: GDAL's warper, which picks the overview itself.
    RasterTileStats tileStats;
    RasterTileOptions tileOptions;
    tileOptions.cachedOnly = options.cachedOnly;
    const bool tiled = canReadTiled(source, grid);
    if (!tiled && options.cachedOnly) {
        tileStats.missing = 1;
        if (stats)
            *stats = tileStats;
        QImage empty(size, QImage::Format_ARGB32_Premultiplied);
        empty.fill(Qt::transparent);
        return empty;
    }
    const bool reusable = mayReuse && tiled && options.reuseFrames && RecentFrames::fits(size);
    if (reusable)
        if (std::optional<QImage> moved = recentFrames().moved(source, extent, crs, size, style, cancel, options, stats))
            return *moved;
    const RasterPixels data = tiled
        ? readTiled(source, drawing.bands, grid, drawing.resampling, tileOptions, cancel, &tileStats)
        : raster.read(drawing.bands, grid, drawing.resampling, cancel);
    if (stats)
        *stats = tileStats;
    if (reusable && tileStats.missing == 0) {
        QImage image = paint(source, raster, drawing, style, grid, data, cancel, path);
        recentFrames().keep(source, extent, crs, image, style, tileStats.level);
        return image;
    }
    return paint(source, raster, drawing, style, grid, data, cancel, path);
}

QImage paint(const RasterSource& source, const Raster& raster, const Drawing& drawing, const RasterStyle& style,
    const RasterGrid& grid, const RasterPixels& data, const CancellationToken& cancel, const std::string& path)
{

    const auto rangeOf = [&](int band) -> ValueRange {
        if (style.stretch == RasterStyle::Stretch::Manual)
            return {style.min, style.max};
        return stretchRange(source.statistics(raster, band, cancel), style);
    };
    switch (drawing.kind) {
    case Drawing::Kind::Ramp:
        return paintSingleBand(data, grid.border, rampTable(drawing.ramp), rangeOf(drawing.bands[0]), style.clearBelow,
            cancel, path);
    case Drawing::Kind::Rgb: {
        std::array<std::optional<ValueRange>, 3> ranges;
        for (std::size_t i = 0; i < 3; ++i)
            if (raster.band(drawing.bands[i]).dataType != "Byte")
                ranges[i] = rangeOf(drawing.bands[i]);
        return paintRgb(data, grid.border, ranges, cancel, path);
    }
    case Drawing::Kind::Palette:
        return paintPalette(data, grid.border, paletteOf(raster.band(drawing.bands[0])), cancel, path);
    case Drawing::Kind::Hillshade: {
        const HillshadeLight light{style.azimuth, style.altitude, style.zFactor};
        const std::vector<std::uint8_t> shades = hillshade(data, grid, light, cancel, path);
        std::optional<std::pair<std::vector<QRgb>, ValueRange>> tint;
        if (style.hypsometricTint)
            tint.emplace(rampTable(drawing.ramp), rangeOf(drawing.bands[0]));
        return paintHillshade(data, grid.border, shades, flatShade(light), tint, cancel, path);
    }
    }
    return {};
}

} // namespace

} // namespace gis
