#include "vectordrawer.h"

#include <QPainterPath>

#include <cmath>
#include <vector>

#include "devicepath.h"
#include "sharededges.h"
#include "sessioncaches.h"
#include "symbolpaint.h"

namespace gis::detail {

namespace {

// Checked every few features (an atomic load is nothing beside drawing one): a thousand dashed, wide outlines
// can take the whole 100 ms a cancelled render has to stop. Huge features count by their vertices.
constexpr std::size_t kCancelFeatures = 16;
constexpr std::size_t kCancelVertices = 100000;

class LayerPainter {
public:
    LayerPainter(QPainter& painter, const PreparedLayer& layer, const RenderContext& ctx, const QRect& band, bool vector)
        : m_painter(painter), m_layer(layer), m_geoms(*layer.geometries), m_band(band), m_vector(vector),
          m_mapping(ctx.mapping), m_dashed(dashedOutlines(layer)),
          // Dashed outlines keep every vertex: the two sides of a shared edge must give the same segments.
          m_builder(ctx.mapping, ctx.size, maxReach(layer, ctx.dpi), m_dashed ? 0.0 : ctx.simplifyTolerance)
    {
        for (const Symbol& s : layer.symbols) {
            m_paints.push_back(makeSymbolPaint(s, ctx.dpi, ctx.caches ? &ctx.caches->icons : nullptr));
            m_reach.push_back(symbolReach(s, ctx.dpi));
        }
    }

    bool run(const CancellationToken& cancel)
    {
        if (m_dashed && !findSharedEdges(cancel))
            return false;
        bool casings = false;
        for (const SymbolPaint& p : m_paints)
            casings = casings || p.hasCasing;
        // Two-pass roads: every casing of the layer under every stroke, so crossings join.
        if (casings && !pass(true, cancel))
            return false;
        return pass(false, cancel);
    }

private:
    static bool dashedOutlines(const PreparedLayer& layer)
    {
        for (const Symbol& s : layer.symbols)
            if (s.stroke.enabled && !s.stroke.dashes.empty())
                return true;
        return false;
    }

    // Every polygon with a dashed outline that reaches this band (with the widest symbol's reach). Which item
    // strokes a shared edge does not depend on the band: an edge this band draws lies in the bounds of every
    // polygon that has it, so all of them reach the band and are noted here. Limiting the table to the band keeps
    // its cost (building, and freeing it when a render is cancelled) to the band's share of the layer.
    bool findSharedEdges(const CancellationToken& cancel)
    {
        double reach = 0;
        for (const double r : m_reach)
            reach = std::max(reach, r);
        const std::size_t n = m_layer.count();
        for (std::size_t k = 0; k < n; ++k) {
            if (k % kCancelFeatures == 0 && cancel.isCancelled())
                return false;
            const std::uint16_t s = m_layer.symbol(k);
            if (s == kNoSymbol || m_paints[s].stroke.style() != Qt::CustomDashLine)
                continue;
            const std::size_t row = m_layer.row(k);
            if (m_geoms.isNull(row) || m_geoms.isEmpty(row) || outsideBand(featureBounds(row), reach))
                continue;
            if (buildParts(row, GeometryType::Polygon))
                m_shared.add(k, m_points, m_ringSizes);
        }
        return true;
    }

    // The device bounds of a row that is neither null nor empty.
    Box featureBounds(std::size_t row) const
    {
        if (m_layer.bounds)
            return deviceBox((*m_layer.bounds)[row]);
        const std::size_t pb = m_geoms.partBegin(row), pe = m_geoms.partEnd(row);
        const std::size_t cb = m_geoms.coordBegin(m_geoms.ringBegin(pb));
        const std::size_t ce = m_geoms.coordBegin(m_geoms.ringEnd(pe - 1)); // safe when the last part has no ring
        return m_builder.deviceBounds(m_geoms.coords() + cb, ce - cb);
    }

    bool outsideBand(const Box& bounds, double reach) const
    {
        return bounds.isEmpty() || bounds.maxX < m_band.left() - reach || bounds.minX > m_band.right() + 1 + reach ||
               bounds.maxY < m_band.top() - reach || bounds.minY > m_band.bottom() + 1 + reach;
    }

