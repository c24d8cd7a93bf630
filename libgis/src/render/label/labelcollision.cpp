#include "labelcollision.h"

#include <algorithm>
#include <cmath>

namespace gis::detail {

namespace {

// Projections of a box's corners on `axis`.
void project(const LabelBox& box, const QPointF& axis, double& low, double& high)
{
    low = high = QPointF::dotProduct(box.corners[0], axis);
    for (int i = 1; i < 4; ++i) {
        const double d = QPointF::dotProduct(box.corners[i], axis);
        low = std::min(low, d);
        high = std::max(high, d);
    }
}

// Separating axis test along the edge directions of `box`.
bool separatedAlongEdgesOf(const LabelBox& box, const LabelBox& a, const LabelBox& b)
{
    for (int edge = 0; edge < 2; ++edge) {
        const QPointF axis = box.corners[edge + 1] - box.corners[edge];
        double aLow, aHigh, bLow, bHigh;
        project(a, axis, aLow, aHigh);
        project(b, axis, bLow, bHigh);
        // A sliver of float noise along a shared edge is not an overlap.
        const double tolerance = 1e-9 * std::max(1.0, QPointF::dotProduct(axis, axis));
        if (aHigh <= bLow + tolerance || bHigh <= aLow + tolerance)
            return true;
    }
    return false;
}

bool overlaps(const QRectF& a, const QRectF& b)
{
    return a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom() && b.top() < a.bottom();
}

} // namespace

LabelBox LabelBox::fromRect(const QRectF& local, const QTransform& toDevice)
{
    LabelBox box;
    box.corners = {toDevice.map(local.topLeft()), toDevice.map(local.topRight()), toDevice.map(local.bottomRight()),
        toDevice.map(local.bottomLeft())};
    box.axisAligned = toDevice.type() <= QTransform::TxTranslate;
    double minX = box.corners[0].x(), maxX = minX, minY = box.corners[0].y(), maxY = minY;
    for (const QPointF& c : box.corners) {
        minX = std::min(minX, c.x());
        maxX = std::max(maxX, c.x());
        minY = std::min(minY, c.y());
        maxY = std::max(maxY, c.y());
    }
    box.bounds = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
    return box;
}

bool LabelBox::intersects(const LabelBox& other) const
{
    if (!overlaps(bounds, other.bounds))
        return false;
    if (axisAligned && other.axisAligned)
        return true;
    return !separatedAlongEdgesOf(*this, *this, other) && !separatedAlongEdgesOf(other, *this, other);
}

CollisionIndex::CollisionIndex(QSize deviceSize, double cellSize) : m_cellSize(cellSize)
{
    m_columns = std::max(1, static_cast<int>(std::ceil(deviceSize.width() / cellSize)));
    m_rows = std::max(1, static_cast<int>(std::ceil(deviceSize.height() / cellSize)));
    m_cells.resize(static_cast<std::size_t>(m_columns) * static_cast<std::size_t>(m_rows));
}

template <class Fn> void CollisionIndex::forCells(const QRectF& bounds, Fn&& fn) const
{
    // Boxes outside the image are clamped to the border cells: still found, never out of range (clamped as
    // doubles: a huge or NaN coordinate cast to int would be undefined).
    auto cell = [this](double v, int count) {
        const double c = std::floor(v / m_cellSize);
        return c >= 0 ? (c < count ? static_cast<int>(c) : count - 1) : 0;
    };
    const int x0 = cell(bounds.left(), m_columns), x1 = cell(bounds.right(), m_columns);
    const int y0 = cell(bounds.top(), m_rows), y1 = cell(bounds.bottom(), m_rows);
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x)
            if (fn(static_cast<std::size_t>(y) * static_cast<std::size_t>(m_columns) + static_cast<std::size_t>(x)))
                return;
}

bool CollisionIndex::collides(const std::vector<LabelBox>& boxes) const
{
    for (const LabelBox& box : boxes) {
        bool hit = false;
        forCells(box.bounds, [&](std::size_t cell) {
            for (std::uint32_t i : m_cells[cell]) {
                if (m_boxes[i].intersects(box)) {
                    hit = true;
                    return true;
                }
            }
            return false;
        });
        if (hit)
            return true;
    }
    return false;
}

void CollisionIndex::colliding(const std::vector<LabelBox>& boxes, std::vector<std::uint32_t>& out) const
{
    out.clear();
    for (const LabelBox& box : boxes)
        forCells(box.bounds, [&](std::size_t cell) {
            for (std::uint32_t i : m_cells[cell])
                if (m_boxes[i].intersects(box))
                    out.push_back(i);
            return false;
        });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

bool CollisionIndex::covers(const QPointF& point) const
{
    const QRectF probe(point - QPointF(0.25, 0.25), QSizeF(0.5, 0.5));
    return collides({LabelBox::fromRect(probe, QTransform())});
}

void CollisionIndex::insert(const std::vector<LabelBox>& boxes)
{
    for (const LabelBox& box : boxes) {
        const auto index = static_cast<std::uint32_t>(m_boxes.size());
        m_boxes.push_back(box);
        forCells(box.bounds, [&](std::size_t cell) {
            m_cells[cell].push_back(index);
            return false;
        });
    }
}

} // namespace gis::detail
