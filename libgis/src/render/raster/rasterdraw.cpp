#include "gis/render/rasterdraw.h"

#include <cmath>
#include <optional>

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

} // namespace

QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel)
{
    return drawRaster(source, extent, crs, size, style, cancel, {});
}

QImage drawRaster(const RasterSource& source, const Box& extent, const Crs& crs, QSize size, const RasterStyle& style,
    const CancellationToken& cancel, const RasterDrawOptions& options, RasterTileStats* stats)
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
    const RasterPixels data = tiled
        ? readTiled(source, drawing.bands, grid, drawing.resampling, tileOptions, cancel, &tileStats)
        : raster.read(drawing.bands, grid, drawing.resampling, cancel);
    if (stats)
        *stats = tileStats;

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

} // namespace gis
