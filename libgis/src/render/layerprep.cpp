#include "layerprep.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/query/expression.h"
#include "projectioncache.h"
#include "renderlimits.h"

namespace gis::detail {

namespace {

constexpr std::size_t kCancelEvery = 4096;

// The visible part of the map, widened by what symbols reach beyond their geometries, in the layer's own CRS
// (where its R-tree is). Empty optional: search nothing, take every row.
std::optional<Box> searchBox(const Layer& layer, bool reprojected, const RenderContext& ctx, double reachPx)
{
    Box view = ctx.transform.extent();
    const double margin = reachPx * ctx.transform.pixelSize();
    view = Box(view.minX - margin, view.minY - margin, view.maxX + margin, view.maxY + margin);
    if (!reprojected)
        return view;
    try {
        std::optional<Transformer> scratch;
        const Transformer& back = threadTransformer(ctx.crs, layer.crs(), scratch);
        const Box box = back.transformBox(view);
        if (std::isfinite(box.minX) && std::isfinite(box.minY) && std::isfinite(box.maxX) && std::isfinite(box.maxY))
            return box;
    } catch (const Error&) {
        // A view partly outside the map CRS's domain cannot be mapped back: draw every row, clipped by the device.
    }
    return std::nullopt;
}

void selectRows(PreparedLayer& p, const std::optional<Box>& box, const CancellationToken& cancel)
{
    const Layer& layer = *p.layer;
    if (!box || box->contains(layer.extent()))
        return; // allRows
    p.allRows = false;
    // A bitmap of hits, read back in row order: the R-tree's order is not the layer's drawing order, and
    // sorting a million indices costs more than scanning n/64 words.
    std::vector<std::uint64_t> hit((layer.size() + 63) / 64, 0);
    std::size_t visited = 0;
    std::size_t hits = 0;
    layer.index().search(*box, [&](std::uint32_t i) {
        hit[i >> 6] |= std::uint64_t{1} << (i & 63);
        ++hits;
        return ++visited % 65536 != 0 || !cancel.isCancelled();
    });
    cancel.throwIfCancelled("rendering");
    p.rows.reserve(hits);
    for (std::size_t w = 0; w < hit.size(); ++w)
        for (std::uint64_t bits = hit[w]; bits; bits &= bits - 1)
            p.rows.push_back(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))));
}

// Leaves out the rows an edit session hides (VectorEdits::hiddenRows, ascending): a merge of two sorted lists.
void excludeRows(PreparedLayer& p, const std::vector<std::uint32_t>& hidden)
{
    if (hidden.empty())
        return;
    const std::size_t n = p.layer->size();
    if (p.allRows) {
        p.allRows = false;
        p.rows.reserve(n);
        std::size_t h = 0;
        for (std::uint32_t row = 0; row < n; ++row) {
            if (h < hidden.size() && hidden[h] == row)
                ++h;
            else
                p.rows.push_back(row);
        }
        return;
    }
    std::size_t h = 0;
    std::erase_if(p.rows, [&](std::uint32_t row) {
        while (h < hidden.size() && hidden[h] < row)
            ++h;
        return h < hidden.size() && hidden[h] == row;
    });
}

// An edit overlay that does not fit its layer is that layer's error, never a read out of range.
void checkEdits(const MapLayer& l)
{
    const VectorEdits& e = *l.edits;
    const Layer& layer = *l.vector;
    for (std::size_t i = 0; i < e.hiddenRows.size(); ++i)
        if (e.hiddenRows[i] >= layer.size() || (i > 0 && e.hiddenRows[i] <= e.hiddenRows[i - 1]))
            throw Error(ErrorCode::Argument, "layer \"" + l.name + "\": edit overlay hides row " +
                std::to_string(e.hiddenRows[i]) + " (rows must be ascending and below " + std::to_string(layer.size()) + ")");
    if (!e.added)
        return;
    const auto& a = e.added->attributes().fields();
    const auto& b = layer.attributes().fields();
    bool same = a.size() == b.size();
    for (std::size_t k = 0; same && k < a.size(); ++k)
        same = a[k].name == b[k].name && a[k].type == b[k].type;
    if (!same)
        throw Error(ErrorCode::Argument, "layer \"" + l.name + "\": the edited features have other fields than the layer");
}

// The largest value of `field` in the data drawn: the layer's rows less the hidden ones, and the added features.
double largestValue(const MapLayer& l, const std::string& field)
{
    double max = 0;
    auto scan = [&](const Layer& layer, const std::vector<std::uint32_t>* hidden) {
        const int index = layer.attributes().indexOf(field);
        if (index < 0)
            throw Error(ErrorCode::Query, "proportional symbol: unknown field \"" + field + "\"");
        const AttributeColumn& column = layer.attributes().column(static_cast<std::size_t>(index));
        std::size_t h = 0;
        for (std::size_t i = 0; i < column.size(); ++i) {
            if (hidden && h < hidden->size() && (*hidden)[h] == i) {
                ++h;
                continue;
            }
            if (const double v = column.real(i); v > max)
                max = v;
        }
    };
    scan(*l.vector, l.edits ? &l.edits->hiddenRows : nullptr);
    if (l.edits && l.edits->added)
        scan(*l.edits->added, nullptr);
    return max;
}

