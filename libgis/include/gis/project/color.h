#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// An sRGB colour with alpha, 8 bits a channel: what style and project files hold. The renderer turns it into
/// its own colour type (gis/render/qtstyle.h); the model itself needs no drawing library.
struct Color {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;
    std::uint8_t alpha = 255;

    constexpr Color() = default;
    constexpr Color(int r, int g, int b, int a = 255)
        : red(static_cast<std::uint8_t>(r)), green(static_cast<std::uint8_t>(g)), blue(static_cast<std::uint8_t>(b)),
          alpha(static_cast<std::uint8_t>(a))
    {
    }

    static constexpr Color black() { return {0, 0, 0}; }
    static constexpr Color white() { return {255, 255, 255}; }
    static constexpr Color transparent() { return {0, 0, 0, 0}; }

    /// "#rrggbb" (lower case), the opaque part of the colour.
    std::string hexRgb() const;

    friend constexpr bool operator==(const Color& a, const Color& b)
    {
        return a.red == b.red && a.green == b.green && a.blue == b.blue && a.alpha == b.alpha;
    }
    friend constexpr bool operator!=(const Color& a, const Color& b) { return !(a == b); }
};

/// A colour as style and project files write it: "#1f78b4", "#1f78b480" (alpha last, CSS order),
/// "rgb(31, 120, 180)", "rgba(31, 120, 180, 0.5)" (alpha 0..1), "#rgb", a CSS/SVG colour name ("steelblue"),
/// "none" or "transparent". Surrounding spaces are ignored, names and hex digits in any case. nullopt when `text`
/// is none of these. Any thread.
std::optional<Color> parseColor(std::string_view text);

/// The colour as files write it: "#rrggbb", or "#rrggbbaa" (alpha last, as parseColor reads it) when it is not
/// opaque. Any thread.
std::string colorToJson(const Color& color);

} // namespace gis

GIS_API_END
