#pragma once

// Private: one way of putting a label on the map, as the placement code proposes it and the engine accepts or
// rejects it: the space it takes and how to draw it.

#include <QRawFont>
#include <QRectF>
#include <QTransform>

#include <functional>
#include <vector>

#include "labelcollision.h"

namespace gis::detail {

/// One glyph of a curved label, already shaped: its font, its index in that font and where it goes.
struct PlacedGlyph {
    QRawFont font;
    quint32 index = 0;
    QTransform toDevice; ///< the glyph's frame (origin at the left end of its baseline) to device pixels
    double angle = 0;    ///< radians, device y down: 0 reads left to right, pi/2 reads downwards
};

struct LabelCandidate {
    std::vector<LabelBox> boxes;     ///< the space it takes, halo included
    QTransform toDevice;             ///< a straight label: its anchor frame (ShapedText) to device pixels
    std::vector<PlacedGlyph> glyphs; ///< a curved label: every glyph on its own (toDevice unused)

    bool curved() const { return !glyphs.empty(); }
    QRectF bounds() const
    {
        QRectF r;
        for (const LabelBox& box : boxes)
            r = r.isNull() ? box.bounds : r.united(box.bounds);
        return r;
    }
};

/// Sees the candidates of one label in order of preference; returns true to take the one it was given (which
/// ends the search; it may move from the candidate).
using CandidateVisitor = std::function<bool(LabelCandidate&)>;

} // namespace gis::detail
