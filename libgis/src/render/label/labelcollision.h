#pragma once

// Private: the space labels already occupy. Every label is one or more oriented rectangles (one for a straight
// label, one per glyph for a curved one); a grid over the image finds the rectangles near a candidate.

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <array>
#include <cstdint>
#include <vector>

namespace gis::detail {

/// A rectangle of label space in device pixels, possibly rotated.
struct LabelBox {
    std::array<QPointF, 4> corners; ///< in order around the rectangle
    QRectF bounds;
    bool axisAligned = true;

    /// `local` (a rectangle in a label's own frame) mapped by `toDevice` (a translation and a rotation).
    static LabelBox fromRect(const QRectF& local, const QTransform& toDevice);
    /// True when the rectangles overlap by a positive area (touching edges do not).
    bool intersects(const LabelBox& other) const;
};

/// Label boxes placed so far, across all layers. One thread at a time.
class CollisionIndex {
public:
    explicit CollisionIndex(QSize deviceSize, double cellSize = 32);

    /// True when any of `boxes` overlaps a box inserted before.
    bool collides(const std::vector<LabelBox>& boxes) const;
    /// True when a box inserted before covers `point` (with a quarter pixel around it).
    bool covers(const QPointF& point) const;
    void insert(const std::vector<LabelBox>& boxes);
    /// The indices (in insertion order, from 0) of the boxes inserted before that overlap any of `boxes`, each once,
    /// ascending, into `out` (cleared first).
    void colliding(const std::vector<LabelBox>& boxes, std::vector<std::uint32_t>& out) const;
    std::size_t size() const { return m_boxes.size(); }

private:
    template <class Fn> void forCells(const QRectF& bounds, Fn&& fn) const;

    std::vector<LabelBox> m_boxes;
    std::vector<std::vector<std::uint32_t>> m_cells; // box indices per cell, row-major
    int m_columns = 1;
    int m_rows = 1;
    double m_cellSize;
};

} // namespace gis::detail
