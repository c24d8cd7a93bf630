// A print layout's legend: the visible layers, top first, each named and followed by its symbols, in columns.

#include <QFontMetricsF>
#include <QLinearGradient>

#include <algorithm>

#include "gis/data/layer.h"
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
};

/// A layer's name in the legend's language: its Arabic or English title, else its name.
QString legendTitle(const MapLayer& l, bool arabic)
{
    if (arabic && !l.titleAr.empty())
        return limitText(l.titleAr);
    return limitText(l.title.empty() ? l.name : l.title);
}

std::vector<LegendEntry> legendEntries(const RenderRequest& map, bool arabic)
{
    std::vector<LegendEntry> out;
    // Only what the map frame draws: a layer whose scale range excludes the frame's scale (the sample's drone
    // imagery, shown at 1:20,000 and larger) is not on the map, so it is not explained beside it either.
    const double scale = scaleDenominator(map);
    for (auto it = map.layers.rbegin(); it != map.layers.rend(); ++it) { // top layer first, as on the map
        const MapLayer& l = *it;
        if (!l.visible || !inScaleRange(l.style.minScale, l.style.maxScale, scale))
            continue;
        out.push_back({legendTitle(l, arabic), true, 2, Symbol{}, {}});
        if (l.raster) {
            const std::string ramp = l.style.raster.mode == RasterStyle::Mode::Hillshade ? "Greys" : l.style.raster.ramp;
            out.push_back({QString(), false, 3, Symbol{}, ramp});
            continue;
        }
        if (!l.vector)
            continue;
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
    return out;
}

void drawSwatch(QPainter& p, const LegendEntry& e, const QRectF& box, double dpi)
{
    if (e.kind != 3) {
        drawSymbolPreview(p, e.symbol, SymbolPreviewShape(e.kind), box, dpi); // kinds 0-2 are its shapes' order
        return;
    }
    p.save();
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

} // namespace

void drawLegend(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map, bool arabic, double dpi)
{
    const auto entries = legendEntries(map, arabic);
    if (entries.empty())
        return;
    const double mm = dpi / 25.4;
    // Shrink the text until the columns fit the rectangle (never overflow it).
    // Bounded like a template's font_size even for a Layout made in code: each step measures every entry.
    for (double pt = std::min(item.fontSizePt, kMaxFontPt); pt >= 4; pt -= 0.5) {
        const QFont font = layoutFont(arabic, pt, dpi);
        // Noto Sans Arabic's line is about 2.1 em tall (room for stacked marks), Noto Sans's 1.36 em: the same
        // leading would give Arabic legends far fewer rows, and smaller text, than English ones.
        const double rowH = QFontMetricsF(font).height() * (arabic ? 1.1 : 1.35);
        const int rows = std::max(1, int(r.height() / rowH));
        // A layer's entries stay together in one column when they fit in one; a layer too long for a column
        // continues in the next under its name repeated, so no entry stands without its layer's name.
        struct Placed {
            const LegendEntry* entry;
            int slot;
        };
        std::vector<Placed> placed;
        int slot = 0;
        for (std::size_t i = 0; i < entries.size();) {
            std::size_t end = i + 1;
            while (end < entries.size() && !entries[end].header)
                ++end;
            const int group = int(end - i), left = rows - slot % rows;
            if (group > left && (group <= rows || left < 2) && slot % rows != 0)
                slot += left;
            const LegendEntry* header = entries[i].header ? &entries[i] : nullptr;
            for (std::size_t k = i; k < end; ++k) {
                if (header && k > i && slot % rows == 0 && rows > 1)
                    placed.push_back({header, slot++});
                placed.push_back({&entries[k], slot++});
            }
            i = end;
        }
        const int cols = (slot + rows - 1) / rows;
        const double colW = r.width() / cols;
        double widest = 0; // the longest label must fit its column too, or the text shrinks further
        for (const auto& e : entries)
            widest = std::max(widest, QFontMetricsF(font).horizontalAdvance(e.text) + (e.header ? 0 : 8 * mm) + 3 * mm);
        if ((colW < 28 * mm || widest > colW) && pt > 4)
            continue;
        p.save();
        p.setClipRect(r);
        for (const Placed& pl : placed) {
            const int col = pl.slot / rows, row = pl.slot % rows;
            // Arabic fills columns from the right.
            const double x = arabic ? r.right() - (col + 1) * colW : r.left() + col * colW;
            const QRectF cell(x, r.top() + row * rowH, colW, rowH);
            const LegendEntry& e = *pl.entry;
            const double sw = 8 * mm, gap = 1.5 * mm;
            QFont f = font;
            f.setBold(e.header);
            p.setFont(f);
            p.setPen(Qt::black);
            if (e.header) {
                const QString t = QFontMetricsF(f).elidedText(e.text, Qt::ElideRight, cell.width() - gap);
                p.drawText(cell.adjusted(gap / 2, 0, -gap / 2, 0), Qt::AlignVCenter | (arabic ? Qt::AlignRight : Qt::AlignLeft), t);
                continue;
            }
            const QRectF swatch(arabic ? cell.right() - sw - gap : cell.left() + gap, cell.center().y() - rowH * 0.3, sw, rowH * 0.6);
            drawSwatch(p, e, swatch, dpi);
            const QRectF textBox = arabic ? QRectF(cell.left(), cell.top(), swatch.left() - gap - cell.left(), rowH)
                                          : QRectF(swatch.right() + gap, cell.top(), cell.right() - swatch.right() - gap, rowH);
            const QString t = QFontMetricsF(f).elidedText(e.text, Qt::ElideRight, textBox.width());
            p.drawText(textBox, Qt::AlignVCenter | (arabic ? Qt::AlignRight : Qt::AlignLeft), t);
        }
        p.restore();
        return;
    }
}

} // namespace gis::detail