const AttributeColumn& fieldOf(const Layer& layer, const std::string& field, const char* what)
{
    const int index = layer.attributes().indexOf(field);
    if (index < 0)
        throw Error(ErrorCode::Query, std::string(what) + ": unknown field \"" + field + "\"");
    return layer.attributes().column(static_cast<std::size_t>(index));
}

void assignCategorized(PreparedLayer& p, const Renderer& r, const CancellationToken& cancel)
{
    const AttributeColumn& column = fieldOf(*p.layer, r.field, "categorized renderer");
    std::unordered_map<std::string, std::uint16_t> byValue;
    for (const Renderer::Category& c : r.categories) {
        if (byValue.emplace(c.value, static_cast<std::uint16_t>(p.symbols.size())).second)
            p.symbols.push_back(c.symbol);
    }
    const std::uint16_t other = r.drawOtherValues ? static_cast<std::uint16_t>(p.symbols.size()) : kNoSymbol;
    if (r.drawOtherValues)
        p.symbols.push_back(r.symbol);
    p.symbolOf.resize(p.count());
    const bool text = column.type() == FieldType::String;
    std::string key;
    for (std::size_t k = 0; k < p.count(); ++k) {
        if (k % kCancelEvery == 0)
            cancel.throwIfCancelled("rendering");
        const std::size_t row = p.row(k);
        if (text) { // no allocation per row for the common case
            const std::string_view v = column.isNull(row) ? std::string_view() : column.string(row);
            key.assign(v.data(), v.size());
        } else {
            key = column.toString(row);
        }
        const auto it = byValue.find(key);
        p.symbolOf[k] = it == byValue.end() ? other : it->second;
    }
}

void assignGraduated(PreparedLayer& p, const Renderer& r, const CancellationToken& cancel)
{
    const AttributeColumn& column = fieldOf(*p.layer, r.field, "graduated renderer");
    for (const Renderer::Range& range : r.ranges)
        p.symbols.push_back(range.symbol);
    // The last class (highest upper bound) includes its upper bound; the others stop short of it.
    std::size_t last = 0;
    for (std::size_t i = 1; i < r.ranges.size(); ++i)
        if (r.ranges[i].upper >= r.ranges[last].upper)
            last = i;
    p.symbolOf.resize(p.count());
    for (std::size_t k = 0; k < p.count(); ++k) {
        if (k % kCancelEvery == 0)
            cancel.throwIfCancelled("rendering");
        const double v = column.real(p.row(k));
        std::uint16_t symbol = kNoSymbol;
        for (std::size_t i = 0; i < r.ranges.size() && !std::isnan(v); ++i) {
            const Renderer::Range& range = r.ranges[i];
            if (v >= range.lower && (v < range.upper || (i == last && v <= range.upper))) {
                symbol = static_cast<std::uint16_t>(i);
                break;
            }
        }
        p.symbolOf[k] = symbol;
    }
}

// Rules in scale range are compiled once for this render. A feature takes the first rule (in the list's order)
// whose filter it matches; else-rules take the features no ordinary rule matched. One symbol per feature keeps
// drawing order the layer's order.
void assignRules(PreparedLayer& p, const Renderer& r, double scale, const CancellationToken& cancel)
{
    struct Active {
        std::optional<Expression> filter;
        std::uint16_t symbol;
    };
    std::vector<Active> rules;
    std::vector<std::uint16_t> elses;
    for (const Renderer::Rule& rule : r.rules) {
        if (!inScaleRange(rule.minScale, rule.maxScale, scale))
            continue;
        const auto symbol = static_cast<std::uint16_t>(p.symbols.size());
        std::optional<Expression> filter;
        if (!rule.filter.empty()) {
            try {
                filter.emplace(Expression::compile(rule.filter, *p.layer));
            } catch (const Error& e) {
                throw Error(ErrorCode::Query, "rule \"" + rule.label + "\": " + e.what());
            }
        }
        p.symbols.push_back(rule.symbol);
        if (rule.isElse)
            elses.push_back(symbol);
        else
            rules.push_back({std::move(filter), symbol});
    }
    p.symbolOf.resize(p.count());
    for (std::size_t k = 0; k < p.count(); ++k) {
        if (k % kCancelEvery == 0)
            cancel.throwIfCancelled("rendering");
        const std::size_t row = p.row(k);
        std::uint16_t symbol = kNoSymbol;
        for (const Active& a : rules)
            if (!a.filter || a.filter->matches(row)) {
                symbol = a.symbol;
                break;
            }
        if (symbol == kNoSymbol && !elses.empty())
            symbol = elses.front();
        p.symbolOf[k] = symbol;
    }
}

