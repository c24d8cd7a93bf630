#include "gis/project/style.h"

#include <array>
#include <cmath>

namespace gis {

LayerStyle defaultStyle(std::string_view geometryType, int seed)
{
    // Muted, distinct hues that read on white and under Arabic labels alike, each with its darker outlines and its
    // lighter, translucent fill (what Qt's QColor::darker(160), darker(130) and lighter(150) with alpha 0.55 made of
    // them, kept as numbers so that styles stay as they were).
    struct Hue {
        Color base, pointOutline, areaFill, areaOutline;
    };
    static const std::array<Hue, 8> palette = {{
        {Color(31, 120, 180), Color(19, 75, 112), Color(59, 176, 255, 140), Color(24, 92, 138)},
        {Color(51, 160, 44), Color(32, 100, 27), Color(76, 240, 66, 140), Color(39, 123, 34)},
        {Color(227, 26, 28), Color(142, 16, 18), Color(255, 115, 116, 140), Color(175, 20, 22)},
        {Color(255, 127, 0), Color(159, 79, 0), Color(255, 191, 127, 140), Color(196, 98, 0)},
        {Color(106, 61, 154), Color(66, 38, 96), Color(159, 92, 231, 140), Color(82, 47, 118)},
        {Color(177, 89, 40), Color(111, 56, 25), Color(255, 135, 68, 140), Color(136, 68, 31)},
        {Color(166, 206, 227), Color(104, 129, 142), Color(255, 255, 255, 140), Color(128, 158, 175)},
        {Color(178, 223, 138), Color(111, 139, 86), Color(246, 255, 237, 140), Color(137, 172, 106)},
    }};
    const Hue& hue = palette[static_cast<std::size_t>(seed < 0 ? -seed : seed) % palette.size()];
    const Color base = hue.base;
    LayerStyle style;
    Symbol& s = style.renderer.symbol;
    const bool point = geometryType.find("Point") != std::string_view::npos;
    const bool line = geometryType.find("LineString") != std::string_view::npos;
    if (point) {
        s.marker = Symbol::Marker::Circle;
        s.size = Length{7};
        s.fill.color = base;
        s.stroke.color = hue.pointOutline;
        s.stroke.width = Length{1};
    } else if (line) {
        s.stroke.color = base;
        s.stroke.width = Length{1.5};
        s.fill.pattern = Fill::Pattern::None;
    } else {
        s.fill.color = hue.areaFill;
        s.stroke.color = hue.areaOutline;
        s.stroke.width = Length{1};
    }
    return style;
}

LayerStyle signedChangePolygonStyle(const std::string& cutLabel, const std::string& fillLabel)
{
    LayerStyle style;
    Renderer& r = style.renderer;
    r.kind = Renderer::Kind::Categorized;
    r.field = "sign";
    Symbol cut, fill;
    cut.fill.color = Color(215, 48, 39, 190);
    cut.stroke.color = Color(165, 0, 38);
    fill.fill.color = Color(33, 102, 172, 190);
    fill.stroke.color = Color(5, 48, 97);
    r.categories = {{"cut", cutLabel, cut}, {"fill", fillLabel, fill}};
    return style;
}

RasterStyle signedChangeRasterStyle(double extreme, double clearBelow)
{
    RasterStyle style;
    style.mode = RasterStyle::Mode::SingleBand;
    style.band = 1;
    style.ramp = "RdBu";
    style.stretch = RasterStyle::Stretch::Manual;
    const double e = std::isfinite(extreme) && extreme > 0 ? extreme : 1;
    style.min = -e;
    style.max = e;
    style.clearBelow = std::isfinite(clearBelow) && clearBelow > 0 ? clearBelow : 0;
    return style;
}

} // namespace gis
