#include "symbolpaint.h"

#include <QFileInfo>
#include <QSvgRenderer>

#include <cmath>
#include <map>
#include <mutex>
#include <utility>

#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/render/qtstyle.h"
#include "sessioncaches.h"

namespace gis::detail {

namespace {

QColor withOpacity(QColor c, double opacity)
{
    c.setAlphaF(static_cast<float>(std::clamp(c.alphaF() * opacity, 0.0, 1.0)));
    return c;
}

QPen makePen(const Stroke& stroke, double dpi, double opacity)
{
    if (!stroke.enabled || stroke.color.alpha == 0)
        return QPen(Qt::NoPen);
    QPen pen(withOpacity(toQColor(stroke.color), opacity), std::max(0.0, stroke.width.toDevice(dpi)));
    pen.setCapStyle(toQt(stroke.cap));
    pen.setJoinStyle(toQt(stroke.join));
    if (!stroke.dashes.empty()) {
        QList<qreal> pattern;
        for (double d : stroke.dashes)
            pattern.push_back(std::max(d, 0.01));
        if (pattern.size() % 2 == 1) // SVG's rule: an odd list is repeated to make it even
            pattern += pattern;
        pen.setDashPattern(pattern);
    }
    return pen;
}

// A tile that repeats seamlessly: hatch lines `width` px wide every `spacing` px (measured across the lines).
QImage hatchTile(Fill::Pattern pattern, const QColor& color, double spacing, double width)
{
    const bool diagonal = pattern == Fill::Pattern::ForwardDiagonal || pattern == Fill::Pattern::BackwardDiagonal ||
                          pattern == Fill::Pattern::DiagonalCross;
    // A 45-degree line repeats every spacing * sqrt(2) along each axis.
    const int n = std::max(2, static_cast<int>(std::lround(diagonal ? spacing * std::sqrt(2.0) : spacing)));
    QImage tile(n, n, QImage::Format_ARGB32_Premultiplied);
    tile.fill(Qt::transparent);
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(color, std::max(0.5, width));
    pen.setCapStyle(Qt::FlatCap);
    p.setPen(pen);
    const double mid = n / 2.0;
    const auto forward = [&] { // "\": top left to bottom right, and its copies one tile either side
        for (int k = -1; k <= 1; ++k)
            p.drawLine(QPointF(k * n, 0), QPointF(k * n + n, n));
    };
    const auto backward = [&] { // "/"
        for (int k = -1; k <= 1; ++k)
            p.drawLine(QPointF(k * n, n), QPointF(k * n + n, 0));
    };
    switch (pattern) {
    case Fill::Pattern::Horizontal:
        p.drawLine(QPointF(0, mid), QPointF(n, mid));
        break;
    case Fill::Pattern::Vertical:
        p.drawLine(QPointF(mid, 0), QPointF(mid, n));
        break;
    case Fill::Pattern::Cross:
        p.drawLine(QPointF(0, mid), QPointF(n, mid));
        p.drawLine(QPointF(mid, 0), QPointF(mid, n));
        break;
    case Fill::Pattern::ForwardDiagonal:
        forward();
        break;
    case Fill::Pattern::BackwardDiagonal:
        backward();
        break;
    case Fill::Pattern::DiagonalCross:
        forward();
        backward();
        break;
    case Fill::Pattern::Dots: {
        const double r = std::max(0.75, width);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(QPointF(mid, mid), r, r);
        break;
    }
    default:
        break;
    }
    return tile;
}

QBrush makeBrush(const Fill& fill, double dpi, double opacity)
{
    const QColor color = withOpacity(toQColor(fill.color), opacity);
    if (fill.pattern == Fill::Pattern::None || color.alpha() == 0)
        return QBrush(Qt::NoBrush);
    if (fill.pattern == Fill::Pattern::Solid)
        return QBrush(color);
    // Hatches as a texture: scaled with the DPI like every other length, aligned to the device origin so
    // neighbouring polygons' hatches line up, and filled by the rasterizer as fast as a solid colour.
    return QBrush(hatchTile(fill.pattern, color, std::max(1.0, fill.spacing.toDevice(dpi)),
        fill.lineWidth.toDevice(dpi)));
}

// An icon's SVG text, read once per file: bounded and refusing anything but a regular file, so that an icon
// path such as /dev/stdin or a FIFO can neither hang a render nor exhaust memory (QSvgRenderer(path) would
// read whatever the path gives). Errors are not cached: a file fixed meanwhile is read next time.
QByteArray readIcon(const QString& path)
{
    return QByteArray::fromStdString(readSmallFile(path.toStdString(), kMaxIconFileBytes, "SVG icon"));
}

QImage drawIcon(const QString& path, const QByteArray& bytes, double size)
{
    QSvgRenderer renderer(bytes);
    if (!renderer.isValid())
        throw Error(ErrorCode::Io, QFileInfo(path).fileName().toStdString() + ": cannot read SVG icon (" +
                                       path.toStdString() + ")");
    const int n = std::max(1, static_cast<int>(std::ceil(size)));
    QImage image(n, n, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    QSizeF natural = renderer.defaultSize();
    if (natural.isEmpty())
        natural = QSizeF(1, 1);
    natural.scale(n, n, Qt::KeepAspectRatio);
    renderer.render(&p, QRectF((n - natural.width()) / 2, (n - natural.height()) / 2, natural.width(), natural.height()));
    p.end();
    return image;
}

QByteArray iconBytes(const SymbolPaint& paint)
{
    return paint.icons ? paint.icons->bytes(paint.icon) : readIcon(paint.icon);
}

// Icons rendered once per (file, size in quarter pixels): QSvgRenderer is slow to parse and to draw, and a
// layer may place the same icon a million times.
QImage iconImage(const SymbolPaint& paint, double size)
{
    return paint.icons ? paint.icons->image(paint.icon, size) : drawIcon(paint.icon, readIcon(paint.icon), size);
}

} // namespace

QByteArray IconStore::bytes(const QString& path)
{
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_bytes.find(path); it != m_bytes.end())
            return it->second;
    }
    QByteArray bytes = readIcon(path);
    const std::lock_guard lock(m_mutex);
    if (m_bytes.size() > 256)
        m_bytes.clear();
    m_bytes.emplace(path, bytes);
    return bytes;
}

