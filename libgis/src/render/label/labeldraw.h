#pragma once

// Private: painting a placed label. The halo is a filled path (the glyph outlines stroked with round joins) under
// the text; the text itself is drawn as glyph runs, so a PDF or SVG painter writes real, extractable text.

#include <QColor>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QRawFont>

#include "labelcandidate.h"
#include "labeltext.h"

namespace gis::detail {

class HaloStore;

/// The halos of glyphs, each stroked once and reused by every label that has the glyph: stroking outlines is
/// by far the dearest part of drawing labels, and a layer's labels share few distinct glyphs. Backed by the
/// render session's store, so the next render (a pan, a zoom) finds them made. One thread at a time (the store
/// behind it is thread-safe).
class HaloCache {
public:
    /// `width`: device pixels of halo outside the glyph outlines; `store` must outlive the cache.
    HaloCache(double width, HaloStore& store) : m_width(width), m_store(store) {}
    double width() const { return m_width; }
    /// The halo around glyph `index` of `font` as a path to fill (winding rule), in the glyph's own frame.
    const QPainterPath& halo(const QRawFont& font, quint32 index);

private:
    struct Key {
        QRawFont font;
        quint32 index = 0;
        bool operator==(const Key& other) const { return index == other.index && font == other.font; }
    };
    friend size_t qHash(const Key& key, size_t seed) { return qHash(key.font, seed) ^ key.index; }

    double m_width;
    HaloStore& m_store;
    QHash<Key, QPainterPath> m_halos;
};

struct LabelPaint {
    QColor color = Qt::black;
    QColor halo = Qt::white;
};

/// Draws `text` as `candidate` places it, with the halo from `halos` (none when its width is 0 or the halo colour
/// is transparent). Leaves the painter's state as it found it.
void drawLabel(QPainter& painter, const ShapedText& text, const LabelCandidate& candidate, const LabelPaint& paint,
    HaloCache& halos);

} // namespace gis::detail
