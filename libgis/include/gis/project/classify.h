#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/project/color.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// `count` colours of a named ramp: the ColorBrewer schemes ("YlOrRd", "Blues", "RdYlGn", "Set2", "Paired",
/// ...; sequential, diverging and qualitative, interpolated past their native sizes) and "Greys", "Viridis",
/// "Terrain" (elevation: green, yellow, brown, white). Throws Error(Argument) for an unknown name.
std::vector<Color> colorRamp(std::string_view name, int count);
std::vector<std::string> colorRampNames();

enum class Classification { EqualInterval, Quantile, NaturalBreaks };

/// classes + 1 ascending break values over `values` (NaNs ignored): equal intervals, quantiles, or Jenks
/// natural breaks (optimal, Fisher's dynamic programming, on a sample of at most 10,000 values).
std::vector<double> classBreaks(std::vector<double> values, Classification method, int classes);

/// A graduated renderer for a numeric field: classes coloured from the ramp on `base` symbols, labelled
/// "lower – upper". Throws Error(Query) for an unknown or non-numeric field.
Renderer graduatedRenderer(const Layer& layer, const std::string& field, Classification method, int classes,
    std::string_view ramp, const Symbol& base);

/// A categorized renderer with one category per distinct value (at most 64; values sorted), coloured from a
/// qualitative ramp.
Renderer categorizedRenderer(const Layer& layer, const std::string& field, std::string_view ramp, const Symbol& base);

} // namespace gis

GIS_API_END
