// A print layout's legend: the visible layers, top first, each named and followed by its symbols, in columns.

#include <QFontMetricsF>
#include <QLinearGradient>

#include <algorithm>

#include "gis/data/layer.h"
#include "gis/layout/arabicdigits.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/project/classify.h"
#include "gis/render/limits.h"
#include "gis/render/maprenderer.h"
#include "gis/render/qtstyle.h"
#include "gis/render/symbolpreview.h"
#include "layoutlimits.h"
#include "layoutparts.h"

namespace gis::detail {

namespace {

struct LegendEntry {
    QString text;
    bool header = false;
    int kind = 2; ///< 0 point, 1 line, 2 polygon, 3 raster ramp
    Symbol symbol;
    std::string ramp;
    double opacity = 1; ///< the layer's, which the map applies to everything the layer draws
};

/// A layer's name in the legend's language: its Arabic or English title, else its name.
QString legendTitle(const MapLayer& l, bool arabic)
{
    if (arabic && !l.titleAr.empty())
        return limitText(l.titleAr);
    return limitText(l.title.empty() ? l.name : l.title);
}

/// The symbols of a vector layer's renderer, one entry per class or rule, in the renderer's order.
void addVectorEntries(std::vector<LegendEntry>& out, const MapLayer& l)
{
    const GeometryType t = singleType(l.vector->geometryType());
    const int kind = t == GeometryType::Point ? 0 : t == GeometryType::LineString ? 1 : 2;
    const Renderer& r = l.style.renderer;
    switch (r.kind) {
    case Renderer::Kind::Single: out.push_back({QString(), false, kind, r.symbol, {}}); break;
    case Renderer::Kind::Categorized:
        for (const auto& c : r.categories)
            out.push_back({limitText(c.label.empty() ? c.value : c.label), false, kind, c.symbol, {}});
        break;
    case Renderer::Kind::Graduated:
        for (const auto& g : r.ranges)
            out.push_back({limitText(g.label), false, kind, g.symbol, {}});
        break;
    case Renderer::Kind::RuleBased:
        for (const auto& rule : r.rules)
            out.push_back({limitText(rule.label), false, kind, rule.symbol, {}});
        break;
    }
}

std::vector<LegendEntry> legendEntries(const RenderRequest& map, bool arabic)
{
    std::vector<LegendEntry> out;
    // Only what the map frame draws: a layer whose scale range excludes the frame's scale (the sample's drone
    // imagery, shown at 1:20,000 and larger) is not on the map, so it is not explained beside it either.
    const double scale = scaleDenominator(map);
    for (auto it = map.layers.rbegin(); it != map.layers.rend(); ++it) { // top layer first, as on the map
        const MapLayer& l = *it;
        if (!l.visible || !l.inLegend || !inScaleRange(l.style.minScale, l.style.maxScale, scale))
            continue;
        out.push_back({legendTitle(l, arabic), true, 2, Symbol{}, {}});
        const std::size_t first = out.size();
        if (l.raster) {
            // The ramp the map paints with: a hillshade over a hypsometric tint shows the tint (rasterdraw.cpp
            // tints hillshades with Terrain), a plain hillshade its greys.
            const RasterStyle& rs = l.style.raster;
            const std::string ramp = rs.mode != RasterStyle::Mode::Hillshade ? rs.ramp
                                     : rs.hypsometricTint                    ? "Terrain"
                                                                             : "Greys";
            out.push_back({QString(), false, 3, Symbol{}, ramp});
        }
        if (l.vector)
            addVectorEntries(out, l);
        for (std::size_t i = first; i < out.size(); ++i)
            out[i].opacity = std::clamp(l.style.opacity, 0.0, 1.0);
    }
    if (arabic) // numbers as the rest of an Arabic page writes them (issue 17): ١٬٤٩٨٬٥٢١, not 1,498,521
        for (LegendEntry& e : out)
            e.text = toArabicNumerals(e.text);
    return out;
}

void drawSwatch(QPainter& p, const LegendEntry& e, const QRectF& box, double dpi)
{
    p.save();
    p.setOpacity(p.opacity() * e.opacity);
    if (e.kind != 3) {
        drawSymbolPreview(p, e.symbol, SymbolPreviewShape(e.kind), box, dpi); // kinds 0-2 are its shapes' order
        p.restore();
        return;
    }
    QLinearGradient grad(box.topLeft(), box.topRight());
    try {
        const auto colours = colorRamp(e.ramp, 5);
        for (std::size_t i = 0; i < colours.size(); ++i)
            grad.setColorAt(double(i) / (colours.size() - 1), toQColor(colours[i]));
    } catch (const std::exception&) {
        grad.setColorAt(0, Qt::black);
        grad.setColorAt(1, Qt::white);
    }
    p.setPen(QPen(Qt::darkGray, 0));
    p.setBrush(grad);
    p.drawRect(box);
    p.restore();
}


/// Where one legend row goes: the entry (an index into the entries) and its slot (column * rows + row).
struct LegendSlot {
    std::size_t entry;
    int slot;
};

/// A heading's words in lines no wider than `width`, at most kMaxHeadingLines; empty when a word alone is wider
/// or the lines would be more (the text must then get smaller).
constexpr int kMaxHeadingLines = 3;

QStringList wrapHeading(const QString& text, const QFontMetricsF& fm, double width)
{
    QStringList lines;
    QString line;
    for (const QString& word : text.split(u' ', Qt::SkipEmptyParts)) {
        const QString joined = line.isEmpty() ? word : line + u' ' + word;
        if (fm.horizontalAdvance(joined) <= width) {
            line = joined;
            continue;
        }
        if (fm.horizontalAdvance(word) > width)
            return {};
        lines.push_back(line);
        line = word;
    }
    if (!line.isEmpty() || lines.isEmpty())
        lines.push_back(line);
    if (lines.size() > kMaxHeadingLines)
        return {};
    return lines;
}

/// The legend's entries in slots of `rows`-row columns; `lines[i]` is how many rows entry i takes (a wrapped
/// heading more than one, always within one column). `used` receives the number of slots taken.
std::vector<LegendSlot> placeLegendEntries(const std::vector<LegendEntry>& entries,
    const std::vector<QStringList>& lines, int rows, int& used)
{
    // A layer's entries stay together in one column when they fit in one; a layer too long for a column
    // continues in the next under its name repeated, so no entry stands without its layer's name.
    std::vector<LegendSlot> placed;
    int slot = 0;
    const auto height = [&](std::size_t k) { return std::min(rows, int(std::max<qsizetype>(1, lines[k].size()))); };
    for (std::size_t i = 0; i < entries.size();) {
        std::size_t end = i + 1;
        int group = height(i);
        while (end < entries.size() && !entries[end].header)
            group += height(end++);
        const int left = rows - slot % rows;
        if (group > left && (group <= rows || left < height(i) + 1) && slot % rows != 0)
            slot += left;
        const bool header = entries[i].header;
        for (std::size_t k = i; k < end; ++k) {
            const int h = height(k);
            if (slot % rows + h > rows) // a wrapped heading never splits across columns
                slot += rows - slot % rows;
            if (header && k > i && slot % rows == 0 && rows > height(i)) {
                placed.push_back({i, slot});
                slot += height(i);
            }
            placed.push_back({k, slot});
            slot += h;
        }
        i = end;
    }
    used = slot;
    return placed;
}

} // namespace

void drawLegend(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map, bool arabic, double dpi)
{
    const auto entries = legendEntries(map, arabic);
    if (entries.empty())
        return;
    const double mm = dpi / 25.4;
    const double sw = 8 * mm, gap = 1.5 * mm;
    // Shrink the text until the columns fit the rectangle (never overflow it).
    // Bounded like a template's font_size even for a Layout made in code: each step measures every entry.
    for (double pt = std::min(item.fontSizePt, kMaxFontPt); pt >= 4; pt -= 0.5) {
        const QFont font = layoutFont(arabic, pt, dpi);
        const QFont bold = layoutFont(arabic, pt, dpi, true);
        const QFontMetricsF fm(font), fmBold(bold);
        // Noto Sans Arabic's line is about 2.1 em tall (room for stacked marks), Noto Sans's 1.36 em: the same
        // leading would give Arabic legends far fewer rows, and smaller text, than English ones.
        const double rowH = fm.height() * (arabic ? 1.1 : 1.35);
        const int rows = std::max(1, int(r.height() / rowH));
        // A heading wider than its column wraps onto more rows (a cut heading hides what the layer is); the
        // columns' width depends on how many rows the headings take, so settle the two in a few rounds.
        std::vector<QStringList> lines(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i)
            lines[i] = QStringList{entries[i].text};
        std::vector<LegendSlot> placed;
        int slot = 0;
        double colW = 0;
        bool headingsFit = true;
        for (int round = 0; round < 3; ++round) {
            placed = placeLegendEntries(entries, lines, rows, slot);
            colW = r.width() / ((slot + rows - 1) / rows);
            bool changed = false;
            headingsFit = true;
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (!entries[i].header)
                    continue;
                QStringList wrapped = wrapHeading(entries[i].text, fmBold, colW - gap);
                if (wrapped.isEmpty()) {
                    headingsFit = false;
                    wrapped = QStringList{entries[i].text};
                }
                changed = changed || wrapped != lines[i];
                lines[i] = std::move(wrapped);
            }
            if (!changed)
                break;
        }
        placed = placeLegendEntries(entries, lines, rows, slot);
        const int cols = (slot + rows - 1) / rows;
        colW = r.width() / cols;
        double widest = 0; // the longest label must fit its column too, or the text shrinks further
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (!entries[i].header)
                widest = std::max(widest, fm.horizontalAdvance(entries[i].text) + sw + 3 * mm);
            else
                for (const QString& line : lines[i])
                    widest = std::max(widest, fmBold.horizontalAdvance(line) + gap);
        if ((colW < 28 * mm || widest > colW || !headingsFit) && pt > 4)
            continue;
        p.save();
        p.setClipRect(r);
        for (const LegendSlot& pl : placed) {
            const int col = pl.slot / rows, row = pl.slot % rows;
            // Arabic fills columns from the right.
            const double x = arabic ? r.right() - (col + 1) * colW : r.left() + col * colW;
            const LegendEntry& e = entries[pl.entry];
            const QRectF cell(x, r.top() + row * rowH, colW, rowH);
            p.setFont(e.header ? bold : font);
            p.setPen(Qt::black);
            if (e.header) {
                const QStringList& ls = lines[pl.entry];
                for (int k = 0; k < ls.size(); ++k) {
                    const QString t = fmBold.elidedText(ls[k], Qt::ElideRight, cell.width() - gap);
                    p.drawText(cell.translated(0, k * rowH).adjusted(gap / 2, 0, -gap / 2, 0),
                        Qt::AlignVCenter | (arabic ? Qt::AlignRight : Qt::AlignLeft), t);
                }
                continue;
            }
            const QRectF swatch(arabic ? cell.right() - sw - gap : cell.left() + gap, cell.center().y() - rowH * 0.3, sw, rowH * 0.6);
            drawSwatch(p, e, swatch, dpi);
            const QRectF textBox = arabic ? QRectF(cell.left(), cell.top(), swatch.left() - gap - cell.left(), rowH)
                                          : QRectF(swatch.right() + gap, cell.top(), cell.right() - swatch.right() - gap, rowH);
            const QString t = fm.elidedText(e.text, Qt::ElideRight, textBox.width());
            p.drawText(textBox, Qt::AlignVCenter | (arabic ? Qt::AlignRight : Qt::AlignLeft), t);
        }
        p.restore();
        return;
    }
}

} // namespace gis::detail
