#pragma once

// Private: the bounds on every size that reaches the renderer from a style, a layout template, a project or a
// caller (the CLI, the viewer, a service), and the checks that answer an absurd value with an Error naming it,
// instead of a crash, an allocation of gigabytes or a render that never ends. docs/styles.md and
// docs/layouts.md ("Limits") list the same numbers; change both together.

#include <QString>

#include <string>
#include <string_view>

#include "gis/render/layout.h"
#include "gis/render/maprenderer.h"
#include "gis/render/style.h"

namespace gis::detail {

// Images: one ARGB32 buffer of the largest allowed image is 1 GiB. A0 at 300 dpi (9933 x 14043, 139 Mpx) and
// A4 at 1200 dpi fit; the side limit keeps device coordinates well inside what Qt's rasterizer handles.
constexpr int kMaxImageSide = 32768;
constexpr long long kMaxImagePixels = 1LL << 28; // 268,435,456 pixels
// Resolution of a render or an export: below 1 nothing is visible, above 2400 no printer resolves more, and
// every style length is multiplied by dpi / 96.
constexpr double kMinDpi = 1;
constexpr double kMaxDpi = 2400;

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

// Layout templates.
constexpr double kMinFontPt = 3;
constexpr double kMaxFontPt = 300;                ///< item font sizes; titles and legends shrink from it 1 pt at a time
constexpr double kMaxScaleDenominator = 1e9;      ///< a map item's fixed scale 1:N (0: fit)

// Texts: a label, an atlas title, a layout title or text, a legend entry is cut to this many code points (with
// an ellipsis) before it is measured or shaped: a longer one never fits on a map, and shaping 50 MB takes minutes.
constexpr int kMaxTextChars = 1000;

/// Throws Error(Format) "<where> labels.size: 100000 px is larger than the limit of 1000 px" for the first style
/// value out of bounds. `where` is a prefix as parseStyle() takes it ("towns.json:", "layers[2].style").
void checkStyle(const LayerStyle& style, const std::string& where);

/// Throws Error(Format) "<where> items[1].font_size: ..." for the first layout value out of bounds.
void checkLayout(const Layout& layout, const std::string& where);

/// Throws Error(Argument) "<what>: ..." unless dpi is a number in [kMinDpi, kMaxDpi].
void checkDpi(double dpi, const std::string& what);

/// Throws Error(Argument) "<what>: ..." unless width x height is an image that may be allocated.
void checkImageSize(double width, double height, const std::string& what);

/// A render request's DPI and image size (renderImage, renderToPainter, exportMap). Throws Error(Argument).
void checkRenderRequest(const RenderRequest& request, const std::string& what);

/// A layout export or page image at `dpi`: the layout's values, the DPI, the map and inset frames' pixel sizes
/// and, when `wholePage` (PNG, page image), the page's. Throws Error(Format) for the layout, Error(Argument) for
/// the DPI and sizes; the message for a page says the highest DPI that would fit.
void checkLayoutRender(const Layout& layout, double dpi, bool wholePage, const std::string& what);

/// `text` cut to kMaxTextChars code points plus "…" when longer (never inside a surrogate pair).
QString limitText(const QString& text);

/// The same from UTF-8, converting only a bounded prefix of a huge string; `simplify` collapses whitespace runs
/// (QString::simplified) before the cut, so a label of words and newlines still keeps kMaxTextChars characters.
QString limitText(std::string_view utf8, bool simplify = false);

} // namespace gis::detail