QImage IconStore::image(const QString& path, double size)
{
    const int key = static_cast<int>(std::lround(size * 4));
    {
        const std::lock_guard lock(m_mutex);
        if (const auto it = m_images.find({path, key}); it != m_images.end())
            return it->second;
    }
    QImage image = drawIcon(path, bytes(path), size); // without the lock: other renders go on meanwhile
    const std::lock_guard lock(m_mutex);
    if (m_images.size() > 512)
        m_images.clear();
    m_images.emplace(std::make_pair(path, key), image);
    return image;
}

void IconStore::clear()
{
    const std::lock_guard lock(m_mutex);
    m_bytes.clear();
    m_images.clear();
}

namespace {

void applyMarkerPens(QPainter& painter, const SymbolPaint& paint, double size)
{
    if (paint.marker == Symbol::Marker::Cross) {
        // A cross has no inside: its stroke is the symbol, in the fill colour when there is no stroke.
        QPen pen = paint.stroke;
        if (pen.style() == Qt::NoPen)
            pen = QPen(paint.fill.color(), std::max(1.0, size / 6));
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(paint.stroke);
        painter.setBrush(paint.fill.style() == Qt::NoBrush ? QBrush(Qt::NoBrush) : paint.fill);
    }
}

} // namespace

SymbolPaint makeSymbolPaint(const Symbol& symbol, double dpi, IconStore* icons)
{
    SymbolPaint s;
    s.icons = icons;
    const double opacity = std::clamp(symbol.opacity, 0.0, 1.0);
    s.marker = symbol.marker;
    s.size = symbol.size.toDevice(dpi);
    s.stroke = makePen(symbol.stroke, dpi, opacity);
    s.casing = makePen(symbol.casing, dpi, opacity);
    s.hasCasing = s.casing.style() != Qt::NoPen;
    s.fill = makeBrush(symbol.fill, dpi, opacity);
    s.icon = QString::fromStdString(symbol.icon);
    s.opacity = opacity;
    s.strokeWidth = s.stroke.style() == Qt::NoPen ? 0 : std::max(1.0, s.stroke.widthF());
    // The one pixel of a polygon smaller than a pixel: its outline's colour, else its fill's, else nothing.
    s.dot = s.stroke.style() != Qt::NoPen ? s.stroke.color()
            : s.fill.style() != Qt::NoBrush ? withOpacity(toQColor(symbol.fill.color), opacity)
                                            : QColor();
    const bool strokeBlends = s.stroke.style() == Qt::NoPen || symbol.stroke.color == symbol.fill.color ||
                              symbol.marker == Symbol::Marker::Cross;
    const QColor visible = symbol.marker == Symbol::Marker::Cross && s.stroke.style() != Qt::NoPen
                               ? s.stroke.color()
                               : withOpacity(toQColor(symbol.fill.color), opacity);
    s.uniformOpaque = symbol.marker != Symbol::Marker::Svg && strokeBlends && visible.alpha() == 255 &&
                      (symbol.fill.pattern == Fill::Pattern::Solid || symbol.marker == Symbol::Marker::Cross);
    return s;
}

