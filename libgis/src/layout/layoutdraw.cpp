// Drawing a print layout page on any QPainter (PDF, PNG, SVG): map frame and its grid, titles, scale bar, north
// arrow, texts; the legend, grid, inset and image frames are drawn by layoutlegend.cpp, layoutgrid.cpp and
// layoutinset.cpp.

#include <QDate>
#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "gis/layout/arabicdigits.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/mapframe.h"
#include "gis/render/limits.h"
#include "layoutlimits.h"
#include "layoutparts.h"

namespace gis {

namespace detail {

QFont layoutFont(bool arabic, double pt, double dpi, bool bold)
{
    QFont f(arabic ? "Noto Sans Arabic" : "Noto Sans");
    // Bounded for a Layout made in code too (templates are checked when read): Qt has no use for larger type.
    f.setPixelSize(std::max(1, int(std::lround(std::min(pt, kMaxFontPt) / 72.0 * std::min(dpi, kMaxDpi)))));
    f.setBold(bold);
    return f;
}

} // namespace detail

namespace {

using detail::layoutFont;


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
    QString scaleText = "1:" + groupThousands(std::llround(scale)); // 1:1,638,889: a seven-digit scale is read at a glance
    if (arabic) {
        date = toArabicDigits(date);
        scaleText = toArabicNumerals(scaleText); // ١:١٬٦٣٨٬٨٨٩
    }
    text.replace("{crs}", crs.isValid() ? QString::fromStdString(crs.name() + " (" + crs.identifier() + ")") : QString("?"));
    text.replace("{date}", date);
    text.replace("{attribution}", limitText(c.attribution));
    text.replace("{scale}", scaleText);
    // How each analysed layer on the map was made (gis::provenanceLines; docs/projects.md, "History").
    auto lines = [](const std::vector<std::string>& v) {
        QString s;
        for (const std::string& line : v)
            s += (s.isEmpty() ? "" : "\n") + QString::fromStdString(line);
        return s;
    };
    text.replace("{provenance}", lines(arabic ? c.map.provenanceAr : c.map.provenanceEn));
    text.replace("{provenance_ar}", lines(c.map.provenanceAr));
    text.replace("{provenance_en}", lines(c.map.provenanceEn));
    for (const auto& [key, value] : c.fields)
        text.replace("{" + QString::fromStdString(key) + "}", value);
    return limitText(text);
}

/// The request a map frame draws: its own from LayoutContent::frames, else the page's map.
const RenderRequest& frameRequest(const LayoutContent& c, const LayoutItem& item)
{
    const auto it = c.frames.find(item.id);
    return it == c.frames.end() ? c.map : it->second;
}

} // namespace

