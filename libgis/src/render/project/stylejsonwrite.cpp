// Styles back to JSON: what parseStyle() reads, key for key, so a style saved by the editor reads back equal.

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "gis/render/stylejson.h"

namespace gis {

namespace {

QJsonValue colorJson(const QColor& c)
{
    return colorToJson(c);
}

QJsonValue lengthJson(const Length& l)
{
    if (l.unit == Length::Unit::Pixel)
        return l.value;
    return QString::number(l.value, 'f', QLocale::FloatingPointShortest) + "mm"; // reads back equal (no exponent)
}

QJsonObject strokeJson(const Stroke& s)
{
    static const char* caps[] = {"flat", "square", "round"}; // Qt::FlatCap = 0x00, SquareCap = 0x10, RoundCap = 0x20
    static const char* joins[] = {"miter", "bevel", "round"}; // Qt::MiterJoin = 0x00, BevelJoin = 0x40, RoundJoin = 0x80
    QJsonObject o{{"color", colorJson(s.color)}, {"width", lengthJson(s.width)}};
    if (!s.dashes.empty()) {
        QJsonArray d;
        for (double v : s.dashes)
            d.append(v);
        o["dashes"] = d;
    }
    o["cap"] = caps[(static_cast<int>(s.cap) >> 4) & 3];
    o["join"] = joins[(static_cast<int>(s.join) >> 6) & 3];
    if (!s.enabled)
        o["enabled"] = false;
    return o;
}

QJsonObject fillJson(const Fill& f)
{
    static const char* patterns[] = {"solid", "none", "horizontal", "vertical", "cross", "forward_diagonal",
        "backward_diagonal", "diagonal_cross", "dots"};
    QJsonObject o{{"color", colorJson(f.color)}, {"pattern", patterns[static_cast<int>(f.pattern)]}};
    if (f.pattern != Fill::Pattern::Solid && f.pattern != Fill::Pattern::None) {
        o["spacing"] = lengthJson(f.spacing);
        o["line_width"] = lengthJson(f.lineWidth);
    }
    return o;
}

QJsonObject symbolJson(const Symbol& s)
{
    static const char* markers[] = {"circle", "square", "triangle", "star", "cross", "svg"};
    QJsonObject o{{"marker", markers[static_cast<int>(s.marker)]}, {"size", lengthJson(s.size)},
        {"fill", fillJson(s.fill)}, {"stroke", strokeJson(s.stroke)}};
    if (!s.icon.isEmpty())
        o["icon"] = s.icon;
    if (!s.sizeField.empty()) {
        o["size_field"] = QString::fromStdString(s.sizeField);
        if (s.sizeFieldMax > 0)
            o["size_field_max"] = s.sizeFieldMax;
    }
    if (s.casing.enabled && s.casing.width.value > 0)
        o["casing"] = strokeJson(s.casing);
    if (s.opacity != 1)
        o["opacity"] = s.opacity;
    return o;
}

void scaleRangeJson(QJsonObject& o, double minScale, double maxScale)
{
    if (minScale > 0)
        o["min_scale"] = minScale;
    if (maxScale > 0)
        o["max_scale"] = maxScale;
}

} // namespace

QString colorToJson(const QColor& c)
{
    if (c.alpha() == 255)
        return c.name(QColor::HexRgb);
    return c.name(QColor::HexRgb) + QString("%1").arg(c.alpha(), 2, 16, QChar('0'));
}

QJsonObject styleToJson(const LayerStyle& style)
{
    static const char* kinds[] = {"single", "categorized", "graduated", "rule_based"};
    const Renderer& r = style.renderer;
    QJsonObject renderer{{"type", kinds[static_cast<int>(r.kind)]}};
    if (r.kind == Renderer::Kind::Categorized && r.drawOtherValues)
        renderer["other"] = symbolJson(r.symbol);
    else
        renderer["symbol"] = symbolJson(r.symbol);
    if (!r.field.empty())
        renderer["field"] = QString::fromStdString(r.field);
    if (!r.categories.empty()) {
        QJsonArray a;
        for (const auto& c : r.categories)
            a.append(QJsonObject{{"value", QString::fromStdString(c.value)}, {"label", c.label}, {"symbol", symbolJson(c.symbol)}});
        renderer["categories"] = a;
    }
    if (!r.ranges.empty()) {
        QJsonArray a;
        for (const auto& c : r.ranges)
            a.append(QJsonObject{{"lower", c.lower}, {"upper", c.upper}, {"label", c.label}, {"symbol", symbolJson(c.symbol)}});
        renderer["ranges"] = a;
    }
    if (!r.rules.empty()) {
        QJsonArray a;
        for (const auto& rule : r.rules) {
            QJsonObject o{{"label", rule.label}, {"symbol", symbolJson(rule.symbol)}};
            if (!rule.filter.empty())
                o["filter"] = QString::fromStdString(rule.filter);
            if (rule.isElse)
                o["else"] = true;
            scaleRangeJson(o, rule.minScale, rule.maxScale);
            a.append(o);
        }
        renderer["rules"] = a;
    }
    QJsonObject out{{"renderer", renderer}};
    const LabelStyle& l = style.labels;
    if (l.enabled || !l.text.empty()) {
        static const char* placements[] = {"auto", "around_point", "line", "curved", "inside"};
        QJsonObject labels{{"text", QString::fromStdString(l.text)}, {"font", l.font}, {"size", lengthJson(l.size)},
            {"color", colorJson(l.color)}, {"halo_color", colorJson(l.haloColor)}, {"halo_width", lengthJson(l.haloWidth)},
            {"placement", placements[static_cast<int>(l.placement)]}, {"priority", l.priority}, {"offset", lengthJson(l.offset)}};
        if (!l.enabled)
            labels["enabled"] = false;
        if (!l.secondText.empty())
            labels["second_text"] = QString::fromStdString(l.secondText);
        scaleRangeJson(labels, l.minScale, l.maxScale);
        out["labels"] = labels;
    }
    const RasterStyle& rs = style.raster;
    const RasterStyle defaults;
    if (rs.mode != defaults.mode || rs.ramp != defaults.ramp || rs.hypsometricTint || rs.stretch != defaults.stretch) {
        static const char* modes[] = {"auto", "single_band", "rgb", "hillshade"};
        static const char* stretches[] = {"min_max", "percent", "stddev", "manual"};
        QJsonObject raster{{"mode", modes[static_cast<int>(rs.mode)]}, {"band", rs.band},
            {"rgb_bands", QJsonArray{rs.rgbBands.at(0), rs.rgbBands.at(1), rs.rgbBands.at(2)}},
            {"ramp", QString::fromStdString(rs.ramp)}, {"stretch", stretches[static_cast<int>(rs.stretch)]},
            {"azimuth", rs.azimuth}, {"altitude", rs.altitude}, {"z_factor", rs.zFactor},
            {"hypsometric_tint", rs.hypsometricTint}};
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
    const QByteArray bytes = QJsonDocument(styleToJson(style)).toJson(QJsonDocument::Indented);
    writeFileAtomically(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
}

} // namespace gis