    // The device points of `row`'s parts of `kind` into m_points and m_ringSizes; false when there are none.
    bool buildParts(std::size_t row, GeometryType kind)
    {
        m_points.clear();
        m_ringSizes.clear();
        if (m_geoms.isNull(row) || m_geoms.isEmpty(row))
            return false;
        for (std::size_t p = m_geoms.partBegin(row); p < m_geoms.partEnd(row); ++p) {
            if (m_geoms.partType(p) != kind)
                continue;
            for (std::size_t r = m_geoms.ringBegin(p); r < m_geoms.ringEnd(p); ++r) {
                const std::size_t b = m_geoms.coordBegin(r);
                if (const std::size_t added = m_builder.append(m_geoms.coords() + b, m_geoms.coordEnd(r) - b, m_points))
                    m_ringSizes.push_back(added);
            }
        }
        return !m_ringSizes.empty();
    }

    static double maxReach(const PreparedLayer& layer, double dpi)
    {
        double reach = 2;
        for (const Symbol& s : layer.symbols)
            reach = std::max(reach, symbolReach(s, dpi));
        return reach;
    }

    bool pass(bool casing, const CancellationToken& cancel)
    {
        std::size_t vertices = 0;
        const std::size_t n = m_layer.count();
        for (std::size_t k = 0; k < n; ++k) {
            if (k % kCancelFeatures == 0 || vertices > kCancelVertices) {
                vertices = 0;
                if (cancel.isCancelled())
                    return false;
            }
            const std::uint16_t s = m_layer.symbol(k);
            if (s == kNoSymbol || (casing && !m_paints[s].hasCasing))
                continue;
            vertices += drawFeature(m_layer.row(k), k, s, casing);
        }
        return !cancel.isCancelled();
    }

    // Returns the number of coordinates looked at.
    std::size_t drawFeature(std::size_t row, std::size_t item, std::uint16_t s, bool casing)
    {
        if (m_geoms.isNull(row) || m_geoms.isEmpty(row))
            return 0;
        const std::size_t pb = m_geoms.partBegin(row), pe = m_geoms.partEnd(row);
        const std::size_t cb = m_geoms.coordBegin(m_geoms.ringBegin(pb));
        const std::size_t ce = m_geoms.coordBegin(m_geoms.ringEnd(pe - 1)); // safe when the last part has no ring
        const Box bounds = featureBounds(row);
        if (outsideBand(bounds, m_reach[s]))
            return ce - cb;
        const SymbolPaint& paint = m_paints[s];
        const bool subPixel = bounds.width() < 1 && bounds.height() < 1;

        for (GeometryType kind : {GeometryType::Polygon, GeometryType::LineString}) {
            if (casing && kind == GeometryType::Polygon)
                continue;
            bool has = false;
            for (std::size_t p = pb; p < pe && !has; ++p)
                has = m_geoms.partType(p) == kind;
            if (!has)
                continue;
            if (subPixel) {
                // Smaller than a pixel: one pixel, so that nothing visible disappears (and nothing costs more).
                if (!casing)
                    drawDot(bounds, kind == GeometryType::Polygon         ? paint.dot
                                    : paint.stroke.style() != Qt::NoPen ? paint.stroke.color()
                                                                        : QColor());
                continue;
            }
            if (!buildParts(row, kind))
                continue;
            if (kind == GeometryType::Polygon)
                drawPolygons(paint, item);
            else
                drawLines(casing ? paint.casing : paint.stroke);
        }
        if (!casing)
            for (std::size_t p = pb; p < pe; ++p)
                if (m_geoms.partType(p) == GeometryType::Point) {
                    const Coord& c = m_geoms.coord(m_geoms.coordBegin(m_geoms.ringBegin(p)));
                    const double size = m_layer.sizeOf.empty() ? paint.size : m_layer.sizeOf[item];
                    const QPointF centre(m_mapping.x(c.x), m_mapping.y(c.y));
                    if (std::isfinite(centre.x()) && std::isfinite(centre.y()))
                        drawMarker(m_painter, paint, centre, size, m_vector);
                }
        return ce - cb;
    }

    // y flips: the map's top is the device's smallest y.
    Box deviceBox(const Box& map) const
    {
        if (map.isEmpty())
            return map;
        return Box(m_mapping.x(map.minX), m_mapping.y(map.maxY), m_mapping.x(map.maxX), m_mapping.y(map.minY));
    }

    void drawDot(const Box& bounds, const QColor& color)
    {
        if (!color.isValid() || color.alpha() == 0)
            return;
        const Coord c = bounds.center();
        m_painter.fillRect(QRectF(std::floor(c.x), std::floor(c.y), 1, 1), color);
    }

