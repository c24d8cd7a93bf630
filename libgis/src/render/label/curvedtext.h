#pragma once

// Private: a shaped label laid along a line. The string is shaped once (ShapedText); here each glyph of Qt's
// visual glyph runs is only moved to its arc length along the line and turned to the line's local direction,
// so Arabic keeps its joined forms and its right-to-left order on any curve. Text is kept upright: when the
// line runs right to left the label is laid along it walked from its other end.

#include "labelcandidate.h"
#include "labelpath.h"
#include "labeltext.h"

namespace gis::detail {

struct AlongPathLimits {
    double maxTurn = 30;        ///< degrees between neighbouring glyphs: more bends a word out of shape
    double maxTotalTurn = 90;   ///< degrees between any two glyphs of a line: more and it cannot be read
    double straightAngle = 1.0; ///< degrees: a label whose glyphs all lie within this of its chord is drawn straight
};

/// Lays `text` along `path` (with `reversed` the same path walked backwards) centred at arc length `centre`,
/// glyph by glyph, with `halo` pixels of halo around every glyph's box. False when it does not fit on the path
/// or bends too much. A label along a straight stretch comes out as one straight, rotated block.
bool layOutAlongPath(const PathMeasure& path, const PathMeasure& reversed, double centre, const ShapedText& text,
    double halo, const AlongPathLimits& limits, LabelCandidate& out);

/// Lays `text` as one straight, rotated block on the chord of `path` centred at arc length `centre`; false when it
/// does not fit or the path strays from the chord by more than a quarter of the text's height.
bool layOutStraightAlongPath(const PathMeasure& path, const PathMeasure& reversed, double centre,
    const ShapedText& text, double halo, LabelCandidate& out);

} // namespace gis::detail