std::vector<LayerError> drawLayout(QPainter& painter, const Layout& layout, const LayoutContent& content, double dpi,
    const CancellationToken& cancel)
{
    std::vector<LayerError> errors;
    const double mm = dpi / 25.4;
    const bool arabic = layout.language == "ar";
    auto toDevice = [&](const QRectF& r) { return QRectF(r.x() * mm, r.y() * mm, r.width() * mm, r.height() * mm); };
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(QRectF(0, 0, layout.widthMm * mm, layout.heightMm * mm), Qt::white);
    // The first map frame is the page's map, shown or hidden: the scale bar, legend, north arrow and insets
    // describe it.
    const LayoutItem* mapItem = nullptr;
    for (const auto& it : layout.items)
        if (it.kind == LayoutItem::Kind::Map && !mapItem)
            mapItem = &it;
    const RenderRequest& pageMap = mapItem ? frameRequest(content, *mapItem) : content.map;
    RenderRequest request = pageMap;
    const Crs crs = detail::layoutMapCrs(request);
    ScaleBarGeometry bar;
    Box mainExtent;
    if (mapItem) {
        request.extent = layoutMapExtent(layout, *mapItem, pageMap);
        mainExtent = detail::layoutFittedExtent(layout, *mapItem, pageMap);
        bar = layoutScaleBar(layout, *mapItem, pageMap, 1);
    }
    for (const auto& item : layout.items) {
        if (!item.visible)
            continue;
        const QRectF r = toDevice(item.rectMm);
        const Qt::Alignment h = item.align;
        switch (item.kind) {
        case LayoutItem::Kind::Map: {
            const RenderRequest& frame = frameRequest(content, item);
            RenderRequest req = frame;
            req.extent = layoutMapExtent(layout, item, frame);
            req.size = QSize(std::max(1, int(std::lround(r.width()))), std::max(1, int(std::lround(r.height()))));
            req.dpi = dpi;
            painter.save();
            painter.translate(r.topLeft());
            painter.setClipRect(QRectF(0, 0, req.size.width(), req.size.height()));
            const RenderResult res = renderToPainter(painter, req, cancel);
            errors.insert(errors.end(), res.errors.begin(), res.errors.end());
            painter.restore();
            // The grid is fitted like the map: to the frame's whole pixels, from its top-left corner.
            const std::string gridProblem = detail::drawGrid(painter, layout, item, frame, req.extent,
                QRectF(r.topLeft(), QSizeF(req.size.width(), req.size.height())), dpi);
            if (!gridProblem.empty())
                errors.push_back({item.id, gridProblem});
            painter.setPen(QPen(Qt::black, 0.3 * mm));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(r);
            break;
        }
        case LayoutItem::Kind::Inset: {
            const auto e = detail::drawInset(painter, item, r, pageMap, mainExtent, dpi, cancel);
            errors.insert(errors.end(), e.begin(), e.end());
            break;
        }
        case LayoutItem::Kind::Image:
            detail::drawImageItem(painter, item, r);
            break;
        case LayoutItem::Kind::Title: {
            // Wrapped, and shrunk until title and subtitle fit the rectangle. The size and texts are bounded (a
            // Layout made in code skips the template's checks): each step measures the texts again.
            const int flags = int(h) | Qt::AlignTop | Qt::TextWordWrap;
            const QString title = limitText(content.title), subtitle = limitText(content.subtitle);
            for (double pt = std::min(item.fontSizePt, detail::kMaxFontPt); pt >= 6; pt -= 1) {
                const QFont tf = layoutFont(arabic, pt, dpi, true);
                const QFont sf = layoutFont(!arabic, pt * 0.6, dpi); // the subtitle is the other language's title
                const QRectF tb = QFontMetricsF(tf).boundingRect(r, flags, title);
                const QRectF sb = subtitle.isEmpty() ? QRectF() : QFontMetricsF(sf).boundingRect(r, flags, subtitle);
                if ((tb.height() + sb.height() + 1 * mm > r.height() || tb.width() > r.width() + 1) && pt > 6)
                    continue;
                painter.setPen(Qt::black);
                painter.setFont(tf);
                painter.drawText(r, flags, title);
                if (!subtitle.isEmpty()) {
                    painter.setFont(sf);
                    painter.setPen(QColor(60, 60, 60));
                    painter.drawText(r.adjusted(0, tb.height() + 1 * mm, 0, 0), flags, subtitle);
                }
                break;
            }
            break;
        }
        case LayoutItem::Kind::Legend:
            if (mapItem)
                detail::drawLegend(painter, item, r, request, arabic, dpi);
            break;
        case LayoutItem::Kind::ScaleBar:
            if (mapItem) {
                const ScaleBarGeometry g = layoutScaleBar(layout, *mapItem, pageMap, item.rectMm.width() * 0.8);
                drawScaleBar(painter, item, r, g, arabic, dpi);
            }
            break;
        case LayoutItem::Kind::NorthArrow:
            drawNorthArrow(painter, r, gridConvergence(crs, request.extent.center()), arabic, dpi);
            break;
        case LayoutItem::Kind::Text: {
            painter.setPen(Qt::black);
            const QString text = expandText(item.text, content, crs, bar.scaleDenominator, arabic);
            const int flags = h | Qt::AlignTop | Qt::TextWordWrap;
            // A long text (a project's full credits) shrinks, down to 4 pt, rather than lose its last lines (the
            // scale) to the item's edge.
            double pt = std::min(item.fontSizePt, detail::kMaxFontPt);
            QFont font = layoutFont(arabic, pt, dpi);
            while (pt > 4 && QFontMetricsF(font, painter.device()).boundingRect(r, flags, text).height() > r.height()) {
                pt = std::max(4.0, pt - 0.25);
                font = layoutFont(arabic, pt, dpi);
            }
            painter.setFont(font);
            painter.drawText(r, flags, text);
            break;
        }
        }
    }
    painter.restore();
    return errors;
}

} // namespace gis
