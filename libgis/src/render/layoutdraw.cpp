// Drawing a print layout page on any QPainter (PDF, PNG, SVG): map frame, titles, legend, scale bar, north arrow.

#include <QDate>
#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/render/classify.h"
#include "gis/render/layout.h"
#include "gis/render/rastersource.h"
#include "symbolpaint.h"

namespace gis {

namespace {

struct LegendEntry {
    QString text;
    bool header = false;
    int kind = 2; ///< 0 point, 1 line, 2 polygon, 3 raster ramp
    Symbol symbol;
    std::string ramp;
};

std::vector<LegendEntry> legendEntries(const RenderRequest& map)
{
    std::vector<LegendEntry> out;
    for (auto it = map.layers.rbegin(); it != map.layers.rend(); ++it) { // top layer first, as on the map
        const MapLayer& l = *it;
        if (!l.visible)
            continue;
        out.push_back({QString::fromStdString(l.name), true, 2, Symbol{}, {}});
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
                out.push_back({c.label.isEmpty() ? QString::fromStdString(c.value) : c.label, false, kind, c.symbol, {}});
            break;
        case Renderer::Kind::Graduated:
            for (const auto& g : r.ranges)
                out.push_back({g.label, false, kind, g.symbol, {}});
            break;
        case Renderer::Kind::RuleBased:
            for (const auto& rule : r.rules)
                out.push_back({rule.label, false, kind, rule.symbol, {}});
            break;
        }
    }
    return out;
}

void drawSwatch(QPainter& p, const LegendEntry& e, const QRectF& box, double dpi)
{
    p.save();
    if (e.kind == 3) {
        QLinearGradient grad(box.topLeft(), box.topRight());
        try {
            const auto colours = colorRamp(e.ramp, 5);
            for (std::size_t i = 0; i < colours.size(); ++i)
                grad.setColorAt(double(i) / (colours.size() - 1), colours[i]);
        } catch (const std::exception&) {
            grad.setColorAt(0, Qt::black);
            grad.setColorAt(1, Qt::white);
        }
        p.setPen(QPen(Qt::darkGray, 0));
        p.setBrush(grad);
        p.drawRect(box);
    } else {
        // Swatches at the legend's own size: symbols' widths as on the map, but capped to the box.
        const detail::SymbolPaint sp = detail::makeSymbolPaint(e.symbol, dpi);
        if (e.kind == 1) {
            const QLineF line(box.left(), box.center().y(), box.right(), box.center().y());
            if (sp.hasCasing) {
                p.setPen(sp.casing);
                p.drawLine(line);
            }
            QPen pen = sp.stroke;
            pen.setWidthF(std::min(pen.widthF(), box.height() * 0.6));
            p.setPen(pen);
            p.drawLine(line);
        } else if (e.kind == 0) {
            const double size = std::min(sp.size, box.height());
            p.setPen(sp.stroke);
            p.setBrush(sp.fill);
            p.drawPath(detail::markerPath(sp.marker, size).translated(box.center()));
        } else {
            QPen pen = sp.stroke;
            pen.setWidthF(std::min(pen.widthF(), box.height() * 0.2));
            p.setPen(pen);
            p.setBrush(sp.fill);
            p.drawRect(box);
        }
    }
    p.restore();
}

QFont layoutFont(bool arabic, double pt, double dpi, bool bold = false)
{
    QFont f(arabic ? "Noto Sans Arabic" : "Noto Sans");
    f.setPixelSize(std::max(1, int(std::lround(pt / 72.0 * dpi))));
    f.setBold(bold);
    return f;
}

void drawLegend(QPainter& p, const LayoutItem& item, const QRectF& r, const RenderRequest& map, bool arabic, double dpi)
{
    const auto entries = legendEntries(map);
    if (entries.empty())
        return;
    const double mm = dpi / 25.4;
    // Shrink the text until the columns fit the rectangle (never overflow it).
    for (double pt = item.fontSizePt; pt >= 4; pt -= 0.5) {
        const QFont font = layoutFont(arabic, pt, dpi);
        const double rowH = QFontMetricsF(font).height() * 1.35;
        const int rows = std::max(1, int(r.height() / rowH));
        // A layer's name never ends a column: it moves to the next one with its entries.
        std::vector<int> slotOf;
        int slot = 0;
        for (const auto& e : entries) {
            if (e.header && rows > 1 && slot % rows == rows - 1)
                ++slot;
            slotOf.push_back(slot++);
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
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const int col = slotOf[i] / rows, row = slotOf[i] % rows;
            // Arabic fills columns from the right.
            const double x = arabic ? r.right() - (col + 1) * colW : r.left() + col * colW;
            const QRectF cell(x, r.top() + row * rowH, colW, rowH);
            const LegendEntry& e = entries[i];
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

void drawScaleBar(QPainter& p, const LayoutItem& item, const QRectF& r, const ScaleBarGeometry& g, bool arabic, double dpi)
{
    const double mm = dpi / 25.4;
    const QFont font = layoutFont(arabic, item.fontSizePt, dpi);
    const double len = g.lengthMm * mm;
    const double barH = std::min(2.0 * mm, r.height() * 0.25);
    const double x0 = arabic ? r.right() - len : r.left();
    const double y0 = r.top() + r.height() * 0.2;
    p.save();
    p.setPen(QPen(Qt::black, 0.2 * mm));
    for (int i = 0; i < g.segments; ++i) {
        p.setBrush(i % 2 ? Qt::white : Qt::black);
        p.drawRect(QRectF(x0 + len * i / g.segments, y0, len / g.segments, barH));
    }
    p.setFont(font);
    const QString zero = arabic ? toArabicDigits("0") : QString("0");
    const double textTop = y0 + barH + 0.5 * mm;
    const double tw = QFontMetricsF(font).horizontalAdvance(g.label) + 2 * mm;
    // Arabic reads right to left: 0 at the right end.
    const double zeroX = arabic ? x0 + len : x0, endX = arabic ? x0 : x0 + len;
    p.drawText(QRectF(zeroX - 5 * mm, textTop, 10 * mm, r.bottom() - textTop), Qt::AlignHCenter | Qt::AlignTop, zero);
    p.drawText(QRectF(endX - tw / 2, textTop, tw, r.bottom() - textTop), Qt::AlignHCenter | Qt::AlignTop, g.label);
    p.restore();
}

void drawNorthArrow(QPainter& p, const QRectF& r, double convergenceDeg, bool arabic, double dpi)
{
    const double s = std::min(r.width(), r.height() * 0.75);
    p.save();
    p.translate(r.center().x(), r.top() + r.height() * 0.42);
    p.rotate(convergenceDeg);
    QPainterPath left, right;
    left.moveTo(0, -s / 2);
    left.lineTo(-s / 4, s / 3);
    left.lineTo(0, s / 5);
    left.closeSubpath();
    right.moveTo(0, -s / 2);
    right.lineTo(s / 4, s / 3);
    right.lineTo(0, s / 5);
    right.closeSubpath();
    p.setPen(QPen(Qt::black, 0.2 * dpi / 25.4));
    p.setBrush(Qt::black);
    p.drawPath(left);
    p.setBrush(Qt::white);
    p.drawPath(right);
    p.restore();
    p.save();
    p.setFont(layoutFont(arabic, 10, dpi, true));
    p.drawText(QRectF(r.left(), r.top() + r.height() * 0.42 + s / 2.5, r.width(), r.height() * 0.3), Qt::AlignHCenter | Qt::AlignTop,
        arabic ? QString::fromUtf8("ش") : QString("N"));
    p.restore();
}

QString expandText(QString text, const LayoutContent& c, const Crs& crs, double scale, bool arabic)
{
    QString date = c.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : c.date;
    QString scaleText = "1:" + QString::number(std::llround(scale));
    if (arabic) {
        date = toArabicDigits(date);
        scaleText = toArabicDigits(scaleText);
    }
    text.replace("{crs}", crs.isValid() ? QString::fromStdString(crs.name() + " (" + crs.identifier() + ")") : QString("?"));
    text.replace("{date}", date);
    text.replace("{attribution}", c.attribution);
    text.replace("{scale}", scaleText);
    return text;
}

} // namespace

std::vector<LayerError> drawLayout(QPainter& painter, const Layout& layout, const LayoutContent& content, double dpi)
{
    std::vector<LayerError> errors;
    const double mm = dpi / 25.4;
    const bool arabic = layout.language == "ar";
    auto toDevice = [&](const QRectF& r) { return QRectF(r.x() * mm, r.y() * mm, r.width() * mm, r.height() * mm); };
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(QRectF(0, 0, layout.widthMm * mm, layout.heightMm * mm), Qt::white);
    const LayoutItem* mapItem = nullptr;
    for (const auto& it : layout.items)
        if (it.kind == LayoutItem::Kind::Map && !mapItem)
            mapItem = &it;
    RenderRequest request = content.map;
    Crs crs = request.crs;
    ScaleBarGeometry bar;
    if (mapItem) {
        request.extent = layoutMapExtent(layout, *mapItem, content.map);
        bar = layoutScaleBar(layout, *mapItem, content.map, 1);
    }
    for (const auto& item : layout.items) {
        const QRectF r = toDevice(item.rectMm);
        const Qt::Alignment h = item.align;
        switch (item.kind) {
        case LayoutItem::Kind::Map: {
            RenderRequest req = request;
            req.size = QSize(std::max(1, int(std::lround(r.width()))), std::max(1, int(std::lround(r.height()))));
            req.dpi = dpi;
            painter.save();
            painter.translate(r.topLeft());
            painter.setClipRect(QRectF(0, 0, req.size.width(), req.size.height()));
            const RenderResult res = renderToPainter(painter, req);
            errors.insert(errors.end(), res.errors.begin(), res.errors.end());
            painter.restore();
            painter.setPen(QPen(Qt::black, 0.3 * mm));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(r);
            break;
        }
        case LayoutItem::Kind::Title: {
            // Wrapped, and shrunk until title and subtitle fit the rectangle.
            const int flags = int(h) | Qt::AlignTop | Qt::TextWordWrap;
            for (double pt = item.fontSizePt; pt >= 6; pt -= 1) {
                const QFont tf = layoutFont(arabic, pt, dpi, true);
                const QFont sf = layoutFont(!arabic, pt * 0.6, dpi); // the subtitle is the other language's title
                const QRectF tb = QFontMetricsF(tf).boundingRect(r, flags, content.title);
                const QRectF sb = content.subtitle.isEmpty() ? QRectF() : QFontMetricsF(sf).boundingRect(r, flags, content.subtitle);
                if ((tb.height() + sb.height() + 1 * mm > r.height() || tb.width() > r.width() + 1) && pt > 6)
                    continue;
                painter.setPen(Qt::black);
                painter.setFont(tf);
                painter.drawText(r, flags, content.title);
                if (!content.subtitle.isEmpty()) {
                    painter.setFont(sf);
                    painter.setPen(QColor(60, 60, 60));
                    painter.drawText(r.adjusted(0, tb.height() + 1 * mm, 0, 0), flags, content.subtitle);
                }
                break;
            }
            break;
        }
        case LayoutItem::Kind::Legend:
            if (mapItem)
                drawLegend(painter, item, r, request, arabic, dpi);
            break;
        case LayoutItem::Kind::ScaleBar:
            if (mapItem) {
                const ScaleBarGeometry g = layoutScaleBar(layout, *mapItem, content.map, item.rectMm.width() * 0.8);
                drawScaleBar(painter, item, r, g, arabic, dpi);
            }
            break;
        case LayoutItem::Kind::NorthArrow:
            drawNorthArrow(painter, r, gridConvergence(crs, request.extent.center()), arabic, dpi);
            break;
        case LayoutItem::Kind::Text:
            painter.setPen(Qt::black);
            painter.setFont(layoutFont(arabic, item.fontSizePt, dpi));
            painter.drawText(r, h | Qt::AlignTop | Qt::TextWordWrap, expandText(item.text, content, crs, bar.scaleDenominator, arabic));
            break;
        }
    }
    painter.restore();
    return errors;
}

} // namespace gis
