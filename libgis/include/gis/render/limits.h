#pragma once

// The bounds on images, resolutions and texts that the renderer and the print layouts accept (docs/styles.md and
// docs/layouts.md, "Limits", list the same numbers; change both together).

#include <QString>

#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "gis/core/limitcheck.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Images: one ARGB32 buffer of the largest allowed image is 1 GiB. A0 at 300 dpi (9933 x 14043, 139 Mpx) and
/// A4 at 1200 dpi fit; the side limit keeps device coordinates well inside what Qt's rasterizer handles.
constexpr int kMaxImageSide = 32768;
constexpr long long kMaxImagePixels = 1LL << 28; ///< 268,435,456 pixels

/// Resolution of a render or an export: below 1 nothing is visible, above 2400 no printer resolves more, and
/// every style length is multiplied by dpi / 96.
constexpr double kMinDpi = 1;
constexpr double kMaxDpi = 2400;

/// Texts: a label, an atlas title, a layout title or text, a legend entry is cut to this many code points (with
/// an ellipsis) before it is measured or shaped: a longer one never fits on a map, and shaping 50 MB takes minutes.
constexpr int kMaxTextChars = 1000;

/// Throws Error(Argument) "<what>: ..." unless dpi is a number in [kMinDpi, kMaxDpi]. Any thread.
void checkDpi(double dpi, const std::string& what);

/// Throws Error(Argument) "<what>: ..." unless width x height is an image that may be allocated (at least 1 x 1,
/// at most kMaxImageSide a side and kMaxImagePixels in all). Any thread.
void checkImageSize(double width, double height, const std::string& what);

/// `text` cut to kMaxTextChars code points plus "…" when longer (never inside a surrogate pair). Any thread.
QString limitText(const QString& text);

/// The same from UTF-8, converting only a bounded prefix of a huge string; `simplify` collapses whitespace runs
/// (QString::simplified) before the cut, so a label of words and newlines still keeps kMaxTextChars characters.
QString limitText(std::string_view utf8, bool simplify = false);

} // namespace gis

GIS_API_END
