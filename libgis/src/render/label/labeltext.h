#pragma once

// Private: the text of a label, shaped once by Qt as whole strings. Arabic is joined and ordered right to left
// by Qt's text engine (HarfBuzz); everything after this point only moves the glyphs it produced.

#include <QFont>
#include <QTextLayout>
#include <QHash>
#include <QRawFont>
#include <QRectF>
#include <QString>

#include <memory>
#include <vector>

#include "gis/project/style.h"

namespace gis::detail {

/// The font of a label style at `dpi`: the style's family, then Noto Sans (Latin that matches Noto Sans Arabic),
/// Noto Naskh Arabic and DejaVu Sans for whatever the first lacks. The size is set in device pixels, so a label
/// is as large on a QImage as on a QPdfWriter or QSvgGenerator whose device pixels are the render's pixels.
QFont labelFont(const LabelStyle& style, double dpi);

/// One glyph of a shaped line, with what laying it along a curve needs.
struct ShapedGlyph {
    QRawFont font;
    quint32 index = 0;
    QPointF position;  ///< relative to the line's origin
    double advance = 0;
    QRectF ink;        ///< relative to the glyph's origin
};

/// One line of a label as Qt laid it out.
struct ShapedLine {
    /// The layout that shaped the line, kept to draw it: QTextLayout::draw hands the paint engine the characters
    /// with the glyphs, so PDF and SVG get real text (an SVG gets only outlines from a bare glyph run).
    std::shared_ptr<const QTextLayout> layout;
    QPointF layoutOffset;     ///< the layout's top-left relative to the line's origin
    std::vector<ShapedGlyph> glyphs; ///< the layout's glyphs, left to right as displayed
    QPointF origin;           ///< the line's origin relative to the label's anchor
    double width = 0;         ///< advance width
    QRectF ink;               ///< ink bounds relative to the line's origin
    bool rightToLeft = false; ///< base direction (from the first strong character)
};

/// A label's one or two lines (the second centred under the first), shaped and measured. The anchor (0, 0) is
/// the horizontal centre of the advance widths and the vertical centre of the ink.
class ShapedText {
public:
    ShapedText(const QFont& font, const QString& first, const QString& second);

    const QString& text() const { return m_text; } ///< the lines joined with '\n'
    const std::vector<ShapedLine>& lines() const { return m_lines; }
    const QRectF& ink() const { return m_ink; } ///< all lines' ink, relative to the anchor
    double width() const { return m_width; }    ///< widest line's advance width
    bool rightToLeft() const { return m_lines.front().rightToLeft; }
    bool isEmpty() const { return m_ink.isEmpty(); }

private:
    QString m_text;
    std::vector<ShapedLine> m_lines;
    QRectF m_ink;
    double m_width = 0;
};

/// Shapes the labels of one layer (one font), each distinct text once. One thread at a time.
class TextShaper {
public:
    explicit TextShaper(QFont font) : m_font(std::move(font)) {}
    /// Null when the first line is empty (no label).
    std::shared_ptr<const ShapedText> shape(const QString& first, const QString& second);

private:
    QFont m_font;
    QHash<QString, std::shared_ptr<const ShapedText>> m_cache;
};

} // namespace gis::detail
