#include "hillshade.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "gis/data/terrain.h"

namespace gis::detail {

namespace {

constexpr double kDegree = std::numbers::pi / 180.0;

} // namespace

int flatShade(const HillshadeLight& light)
{
    return static_cast<int>(std::lround(terrain::shade(std::sin(light.altitude * kDegree))));
}

std::vector<std::uint8_t> hillshade(const RasterPixels& dem, const RasterGrid& grid, const HillshadeLight& light,
    const CancellationToken& cancel, const std::string& label)
{
    const int border = grid.border; // >= 1
    std::vector<std::uint8_t> shades(static_cast<std::size_t>(grid.width) * grid.height, 0);
    const terrain::Sun sun = terrain::sunAt(light.azimuth, light.altitude);
    const bool geographic = grid.crs.isValid() && grid.crs.isGeographic();

    for (int row = 0; row < grid.height; ++row) {
        cancel.throwIfCancelled(label.c_str());
        const int gr = row + border;
        double cellEast = grid.pixelWidth();
        double cellNorth = grid.pixelHeight();
        if (geographic) {
            const auto [east, north] = terrain::metresPerDegree(grid.rowCentreY(gr));
            cellEast *= east;
            cellNorth *= north;
        }
        const terrain::HornScale scale = terrain::hornScale(light.zFactor, cellEast, cellNorth);
        for (int col = 0; col < grid.width; ++col) {
            const int gc = col + border;
            if (!dem.cover(gc, gr))
                continue;
            const double centre = dem.value(0, gc, gr);
            const auto at = [&](int dx, int dy) { return dem.value(0, gc + dx, gr + dy); };
            const auto has = [&](int dx, int dy) { return dem.cover(gc + dx, gr + dy) != 0; };
            // w[3 * (dy + 1) + (dx + 1)]: the 3x3 window, row 0 to the north. A missing neighbour is extrapolated
            // along its row, else its column, else through the centre: exact on any plane.
            terrain::Window w{};
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    double v = centre;
                    if (has(dx, dy))
                        v = at(dx, dy);
                    else if (dx != 0 && has(0, dy) && has(-dx, dy))
                        v = 2 * at(0, dy) - at(-dx, dy);
                    else if (dy != 0 && has(dx, 0) && has(dx, -dy))
                        v = 2 * at(dx, 0) - at(dx, -dy);
                    else if (has(-dx, -dy))
                        v = 2 * centre - at(-dx, -dy);
                    w[static_cast<std::size_t>(3 * (dy + 1) + dx + 1)] = v;
                }
            const double shade = terrain::shade(terrain::cosIncidence(terrain::hornGradient(w, scale), sun));
            shades[static_cast<std::size_t>(row) * grid.width + col]
                = static_cast<std::uint8_t>(std::clamp(std::lround(shade), 1L, 255L));
        }
    }
    return shades;
}

QImage paintHillshade(const RasterPixels& dem, int border, const std::vector<std::uint8_t>& shades, int flat,
    const std::optional<std::pair<std::vector<QRgb>, ValueRange>>& tint, const CancellationToken& cancel,
    const std::string& label)
{
    QImage image(dem.width - 2 * border, dem.height - 2 * border, QImage::Format_ARGB32_Premultiplied);
    for (int row = 0; row < image.height(); ++row) {
        cancel.throwIfCancelled(label.c_str());
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(row));
        for (int col = 0; col < image.width(); ++col) {
            const int shade = shades[static_cast<std::size_t>(row) * image.width() + col];
            const int cover = dem.cover(col + border, row + border);
            if (!shade || !cover) {
                line[col] = 0;
                continue;
            }
            QRgb colour = qRgb(shade, shade, shade);
            if (tint) {
                const QRgb base = tint->first[static_cast<std::size_t>(
                    rampIndex(dem.value(0, col + border, row + border), tint->second))];
                const double f = static_cast<double>(shade) / flat;
                const auto scaled = [f](int c) { return static_cast<int>(std::min(255L, std::lround(c * f))); };
                colour = qRgb(scaled(qRed(base)), scaled(qGreen(base)), scaled(qBlue(base)));
            }
            line[col] = coveredPixel(colour, cover);
        }
    }
    return image;
}

} // namespace gis::detail
