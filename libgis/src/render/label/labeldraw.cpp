#include "labeldraw.h"

#include <QGlyphRun>
#include <QPainterPathStroker>

#include <mutex>

#include "sessioncaches.h"

namespace gis::detail {

namespace {

// A path with data of its own. QPainterPath copies share their data, and Qt computes some of it lazily on use
// (bounds, flags) without a lock: renders on two threads must not share one path's data.
QPainterPath ownCopy(const QPainterPath& path)
{
    QPainterPath copy;
    copy.addPath(path);
    copy.setFillRule(path.fillRule());
    return copy;
}

} // namespace

// Halos outlive a render: every pan or zoom draws mostly the same glyphs again, and making one costs a fraction
// of a millisecond.
QPainterPath HaloStore::halo(const QRawFont& font, quint32 index, double width)
{
    constexpr qsizetype kMaxHalos = 50000; // a few MB; cleared whole when full (fonts and sizes changed)

    const QString key = font.familyName() + QChar(0x1F) + font.styleName() + QChar(0x1F)
        + QString::number(font.weight()) + QChar(0x1F) + QString::number(int(font.style())) + QChar(0x1F)
        + QString::number(font.pixelSize()) + QChar(0x1F) + QString::number(index) + QChar(0x1F)
        + QString::number(width);
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_halos.constFind(key);
        if (it != m_halos.constEnd())
            return ownCopy(it.value());
    }
    // The stroke straddles the outline: twice the width puts `width` outside it. United with the glyph it is one
    // clean outline of the grown glyph, which fills ten times faster than the overlapping pieces
    // QPainterPathStroker makes (and leaves no gap under a semi-transparent text colour).
    QPainterPathStroker stroker;
    stroker.setWidth(2 * width);
    stroker.setJoinStyle(Qt::RoundJoin);
    stroker.setCapStyle(Qt::RoundCap);
    const QPainterPath glyph = font.pathForGlyph(index);
    const QPainterPath halo = stroker.createStroke(glyph).united(glyph);
    const std::lock_guard lock(m_mutex);
    if (m_halos.size() >= kMaxHalos)
        m_halos.clear();
    m_halos.insert(key, ownCopy(halo));
    return halo;
}

void HaloStore::clear()
{
    const std::lock_guard lock(m_mutex);
    m_halos.clear();
}

const QPainterPath& HaloCache::halo(const QRawFont& font, quint32 index)
{
    const Key key{font, index};
    auto it = m_halos.find(key);
    if (it == m_halos.end())
        it = m_halos.insert(key, m_store.halo(font, index, m_width));
    return it.value();
}

namespace {

// All glyph halos of a label as one path: filled at once, overlapping halos of neighbouring (joined) glyphs
// merge instead of darkening each other or covering the glyph drawn before.
void fillHalo(QPainter& painter, QPainterPath& halo, const QColor& colour)
{
    halo.setFillRule(Qt::WindingFill);
    painter.fillPath(halo, colour);
}

void drawStraight(QPainter& painter, const ShapedText& text, const QTransform& toDevice, const LabelPaint& paint,
    HaloCache* halos)
{
    const QTransform base = painter.worldTransform();
    painter.setWorldTransform(toDevice * base);
    if (halos) {
        QPainterPath halo;
        for (const ShapedLine& line : text.lines())
            for (const ShapedGlyph& g : line.glyphs)
                halo.addPath(halos->halo(g.font, g.index).translated(line.origin + g.position));
        fillHalo(painter, halo, paint.halo);
    }
    painter.setPen(paint.color);
    for (const ShapedLine& line : text.lines())
        line.layout->draw(&painter, line.origin + line.layoutOffset);
    painter.setWorldTransform(base);
}

void drawCurved(QPainter& painter, const std::vector<PlacedGlyph>& glyphs, const LabelPaint& paint, HaloCache* halos)
{
    const QTransform base = painter.worldTransform();
    if (halos) {
        QPainterPath halo;
        for (const PlacedGlyph& g : glyphs)
            halo.addPath(g.toDevice.map(halos->halo(g.font, g.index)));
        fillHalo(painter, halo, paint.halo);
    }
    painter.setPen(paint.color);
    QGlyphRun run;
    run.setPositions({QPointF(0, 0)});
    for (const PlacedGlyph& g : glyphs) {
        run.setRawFont(g.font);
        run.setGlyphIndexes({g.index});
        painter.setWorldTransform(g.toDevice * base);
        painter.drawGlyphRun(QPointF(0, 0), run);
    }
    painter.setWorldTransform(base);
}

} // namespace

void drawLabel(QPainter& painter, const ShapedText& text, const LabelCandidate& candidate, const LabelPaint& paint,
    HaloCache& halos)
{
    HaloCache* halo = halos.width() > 0 && paint.halo.alpha() > 0 ? &halos : nullptr;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(Qt::NoPen);
    if (candidate.curved())
        drawCurved(painter, candidate.glyphs, paint, halo);
    else
        drawStraight(painter, text, candidate.toDevice, paint, halo);
    painter.restore();
}

} // namespace gis::detail
