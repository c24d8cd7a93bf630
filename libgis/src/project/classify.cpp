#include "gis/project/classify.h"



#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

constexpr std::size_t kMaxJenksSample = 10000;
constexpr std::size_t kMaxCategories = 64;

// At most `size` values at evenly spaced ranks of sorted `values` (the first and last always): a deterministic
// sample that keeps the distribution's shape, so two runs over the same data give the same breaks.
std::vector<double> evenSample(const std::vector<double>& sorted, std::size_t size)
{
    if (sorted.size() <= size)
        return sorted;
    std::vector<double> sample(size);
    const double step = static_cast<double>(sorted.size() - 1) / static_cast<double>(size - 1);
    for (std::size_t i = 0; i < size; ++i)
        sample[i] = sorted[static_cast<std::size_t>(std::llround(static_cast<double>(i) * step))];
    return sample;
}

// Optimal partition of sorted `x` into `k` contiguous classes minimising the sum of squared deviations from the
// class means (Jenks' natural breaks, i.e. optimal 1-D k-means). Fisher's dynamic programme
//   D[c][j] = min_i D[c-1][i-1] + ssd(i..j)
// solved row by row with the divide-and-conquer optimisation, which is exact here because the best split i
// never moves left as j grows (the squared-deviation cost satisfies the quadrangle inequality; Wang & Song's
// Ckmeans.1d.dp relies on the same property): O(k n log n) instead of O(k n^2), so 10,000 values take
// milliseconds. Returns the index of the first value of each class 1..k-1.
std::vector<std::size_t> fisherSplits(const std::vector<double>& x, int k)
{
    const std::size_t n = x.size();
    // Centred prefix sums: sums of squares of large values with a small spread would otherwise lose the spread
    // to cancellation.
    const double shift = x[n / 2];
    std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double v = x[i] - shift;
        s1[i + 1] = s1[i] + v;
        s2[i + 1] = s2[i] + v * v;
    }
    const auto ssd = [&](std::size_t i, std::size_t j) { // values i..j inclusive
        const double sum = s1[j + 1] - s1[i];
        const double cost = s2[j + 1] - s2[i] - sum * sum / static_cast<double>(j - i + 1);
        return std::max(cost, 0.0);
    };
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> previous(n), current(n);
    std::vector<std::vector<std::uint32_t>> firstOfLast(static_cast<std::size_t>(k), std::vector<std::uint32_t>(n, 0));
    for (std::size_t j = 0; j < n; ++j)
        previous[j] = ssd(0, j);

    for (int c = 1; c < k; ++c) {
        auto& argmin = firstOfLast[static_cast<std::size_t>(c)];
        std::fill(current.begin(), current.end(), inf);
        // compute(jlo, jhi, ilo, ihi): best i for every j in [jlo, jhi], knowing it lies in [ilo, ihi].
        struct Frame { std::size_t jlo, jhi, ilo, ihi; };
        std::vector<Frame> stack{{static_cast<std::size_t>(c), n - 1, static_cast<std::size_t>(c), n - 1}};
        while (!stack.empty()) {
            const Frame f = stack.back();
            stack.pop_back();
            if (f.jlo > f.jhi)
                continue;
            const std::size_t j = f.jlo + (f.jhi - f.jlo) / 2;
            double best = inf;
            std::size_t bestI = f.ilo;
            for (std::size_t i = f.ilo; i <= std::min(j, f.ihi); ++i) {
                const double cost = previous[i - 1] + ssd(i, j);
                if (cost < best) {
                    best = cost;
                    bestI = i;
                }
            }
            current[j] = best;
            argmin[j] = static_cast<std::uint32_t>(bestI);
            if (j > f.jlo)
                stack.push_back({f.jlo, j - 1, f.ilo, bestI});
            stack.push_back({j + 1, f.jhi, bestI, f.ihi});
        }
        std::swap(previous, current);
    }
    std::vector<std::size_t> splits(static_cast<std::size_t>(k - 1));
    std::size_t end = n - 1;
    for (int c = k - 1; c >= 1; --c) {
        const std::size_t first = firstOfLast[static_cast<std::size_t>(c)][end];
        splits[static_cast<std::size_t>(c - 1)] = first;
        end = first - 1;
    }
    return splits;
}

/// Thousands grouped with commas: "1234567" → "1,234,567", "-1234.5" → "-1,234.5".
std::string groupThousands(const std::string& number)
{
    const std::size_t start = number.empty() || number[0] != '-' ? 0 : 1;
    std::size_t end = start;
    while (end < number.size() && number[end] >= '0' && number[end] <= '9')
        ++end;
    std::string out = number.substr(0, start);
    for (std::size_t i = start; i < end; ++i) {
        out += number[i];
        const std::size_t left = end - i - 1;
        if (left > 0 && left % 3 == 0)
            out += ',';
    }
    return out + number.substr(end);
}

/// Legend text for a class bound: thousands grouped ("1,498,521"), at most 10 significant digits, an exponent
/// written "E+20" (as the English locale writes numbers).
std::string formatNumber(double v)
{
    if (std::abs(v) < 1e15 && v == std::round(v))
        return groupThousands(std::to_string(static_cast<long long>(v)));
    std::string text = generalNumber(v, 10);
    if (const auto e = text.find('e'); e != std::string::npos) {
        text[e] = 'E';
        return text;
    }
    return groupThousands(text);
}

bool isNumeric(FieldType type)
{
    return type != FieldType::String && type != FieldType::Binary;
}

