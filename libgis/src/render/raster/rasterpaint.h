#pragma once

// Private: turning fetched band values into pixels: one band through a colour ramp, three bands as RGB, a
// palette band through its colour table.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <QImage>
#include <QRgb>

#include "gis/core/feedback.h"
#include "gis/data/raster.h"

namespace gis::detail {

using ValueRange = std::pair<double, double>; ///< values mapped to the first and the last colour

/// 256 colours of a colour ramp (colorRamp()), for a lookup by stretched value.
std::vector<QRgb> rampTable(std::string_view name);

/// The index 0..255 into a ramp table for `value` stretched over `range` (the middle when the range is empty).
int rampIndex(double value, const ValueRange& range);

/// `colour` with its alpha scaled by `coverage` (0..255), premultiplied for QImage::Format_ARGB32_Premultiplied.
inline QRgb coveredPixel(QRgb colour, int coverage)
{
    return qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), qAlpha(colour) * coverage / 255));
}

/// Band 0 of `data` (a grid with `border` pixels around the image) through `table` over `range`; a value with
/// |value| < clearBelow is transparent (RasterStyle::clearBelow; 0: none).
QImage paintSingleBand(const RasterPixels& data, int border, const std::vector<QRgb>& table, const ValueRange& range,
    double clearBelow, const CancellationToken& cancel, const std::string& label);

/// Bands 0, 1, 2 as red, green and blue: each stretched over its range, or taken as 0..255 without one.
QImage paintRgb(const RasterPixels& data, int border, const std::array<std::optional<ValueRange>, 3>& ranges,
    const CancellationToken& cancel, const std::string& label);

/// Band 0 as indices into a colour table (a paletted GeoTIFF); indices past the table are transparent.
QImage paintPalette(const RasterPixels& data, int border, const std::vector<QRgb>& table,
    const CancellationToken& cancel, const std::string& label);

} // namespace gis::detail
