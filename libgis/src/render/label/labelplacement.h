#pragma once

// Private: the candidate positions of a label for each kind of feature, in order of preference. The engine takes
// the first one that is inside the image and free.

#include <QPointF>
#include <QPolygonF>

#include <array>
#include <vector>

#include "curvedtext.h"
#include "labelcandidate.h"
#include "labeltext.h"

namespace gis::detail {

/// Around a point symbol, `distance` pixels from the point (symbol radius plus the style's offset).
///
/// Order: the side where reading starts first, so the first word is next to the symbol. Right-to-left text
/// (an Arabic first line): left, upper left, lower left, right, upper right, lower right, above, below.
/// Left-to-right text: the mirror image (right first). The block is vertically centred beside the point, so a
/// bilingual label's two lines sit on either side of the symbol's height.
void pointCandidates(const QPointF& point, double distance, const ShapedText& text, double halo,
    const CandidateVisitor& visit);

/// One point inside each box pointCandidates() can offer, whatever the text: when labels already cover all of
/// them, no candidate can fit and the text need not even be shaped.
std::array<QPointF, 8> pointCandidateProbes(const QPointF& point, double distance);

/// Centred on `point` (a label inside its feature).
void centredCandidates(const QPointF& point, const ShapedText& text, double halo, const CandidateVisitor& visit);

/// Along lines (`pieces`: the visible parts, longest first): the middle of each piece, then positions stepping
/// out from the middle both ways. `curved`: glyph by glyph along bends; otherwise straight on straight stretches.
void lineCandidates(const std::vector<QPolygonF>& pieces, const ShapedText& text, double halo, bool curved,
    const CandidateVisitor& visit);

/// Inside a polygon (`rings`: exterior then holes, in device pixels): centred on the pole of inaccessibility,
/// then a few positions around it whose box lies inside. The pole is offered even when the label is larger
/// than the polygon: a planner expects every polygon that has room on the map to be named.
void polygonCandidates(const std::vector<QPolygonF>& rings, const ShapedText& text, double halo,
    const CandidateVisitor& visit);

} // namespace gis::detail