// The ramp's colour on a copy of `base`: the stroke for lines, the fill (keeping the base's alpha) otherwise.
Symbol tinted(const Symbol& base, Color color, bool line)
{
    Symbol s = base;
    if (line) {
        color.alpha = base.stroke.color.alpha;
        s.stroke.color = color;
    } else {
        color.alpha = base.fill.color.alpha;
        s.fill.color = color;
    }
    return s;
}

bool isLineLayer(const Layer& layer)
{
    return singleType(layer.geometryType()) == GeometryType::LineString;
}

const AttributeColumn& fieldOf(const Layer& layer, const std::string& field)
{
    const int index = layer.attributes().indexOf(field);
    if (index < 0)
        throw Error(ErrorCode::Query, layer.name() + ": unknown field \"" + field + "\"");
    return layer.attributes().column(static_cast<std::size_t>(index));
}

} // namespace

std::vector<double> classBreaks(std::vector<double> values, Classification method, int classes)
{
    if (classes < 1)
        throw Error(ErrorCode::Argument, "class breaks: the number of classes must be at least 1, not " +
                                             std::to_string(classes));
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    const double lo = values.front();
    const double hi = values.back();
    const std::size_t k = static_cast<std::size_t>(classes);
    std::vector<double> breaks(k + 1, hi);
    breaks.front() = lo;

    switch (method) {
    case Classification::EqualInterval:
        for (std::size_t i = 1; i < k; ++i)
            breaks[i] = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(k);
        break;
    case Classification::Quantile: {
        // Break i is the first value of class i, so the ranges' [lower, upper) hold about n/k values each.
        const double n = static_cast<double>(values.size());
        for (std::size_t i = 1; i < k; ++i) {
            const auto rank = static_cast<std::size_t>(std::ceil(n * static_cast<double>(i) / static_cast<double>(k)));
            breaks[i] = values[std::min(rank, values.size() - 1)];
        }
        break;
    }
    case Classification::NaturalBreaks: {
        const std::vector<double> sample = evenSample(values, kMaxJenksSample);
        // More classes than values: the surplus classes are empty (repeated top break).
        const int usable = static_cast<int>(std::min(k, sample.size()));
        if (usable >= 2) {
            const std::vector<std::size_t> splits = fisherSplits(sample, usable);
            for (std::size_t i = 0; i < splits.size(); ++i)
                breaks[i + 1] = sample[splits[i]];
        }
        break;
    }
    }
    return breaks;
}

Renderer graduatedRenderer(const Layer& layer, const std::string& field, Classification method, int classes,
    std::string_view ramp, const Symbol& base)
{
    const AttributeColumn& column = fieldOf(layer, field);
    if (!isNumeric(column.type()))
        throw Error(ErrorCode::Query, layer.name() + ": field \"" + field + "\" is " +
                                          std::string(fieldTypeName(column.type())) + ", not numeric");
    std::vector<double> values(column.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = column.real(i);
    const std::vector<double> breaks = classBreaks(std::move(values), method, classes);

    Renderer r;
    r.kind = Renderer::Kind::Graduated;
    r.field = field;
    r.symbol = base;
    r.ramp = std::string(ramp);
    r.classification = method == Classification::EqualInterval ? "equal_interval"
                       : method == Classification::Quantile    ? "quantile"
                                                               : "natural_breaks";
    if (breaks.empty())
        return r; // no values: nothing to classify
    const std::vector<Color> colors = colorRamp(ramp, classes);
    const bool line = isLineLayer(layer);
    for (int i = 0; i < classes; ++i) {
        Renderer::Range range;
        range.lower = breaks[static_cast<std::size_t>(i)];
        range.upper = breaks[static_cast<std::size_t>(i) + 1];
        // A class of one value (natural breaks over few distinct values) is labelled with that value alone.
        range.label = range.lower == range.upper ? formatNumber(range.lower)
                                                 : formatNumber(range.lower) + " – " + formatNumber(range.upper);
        range.symbol = tinted(base, colors[static_cast<std::size_t>(i)], line);
        r.ranges.push_back(std::move(range));
    }
    return r;
}

Renderer categorizedRenderer(const Layer& layer, const std::string& field, std::string_view ramp, const Symbol& base)
{
    const AttributeColumn& column = fieldOf(layer, field);
    const bool numeric = isNumeric(column.type()) && column.type() != FieldType::Date &&
                         column.type() != FieldType::DateTime;
    // Numbers sort as numbers (2 before 10), everything else by its text (ISO dates sort as dates).
    std::map<std::pair<double, std::string>, bool> distinct;
    for (std::size_t i = 0; i < column.size(); ++i) {
        if (column.isNull(i))
            continue;
        distinct.emplace(std::make_pair(numeric ? column.real(i) : 0.0, column.toString(i)), true);
    }
    Renderer r;
    r.kind = Renderer::Kind::Categorized;
    r.field = field;
    r.symbol = base;
    r.ramp = std::string(ramp);
    r.classification = "categorized";
    const std::size_t count = std::min(distinct.size(), kMaxCategories);
    // Values past the 64th are drawn with the base symbol rather than disappearing.
    r.drawOtherValues = distinct.size() > kMaxCategories;
    const std::vector<Color> colors = colorRamp(ramp, static_cast<int>(count));
    const bool line = isLineLayer(layer);
    std::size_t i = 0;
    for (const auto& entry : distinct) {
        if (i == count)
            break;
        Renderer::Category category;
        category.value = entry.first.second;
        category.label = category.value;
        category.symbol = tinted(base, colors[i], line);
        r.categories.push_back(std::move(category));
        ++i;
    }
    return r;
}

} // namespace gis
