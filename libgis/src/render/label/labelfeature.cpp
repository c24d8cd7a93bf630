#include "labelfeature.h"

#include <QLineF>

#include <algorithm>

#include "labelpath.h"

namespace gis::detail {

namespace {

// Label geometry needs no detail finer than this (device px); thinning first keeps the work per feature small
// for detailed lines zoomed out.
constexpr double kThinning = 0.5;
// A visible part smaller than this (device px^2) shows nothing and gets no label. Clipping a ring that lies outside
// the image but for rounding leaves such slivers along an edge (a governorate beside the map: 2.5e-14 x 598 px).
constexpr double kMinLabelledArea = 0.01;

QPolygonF ringToDevice(const GeometryColumn& g, std::size_t ring, const MapTransform& transform)
{
    QPolygonF points;
    points.reserve(static_cast<qsizetype>(g.coordEnd(ring) - g.coordBegin(ring)));
    for (std::size_t c = g.coordBegin(ring); c < g.coordEnd(ring); ++c)
        points.append(transform.toDevice(g.coord(c)));
    return thinned(points, kThinning);
}

double pathLength(const QPolygonF& line)
{
    double length = 0;
    for (qsizetype i = 1; i < line.size(); ++i)
        length += QLineF(line[i - 1], line[i]).length();
    return length;
}

bool pointGeometry(const GeometryColumn& g, std::size_t row, const MapTransform& transform, const QRectF& view,
    LabelStyle::Placement placement, LabelFeature& feature)
{
    // A multipoint is labelled once, at its first visible point.
    for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
        if (g.partType(p) != GeometryType::Point || g.ringBegin(p) == g.ringEnd(p))
            continue;
        const std::size_t ring = g.ringBegin(p);
        if (g.coordBegin(ring) == g.coordEnd(ring))
            continue;
        const QPointF point = transform.toDevice(g.coord(g.coordBegin(ring)));
        if (!view.contains(point))
            continue;
        feature.point = point;
        feature.kind = placement == LabelStyle::Placement::Inside ? LabelFeature::Kind::CentredPoint
                                                                  : LabelFeature::Kind::AroundPoint;
        return true;
    }
    return false;
}

// Visible pieces of `lines`, longest first.
std::vector<QPolygonF> visiblePieces(const std::vector<QPolygonF>& lines, const QRectF& view)
{
    std::vector<std::pair<double, QPolygonF>> measured;
    for (const QPolygonF& line : lines)
        for (QPolygonF& piece : clipPolyline(line, view))
            measured.emplace_back(pathLength(piece), std::move(piece));
    std::stable_sort(measured.begin(), measured.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<QPolygonF> pieces;
    pieces.reserve(measured.size());
    for (auto& m : measured)
        pieces.push_back(std::move(m.second));
    return pieces;
}

// Line features: along the line, or at the middle of its longest visible piece when asked for a point placement.
bool lineGeometry(const std::vector<QPolygonF>& lines, const QRectF& view, LabelStyle::Placement placement,
    LabelFeature& feature)
{
    feature.shapes = visiblePieces(lines, view);
    if (feature.shapes.empty())
        return false;
    using P = LabelStyle::Placement;
    if (placement == P::AroundPoint || placement == P::Inside) {
        const PathMeasure longest(feature.shapes.front());
        feature.point = longest.pointAt(longest.length() / 2);
        feature.shapes.clear();
        feature.kind = placement == P::Inside ? LabelFeature::Kind::CentredPoint : LabelFeature::Kind::AroundPoint;
    } else {
        feature.kind = placement == P::Line ? LabelFeature::Kind::AlongStraight : LabelFeature::Kind::AlongCurved;
    }
    return true;
}

bool polygonGeometry(const GeometryColumn& g, std::size_t row, const MapTransform& transform, const QRectF& view,
    LabelStyle::Placement placement, LabelFeature& feature)
{
    // The largest visible part of a multipolygon carries the label.
    double bestArea = kMinLabelledArea;
    std::vector<QPolygonF> best;
    for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
        if (g.partType(p) != GeometryType::Polygon || g.ringBegin(p) == g.ringEnd(p))
            continue;
        std::vector<QPolygonF> rings;
        double area = 0;
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
            QPolygonF ring = clipRing(ringToDevice(g, r, transform), view);
            if (ring.isEmpty()) {
                if (r == g.ringBegin(p))
                    break; // exterior not visible: neither are its holes
                continue;
            }
            area += (r == g.ringBegin(p) ? 1 : -1) * ringArea(ring);
            rings.push_back(std::move(ring));
        }
        if (!rings.empty() && area > bestArea) {
            bestArea = area;
            best = std::move(rings);
        }
    }
    if (best.empty())
        return false;
    using P = LabelStyle::Placement;
    if (placement == P::Line || placement == P::Curved) {
        // Along the outline: the exterior ring as a line (cut to the image again, as a line this time).
        std::size_t bestPart = g.partBegin(row);
        double bestOutline = -1;
        for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
            if (g.partType(p) != GeometryType::Polygon || g.ringBegin(p) == g.ringEnd(p))
                continue;
            const double area = ringArea(ringToDevice(g, g.ringBegin(p), transform));
            if (area > bestOutline) {
                bestOutline = area;
                bestPart = p;
            }
        }
        return lineGeometry({ringToDevice(g, g.ringBegin(bestPart), transform)}, view, placement, feature);
    }
    feature.shapes = std::move(best);
    feature.kind = placement == P::AroundPoint ? LabelFeature::Kind::AroundPolygon : LabelFeature::Kind::InsidePolygon;
    return true;
}

} // namespace

bool labelGeometry(const GeometryColumn& g, std::size_t row, const MapTransform& transform, const QRectF& view,
    LabelStyle::Placement placement, LabelFeature& feature)
{
    if (g.isNull(row) || g.isEmpty(row))
        return false;
    // A collection is labelled as the kind of its first part.
    switch (g.partType(g.partBegin(row))) {
    case GeometryType::Point:
        return pointGeometry(g, row, transform, view, placement, feature);
    case GeometryType::LineString: {
        std::vector<QPolygonF> lines;
        for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p)
            if (g.partType(p) == GeometryType::LineString && g.ringBegin(p) != g.ringEnd(p))
                lines.push_back(ringToDevice(g, g.ringBegin(p), transform));
        return lineGeometry(lines, view, placement, feature);
    }
    case GeometryType::Polygon:
        return polygonGeometry(g, row, transform, view, placement, feature);
    default:
        return false;
    }
}

} // namespace gis::detail
