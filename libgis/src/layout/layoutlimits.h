#pragma once

// Private: the bounds on a print layout's values (docs/layouts.md, "Limits", lists the same numbers; change both
// together). The image, DPI and text limits are the renderer's: gis/render/limits.h.

#include <string>

#include "gis/layout/layout.h"

namespace gis::detail {

constexpr double kMinFontPt = 3;
constexpr double kMaxFontPt = 300;                ///< item font sizes; titles and legends shrink from it 1 pt at a time
constexpr double kMaxScaleDenominator = 1e9;      ///< a map item's fixed scale 1:N (0: fit)

/// Throws Error(Format) "<where> items[1].font_size: ..." for the first layout value out of bounds.
void checkLayout(const Layout& layout, const std::string& where);

/// A layout export or page image at `dpi`: the layout's values, the DPI, the map and inset frames' pixel sizes
/// and, when `wholePage` (PNG, page image), the page's. Throws Error(Format) for the layout, Error(Argument) for
/// the DPI and sizes; the message for a page says the highest DPI that would fit.
void checkLayoutRender(const Layout& layout, double dpi, bool wholePage, const std::string& what);

} // namespace gis::detail
