#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// A position in a layer's CRS: x is easting or longitude, y is northing or latitude (always x/y order).
struct Coord {
    double x = 0;
    double y = 0;
    friend bool operator==(const Coord&, const Coord&) = default;
};

/// An axis-aligned bounding box. A default-constructed box is empty (min > max) and contains nothing;
/// expanding it by a coordinate makes it that point. An empty box never has infinite extent when printed:
/// check isEmpty() first.
struct Box {
    double minX = std::numeric_limits<double>::infinity();
    double minY = std::numeric_limits<double>::infinity();
    double maxX = -std::numeric_limits<double>::infinity();
    double maxY = -std::numeric_limits<double>::infinity();

    Box() = default;
    Box(double minx, double miny, double maxx, double maxy) : minX(minx), minY(miny), maxX(maxx), maxY(maxy) {}

    bool isEmpty() const { return !(minX <= maxX && minY <= maxY); }
    double width() const { return isEmpty() ? 0 : maxX - minX; }
    double height() const { return isEmpty() ? 0 : maxY - minY; }
    Coord center() const { return {(minX + maxX) / 2, (minY + maxY) / 2}; }

    void expand(double x, double y)
    {
        minX = std::min(minX, x);
        minY = std::min(minY, y);
        maxX = std::max(maxX, x);
        maxY = std::max(maxY, y);
    }
    void expand(const Coord& c) { expand(c.x, c.y); }
    void expand(const Box& b)
    {
        if (b.isEmpty())
            return;
        expand(b.minX, b.minY);
        expand(b.maxX, b.maxY);
    }

    /// True when the boxes share at least one point (touching edges count).
    bool intersects(const Box& b) const
    {
        return !isEmpty() && !b.isEmpty() && minX <= b.maxX && b.minX <= maxX && minY <= b.maxY && b.minY <= maxY;
    }
    bool contains(const Box& b) const
    {
        return !isEmpty() && !b.isEmpty() && minX <= b.minX && b.maxX <= maxX && minY <= b.minY && b.maxY <= maxY;
    }
    bool contains(double x, double y) const { return minX <= x && x <= maxX && minY <= y && y <= maxY; }

    friend bool operator==(const Box&, const Box&) = default;
};

} // namespace gis

GIS_API_END
