#include "gis/project/stylejson.h"

#include <cmath>
#include <filesystem>

#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "gis/core/numbertext.h"
#include "gis/project/classify.h"
#include "gis/project/stylelimits.h"
#include "jsonpath.h"
#include "projectjson.h"

namespace gis {

using detail::JsonNode;

namespace {

/// A number in [lo, hi] as an int, `fallback` when absent. Checked before the cast: a double outside int's range
/// cast to int is undefined behaviour (found by fuzz_stylejson: "priority": 1e11).
int wholeNumberIn(const JsonNode& n, double fallback, int lo, int hi, const char* what)
{
    const double v = n.numberOr(fallback);
    if (!(v >= lo && v <= hi))
        n.fail(what);
    return static_cast<int>(v);
}

const std::initializer_list<const char*> kPatterns = {"solid", "none", "horizontal", "vertical", "cross",
    "forward_diagonal", "backward_diagonal", "diagonal_cross", "dots"};
const std::initializer_list<const char*> kMarkers = {"circle", "square", "triangle", "star", "cross", "svg"};

Stroke parseStroke(const JsonNode& n, Stroke s)
{
    if (n.isString()) {
        const Color c = n.color();
        s.enabled = c.alpha > 0;
        s.color = c;
        return s;
    }
    n.object({"color", "width", "dashes", "cap", "join", "enabled"});
    if (!n["color"].isNull())
        s.color = n["color"].color();
    if (!n["width"].isNull())
        s.width = n["width"].length();
    if (!n["dashes"].isNull()) {
        s.dashes.clear();
        for (int i = 0; i < n["dashes"].size(); ++i) {
            const double d = n["dashes"].at(i).number();
            if (d <= 0)
                n["dashes"].at(i).fail("dash and gap lengths must be positive");
            s.dashes.push_back(d);
        }
        if (s.dashes.size() % 2 != 0)
            n["dashes"].fail("give dash and gap lengths in pairs");
    }
    if (!n["cap"].isNull()) {
        static const LineCap caps[] = {LineCap::Round, LineCap::Flat, LineCap::Square};
        s.cap = caps[n["cap"].choice({"round", "flat", "square"})];
    }
    if (!n["join"].isNull()) {
        static const LineJoin joins[] = {LineJoin::Round, LineJoin::Miter, LineJoin::Bevel};
        s.join = joins[n["join"].choice({"round", "miter", "bevel"})];
    }
    s.enabled = n["enabled"].booleanOr(true);
    return s;
}

Fill parseFill(const JsonNode& n, Fill f)
{
    if (n.isString()) {
        f.color = n.color();
        f.pattern = f.color.alpha > 0 ? Fill::Pattern::Solid : Fill::Pattern::None;
        return f;
    }
    n.object({"color", "pattern", "spacing", "line_width"});
    if (!n["color"].isNull())
        f.color = n["color"].color();
    if (!n["pattern"].isNull())
        f.pattern = static_cast<Fill::Pattern>(n["pattern"].choice(kPatterns));
    if (!n["spacing"].isNull())
        f.spacing = n["spacing"].length();
    if (!n["line_width"].isNull())
        f.lineWidth = n["line_width"].length();
    return f;
}

Symbol parseSymbol(const JsonNode& n, const std::string& baseDir)
{
    n.object({"marker", "icon", "size", "size_field", "size_field_max", "fill", "stroke", "casing", "opacity"});
    Symbol s;
    if (!n["marker"].isNull())
        s.marker = static_cast<Symbol::Marker>(n["marker"].choice(kMarkers));
    if (auto icon = n["icon"].optString()) {
        if (icon->find("://") != std::string::npos)
            n["icon"].fail("icons must be local SVG files, not URLs");
        std::filesystem::path p(*icon);
        if (p.is_relative() && !baseDir.empty())
            p = std::filesystem::path(baseDir) / p;
        s.icon = p.lexically_normal().string();
        if (n["marker"].isNull())
            s.marker = Symbol::Marker::Svg;
    }
    if (s.marker == Symbol::Marker::Svg && s.icon.empty())
        n.fail("marker \"svg\" needs an \"icon\"");
    if (!n["size"].isNull())
        s.size = n["size"].length();
    if (auto f = n["size_field"].optString())
        s.sizeField = *f;
    s.sizeFieldMax = n["size_field_max"].numberOr(0);
    if (!n["fill"].isNull())
        s.fill = parseFill(n["fill"], s.fill);
    if (!n["stroke"].isNull())
        s.stroke = parseStroke(n["stroke"], s.stroke);
    if (!n["casing"].isNull())
        s.casing = parseStroke(n["casing"], Stroke{Color::white(), Length{3}, {}, LineCap::Round, LineJoin::Round, true});
    s.opacity = n["opacity"].numberOr(1);
    if (s.opacity < 0 || s.opacity > 1)
        n["opacity"].fail("opacity goes from 0 to 1");
    return s;
}

void parseScaleRange(const JsonNode& n, double& minScale, double& maxScale)
{
    minScale = n["min_scale"].numberOr(0);
    maxScale = n["max_scale"].numberOr(0);
    if (minScale < 0 || maxScale < 0 || (maxScale > 0 && minScale > maxScale))
        n.fail("min_scale and max_scale are scale denominators with min_scale <= max_scale");
}

Renderer parseRenderer(const JsonNode& n, const std::string& baseDir, const Layer* layer)
{
    n.object({"type", "symbol", "field", "categories", "other", "ranges", "classification", "rules"});
    Renderer r;
    r.kind = static_cast<Renderer::Kind>(n["type"].choice({"single", "categorized", "graduated", "rule_based"}));
    if (!n["symbol"].isNull())
        r.symbol = parseSymbol(n["symbol"], baseDir);
    if (auto f = n["field"].optString())
        r.field = *f;
    if ((r.kind == Renderer::Kind::Categorized || r.kind == Renderer::Kind::Graduated) && r.field.empty())
        n.fail("a " + n["type"].string() + " renderer needs a \"field\"");
    if (!n["other"].isNull()) {
        r.symbol = parseSymbol(n["other"], baseDir);
        r.drawOtherValues = true;
    }
    if (!n["categories"].isNull()) {
        for (int i = 0; i < n["categories"].size(); ++i) {
            const JsonNode c = n["categories"].at(i);
            c.object({"value", "label", "symbol"});
            Renderer::Category cat;
            const JsonNode v = c["value"];
            cat.value = v.isNumber() ? generalNumber(v.number(), 17)
                : v.isBoolean()      ? (v.boolean() ? "true" : "false")
                                     : v.string();
            cat.label = c["label"].optString().value_or(cat.value);
            cat.symbol = parseSymbol(c["symbol"], baseDir);
            r.categories.push_back(std::move(cat));
        }
    }
    if (!n["ranges"].isNull()) {
        for (int i = 0; i < n["ranges"].size(); ++i) {
            const JsonNode c = n["ranges"].at(i);
            c.object({"lower", "upper", "label", "symbol"});
            Renderer::Range range;
            range.lower = c["lower"].number();
            range.upper = c["upper"].number();
            if (range.upper < range.lower)
                c.fail("upper is below lower");
            range.label = c["label"].optString().value_or(
                generalNumber(range.lower, 6) + " – " + generalNumber(range.upper, 6));
            range.symbol = parseSymbol(c["symbol"], baseDir);
            r.ranges.push_back(std::move(range));
        }
    }
    if (!n["classification"].isNull()) {
        const JsonNode c = n["classification"];
        c.object({"method", "classes", "ramp"});
        const int method = c["method"].choice({"equal_interval", "quantile", "natural_breaks"});
        const int classes = wholeNumberIn(c["classes"], 5, 1, 32, "between 1 and 32 classes");
        r.classification = c["method"].string();
        r.ramp = c["ramp"].optString().value_or("YlOrRd");
        try {
            colorRamp(r.ramp, classes);
        } catch (const Error& e) {
            c["ramp"].fail(e.what());
        }
        if (r.ranges.empty() && layer) {
            const Symbol base = r.symbol;
            try {
                const Renderer made = graduatedRenderer(*layer, r.field, static_cast<Classification>(method), classes, r.ramp, base);
                r.ranges = made.ranges;
            } catch (const Error& e) {
                n["field"].fail(e.what());
            }
        }
    }
    if (!n["rules"].isNull()) {
        for (int i = 0; i < n["rules"].size(); ++i) {
            const JsonNode c = n["rules"].at(i);
            c.object({"label", "filter", "else", "min_scale", "max_scale", "symbol"});
            Renderer::Rule rule;
            rule.label = c["label"].optString().value_or("");
            rule.filter = c["filter"].optString().value_or("");
            rule.isElse = c["else"].booleanOr(false);
            parseScaleRange(c, rule.minScale, rule.maxScale);
            rule.symbol = parseSymbol(c["symbol"], baseDir);
            r.rules.push_back(std::move(rule));
        }
    }
    if (r.kind == Renderer::Kind::RuleBased && r.rules.empty())
        n.fail("a rule_based renderer needs \"rules\"");
    return r;
}

LabelStyle parseLabels(const JsonNode& n)
{
    n.object({"enabled", "text", "second_text", "font", "size", "color", "halo_color", "halo_width", "placement",
        "priority", "min_scale", "max_scale", "offset"});
    LabelStyle l;
    l.enabled = n["enabled"].booleanOr(true);
    l.text = n["text"].string();
    l.secondText = n["second_text"].optString().value_or("");
    if (auto f = n["font"].optString())
        l.font = *f;
    if (!n["size"].isNull())
        l.size = n["size"].length();
    if (!n["color"].isNull())
        l.color = n["color"].color();
    if (!n["halo_color"].isNull())
        l.haloColor = n["halo_color"].color();
    if (!n["halo_width"].isNull())
        l.haloWidth = n["halo_width"].length();
    if (!n["placement"].isNull())
        l.placement = static_cast<LabelStyle::Placement>(n["placement"].choice({"auto", "around_point", "line", "curved", "inside"}));
    l.priority = wholeNumberIn(n["priority"], 5, 0, 10, "priority goes from 0 to 10");
    parseScaleRange(n, l.minScale, l.maxScale);
    if (!n["offset"].isNull())
        l.offset = n["offset"].length();
    return l;
}

RasterStyle parseRaster(const JsonNode& n)
{
    n.object({"mode", "band", "rgb_bands", "ramp", "stretch", "min", "max", "azimuth", "altitude", "z_factor", "hypsometric_tint", "fade_edges",
        "clear_below"});
    RasterStyle r;
    if (!n["mode"].isNull())
        r.mode = static_cast<RasterStyle::Mode>(n["mode"].choice({"auto", "single_band", "rgb", "hillshade"}));
    r.band = wholeNumberIn(n["band"], 1, 1, 65535, "a band number from 1 to 65535");
    if (!n["rgb_bands"].isNull()) {
        if (n["rgb_bands"].size() != 3)
            n["rgb_bands"].fail("give three band numbers");
        r.rgbBands.clear();
        for (int i = 0; i < 3; ++i)
            r.rgbBands.push_back(wholeNumberIn(n["rgb_bands"].at(i), 1, 1, 65535, "a band number from 1 to 65535"));
    }
    if (auto ramp = n["ramp"].optString()) {
        try {
            colorRamp(*ramp, 2);
        } catch (const Error& e) {
            n["ramp"].fail(e.what());
        }
        r.ramp = *ramp;
    }
    if (!n["stretch"].isNull())
        r.stretch = static_cast<RasterStyle::Stretch>(n["stretch"].choice({"min_max", "percent", "stddev", "manual"}));
    r.min = n["min"].numberOr(0);
    r.max = n["max"].numberOr(0);
    r.azimuth = n["azimuth"].numberOr(315);
    r.altitude = n["altitude"].numberOr(45);
    r.zFactor = n["z_factor"].numberOr(1);
    r.hypsometricTint = n["hypsometric_tint"].booleanOr(false);
    r.fadeEdges = n["fade_edges"].numberOr(0);
    if (!(r.fadeEdges >= 0 && r.fadeEdges <= 0.5))
        n["fade_edges"].fail("a share of the raster's shorter side from 0 to 0.5");
    r.clearBelow = n["clear_below"].numberOr(0);
    if (!(r.clearBelow >= 0 && std::isfinite(r.clearBelow)))
        n["clear_below"].fail("a value of 0 or more (|value| below it is transparent)");
    return r;
}

void checkExpression(const std::string& text, const Layer& layer, const std::string& path)
{
    try {
        Expression::compile(text, layer);
    } catch (const Error& e) {
        throw Error(ErrorCode::Format, path + ": " + e.what());
    }
}

void checkNumericField(const std::string& field, const Layer& layer, const std::string& path)
{
    const int c = layer.attributes().indexOf(field);
    if (c < 0)
        throw Error(ErrorCode::Format, path + ": unknown field \"" + field + "\"");
}

void validateSymbol(const Symbol& s, const Layer& layer, const std::string& path)
{
    if (!s.sizeField.empty())
        checkNumericField(s.sizeField, layer, path + ".size_field");
}

} // namespace

LayerStyle parseStyle(const Json& json, const std::string& where, const std::string& baseDir, const Layer* layer)
{
    const JsonNode n(json, where);
    n.object({"renderer", "labels", "raster", "opacity", "min_scale", "max_scale", "description"});
    LayerStyle style;
    if (!n["renderer"].isNull())
        style.renderer = parseRenderer(n["renderer"], baseDir, layer);
    if (!n["labels"].isNull())
        style.labels = parseLabels(n["labels"]);
    if (!n["raster"].isNull())
        style.raster = parseRaster(n["raster"]);
    style.opacity = n["opacity"].numberOr(1);
    if (style.opacity < 0 || style.opacity > 1)
        n["opacity"].fail("opacity goes from 0 to 1");
    parseScaleRange(n, style.minScale, style.maxScale);
    checkStyle(style, where);
    if (layer)
        validateStyle(style, *layer, where);
    return style;
}

void validateStyle(const LayerStyle& style, const Layer& layer, const std::string& where)
{
    const Renderer& r = style.renderer;
    const std::string base = where.empty() ? "" : where.back() == ':' ? where + " " : where + ".";
    const std::string rp = base + "renderer";
    validateSymbol(r.symbol, layer, rp + ".symbol");
    if ((r.kind == Renderer::Kind::Categorized || r.kind == Renderer::Kind::Graduated) && !r.field.empty()) {
        checkExpression(r.field, layer, rp + ".field");
    }
    for (std::size_t i = 0; i < r.categories.size(); ++i)
        validateSymbol(r.categories[i].symbol, layer, rp + ".categories[" + std::to_string(i) + "].symbol");
    for (std::size_t i = 0; i < r.ranges.size(); ++i)
        validateSymbol(r.ranges[i].symbol, layer, rp + ".ranges[" + std::to_string(i) + "].symbol");
    for (std::size_t i = 0; i < r.rules.size(); ++i) {
        const std::string p = rp + ".rules[" + std::to_string(i) + "]";
        if (!r.rules[i].filter.empty())
            checkExpression(r.rules[i].filter, layer, p + ".filter");
        validateSymbol(r.rules[i].symbol, layer, p + ".symbol");
    }
    if (style.labels.enabled) {
        checkExpression(style.labels.text, layer, base + "labels.text");
        if (!style.labels.secondText.empty())
            checkExpression(style.labels.secondText, layer, base + "labels.second_text");
    }
}

LayerStyle readStyleFile(const std::string& path, const Layer* layer)
{
    // Bounded and non-blocking: a style named on the command line may be a FIFO or /dev/zero.
    const Json object = detail::readJsonFile(path, "style file");
    const std::string dir = std::filesystem::path(path).parent_path().string();
    return parseStyle(object, std::filesystem::path(path).filename().string() + ":", dir, layer);
}

} // namespace gis
