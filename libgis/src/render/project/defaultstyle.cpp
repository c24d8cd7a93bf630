#include "gis/render/style.h"

#include <array>

namespace gis {

LayerStyle defaultStyle(std::string_view geometryType, int seed)
{
    // Muted, distinct hues that read on white and under Arabic labels alike.
    static const std::array<QColor, 8> palette = {QColor(31, 120, 180), QColor(51, 160, 44), QColor(227, 26, 28),
        QColor(255, 127, 0), QColor(106, 61, 154), QColor(177, 89, 40), QColor(166, 206, 227), QColor(178, 223, 138)};
    const QColor base = palette[static_cast<std::size_t>(seed < 0 ? -seed : seed) % palette.size()];
    LayerStyle style;
    Symbol& s = style.renderer.symbol;
    const bool point = geometryType.find("Point") != std::string_view::npos;
    const bool line = geometryType.find("LineString") != std::string_view::npos;
    if (point) {
        s.marker = Symbol::Marker::Circle;
        s.size = Length{7};
        s.fill.color = base;
        s.stroke.color = base.darker(160);
        s.stroke.width = Length{1};
    } else if (line) {
        s.stroke.color = base;
        s.stroke.width = Length{1.5};
        s.fill.pattern = Fill::Pattern::None;
    } else {
        QColor fill = base.lighter(150);
        fill.setAlphaF(0.55f);
        s.fill.color = fill;
        s.stroke.color = base.darker(130);
        s.stroke.width = Length{1};
    }
    return style;
}

} // namespace gis