    void drawPolygons(const SymbolPaint& paint, std::size_t item)
    {
        if (!m_shared.empty() && paint.stroke.style() == Qt::CustomDashLine && !ownsAllEdges(item)) {
            drawOwnedOutline(paint, item);
            return;
        }
        m_painter.setPen(paint.stroke);
        m_painter.setBrush(paint.fill);
        if (m_ringSizes.size() == 1) { // no holes, one part: no path to build
            m_painter.drawPolygon(m_points.data(), static_cast<int>(m_points.size()), Qt::OddEvenFill);
            return;
        }
        QPainterPath path;
        path.setFillRule(Qt::OddEvenFill);
        path.reserve(static_cast<int>(m_points.size() + m_ringSizes.size()));
        std::size_t at = 0;
        for (std::size_t size : m_ringSizes) {
            path.moveTo(m_points[at]);
            for (std::size_t i = 1; i < size; ++i)
                path.lineTo(m_points[at + i]);
            path.closeSubpath();
            at += size;
        }
        m_painter.drawPath(path);
    }

    bool ownsAllEdges(std::size_t item) const
    {
        std::size_t at = 0;
        for (const std::size_t size : m_ringSizes) {
            for (std::size_t i = 0; i + 1 < size; ++i)
                if (!m_shared.owns(item, m_points[at + i], m_points[at + i + 1]))
                    return false;
            at += size;
        }
        return true;
    }

    // The fill whole, then the outline in runs of the edges this item owns. Each ring's runs start after an edge
    // it does not own, so a run is never cut at the ring's first vertex (its dashes would restart there).
    void drawOwnedOutline(const SymbolPaint& paint, std::size_t item)
    {
        QPainterPath fill, outline;
        fill.setFillRule(Qt::OddEvenFill);
        std::size_t at = 0;
        for (const std::size_t size : m_ringSizes) {
            const QPointF* ring = m_points.data() + at;
            fill.moveTo(ring[0]);
            for (std::size_t i = 1; i < size; ++i)
                fill.lineTo(ring[i]);
            fill.closeSubpath();
            const std::size_t edges = size - 1;
            std::size_t start = 0;
            while (start < edges && m_shared.owns(item, ring[start], ring[start + 1]))
                ++start;
            bool open = false;
            for (std::size_t n = 0; n < edges; ++n) {
                const std::size_t i = (start + n) % edges;
                if (!m_shared.owns(item, ring[i], ring[i + 1])) {
                    open = false;
                    continue;
                }
                if (!open)
                    outline.moveTo(ring[i]);
                outline.lineTo(ring[i + 1]);
                open = true;
            }
            at += size;
        }
        m_painter.setPen(Qt::NoPen);
        m_painter.setBrush(paint.fill);
        m_painter.drawPath(fill);
        m_painter.setPen(paint.stroke);
        m_painter.setBrush(Qt::NoBrush);
        m_painter.drawPath(outline);
    }

    void drawLines(const QPen& pen)
    {
        if (pen.style() == Qt::NoPen)
            return;
        m_painter.setPen(pen);
        m_painter.setBrush(Qt::NoBrush);
        if (m_ringSizes.size() == 1) {
            m_painter.drawPolyline(m_points.data(), static_cast<int>(m_points.size()));
            return;
        }
        QPainterPath path;
        path.reserve(static_cast<int>(m_points.size()));
        std::size_t at = 0;
        for (std::size_t size : m_ringSizes) {
            path.moveTo(m_points[at]);
            for (std::size_t i = 1; i < size; ++i)
                path.lineTo(m_points[at + i]);
            at += size;
        }
        m_painter.drawPath(path);
    }

    QPainter& m_painter;
    const PreparedLayer& m_layer;
    const GeometryColumn& m_geoms;
    QRect m_band;
    bool m_vector;
    DeviceMapping m_mapping;
    bool m_dashed;
    DevicePathBuilder m_builder;
    SharedEdges m_shared;
    std::vector<SymbolPaint> m_paints;
    std::vector<double> m_reach;
    std::vector<QPointF> m_points;
    std::vector<std::size_t> m_ringSizes;
};

} // namespace

bool drawVectorLayer(QPainter& painter, const PreparedLayer& layer, const RenderContext& context, const QRect& band,
    bool vector, const CancellationToken& cancel)
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    LayerPainter p(painter, layer, context, band, vector);
    return p.run(cancel);
}

} // namespace gis::detail
