#pragma once

// Private: device-pixel geometry for labels: measuring a polyline by arc length, and cutting lines and rings to
// the image so a label goes where the feature is visible.

#include <QPointF>
#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace gis::detail {

/// A polyline measured by arc length, for walking a label along it.
class PathMeasure {
public:
    PathMeasure() = default;
    explicit PathMeasure(QPolygonF points);

    double length() const { return m_cumulative.empty() ? 0 : m_cumulative.back(); }
    /// The point at arc length `s` (clamped to the ends).
    QPointF pointAt(double s) const;
    /// The same path walked from its other end.
    PathMeasure reversed() const;
    /// Largest distance of the path's vertices between arc lengths s0 and s1 from the chord joining them.
    double deviationFromChord(double s0, double s1) const;

private:
    std::size_t segmentAt(double s) const;

    QPolygonF m_points;
    std::vector<double> m_cumulative; // arc length at each vertex
};

/// Drops vertices closer than `tolerance` to the previous kept one (a label needs no sub-pixel detail).
QPolygonF thinned(const QPolygonF& points, double tolerance);

/// The pieces of a polyline inside `rect` (Liang-Barsky per segment, consecutive pieces joined).
std::vector<QPolygonF> clipPolyline(const QPolygonF& line, const QRectF& rect);

/// A ring cut to `rect` (Sutherland-Hodgman): still one ring, possibly with edges along the rectangle.
QPolygonF clipRing(const QPolygonF& ring, const QRectF& rect);

/// Absolute area of a ring (shoelace).
double ringArea(const QPolygonF& ring);

} // namespace gis::detail
