#include "labelplacement.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "polylabel.h"

namespace gis::detail {

namespace {

// A straight, unrotated candidate whose box (relative to the anchor) is `box`, anchored at `anchor`.
bool offerAt(const QPointF& anchor, const QRectF& box, const CandidateVisitor& visit)
{
    LabelCandidate candidate;
    candidate.toDevice = QTransform::fromTranslate(anchor.x(), anchor.y());
    candidate.boxes = {LabelBox::fromRect(box, candidate.toDevice)};
    return visit(candidate);
}

// Most candidates along one piece: enough alternatives to get around a crossing label, few enough to stay fast.
constexpr int kMaxAlongPiece = 11;

} // namespace

void pointCandidates(const QPointF& point, double distance, const ShapedText& text, double halo,
    const CandidateVisitor& visit)
{
    const QRectF box = text.ink().adjusted(-halo, -halo, halo, halo);
    const double d = distance;
    const double diagonal = distance * std::numbers::sqrt2 / 2;
    const double x = point.x(), y = point.y();
    // Anchors that put the box's right edge d left of the point, its left edge d right of it, and so on.
    const double left = x - d - box.right(), right = x + d - box.left();
    const double leftDiagonal = x - diagonal - box.right(), rightDiagonal = x + diagonal - box.left();
    const double middleX = x - box.center().x(), middleY = y - box.center().y();
    const double above = y - diagonal - box.bottom(), below = y + diagonal - box.top();
    const double top = y - d - box.bottom(), bottom = y + d - box.top();

    const double near = text.rightToLeft() ? left : right;
    const double far = text.rightToLeft() ? right : left;
    const double nearDiagonal = text.rightToLeft() ? leftDiagonal : rightDiagonal;
    const double farDiagonal = text.rightToLeft() ? rightDiagonal : leftDiagonal;
    const QPointF anchors[] = {{near, middleY}, {nearDiagonal, above}, {nearDiagonal, below}, {far, middleY},
        {farDiagonal, above}, {farDiagonal, below}, {middleX, top}, {middleX, bottom}};
    for (const QPointF& anchor : anchors)
        if (offerAt(anchor, box, visit))
            return;
}

std::array<QPointF, 8> pointCandidateProbes(const QPointF& point, double distance)
{
    // Every candidate's box touches the point at `distance` in its direction and extends away from it; half a
    // pixel further out is inside any box at least that large.
    const double d = distance + 0.5;
    const double diagonal = distance * std::numbers::sqrt2 / 2 + 0.5;
    return {point + QPointF(-d, 0), point + QPointF(d, 0), point + QPointF(0, -d), point + QPointF(0, d),
        point + QPointF(-diagonal, -diagonal), point + QPointF(diagonal, -diagonal),
        point + QPointF(-diagonal, diagonal), point + QPointF(diagonal, diagonal)};
}

void centredCandidates(const QPointF& point, const ShapedText& text, double halo, const CandidateVisitor& visit)
{
    const QRectF box = text.ink().adjusted(-halo, -halo, halo, halo);
    offerAt(point - box.center(), box, visit);
}

void lineCandidates(const std::vector<QPolygonF>& pieces, const ShapedText& text, double halo, bool curved,
    const CandidateVisitor& visit)
{
    const double span = text.width() + 2 * halo;
    const AlongPathLimits limits;
    for (const QPolygonF& piece : pieces) {
        const PathMeasure path(piece);
        const double length = path.length();
        if (length < span)
            continue;
        const PathMeasure reversed = path.reversed();
        const double middle = length / 2;
        const double room = (length - span) / 2; // how far the centre may move either way
        const double step = std::max({span / 2, 8.0, room / (kMaxAlongPiece / 2)});
        LabelCandidate candidate;
        for (int k = 0; k < kMaxAlongPiece; ++k) {
            // middle, middle + step, middle - step, middle + 2 step, ...
            const double shift = ((k + 1) / 2) * step * (k % 2 == 1 ? 1 : -1);
            if (std::abs(shift) > room)
                break;
            const bool laid = curved ? layOutAlongPath(path, reversed, middle + shift, text, halo, limits, candidate)
                                     : layOutStraightAlongPath(path, reversed, middle + shift, text, halo, candidate);
            if (laid && visit(candidate))
                return;
        }
    }
}

void polygonCandidates(const std::vector<QPolygonF>& rings, const ShapedText& text, double halo,
    const CandidateVisitor& visit)
{
    if (rings.empty())
        return;
    const QRectF box = text.ink().adjusted(-halo, -halo, halo, halo);
    const Pole pole = poleOfInaccessibility(rings, 1.0);
    if (offerAt(pole.point - box.center(), box, visit))
        return;
    // Around the pole (another label may sit on it), only where the whole box is inside the polygon.
    const QPointF shifts[] = {{0, -box.height()}, {0, box.height()}, {-box.width() / 2, 0}, {box.width() / 2, 0},
        {-box.width() / 2, -box.height()}, {box.width() / 2, -box.height()}, {-box.width() / 2, box.height()},
        {box.width() / 2, box.height()}};
    for (const QPointF& shift : shifts) {
        const QPointF anchor = pole.point - box.center() + shift;
        const QRectF r = box.translated(anchor);
        const QPointF probes[] = {r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight(), r.center()};
        const bool inside = std::all_of(std::begin(probes), std::end(probes),
            [&](const QPointF& p) { return signedDistance(p, rings) > 0; });
        if (inside && offerAt(anchor, box, visit))
            return;
    }
}

} // namespace gis::detail
