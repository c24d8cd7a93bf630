#pragma once

// The bounds on every size that reaches the renderer from a style, and the check that answers an absurd value with
// an Error naming it, instead of a crash, an allocation of gigabytes or a render that never ends. docs/styles.md
// ("Limits") lists the same numbers; change both together. The image, DPI and text limits that the renderer and
// print layouts share are gis/render/limits.h.

#include <string>

#include "gis/core/export.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

// Style lengths in pixels of 1/96 inch (millimetres are converted). Markers and icons are drawn once into a
// sprite of their device size, hatches into a tile of their spacing: these keep those buffers under ~100 MB at
// the highest DPI.
constexpr double kMaxSymbolSizePx = 200;  ///< marker and icon size (53 mm)
constexpr double kMaxStrokeWidthPx = 200; ///< line, outline and casing width
constexpr double kMaxHatchPx = 100;       ///< hatch spacing and hatch line width
constexpr double kMaxLabelSizePx = 1000;  ///< label text size (265 mm)
constexpr double kMaxHaloPx = 100;        ///< label halo width
constexpr double kMaxLabelOffsetPx = 1000;
// Dash patterns are multiples of the line width; tiny dashes would cut a line into millions of pieces.
constexpr double kMinDash = 0.1;
constexpr double kMaxDash = 1000;
constexpr int kMaxDashes = 16;

/// Throws Error(Format) "<where> labels.size: 100000 px is larger than the limit of 1000 px" for the first style
/// value out of bounds. `where` is a prefix as parseStyle() takes it ("towns.json:", "layers[2].style"). Any thread.
void checkStyle(const LayerStyle& style, const std::string& where);

} // namespace gis

GIS_API_END
