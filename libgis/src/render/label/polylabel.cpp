#include "polylabel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace gis::detail {

namespace {

// Squared distance from p to the segment ab.
double segmentDistanceSquared(const QPointF& p, const QPointF& a, const QPointF& b)
{
    double x = a.x(), y = a.y();
    double dx = b.x() - x, dy = b.y() - y;
    if (dx != 0 || dy != 0) {
        const double t = ((p.x() - x) * dx + (p.y() - y) * dy) / (dx * dx + dy * dy);
        if (t > 1) {
            x = b.x();
            y = b.y();
        } else if (t > 0) {
            x += dx * t;
            y += dy * t;
        }
    }
    dx = p.x() - x;
    dy = p.y() - y;
    return dx * dx + dy * dy;
}

struct Cell {
    QPointF centre;
    double half = 0;     // half the cell's side
    double distance = 0; // signed distance of the centre to the polygon
    double potential = 0; // the best distance any point of the cell can have

    Cell(QPointF c, double h, const std::vector<QPolygonF>& rings)
        : centre(c), half(h), distance(signedDistance(c, rings)), potential(distance + h * std::sqrt(2.0))
    {
    }
};

// Area-weighted centroid of the exterior ring: a good first guess for convex shapes.
QPointF centroid(const QPolygonF& ring)
{
    double area = 0, x = 0, y = 0;
    for (qsizetype i = 0, n = ring.size(), j = n - 1; i < n; j = i++) {
        const QPointF a = ring[i], b = ring[j];
        const double f = a.x() * b.y() - b.x() * a.y();
        x += (a.x() + b.x()) * f;
        y += (a.y() + b.y()) * f;
        area += f * 3;
    }
    if (area == 0)
        return ring.isEmpty() ? QPointF() : ring.front();
    return {x / area, y / area};
}

} // namespace

double signedDistance(const QPointF& p, const std::vector<QPolygonF>& rings)
{
    bool inside = false;
    double best = std::numeric_limits<double>::infinity();
    for (const QPolygonF& ring : rings) {
        for (qsizetype i = 0, n = ring.size(), j = n - 1; i < n; j = i++) {
            const QPointF a = ring[i], b = ring[j];
            if ((a.y() > p.y()) != (b.y() > p.y()) && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x())
                inside = !inside;
            best = std::min(best, segmentDistanceSquared(p, a, b));
        }
    }
    if (!std::isfinite(best))
        return 0;
    return (inside ? 1 : -1) * std::sqrt(best);
}

Pole poleOfInaccessibility(const std::vector<QPolygonF>& rings, double precision)
{
    if (rings.empty() || rings.front().isEmpty())
        return {};
    const QRectF box = rings.front().boundingRect();
    const double side = std::min(box.width(), box.height());
    if (!(side > 0) || !std::isfinite(box.width()) || !std::isfinite(box.height()))
        return {box.topLeft(), 0, 0};

    auto byPotential = [](const Cell& a, const Cell& b) { return a.potential < b.potential; };
    std::priority_queue<Cell, std::vector<Cell>, decltype(byPotential)> queue(byPotential);
    // Cover the box with square cells, at most maxFirstCells of them (4096, fewer for a ring of many vertices, see
    // kMaxPoleSegmentTests). A long thin box gets coarser cells than its
    // short side: cells are counted whole (a sliver 1e-14 px wide and 600 px tall is one column, not 1e10 cells of
    // its width), and laid out by index, since adding a tiny side to a large coordinate may not move it.
    std::size_t vertices = 0;
    for (const QPolygonF& ring : rings)
        vertices += static_cast<std::size_t>(ring.size());
    const double cellBudget = kMaxPoleSegmentTests / static_cast<double>(std::max<std::size_t>(vertices, 1));
    const double maxFirstCells = std::clamp(std::floor(cellBudget / 2), 64.0, 4096.0);
    double cellSide = std::max(side, std::sqrt(box.width() * box.height() / maxFirstCells));
    auto columns = [&] { return std::ceil(box.width() / cellSide); };
    auto rows = [&] { return std::ceil(box.height() / cellSide); };
    while (columns() * rows() > maxFirstCells)
        cellSide *= 2;
    const int nx = int(columns()), ny = int(rows());
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j)
            queue.emplace(QPointF(box.left() + (i + 0.5) * cellSide, box.top() + (j + 0.5) * cellSide), cellSide / 2, rings);
    std::size_t cells = queue.size();

    Cell best(centroid(rings.front()), 0, rings);
    const Cell boxCentre(box.center(), 0, rings);
    if (boxCentre.distance > best.distance)
        best = boxCentre;

    // Split the most promising cell until no cell can beat the best by more than the precision, within the budget
    // of cells x vertices (kMaxPoleSegmentTests): a pathological ring (thousands of spikes) or a long clipped coast
    // costs a few milliseconds, not seconds.
    int budget = static_cast<int>(std::clamp(std::floor((cellBudget - static_cast<double>(cells)) / 4), 0.0, 20000.0));
    while (!queue.empty() && budget-- > 0) {
        const Cell cell = queue.top();
        queue.pop();
        if (cell.distance > best.distance)
            best = cell;
        if (cell.potential - best.distance <= precision)
            continue;
        const double h = cell.half / 2;
        queue.emplace(cell.centre + QPointF(-h, -h), h, rings);
        queue.emplace(cell.centre + QPointF(h, -h), h, rings);
        queue.emplace(cell.centre + QPointF(-h, h), h, rings);
        queue.emplace(cell.centre + QPointF(h, h), h, rings);
        cells += 4;
    }
    return {best.centre, std::max(0.0, best.distance), cells + 2};
}

} // namespace gis::detail