QPainterPath markerPath(Symbol::Marker marker, double size)
{
    const double r = size / 2;
    QPainterPath path;
    switch (marker) {
    case Symbol::Marker::Circle:
        path.addEllipse(QPointF(0, 0), r, r);
        break;
    case Symbol::Marker::Square:
    case Symbol::Marker::Svg:
        path.addRect(QRectF(-r, -r, size, size));
        break;
    case Symbol::Marker::Triangle: // as tall as it is wide, pointing up
        path.moveTo(0, -r);
        path.lineTo(r, r);
        path.lineTo(-r, r);
        path.closeSubpath();
        break;
    case Symbol::Marker::Star: { // five points; the inner radius of a regular pentagram
        const double inner = r * 0.381966;
        constexpr double pi = 3.14159265358979323846;
        for (int i = 0; i < 10; ++i) {
            const double radius = i % 2 == 0 ? r : inner;
            const double a = -pi / 2 + i * pi / 5;
            const QPointF p(radius * std::cos(a), radius * std::sin(a));
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        path.closeSubpath();
        break;
    }
    case Symbol::Marker::Cross:
        path.moveTo(-r, 0);
        path.lineTo(r, 0);
        path.moveTo(0, -r);
        path.lineTo(0, r);
        break;
    }
    return path;
}

void drawMarker(QPainter& painter, const SymbolPaint& paint, QPointF centre, double size, bool vector)
{
    if (size <= 0)
        return;
    if (paint.marker == Symbol::Marker::Svg) {
        if (vector) {
            QSvgRenderer renderer(iconBytes(paint));
            if (!renderer.isValid())
                throw Error(ErrorCode::Io, QFileInfo(paint.icon).fileName().toStdString() + ": cannot read SVG icon");
            const double previous = painter.opacity();
            painter.setOpacity(previous * paint.opacity);
            QSizeF natural = renderer.defaultSize();
            if (natural.isEmpty())
                natural = QSizeF(1, 1);
            natural.scale(size, size, Qt::KeepAspectRatio);
            renderer.render(&painter, QRectF(centre.x() - natural.width() / 2, centre.y() - natural.height() / 2,
                                          natural.width(), natural.height()));
            painter.setOpacity(previous);
        } else {
            const Sprite sprite = makeSprite(paint, size);
            painter.drawImage(QPointF(std::floor(centre.x()) - sprite.anchorX, std::floor(centre.y()) - sprite.anchorY),
                sprite.image);
        }
        return;
    }
    applyMarkerPens(painter, paint, size);
    painter.drawPath(markerPath(paint.marker, size).translated(centre));
}

Sprite makeSprite(const SymbolPaint& paint, double size)
{
    Sprite sprite;
    // Odd side so the marker's centre is a pixel's centre: the point's pixel is the sprite's middle pixel.
    const double reach = size + paint.strokeWidth + 2;
    int n = std::max(1, static_cast<int>(std::ceil(reach)));
    if (n % 2 == 0)
        ++n;
    sprite.anchorX = sprite.anchorY = n / 2;
    sprite.image = QImage(n, n, QImage::Format_ARGB32_Premultiplied);
    sprite.image.fill(Qt::transparent);
    if (size > 0) {
        QPainter p(&sprite.image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        if (paint.marker == Symbol::Marker::Svg) {
            const QImage icon = iconImage(paint, size);
            p.setOpacity(paint.opacity);
            p.drawImage(QPoint((n - icon.width()) / 2, (n - icon.height()) / 2), icon);
        } else {
            applyMarkerPens(p, paint, size);
            p.drawPath(markerPath(paint.marker, size).translated(n / 2.0, n / 2.0));
        }
    }
    sprite.uniformOpaque = paint.uniformOpaque && qAlpha(sprite.image.pixel(n / 2, n / 2)) == 255;
    return sprite;
}

} // namespace gis::detail
