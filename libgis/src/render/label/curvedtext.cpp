#include "curvedtext.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace gis::detail {

namespace {

constexpr double kDegree = std::numbers::pi / 180;

double wrapAngle(double a)
{
    while (a > std::numbers::pi)
        a -= 2 * std::numbers::pi;
    while (a <= -std::numbers::pi)
        a += 2 * std::numbers::pi;
    return a;
}

double angleOf(const QPointF& d) { return std::atan2(d.y(), d.x()); }

// Which way to walk: the one that reads left to right (a vertical stretch reads downwards). `c` becomes the
// centre's arc length on the chosen path.
const PathMeasure& uprightPath(const PathMeasure& path, const PathMeasure& reversed, double centre, double half,
    double& c)
{
    const QPointF d = path.pointAt(centre + half) - path.pointAt(centre - half);
    const double eps = 1e-9 * std::max(1.0, half);
    const bool flip = d.x() < -eps || (std::abs(d.x()) <= eps && d.y() < 0);
    c = flip ? path.length() - centre : centre;
    return flip ? reversed : path;
}

} // namespace

bool layOutAlongPath(const PathMeasure& path, const PathMeasure& reversed, double centre, const ShapedText& text,
    double halo, const AlongPathLimits& limits, LabelCandidate& out)
{
    const double half = text.width() / 2 + halo;
    if (centre - half < 0 || centre + half > path.length())
        return false;
    double c = 0;
    const PathMeasure& along = uprightPath(path, reversed, centre, half, c);
    const double chordAngle = angleOf(along.pointAt(c + half) - along.pointAt(c - half));

    out.glyphs.clear();
    out.boxes.clear();
    double lowest = 0, highest = 0; // glyph angles relative to the chord
    for (const ShapedLine& line : text.lines()) {
        double previous = std::numeric_limits<double>::quiet_NaN();
        for (const ShapedGlyph& g : line.glyphs) {
            const double s = c + line.origin.x() + g.position.x();
            // A glyph's baseline runs from the path's point at its start to the one at its end: neighbouring
            // Arabic letters then meet on the path where they join. Marks (no advance) take the local tangent.
            const bool spacing = g.advance > 0.5;
            const QPointF start = along.pointAt(s);
            const double angle = spacing ? angleOf(along.pointAt(s + g.advance) - start)
                                         : angleOf(along.pointAt(s + 0.5) - along.pointAt(s - 0.5));
            if (spacing) {
                if (!std::isnan(previous) && std::abs(wrapAngle(angle - previous)) > limits.maxTurn * kDegree)
                    return false;
                previous = angle;
                const double relative = wrapAngle(angle - chordAngle);
                lowest = std::min(lowest, relative);
                highest = std::max(highest, relative);
            }
            const double offset = line.origin.y() + g.position.y();
            const QPointF origin = start + QPointF(-std::sin(angle), std::cos(angle)) * offset;
            QTransform toDevice = QTransform::fromTranslate(origin.x(), origin.y());
            toDevice.rotateRadians(angle);
            out.glyphs.push_back({g.font, g.index, toDevice, angle});
            // The glyph's slice of the line's ink band, widened to the glyph's own ink (Arabic tails overhang).
            const QRectF local(QPointF(std::min(0.0, g.ink.left()) - halo, line.ink.top() - g.position.y() - halo),
                QPointF(std::max(g.advance, g.ink.right()) + halo, line.ink.bottom() - g.position.y() + halo));
            out.boxes.push_back(LabelBox::fromRect(local, toDevice));
        }
    }
    if (highest - lowest > limits.maxTotalTurn * kDegree)
        return false;

    if (highest - lowest <= limits.straightAngle * kDegree && along.deviationFromChord(c - half, c + half) < 0.5) {
        // Straight enough to draw the runs whole: crisper, and one piece of text in a PDF.
        const QPointF anchor = along.pointAt(c);
        out.toDevice = QTransform::fromTranslate(anchor.x(), anchor.y());
        out.toDevice.rotateRadians(chordAngle);
        out.glyphs.clear();
        out.boxes = {LabelBox::fromRect(text.ink().adjusted(-halo, -halo, halo, halo), out.toDevice)};
    }
    return true;
}

bool layOutStraightAlongPath(const PathMeasure& path, const PathMeasure& reversed, double centre,
    const ShapedText& text, double halo, LabelCandidate& out)
{
    const double half = text.width() / 2 + halo;
    if (centre - half < 0 || centre + half > path.length())
        return false;
    double c = 0;
    const PathMeasure& along = uprightPath(path, reversed, centre, half, c);
    if (along.deviationFromChord(c - half, c + half) > std::max(1.0, text.ink().height() / 4))
        return false;
    const QPointF a = along.pointAt(c - half);
    const QPointF b = along.pointAt(c + half);
    const QPointF anchor = (a + b) / 2;
    out.glyphs.clear();
    out.toDevice = QTransform::fromTranslate(anchor.x(), anchor.y());
    out.toDevice.rotateRadians(angleOf(b - a));
    out.boxes = {LabelBox::fromRect(text.ink().adjusted(-halo, -halo, halo, halo), out.toDevice)};
    return true;
}

} // namespace gis::detail
