// A map frame's coordinate grid: a graticule (meridians and parallels, densified and transformed into the map CRS,
// so they curve as they should) or the map CRS's own grid in metres, clipped to the frame, with ticks and labels
// on the frame's edges outside it.

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <optional>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/layout/arabicdigits.h"
#include "gis/layout/gridlabels.h"
#include "gis/layout/mapframe.h"
#include "layoutparts.h"

namespace gis {

namespace {

constexpr int kDensify = 96;           ///< points per graticule line
constexpr int kMaxLines = 400;         ///< per direction: a tiny interval draws no grid rather than a grey page
constexpr double kMeasureDpi = 720;    ///< labels are measured at a fine resolution, the same for any page DPI
constexpr double kLabelGapMm = 1.0;    ///< between the frame and a label (the tick runs in it)
constexpr double kTickMm = 0.8;
constexpr double kLabelSpacingMm = 0.5;

struct GridLine {
    bool vertical = true; ///< a meridian or an easting line: labelled on the top and bottom edges
    double value = 0;
    std::vector<Coord> points; ///< map CRS
};

/// Multiples of `step` in [lo, hi].
std::pair<long long, long long> multiples(double lo, double hi, double step)
{
    return {static_cast<long long>(std::ceil(lo / step - 1e-9)), static_cast<long long>(std::floor(hi / step + 1e-9))};
}

long long countMultiples(double lo, double hi, double step)
{
    const auto [a, b] = multiples(lo, hi, step);
    return std::max(0LL, b - a + 1);
}

/// The range the grid's values span over the frame: lon/lat (graticule) or map units (utm). Empty when the
/// frame cannot be transformed to WGS 84.
Box valueRange(LayoutGrid::Kind kind, const Crs& crs, const Box& fitted)
{
    if (kind == LayoutGrid::Kind::Utm || crs.isGeographic())
        return fitted;
    try {
        Box geo = Transformer(crs, Crs::fromEpsg(4326)).transformBox(fitted, 21);
        geo.minY = std::max(geo.minY, -89.9);
        geo.maxY = std::min(geo.maxY, 89.9);
        return geo;
    } catch (const Error&) {
        return {};
    }
}

double autoInterval(LayoutGrid::Kind kind, const Box& range)
{
    auto enough = [&](double step) {
        return std::min(countMultiples(range.minX, range.maxX, step), countMultiples(range.minY, range.maxY, step)) >= 3;
    };
    if (kind == LayoutGrid::Kind::Graticule) {
        static const double steps[] = {10, 5, 2, 1, 30 / 60.0, 20 / 60.0, 15 / 60.0, 10 / 60.0, 5 / 60.0, 2 / 60.0,
            1 / 60.0, 30 / 3600.0, 20 / 3600.0, 15 / 3600.0, 10 / 3600.0, 5 / 3600.0, 2 / 3600.0, 1 / 3600.0};
        for (double s : steps)
            if (enough(s))
                return s;
        return steps[std::size(steps) - 1];
    }
    const double span = std::max(range.width(), range.height());
    for (double p = std::pow(10, std::ceil(std::log10(span))); p > span * 1e-9; p /= 10)
        for (double m : {5.0, 2.0, 1.0})
            if (enough(p * m / 10))
                return p * m / 10;
    return span / 4;
}

/// The grid's lines over `fitted` (the frame's extent in the map CRS), in the map CRS. Empty without a grid.
std::vector<GridLine> gridLines(LayoutGrid::Kind kind, const Crs& crs, const Box& fitted, double interval)
{
    std::vector<GridLine> lines;
    const Box range = valueRange(kind, crs, fitted);
    if (range.isEmpty() || !(interval > 0))
        return lines;
    // A little wider than the frame: the transformed box's edges are sampled, so it may fall short by a hair.
    const double padX = range.width() * 0.02, padY = range.height() * 0.02;
    // Counted in doubles first: a tiny interval would overflow the integer multiples (undefined behaviour).
    const double reach = std::max({std::abs(range.minX), std::abs(range.maxX), std::abs(range.minY), std::abs(range.maxY)});
    if ((range.width() + 2 * padX) / interval > kMaxLines || (range.height() + 2 * padY) / interval > kMaxLines
        || (reach + padX + padY) / interval > 1e15)
        return lines;
    const auto [x0, x1] = multiples(range.minX - padX, range.maxX + padX, interval);
    const auto [y0, y1] = multiples(range.minY - padY, range.maxY + padY, interval);
    if (x1 - x0 > kMaxLines || y1 - y0 > kMaxLines)
        return lines;
    const bool straight = kind == LayoutGrid::Kind::Utm || crs.isGeographic();
    const int n = straight ? 1 : kDensify;
    for (int vertical = 1; vertical >= 0; --vertical) {
        const auto [k0, k1] = vertical ? std::pair(x0, x1) : std::pair(y0, y1);
        const double lo = vertical ? range.minY - padY : range.minX - padX, hi = vertical ? range.maxY + padY : range.maxX + padX;
        for (long long k = k0; k <= k1; ++k) {
            GridLine line{bool(vertical), k * interval, {}};
            for (int i = 0; i <= n; ++i) {
                const double t = lo + (hi - lo) * i / n;
                line.points.push_back(vertical ? Coord{line.value, t} : Coord{t, line.value});
            }
            lines.push_back(std::move(line));
        }
    }
    if (!straight) {
        try {
            const Transformer fromGeo(Crs::fromEpsg(4326), crs);
            for (auto& l : lines)
                fromGeo.transform(l.points.data(), l.points.size());
        } catch (const Error&) {
            lines.clear();
        }
    }
    return lines;
}

QString gridLabelText(LayoutGrid::Kind kind, const GridLine& line, double interval, bool arabic)
{
    if (kind == LayoutGrid::Kind::Graticule)
        return formatGridDms(line.value, !line.vertical, interval, arabic);
    const int decimals = interval >= 1 ? 0 : int(std::ceil(-std::log10(interval) - 1e-9));
    const QString number = QString::number(line.value, 'f', decimals);
    if (arabic)
        return toArabicDigits(number) + (line.vertical ? QString::fromUtf8(" م ق") : QString::fromUtf8(" م ش"));
    return number + (line.vertical ? "mE" : "mN");
}

} // namespace

LayoutGrid::Kind layoutGridKind(const LayoutItem& mapItem, const RenderRequest& map)
{
    if (mapItem.kind != LayoutItem::Kind::Map || mapItem.grid.kind == LayoutGrid::Kind::None || mapItem.rectMm.isEmpty()
        || map.extent.isEmpty())
        return LayoutGrid::Kind::None;
    const Crs crs = detail::layoutMapCrs(map);
    if (!crs.isValid())
        return LayoutGrid::Kind::None;
    if (mapItem.grid.kind == LayoutGrid::Kind::Utm && crs.isGeographic())
        return LayoutGrid::Kind::Graticule;
    return mapItem.grid.kind;
}

double layoutGridInterval(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map)
{
    const LayoutGrid::Kind kind = layoutGridKind(mapItem, map);
    if (kind == LayoutGrid::Kind::None)
        return 0;
    if (mapItem.grid.interval > 0)
        return mapItem.grid.interval;
    const Box range = valueRange(kind, detail::layoutMapCrs(map), detail::layoutFittedExtent(layout, mapItem, map));
    return range.isEmpty() ? 0 : autoInterval(kind, range);
}

QString formatGridDms(double degrees, bool latitude, double interval, bool arabic)
{
    auto wholeMinutes = [](double v) { return std::abs(v * 60 - std::round(v * 60)) < 1e-6; };
    const bool seconds = interval > 0 ? !wholeMinutes(interval) : !wholeMinutes(degrees);
    long long total = std::llround(std::abs(degrees) * 3600);
    if (!seconds)
        total = std::llround(std::abs(degrees) * 60) * 60;
    QString text = QString("%1°%2'").arg(total / 3600).arg(total / 60 % 60, 2, 10, QChar('0'));
    if (seconds)
        text += QString("%1\"").arg(total % 60, 2, 10, QChar('0'));
    const bool none = total == 0 || (!latitude && total == 180 * 3600);
    if (arabic) {
        text = toArabicDigits(text);
        if (!none)
            text += QString::fromUtf8(latitude ? (degrees > 0 ? "ش" : "ج") : (degrees > 0 ? "ق" : "غ"));
    } else if (!none) {
        text += latitude ? (degrees > 0 ? 'N' : 'S') : (degrees > 0 ? 'E' : 'W');
    }
    return text;
}

std::vector<GridLabel> layoutGridLabels(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map)
{
    std::vector<GridLabel> out;
    const LayoutGrid::Kind kind = layoutGridKind(mapItem, map);
    const double interval = layoutGridInterval(layout, mapItem, map);
    if (kind == LayoutGrid::Kind::None || !(interval > 0))
        return out;
    const Box fitted = detail::layoutFittedExtent(layout, mapItem, map);
    const QRectF frame = mapItem.rectMm;
    const double unitsPerMm = fitted.width() / frame.width();
    auto toPage = [&](const Coord& c) {
        return QPointF(frame.left() + (c.x - fitted.minX) / unitsPerMm, frame.top() + (fitted.maxY - c.y) / unitsPerMm);
    };
    const bool arabic = layout.language == "ar";
    const QFontMetricsF fm(detail::layoutFont(arabic, mapItem.grid.fontSizePt, kMeasureDpi));
    const double pxPerMm = kMeasureDpi / 25.4;

    // Every crossing of a line with the edge that carries its labels, edge by edge.
    std::vector<GridLabel> candidates;
    for (const GridLine& line : gridLines(kind, detail::layoutMapCrs(map), fitted, interval)) {
        std::vector<QPointF> pts;
        for (const Coord& c : line.points)
            pts.push_back(std::isfinite(c.x) && std::isfinite(c.y) ? toPage(c) : QPointF(qQNaN(), qQNaN()));
        const QString text = gridLabelText(kind, line, interval, arabic);
        const double w = fm.horizontalAdvance(text) / pxPerMm, h = fm.height() / pxPerMm;
        for (std::size_t i = 1; i < pts.size(); ++i) {
            const QPointF a = pts[i - 1], b = pts[i];
            if (!std::isfinite(a.x()) || !std::isfinite(b.x()))
                continue;
            for (int side = 0; side < 2; ++side) {
                // Vertical lines meet the top (side 0) and bottom edges, horizontal ones the left and right.
                const double edge = line.vertical ? (side ? frame.bottom() : frame.top()) : (side ? frame.right() : frame.left());
                const double da = (line.vertical ? a.y() : a.x()) - edge, db = (line.vertical ? b.y() : b.x()) - edge;
                if ((da < 0) == (db < 0)) // half-open: a vertex on the edge counts once
                    continue;
                const double t = da / (da - db);
                const QPointF at = a + (b - a) * t;
                const double along = line.vertical ? at.x() : at.y();
                if (line.vertical ? (along < frame.left() || along > frame.right()) : (along < frame.top() || along > frame.bottom()))
                    continue;
                GridLabel l;
                l.value = line.value;
                l.text = text;
                if (line.vertical) {
                    l.edge = side ? GridLabel::Edge::Bottom : GridLabel::Edge::Top;
                    l.anchorMm = QPointF(along, edge);
                    l.boxMm = QRectF(along - w / 2, side ? edge + kLabelGapMm : edge - kLabelGapMm - h, w, h);
                } else {
                    l.edge = side ? GridLabel::Edge::Right : GridLabel::Edge::Left;
                    l.anchorMm = QPointF(edge, along);
                    l.boxMm = QRectF(side ? edge + kLabelGapMm : edge - kLabelGapMm - h, along - w / 2, h, w);
                }
                candidates.push_back(l);
            }
        }
    }
    auto order = [](const GridLabel& l) {
        static const int rank[] = {1, 0, 2, 3}; // Top, Bottom, Left, Right -> bottom, top, left, right
        return rank[int(l.edge)];
    };
    std::stable_sort(candidates.begin(), candidates.end(), [&](const GridLabel& a, const GridLabel& b) {
        if (order(a) != order(b))
            return order(a) < order(b);
        return a.edge == GridLabel::Edge::Top || a.edge == GridLabel::Edge::Bottom ? a.anchorMm.x() < b.anchorMm.x()
                                                                                    : a.anchorMm.y() < b.anchorMm.y();
    });
    const QRectF page(0, 0, layout.widthMm, layout.heightMm);
    for (const GridLabel& l : candidates) {
        if (!page.contains(l.boxMm))
            continue;
        const QRectF spaced = l.boxMm.adjusted(-kLabelSpacingMm, -kLabelSpacingMm, kLabelSpacingMm, kLabelSpacingMm);
        const bool onItem = std::any_of(layout.items.begin(), layout.items.end(), [&](const LayoutItem& it) {
            const bool self = &it == &mapItem || (it.kind == LayoutItem::Kind::Map && it.rectMm == mapItem.rectMm);
            return it.visible && !self && it.rectMm.intersects(l.boxMm);
        });
        const bool onLabel = std::any_of(out.begin(), out.end(), [&](const GridLabel& o) { return o.boxMm.intersects(spaced); });
        if (!onItem && !onLabel)
            out.push_back(l);
    }
    return out;
}

namespace detail {

std::string drawGrid(QPainter& p, const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map,
    const Box& extent, const QRectF& frame, double dpi)
{
    const LayoutGrid::Kind kind = layoutGridKind(mapItem, map);
    const double interval = layoutGridInterval(layout, mapItem, map);
    if (kind == LayoutGrid::Kind::None || !(interval > 0))
        return {};
    const double mm = dpi / 25.4;
    // The lines as the map was drawn: the renderer's own fitting of the extent to the frame's pixels.
    const MapTransform t(extent, QSize(int(frame.width()), int(frame.height())));
    // An interval that fits a template's A4 frame may give millions of lines on an atlas page of a larger area:
    // gridLines() then gives none, and the caller hears why.
    const Box range = valueRange(kind, layoutMapCrs(map), t.extent());
    if (!range.isEmpty() && std::max(range.width(), range.height()) * 1.04 / interval > kMaxLines) // as padded there
        return "grid: an interval of " + QString::number(interval, 'g', 12).toStdString() + " gives more than "
            + std::to_string(kMaxLines) + " lines across the frame; no grid drawn (0 chooses one)";
    p.save();
    p.setClipRect(frame);
    p.setPen(QPen(mapItem.grid.color, 0.15 * mm));
    p.setBrush(Qt::NoBrush);
    for (const GridLine& line : gridLines(kind, layoutMapCrs(map), t.extent(), interval)) {
        QPolygonF poly;
        for (const Coord& c : line.points) {
            if (!std::isfinite(c.x) || !std::isfinite(c.y)) {
                if (poly.size() > 1)
                    p.drawPolyline(poly);
                poly.clear();
                continue;
            }
            poly << frame.topLeft() + t.toDevice(c);
        }
        if (poly.size() > 1)
            p.drawPolyline(poly);
    }
    p.restore();

    p.save();
    // Text at the size it was measured at (a font's pixel size is whole pixels: 6 pt is 4 px at 50 DPI, 4.17
    // measured), scaled to the page, so each label fills the box it was placed with at any DPI.
    const QFont font = layoutFont(layout.language == "ar", mapItem.grid.fontSizePt, kMeasureDpi);
    const double toPage = dpi / kMeasureDpi, measurePerMm = kMeasureDpi / 25.4;
    for (const GridLabel& l : layoutGridLabels(layout, mapItem, map)) {
        const QPointF a = l.anchorMm * mm;
        const QPointF out = l.edge == GridLabel::Edge::Top ? QPointF(0, -1) : l.edge == GridLabel::Edge::Bottom ? QPointF(0, 1)
            : l.edge == GridLabel::Edge::Left                                                                  ? QPointF(-1, 0)
                                                                                                               : QPointF(1, 0);
        p.setPen(QPen(QColor(40, 40, 40), 0.15 * mm));
        p.drawLine(a, a + out * kTickMm * mm);
        const bool along = l.edge == GridLabel::Edge::Left || l.edge == GridLabel::Edge::Right;
        const double w = (along ? l.boxMm.height() : l.boxMm.width()) * measurePerMm;
        const double h = (along ? l.boxMm.width() : l.boxMm.height()) * measurePerMm;
        p.save();
        p.translate(l.boxMm.center() * mm);
        p.scale(toPage, toPage);
        if (along)
            p.rotate(-90); // along the edge, reading upwards
        p.setFont(font);
        p.drawText(QRectF(-w / 2, -h / 2, w, h), Qt::AlignCenter, l.text);
        p.restore();
    }
    p.restore();
    return {};
}

} // namespace detail

} // namespace gis
