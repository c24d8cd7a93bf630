#include "labeltext.h"

#include <QGlyphRun>
#include <QRawFont>
#include <QStringList>
#include <QTextOption>

#include <algorithm>

namespace gis::detail {

namespace {

// Gap between the ink of the first line and that of the second, in multiples of the font's pixel size: enough to
// keep Arabic descenders (ى, ي, ر) clear of Latin capitals.
constexpr double kLineGap = 0.25;

ShapedLine shapeLine(const QFont& font, const QString& text)
{
    ShapedLine shaped;
    shaped.rightToLeft = text.isRightToLeft();

    // The whole line goes through one QTextLayout: Qt itemizes it by script and direction, shapes each item with
    // HarfBuzz (contextual Arabic forms, lam-alef ligatures) and orders the items visually (bidi).
    auto layout = std::make_shared<QTextLayout>(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    option.setTextDirection(shaped.rightToLeft ? Qt::RightToLeft : Qt::LeftToRight);
    layout->setTextOption(option);
    layout->setCacheEnabled(true);
    layout->beginLayout();
    QTextLine line = layout->createLine();
    layout->endLayout();
    if (!line.isValid())
        return shaped;

    shaped.width = line.naturalTextWidth();
    // Glyph positions come relative to the layout's top-left; move them to the line's baseline origin.
    const QPointF shift(line.naturalTextRect().x(), line.y() + line.ascent());
    shaped.layoutOffset = -shift;
    for (const QGlyphRun& run : layout->glyphRuns()) {
        const QList<QPointF> positions = run.positions();
        const QList<quint32> indexes = run.glyphIndexes();
        const QRawFont font = run.rawFont();
        const QList<QPointF> advances = font.advancesForGlyphIndexes(indexes);
        for (qsizetype i = 0; i < positions.size() && i < indexes.size(); ++i) {
            const QPointF position = positions[i] - shift;
            const QRectF glyphInk = font.boundingRect(indexes[i]);
            shaped.glyphs.push_back({font, indexes[i], position, i < advances.size() ? advances[i].x() : 0, glyphInk});
            if (!glyphInk.isEmpty())
                shaped.ink = shaped.ink.isNull() ? glyphInk.translated(position)
                                                 : shaped.ink.united(glyphInk.translated(position));
        }
    }
    shaped.layout = std::move(layout);
    // Qt keeps a right-to-left run's glyphs in logical order; placement wants them as they appear.
    std::stable_sort(shaped.glyphs.begin(), shaped.glyphs.end(),
        [](const ShapedGlyph& a, const ShapedGlyph& b) { return a.position.x() < b.position.x(); });
    return shaped;
}

} // namespace

QFont labelFont(const LabelStyle& style, double dpi)
{
    QFont font;
    QStringList families;
    families << (style.font.empty() ? QStringLiteral("Noto Sans Arabic") : QString::fromStdString(style.font)) << QStringLiteral("Noto Sans")
             << QStringLiteral("Noto Naskh Arabic") << QStringLiteral("DejaVu Sans");
    families.removeDuplicates();
    font.setFamilies(families);
    font.setPixelSize(std::max(1, qRound(style.size.toDevice(dpi))));
    return font;
}

ShapedText::ShapedText(const QFont& font, const QString& first, const QString& second)
{
    m_text = first;
    m_lines.push_back(shapeLine(font, first));
    if (!second.isEmpty()) {
        ShapedLine line = shapeLine(font, second);
        if (!line.ink.isEmpty()) {
            m_lines.push_back(std::move(line));
            m_text += QLatin1Char('\n') + second;
        }
    }

    // Stack the lines by their ink, centre them on their advance widths, then put the anchor at the centre.
    double baseline = 0;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        ShapedLine& line = m_lines[i];
        if (i > 0) {
            const ShapedLine& above = m_lines[i - 1];
            baseline = above.origin.y() + above.ink.bottom() + kLineGap * font.pixelSize() - line.ink.top();
        }
        line.origin = QPointF(-line.width / 2, baseline);
        m_width = std::max(m_width, line.width);
        const QRectF ink = line.ink.translated(line.origin);
        if (!line.ink.isEmpty())
            m_ink = m_ink.isNull() ? ink : m_ink.united(ink);
    }
    const double centreY = m_ink.center().y();
    for (ShapedLine& line : m_lines)
        line.origin.ry() -= centreY;
    m_ink.translate(0, -centreY);
}

std::shared_ptr<const ShapedText> TextShaper::shape(const QString& first, const QString& second)
{
    if (first.isEmpty())
        return nullptr;
    const QString key = first + QChar(0x1F) + second;
    auto it = m_cache.find(key);
    if (it != m_cache.end())
        return it.value();
    auto shaped = std::make_shared<const ShapedText>(m_font, first, second);
    if (shaped->isEmpty())
        shaped = nullptr; // only spaces or glyphs without ink: nothing to show
    m_cache.insert(key, shaped);
    return shaped;
}

} // namespace gis::detail
