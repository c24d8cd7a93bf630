#pragma once

// Private: a Symbol turned into what QPainter needs at one DPI (pens, brushes, hatch textures, marker shapes),
// and markers pre-rendered as sprites for the image path.

#include <QBrush>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include "gis/project/style.h"

namespace gis::detail {

class IconStore;

/// Pens and brushes of one symbol. Holds implicitly shared Qt values (a hatch texture among them): make one
/// per thread rather than sharing it between threads.
struct SymbolPaint {
    Symbol::Marker marker = Symbol::Marker::Circle;
    double size = 6;          ///< marker diameter, device pixels
    QPen stroke{Qt::NoPen};   ///< outlines, lines, marker outlines
    QPen casing{Qt::NoPen};   ///< under lines; NoPen when disabled
    QBrush fill{Qt::NoBrush}; ///< polygons and markers
    QColor dot;               ///< a feature smaller than a pixel is this one pixel
    QString icon;             ///< Marker::Svg
    IconStore* icons = nullptr; ///< the render session's icon cache; null: icons are read and drawn uncached
    double opacity = 1;       ///< the symbol's, for icons (colours already carry it)
    double strokeWidth = 0;   ///< device pixels (Qt's 0, a hairline, counts as 1)
    bool hasCasing = false;

    /// One visible colour and fully opaque: stacking the same marker twice at one pixel changes nothing
    /// visible, so the point blitter may skip the second.
    bool uniformOpaque = false;
};

/// `icons`: the render session's cache for SVG icons (must outlive the paint), or null to read them uncached.
SymbolPaint makeSymbolPaint(const Symbol& symbol, double dpi, IconStore* icons = nullptr);

/// The marker outline centred on (0, 0), `size` across (Cross is two strokes; Svg a square).
QPainterPath markerPath(Symbol::Marker marker, double size);

/// Draws one marker centred on `centre`. Svg icons are drawn as vectors (QSvgRenderer) when `vector`, from the
/// cached sprite otherwise. Throws Error(Io) naming an icon file that cannot be read.
void drawMarker(QPainter& painter, const SymbolPaint& paint, QPointF centre, double size, bool vector);

/// A marker pre-rendered into a small premultiplied image; pixel (anchorX, anchorY) goes on the point's pixel.
struct Sprite {
    QImage image;
    int anchorX = 0;
    int anchorY = 0;
    bool uniformOpaque = false;
};

/// Throws Error(Io) for an unreadable icon.
Sprite makeSprite(const SymbolPaint& paint, double size);

} // namespace gis::detail
