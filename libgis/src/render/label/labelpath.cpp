#include "labelpath.h"

#include <algorithm>
#include <cmath>

namespace gis::detail {

PathMeasure::PathMeasure(QPolygonF points) : m_points(std::move(points))
{
    m_cumulative.reserve(static_cast<std::size_t>(m_points.size()));
    double s = 0;
    for (qsizetype i = 0; i < m_points.size(); ++i) {
        if (i > 0) {
            const QPointF d = m_points[i] - m_points[i - 1];
            s += std::hypot(d.x(), d.y());
        }
        m_cumulative.push_back(s);
    }
}

std::size_t PathMeasure::segmentAt(double s) const
{
    // The segment [i, i + 1] whose arc length range holds s.
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), s);
    const auto i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(1, it - m_cumulative.begin()));
    return std::min(i, m_cumulative.size() - 1) - 1;
}

QPointF PathMeasure::pointAt(double s) const
{
    if (m_points.isEmpty())
        return {};
    if (m_points.size() == 1 || s <= 0)
        return m_points.front();
    if (s >= length())
        return m_points.back();
    const std::size_t i = segmentAt(s);
    const double span = m_cumulative[i + 1] - m_cumulative[i];
    const double t = span > 0 ? (s - m_cumulative[i]) / span : 0;
    const QPointF a = m_points[static_cast<qsizetype>(i)];
    const QPointF b = m_points[static_cast<qsizetype>(i) + 1];
    return a + (b - a) * t;
}

PathMeasure PathMeasure::reversed() const
{
    QPolygonF points(m_points.rbegin(), m_points.rend());
    return PathMeasure(std::move(points));
}

double PathMeasure::deviationFromChord(double s0, double s1) const
{
    const QPointF a = pointAt(s0);
    const QPointF b = pointAt(s1);
    const QPointF d = b - a;
    const double chord = std::hypot(d.x(), d.y());
    double worst = 0;
    for (std::size_t i = 0; i < m_cumulative.size(); ++i) {
        if (m_cumulative[i] <= s0 || m_cumulative[i] >= s1)
            continue;
        const QPointF v = m_points[static_cast<qsizetype>(i)] - a;
        const double distance = chord > 0 ? std::abs(d.x() * v.y() - d.y() * v.x()) / chord : std::hypot(v.x(), v.y());
        worst = std::max(worst, distance);
    }
    return worst;
}

QPolygonF thinned(const QPolygonF& points, double tolerance)
{
    QPolygonF out;
    out.reserve(points.size());
    for (const QPointF& p : points) {
        if (!out.isEmpty()) {
            const QPointF d = p - out.back();
            if (std::abs(d.x()) < tolerance && std::abs(d.y()) < tolerance)
                continue;
        }
        out.append(p);
    }
    if (out.size() == 1 && points.size() > 1 && points.back() != out.front())
        out.append(points.back()); // keep a short line a line
    return out;
}

std::vector<QPolygonF> clipPolyline(const QPolygonF& line, const QRectF& rect)
{
    std::vector<QPolygonF> pieces;
    QPolygonF current;
    for (qsizetype i = 0; i + 1 < line.size(); ++i) {
        const QPointF a = line[i];
        const QPointF d = line[i + 1] - a;
        double t0 = 0, t1 = 1;
        const double p[4] = {-d.x(), d.x(), -d.y(), d.y()};
        const double q[4] = {a.x() - rect.left(), rect.right() - a.x(), a.y() - rect.top(), rect.bottom() - a.y()};
        bool inside = true;
        for (int k = 0; k < 4 && inside; ++k) {
            if (p[k] == 0) {
                inside = q[k] >= 0;
            } else {
                const double t = q[k] / p[k];
                if (p[k] < 0)
                    t0 = std::max(t0, t);
                else
                    t1 = std::min(t1, t);
                inside = t0 <= t1;
            }
        }
        if (!inside) {
            if (current.size() >= 2)
                pieces.push_back(std::move(current));
            current.clear();
            continue;
        }
        // Exact vertices where the segment is not cut, so consecutive pieces join without float seams.
        const QPointF from = t0 > 0 ? a + d * t0 : a;
        const QPointF to = t1 < 1 ? a + d * t1 : line[i + 1];
        if (!current.isEmpty() && (t0 > 0 || current.back() != from)) {
            pieces.push_back(std::move(current)); // the line left the rectangle and came back
            current.clear();
        }
        if (current.isEmpty())
            current.append(from);
        current.append(to);
        if (t1 < 1) {
            pieces.push_back(std::move(current));
            current.clear();
        }
    }
    if (current.size() >= 2)
        pieces.push_back(std::move(current));
    return pieces;
}

QPolygonF clipRing(const QPolygonF& ring, const QRectF& rect)
{
    // Clip against each edge in turn; `inside` and `cross` are parameterised by the edge.
    QPolygonF input = ring;
    if (input.size() > 1 && input.front() == input.back())
        input.removeLast();
    for (int edge = 0; edge < 4 && !input.isEmpty(); ++edge) {
        auto inside = [&](const QPointF& p) {
            switch (edge) {
            case 0: return p.x() >= rect.left();
            case 1: return p.x() <= rect.right();
            case 2: return p.y() >= rect.top();
            default: return p.y() <= rect.bottom();
            }
        };
        auto cross = [&](const QPointF& a, const QPointF& b) {
            const QPointF d = b - a;
            double t = 0;
            switch (edge) {
            case 0: t = (rect.left() - a.x()) / d.x(); break;
            case 1: t = (rect.right() - a.x()) / d.x(); break;
            case 2: t = (rect.top() - a.y()) / d.y(); break;
            default: t = (rect.bottom() - a.y()) / d.y(); break;
            }
            return a + d * t;
        };
        QPolygonF output;
        output.reserve(input.size() + 4);
        for (qsizetype i = 0; i < input.size(); ++i) {
            const QPointF current = input[i];
            const QPointF previous = input[(i + input.size() - 1) % input.size()];
            const bool currentIn = inside(current);
            if (currentIn != inside(previous))
                output.append(cross(previous, current));
            if (currentIn)
                output.append(current);
        }
        input = std::move(output);
    }
    if (input.size() < 3)
        return {};
    input.append(input.front());
    return input;
}

double ringArea(const QPolygonF& ring)
{
    double twice = 0;
    for (qsizetype i = 0; i + 1 < ring.size(); ++i)
        twice += ring[i].x() * ring[i + 1].y() - ring[i + 1].x() * ring[i].y();
    if (!ring.isEmpty() && ring.front() != ring.back())
        twice += ring.back().x() * ring.front().y() - ring.front().x() * ring.back().y();
    return std::abs(twice) / 2;
}

} // namespace gis::detail
