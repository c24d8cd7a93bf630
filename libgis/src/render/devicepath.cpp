#include "devicepath.h"

#include <algorithm>
#include <cmath>

namespace gis::detail {

DevicePathBuilder::DevicePathBuilder(const DeviceMapping& mapping, QSize deviceSize, double margin, double tolerance)
    : m_mapping(mapping),
      m_minX(-margin),
      m_minY(-margin),
      m_maxX(deviceSize.width() + margin),
      m_maxY(deviceSize.height() + margin),
      m_tolerance2(tolerance * tolerance)
{
}

std::size_t DevicePathBuilder::append(const Coord* coords, std::size_t count, std::vector<QPointF>& out) const
{
    const std::size_t start = out.size();
    // Skip leading non-finite points; the first finite one is always kept.
    std::size_t i = 0;
    while (i < count && !(std::isfinite(coords[i].x) && std::isfinite(coords[i].y)))
        ++i;
    if (i == count)
        return 0;
    double px = m_mapping.x(coords[i].x);
    double py = m_mapping.y(coords[i].y);
    int pcode = outcode(px, py);
    out.emplace_back(px, py);
    // The last finite point, kept whatever the tolerance says (ring closure, line ends).
    std::size_t last = count - 1;
    while (last > i && !(std::isfinite(coords[last].x) && std::isfinite(coords[last].y)))
        --last;
    if (last == i) { // one point: nothing to fill or stroke
        out.resize(start);
        return 0;
    }

    // Lookahead of one vertex for the outside collapse.
    double cx = m_mapping.x(coords[i + 1].x);
    double cy = m_mapping.y(coords[i + 1].y);
    for (std::size_t j = i + 1; j < last; ++j) {
        const double nx = m_mapping.x(coords[j + 1].x);
        const double ny = m_mapping.y(coords[j + 1].y);
        const bool finite = std::isfinite(cx) && std::isfinite(cy);
        if (finite) {
            const double dx = cx - px;
            const double dy = cy - py;
            const int ccode = outcode(cx, cy);
            const bool near = dx * dx + dy * dy < m_tolerance2;
            const bool outside = (pcode & ccode & outcode(nx, ny)) != 0 && std::isfinite(nx) && std::isfinite(ny);
            if (!near && !outside) {
                out.emplace_back(cx, cy);
                px = cx;
                py = cy;
                pcode = ccode;
            }
        }
        cx = nx;
        cy = ny;
    }
    out.emplace_back(m_mapping.x(coords[last].x), m_mapping.y(coords[last].y));
    // A run that collapsed to one point (a ring wholly beyond one edge of the image, or smaller than the
    // tolerance) is dropped: QPainterPath keeps it as a lone moveTo, which QPdfWriter writes as "x y m h" and,
    // when a semi-transparent pen makes Qt outline the stroke itself, as an empty outline closed with "h f",
    // a closepath with no current point that poppler reports as a syntax error.
    const QPointF first = out[start];
    if (std::all_of(out.begin() + static_cast<std::ptrdiff_t>(start) + 1, out.end(), [&](const QPointF& p) { return p == first; })) {
        out.resize(start);
        return 0;
    }
    return out.size() - start;
}

Box DevicePathBuilder::deviceBounds(const Coord* coords, std::size_t count) const
{
    Box map;
    for (std::size_t i = 0; i < count; ++i)
        if (std::isfinite(coords[i].x) && std::isfinite(coords[i].y))
            map.expand(coords[i]);
    if (map.isEmpty())
        return map;
    // y flips: the map's top is the device's smallest y.
    return Box(m_mapping.x(map.minX), m_mapping.y(map.maxY), m_mapping.x(map.maxX), m_mapping.y(map.minY));
}

} // namespace gis::detail
