// Styles back to JSON: what parseStyle() reads, key for key, so a style saved by the editor reads back equal.

#include <charconv>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/project/stylejson.h"

namespace gis {

namespace {

Json colorJson(const Color& c)
{
    return colorToJson(c);
}

Json lengthJson(const Length& l)
{
    if (l.unit == Length::Unit::Pixel)
        return l.value;
    // The shortest digits that read back equal, never an exponent (the length parser reads none).
    char buffer[400];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, l.value, std::chars_format::fixed).ptr;
    return std::string(buffer, end) + "mm";
}

Json strokeJson(const Stroke& s)
{
    static const char* caps[] = {"flat", "square", "round"};  // LineCap's order
    static const char* joins[] = {"miter", "bevel", "round"}; // LineJoin's order
    Json o{{"color", colorJson(s.color)}, {"width", lengthJson(s.width)}};
    if (!s.dashes.empty())
        o["dashes"] = s.dashes;
    o["cap"] = caps[static_cast<int>(s.cap)];
    o["join"] = joins[static_cast<int>(s.join)];
    if (!s.enabled)
        o["enabled"] = false;
    return o;
}

Json fillJson(const Fill& f)
{
    static const char* patterns[] = {"solid", "none", "horizontal", "vertical", "cross", "forward_diagonal",
        "backward_diagonal", "diagonal_cross", "dots"};
    Json o{{"color", colorJson(f.color)}, {"pattern", patterns[static_cast<int>(f.pattern)]}};
    if (f.pattern != Fill::Pattern::Solid && f.pattern != Fill::Pattern::None) {
        o["spacing"] = lengthJson(f.spacing);
        o["line_width"] = lengthJson(f.lineWidth);
    }
    return o;
}

Json symbolJson(const Symbol& s)
{
    static const char* markers[] = {"circle", "square", "triangle", "star", "cross", "svg"};
    Json o{{"marker", markers[static_cast<int>(s.marker)]}, {"size", lengthJson(s.size)},
        {"fill", fillJson(s.fill)}, {"stroke", strokeJson(s.stroke)}};
    if (!s.icon.empty())
        o["icon"] = s.icon;
    if (!s.sizeField.empty()) {
        o["size_field"] = s.sizeField;
        if (s.sizeFieldMax > 0)
            o["size_field_max"] = s.sizeFieldMax;
    }
    if (s.casing.enabled && s.casing.width.value > 0)
        o["casing"] = strokeJson(s.casing);
    if (s.opacity != 1)
        o["opacity"] = s.opacity;
    return o;
}

void scaleRangeJson(Json& o, double minScale, double maxScale)
{
    if (minScale > 0)
        o["min_scale"] = minScale;
    if (maxScale > 0)
        o["max_scale"] = maxScale;
}

} // namespace

Json styleToJson(const LayerStyle& style)
{
    static const char* kinds[] = {"single", "categorized", "graduated", "rule_based"};
    const Renderer& r = style.renderer;
    Json renderer{{"type", kinds[static_cast<int>(r.kind)]}};
    if (r.kind == Renderer::Kind::Categorized && r.drawOtherValues)
        renderer["other"] = symbolJson(r.symbol);
    else
        renderer["symbol"] = symbolJson(r.symbol);
    if (!r.field.empty())
        renderer["field"] = r.field;
    if (!r.categories.empty()) {
        Json a = Json::array();
        for (const auto& c : r.categories)
            a.push_back(Json{{"value", c.value}, {"label", c.label}, {"symbol", symbolJson(c.symbol)}});
        renderer["categories"] = a;
    }
    if (!r.ranges.empty()) {
        Json a = Json::array();
        for (const auto& c : r.ranges)
            a.push_back(Json{{"lower", c.lower}, {"upper", c.upper}, {"label", c.label}, {"symbol", symbolJson(c.symbol)}});
        renderer["ranges"] = a;
    }
    if (!r.rules.empty()) {
        Json a = Json::array();
        for (const auto& rule : r.rules) {
            Json o{{"label", rule.label}, {"symbol", symbolJson(rule.symbol)}};
            if (!rule.filter.empty())
                o["filter"] = rule.filter;
            if (rule.isElse)
                o["else"] = true;
            scaleRangeJson(o, rule.minScale, rule.maxScale);
            a.push_back(std::move(o));
        }
        renderer["rules"] = a;
    }
    Json out{{"renderer", renderer}};
    const LabelStyle& l = style.labels;
    // Written when it says anything: labels, or a point layer's priority (its markers rank as its labels would).
    if (l.enabled || !l.text.empty() || l.priority != LabelStyle{}.priority) {
        static const char* placements[] = {"auto", "around_point", "line", "curved", "inside"};
        Json labels{{"text", l.text}, {"font", l.font}, {"size", lengthJson(l.size)},
            {"color", colorJson(l.color)}, {"halo_color", colorJson(l.haloColor)}, {"halo_width", lengthJson(l.haloWidth)},
            {"placement", placements[static_cast<int>(l.placement)]}, {"priority", l.priority}, {"offset", lengthJson(l.offset)}};
        if (!l.enabled)
            labels["enabled"] = false;
        if (!l.secondText.empty())
            labels["second_text"] = l.secondText;
        scaleRangeJson(labels, l.minScale, l.maxScale);
        out["labels"] = labels;
    }
    const RasterStyle& rs = style.raster;
    const RasterStyle defaults;
    if (rs.mode != defaults.mode || rs.ramp != defaults.ramp || rs.hypsometricTint || rs.stretch != defaults.stretch ||
        rs.fadeEdges != 0 || rs.clearBelow != 0) {
        static const char* modes[] = {"auto", "single_band", "rgb", "hillshade"};
        static const char* stretches[] = {"min_max", "percent", "stddev", "manual"};
        Json raster{{"mode", modes[static_cast<int>(rs.mode)]}, {"band", rs.band},
            {"rgb_bands", Json::array({rs.rgbBands.at(0), rs.rgbBands.at(1), rs.rgbBands.at(2)})},
            {"ramp", rs.ramp}, {"stretch", stretches[static_cast<int>(rs.stretch)]},
            {"azimuth", rs.azimuth}, {"altitude", rs.altitude}, {"z_factor", rs.zFactor},
            {"hypsometric_tint", rs.hypsometricTint}};
        if (rs.fadeEdges != 0)
            raster["fade_edges"] = rs.fadeEdges;
        if (rs.clearBelow != 0)
            raster["clear_below"] = rs.clearBelow;
        if (rs.stretch == RasterStyle::Stretch::Manual) {
            raster["min"] = rs.min;
            raster["max"] = rs.max;
        }
        out["raster"] = raster;
    }
    if (style.opacity != 1)
        out["opacity"] = style.opacity;
    scaleRangeJson(out, style.minScale, style.maxScale);
    return out;
}

void writeStyleFile(const std::string& path, const LayerStyle& style)
{
    writeFileAtomically(path, jsonText(styleToJson(style)));
}

} // namespace gis
