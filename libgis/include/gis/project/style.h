#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/project/color.h"

GIS_API_BEGIN

namespace gis {

/// A size on the map: device-independent pixels (1/96 inch, so a map looks the same at any DPI) or
/// millimetres on paper.
struct Length {
    enum class Unit : std::uint8_t { Pixel, Millimetre };
    double value = 0;
    Unit unit = Unit::Pixel;

    /// Size in device pixels at `dpi`.
    double toDevice(double dpi) const { return unit == Unit::Pixel ? value * dpi / 96.0 : value * dpi / 25.4; }
};

/// How a line ends and how its segments meet.
enum class LineCap : std::uint8_t { Flat, Square, Round };
enum class LineJoin : std::uint8_t { Miter, Bevel, Round };

struct Stroke {
    Color color{60, 60, 60};
    Length width{1};
    std::vector<double> dashes; ///< dash, gap, ... in multiples of the width; empty: solid
    LineCap cap = LineCap::Round;
    LineJoin join = LineJoin::Round;
    bool enabled = true;
};

struct Fill {
    enum class Pattern : std::uint8_t { Solid, None, Horizontal, Vertical, Cross, ForwardDiagonal, BackwardDiagonal, DiagonalCross, Dots };
    Color color{200, 200, 200};
    Pattern pattern = Pattern::Solid;
    Length spacing{6}; ///< hatch line spacing
    Length lineWidth{1}; ///< hatch line width
};

/// How one feature is drawn. Points use marker/size/fill/stroke; lines use stroke (and casing, drawn first
/// under all features of the layer: two-pass roads); polygons use fill and stroke (the outline).
struct Symbol {
    enum class Marker : std::uint8_t { Circle, Square, Triangle, Star, Cross, Svg };
    Marker marker = Marker::Circle;
    std::string icon;  ///< SVG file for Marker::Svg (relative paths resolve against the style file)
    Length size{6};    ///< marker diameter
    /// Proportional symbols: size from this numeric field, area proportional to the value, `size` being the
    /// size of sizeFieldMax (sizeFieldMax <= 0: the layer's largest value).
    std::string sizeField;
    double sizeFieldMax = 0;
    Fill fill;
    Stroke stroke;
    Stroke casing{Color::white(), Length{0}, {}, LineCap::Round, LineJoin::Round, false};
    double opacity = 1; ///< 0..1, multiplies the colours' alpha
};

/// What each feature of a layer gets as its symbol.
struct Renderer {
    enum class Kind : std::uint8_t { Single, Categorized, Graduated, RuleBased };
    struct Category {
        std::string value; ///< the field's value as text (AttributeColumn::toString)
        std::string label; ///< UTF-8
        Symbol symbol;
    };
    struct Range {
        double lower = 0; ///< inclusive
        double upper = 0; ///< inclusive for the last class, exclusive otherwise
        std::string label; ///< UTF-8
        Symbol symbol;
    };
    struct Rule {
        std::string label; ///< UTF-8
        std::string filter;  ///< an expression of the query language; empty: every feature
        bool isElse = false; ///< applies when no other rule did
        double minScale = 0; ///< shown at scales 1:N with minScale <= N (0: no limit)
        double maxScale = 0; ///< ... and N <= maxScale (0: no limit)
        Symbol symbol;
    };

    Kind kind = Kind::Single;
    Symbol symbol;                 ///< Single; fallback for Categorized values not listed
    std::string field;             ///< Categorized and Graduated
    bool drawOtherValues = false;  ///< Categorized: draw unlisted values with `symbol`
    std::vector<Category> categories;
    std::vector<Range> ranges;
    std::vector<Rule> rules;
    // How the ranges were made, so an editor can redo them (informative; the ranges are what is drawn).
    std::string classification; ///< "equal_interval", "quantile", "natural_breaks", "manual"
    std::string ramp;           ///< "YlOrRd", ... (ColorBrewer names), or "" for manual colours
};

struct LabelStyle {
    enum class Placement : std::uint8_t { Auto, AroundPoint, Line, Curved, Inside };
    bool enabled = false;
    std::string text;       ///< field name or expression (the query language), e.g. "name_ar"
    std::string secondText; ///< optional second line under the first (bilingual: English under Arabic)
    std::string font = "Noto Sans Arabic"; ///< family name
    Length size{10};
    Color color = Color::black();
    Color haloColor = Color::white();
    Length haloWidth{1.5};
    Placement placement = Placement::Auto; ///< Auto: points around, lines curved, polygons inside
    int priority = 5;        ///< 0..10; higher is placed first
    double minScale = 0;     ///< as Rule::minScale / maxScale
    double maxScale = 0;
    Length offset{2};        ///< gap between a point's symbol and its label
};

/// Raster drawing: one band through a colour ramp, three bands as RGB, or a DEM as hillshade.
struct RasterStyle {
    enum class Mode : std::uint8_t { Auto, SingleBand, Rgb, Hillshade };
    enum class Stretch : std::uint8_t { MinMax, Percent, StdDev, Manual };
    Mode mode = Mode::Auto;
    int band = 1;
    std::vector<int> rgbBands{1, 2, 3};
    std::string ramp = "Greys"; ///< SingleBand colour ramp (ColorBrewer name, "Greys" = black to white)
    Stretch stretch = Stretch::Percent;
    double min = 0, max = 0;    ///< Manual stretch
    double azimuth = 315, altitude = 45, zFactor = 1; ///< Hillshade
    bool hypsometricTint = false; ///< Hillshade over an elevation colour ramp
    /// 0..0.5: the raster fades in from its edges (nodata or its end) over this share of its shorter side, so a
    /// relief that stops does not read as a hard-edged error; 0: drawn to its edge. In map units, so the fade is
    /// the same at every DPI and across tiles.
    double fadeEdges = 0;
    /// SingleBand: a value with |value| < clearBelow is transparent, so what lies under shows through (a change
    /// under the noise level, a density near nothing); 0: every value is drawn.
    double clearBelow = 0;
};

/// Everything about how one layer looks.
struct LayerStyle {
    Renderer renderer;
    LabelStyle labels;
    RasterStyle raster;
    double opacity = 1;
    double minScale = 0; ///< layer visible at 1:N with minScale <= N <= maxScale (0: no limit)
    double maxScale = 0;
};

/// True when a scale range [minScale, maxScale] (0 = open) admits the map scale 1:denominator.
inline bool inScaleRange(double minScale, double maxScale, double denominator)
{
    return (minScale <= 0 || denominator >= minScale) && (maxScale <= 0 || denominator <= maxScale);
}

/// A sensible first style for a layer of `geometryType` ("Point", "LineString", "Polygon", Multi* alike):
/// fill and outline, markers, or lines, in a colour picked from `seed`.
LayerStyle defaultStyle(std::string_view geometryType, int seed = 0);

/// Polygons of a signed change (dsm-change's `sign` field, "cut" or "fill") by sign: cut red, fill blue, the ends
/// of ColorBrewer RdBu, translucent over the imagery — the drone report's and the toolbox's; the legend says
/// `cutLabel` and `fillLabel`.
LayerStyle signedChangePolygonStyle(const std::string& cutLabel = "cut", const std::string& fillLabel = "fill");
/// A raster of signed change (dsm-change's difference, later − earlier): RdBu stretched over ±`extreme` (the
/// largest |value|; 1 when there is none) so that no change is white, lowered red and raised blue as
/// signedChangePolygonStyle; |value| < `clearBelow` transparent (RasterStyle::clearBelow).
RasterStyle signedChangeRasterStyle(double extreme, double clearBelow);

} // namespace gis

GIS_API_END
