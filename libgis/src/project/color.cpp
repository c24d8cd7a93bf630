#include "gis/project/color.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace gis {

namespace {

struct NamedColor {
    const char* name;
    std::uint32_t rgb;
};

// The CSS / SVG 1.1 colour keywords (https://www.w3.org/TR/css-color-3/#svg-color), sorted by name.
constexpr NamedColor kNamedColors[] = {
    {"aliceblue", 0xf0f8ff},
    {"antiquewhite", 0xfaebd7},
    {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4},
    {"azure", 0xf0ffff},
    {"beige", 0xf5f5dc},
    {"bisque", 0xffe4c4},
    {"black", 0x000000},
    {"blanchedalmond", 0xffebcd},
    {"blue", 0x0000ff},
    {"blueviolet", 0x8a2be2},
    {"brown", 0xa52a2a},
    {"burlywood", 0xdeb887},
    {"cadetblue", 0x5f9ea0},
    {"chartreuse", 0x7fff00},
    {"chocolate", 0xd2691e},
    {"coral", 0xff7f50},
    {"cornflowerblue", 0x6495ed},
    {"cornsilk", 0xfff8dc},
    {"crimson", 0xdc143c},
    {"cyan", 0x00ffff},
    {"darkblue", 0x00008b},
    {"darkcyan", 0x008b8b},
    {"darkgoldenrod", 0xb8860b},
    {"darkgray", 0xa9a9a9},
    {"darkgreen", 0x006400},
    {"darkgrey", 0xa9a9a9},
    {"darkkhaki", 0xbdb76b},
    {"darkmagenta", 0x8b008b},
    {"darkolivegreen", 0x556b2f},
    {"darkorange", 0xff8c00},
    {"darkorchid", 0x9932cc},
    {"darkred", 0x8b0000},
    {"darksalmon", 0xe9967a},
    {"darkseagreen", 0x8fbc8f},
    {"darkslateblue", 0x483d8b},
    {"darkslategray", 0x2f4f4f},
    {"darkslategrey", 0x2f4f4f},
    {"darkturquoise", 0x00ced1},
    {"darkviolet", 0x9400d3},
    {"deeppink", 0xff1493},
    {"deepskyblue", 0x00bfff},
    {"dimgray", 0x696969},
    {"dimgrey", 0x696969},
    {"dodgerblue", 0x1e90ff},
    {"firebrick", 0xb22222},
    {"floralwhite", 0xfffaf0},
    {"forestgreen", 0x228b22},
    {"fuchsia", 0xff00ff},
    {"gainsboro", 0xdcdcdc},
    {"ghostwhite", 0xf8f8ff},
    {"gold", 0xffd700},
    {"goldenrod", 0xdaa520},
    {"gray", 0x808080},
    {"green", 0x008000},
    {"greenyellow", 0xadff2f},
    {"grey", 0x808080},
    {"honeydew", 0xf0fff0},
    {"hotpink", 0xff69b4},
    {"indianred", 0xcd5c5c},
    {"indigo", 0x4b0082},
    {"ivory", 0xfffff0},
    {"khaki", 0xf0e68c},
    {"lavender", 0xe6e6fa},
    {"lavenderblush", 0xfff0f5},
    {"lawngreen", 0x7cfc00},
    {"lemonchiffon", 0xfffacd},
    {"lightblue", 0xadd8e6},
    {"lightcoral", 0xf08080},
    {"lightcyan", 0xe0ffff},
    {"lightgoldenrodyellow", 0xfafad2},
    {"lightgray", 0xd3d3d3},
    {"lightgreen", 0x90ee90},
    {"lightgrey", 0xd3d3d3},
    {"lightpink", 0xffb6c1},
    {"lightsalmon", 0xffa07a},
    {"lightseagreen", 0x20b2aa},
    {"lightskyblue", 0x87cefa},
    {"lightslategray", 0x778899},
    {"lightslategrey", 0x778899},
    {"lightsteelblue", 0xb0c4de},
    {"lightyellow", 0xffffe0},
    {"lime", 0x00ff00},
    {"limegreen", 0x32cd32},
    {"linen", 0xfaf0e6},
    {"magenta", 0xff00ff},
    {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa},
    {"mediumblue", 0x0000cd},
    {"mediumorchid", 0xba55d3},
    {"mediumpurple", 0x9370db},
    {"mediumseagreen", 0x3cb371},
    {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a},
    {"mediumturquoise", 0x48d1cc},
    {"mediumvioletred", 0xc71585},
    {"midnightblue", 0x191970},
    {"mintcream", 0xf5fffa},
    {"mistyrose", 0xffe4e1},
    {"moccasin", 0xffe4b5},
    {"navajowhite", 0xffdead},
    {"navy", 0x000080},
    {"oldlace", 0xfdf5e6},
    {"olive", 0x808000},
    {"olivedrab", 0x6b8e23},
    {"orange", 0xffa500},
    {"orangered", 0xff4500},
    {"orchid", 0xda70d6},
    {"palegoldenrod", 0xeee8aa},
    {"palegreen", 0x98fb98},
    {"paleturquoise", 0xafeeee},
    {"palevioletred", 0xdb7093},
    {"papayawhip", 0xffefd5},
    {"peachpuff", 0xffdab9},
    {"peru", 0xcd853f},
    {"pink", 0xffc0cb},
    {"plum", 0xdda0dd},
    {"powderblue", 0xb0e0e6},
    {"purple", 0x800080},
    {"red", 0xff0000},
    {"rosybrown", 0xbc8f8f},
    {"royalblue", 0x4169e1},
    {"saddlebrown", 0x8b4513},
    {"salmon", 0xfa8072},
    {"sandybrown", 0xf4a460},
    {"seagreen", 0x2e8b57},
    {"seashell", 0xfff5ee},
    {"sienna", 0xa0522d},
    {"silver", 0xc0c0c0},
    {"skyblue", 0x87ceeb},
    {"slateblue", 0x6a5acd},
    {"slategray", 0x708090},
    {"slategrey", 0x708090},
    {"snow", 0xfffafa},
    {"springgreen", 0x00ff7f},
    {"steelblue", 0x4682b4},
    {"tan", 0xd2b48c},
    {"teal", 0x008080},
    {"thistle", 0xd8bfd8},
    {"tomato", 0xff6347},
    {"transparent", 0x000000},
    {"turquoise", 0x40e0d0},
    {"violet", 0xee82ee},
    {"wheat", 0xf5deb3},
    {"white", 0xffffff},
    {"whitesmoke", 0xf5f5f5},
    {"yellow", 0xffff00},
    {"yellowgreen", 0x9acd32},
};

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/// `digits` hex digits as a number; -1 when one is not a hex digit or there are more than 8 (a colour has at most 8).
long hexValue(std::string_view digits)
{
    if (digits.size() > 8)
        return -1;
    long v = 0;
    for (char c : digits) {
        const int d = hexDigit(c);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

std::optional<Color> parseHex(std::string_view s)
{
    const long v = hexValue(s);
    if (v < 0)
        return std::nullopt;
    switch (s.size()) {
    case 3: // #rgb: each digit doubled
        return Color(static_cast<int>((v >> 8) & 0xf) * 17, static_cast<int>((v >> 4) & 0xf) * 17, static_cast<int>(v & 0xf) * 17);
    case 6:
        return Color(static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff));
    case 8: // CSS order: alpha last
        return Color(static_cast<int>((v >> 24) & 0xff), static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff),
            static_cast<int>(v & 0xff));
    default:
        return std::nullopt;
    }
}

/// rgb(r, g, b) or rgba(r, g, b, a): r, g, b whole numbers 0..255, a from 0 to 1 (clamped).
std::optional<Color> parseFunction(std::string_view s)
{
    const bool withA = s.rfind("rgba(", 0) == 0;
    if (!withA && s.rfind("rgb(", 0) != 0)
        return std::nullopt;
    if (s.back() != ')')
        return std::nullopt;
    std::string inner(s.substr(withA ? 5 : 4, s.size() - (withA ? 5 : 4) - 1));
    std::array<int, 3> rgb{};
    std::size_t pos = 0;
    const auto skipSpaces = [&] {
        while (pos < inner.size() && std::isspace(static_cast<unsigned char>(inner[pos])))
            ++pos;
    };
    for (int i = 0; i < 3; ++i) {
        skipSpaces();
        const std::size_t start = pos;
        while (pos < inner.size() && std::isdigit(static_cast<unsigned char>(inner[pos])))
            ++pos;
        if (pos == start || pos - start > 3)
            return std::nullopt;
        rgb[static_cast<std::size_t>(i)] = std::atoi(inner.substr(start, pos - start).c_str());
        if (rgb[static_cast<std::size_t>(i)] > 255)
            return std::nullopt;
        skipSpaces();
        if (i < 2) {
            if (pos >= inner.size() || inner[pos] != ',')
                return std::nullopt;
            ++pos;
        }
    }
    int alpha = 255;
    if (pos < inner.size() && inner[pos] == ',') {
        ++pos;
        skipSpaces();
        const std::size_t start = pos;
        while (pos < inner.size() && (std::isdigit(static_cast<unsigned char>(inner[pos])) || inner[pos] == '.'))
            ++pos;
        if (pos == start)
            return std::nullopt;
        float a = 0;
        if (std::from_chars(inner.data() + start, inner.data() + pos, a).ptr != inner.data() + pos)
            return std::nullopt; // "1.2.3"
        a = std::clamp(a, 0.0f, 1.0f);
        // As a 16-bit channel rounded to 8 bits: the value Qt's QColor::setAlphaF gave the same files before.
        const int a16 = static_cast<int>(a * 65535.0f + 0.5f);
        alpha = (a16 - (a16 >> 8) + 0x80) >> 8; // x / 257, rounded
        skipSpaces();
    }
    if (pos != inner.size())
        return std::nullopt;
    return Color(rgb[0], rgb[1], rgb[2], alpha);
}

} // namespace

std::string Color::hexRgb() const
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", red, green, blue);
    return buffer;
}

std::optional<Color> parseColor(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 64)
        return std::nullopt;
    if (text.front() == '#')
        return parseHex(text.substr(1));
    std::string lower;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "none" || lower == "transparent")
        return Color::transparent();
    if (auto c = parseFunction(lower))
        return c;
    const auto* end = std::end(kNamedColors);
    const auto* it = std::lower_bound(std::begin(kNamedColors), end, lower,
        [](const NamedColor& n, const std::string& name) { return name.compare(n.name) > 0; });
    if (it == end || lower != it->name)
        return std::nullopt;
    return Color(static_cast<int>(it->rgb >> 16), static_cast<int>((it->rgb >> 8) & 0xff), static_cast<int>(it->rgb & 0xff));
}

std::string colorToJson(const Color& c)
{
    std::string s = c.hexRgb();
    if (c.alpha != 255) {
        char buffer[3];
        std::snprintf(buffer, sizeof buffer, "%02x", c.alpha);
        s += buffer;
    }
    return s;
}

} // namespace gis