// Proportional symbols: the marker's area follows the value, `size` being the size of the reference value.
void assignSizes(PreparedLayer& p, double dpi, const MapLayer& whole)
{
    std::vector<const AttributeColumn*> columns(p.symbols.size(), nullptr);
    std::vector<double> reference(p.symbols.size(), 0);
    bool any = false;
    for (std::size_t s = 0; s < p.symbols.size(); ++s) {
        const Symbol& symbol = p.symbols[s];
        if (symbol.sizeField.empty())
            continue;
        columns[s] = &fieldOf(*p.layer, symbol.sizeField, "proportional symbol");
        double max = symbol.sizeFieldMax;
        if (max <= 0) // the layer's largest value, not the view's: sizes stay put while panning
            max = std::max(max, largestValue(whole, symbol.sizeField));
        reference[s] = max;
        any = true;
    }
    if (!any)
        return;
    p.sizeOf.resize(p.count());
    for (std::size_t k = 0; k < p.count(); ++k) {
        const std::uint16_t s = p.symbol(k);
        if (s == kNoSymbol)
            continue;
        const double base = p.symbols[s].size.toDevice(dpi);
        if (!columns[s]) {
            p.sizeOf[k] = static_cast<float>(base);
            continue;
        }
        const double v = columns[s]->real(p.row(k));
        const double size = reference[s] > 0 && v > 0 ? base * std::sqrt(v / reference[s]) : 0;
        // Values far above size_field_max would make markers (and the sprite each size is drawn into) of any size:
        // no larger than the largest `size` a style may give.
        p.sizeOf[k] = static_cast<float>(std::min(size, Length{kMaxSymbolSizePx}.toDevice(dpi)));
    }
}

} // namespace

double symbolReach(const Symbol& symbol, double dpi)
{
    double reach = symbol.size.toDevice(dpi) / 2;
    double line = symbol.stroke.enabled ? std::max(1.0, symbol.stroke.width.toDevice(dpi)) : 0;
    if (symbol.casing.enabled)
        line = std::max(line, symbol.casing.width.toDevice(dpi));
    return std::max(reach + line / 2, line / 2) + 2;
}

std::vector<std::uint32_t> PreparedLayer::drawnRows() const
{
    std::vector<std::uint32_t> out;
    out.reserve(count());
    for (std::size_t k = 0; k < count(); ++k)
        if (symbol(k) != kNoSymbol && (sizeOf.empty() || sizeOf[k] > 0))
            out.push_back(row(k));
    return out;
}

std::size_t PreparedLayer::drawnCount() const
{
    if (symbolOf.empty() && sizeOf.empty())
        return count();
    std::size_t n = 0;
    for (std::size_t k = 0; k < count(); ++k)
        n += symbol(k) != kNoSymbol && (sizeOf.empty() || sizeOf[k] > 0);
    return n;
}

PreparedLayer prepareLayer(const MapLayer& mapLayer, const RenderContext& ctx, const CancellationToken& cancel,
    bool addedPart)
{
    PreparedLayer p;
    if (mapLayer.edits && !addedPart)
        checkEdits(mapLayer);
    p.layer = addedPart ? mapLayer.edits->added : mapLayer.vector;
    p.geometries = geometriesInCrs(p.layer, ctx.crs, &cancel);
    const bool reprojected = p.geometries.get() != &p.layer->geometries();
    const GeometryType type = singleType(p.layer->geometryType());
    p.pointsOnly = p.geometries->isPointsOnly() || type == GeometryType::Point;
    if (!p.pointsOnly)
        p.bounds = boundsInCrs(p.layer, ctx.crs, &cancel);

    const Renderer& r = mapLayer.style.renderer;
    double reach = symbolReach(r.symbol, ctx.dpi);
    for (const auto& c : r.categories)
        reach = std::max(reach, symbolReach(c.symbol, ctx.dpi));
    for (const auto& g : r.ranges)
        reach = std::max(reach, symbolReach(g.symbol, ctx.dpi));
    for (const auto& rule : r.rules)
        reach = std::max(reach, symbolReach(rule.symbol, ctx.dpi));
    selectRows(p, searchBox(*p.layer, reprojected, ctx, reach), cancel);
    if (mapLayer.edits && !addedPart)
        excludeRows(p, mapLayer.edits->hiddenRows);

    switch (r.kind) {
    case Renderer::Kind::Single:
        p.symbols.push_back(r.symbol);
        break;
    case Renderer::Kind::Categorized:
        assignCategorized(p, r, cancel);
        break;
    case Renderer::Kind::Graduated:
        assignGraduated(p, r, cancel);
        break;
    case Renderer::Kind::RuleBased:
        assignRules(p, r, ctx.scale, cancel);
        break;
    }
    if (p.symbols.size() >= kNoSymbol)
        throw Error(ErrorCode::Argument, "too many symbols in one layer (" + std::to_string(p.symbols.size()) + ")");
    assignSizes(p, ctx.dpi, mapLayer);
    return p;
}

} // namespace gis::detail
