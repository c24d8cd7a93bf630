#include "coverage.h"

#include <algorithm>
#include <cmath>

namespace gis::analysis::detail {

void PixelCoverage::addRing(const Coord* coords, std::size_t count, bool hole)
{
    if (count < 3)
        return;
    // Drop the closing point when the ring repeats its first one; the edge back to the start is implied.
    if (coords[0] == coords[count - 1])
        --count;
    double twiceArea = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const Coord& a = coords[i];
        const Coord& b = coords[(i + 1) % count];
        twiceArea += a.x * b.y - b.x * a.y;
        m_bounds.expand(a);
    }
    if (twiceArea == 0)
        return; // a ring without area covers nothing
    // An edge running down (y growing) adds +1 to every cell to its right, so a ring adds minus its shoelace area:
    // turn it so that a shell adds its area and a hole takes it away.
    const double ringSign = (twiceArea < 0) != hole ? 1.0 : -1.0;
    for (std::size_t i = 0; i < count; ++i) {
        const Coord& a = coords[i];
        const Coord& b = coords[(i + 1) % count];
        if (a.y == b.y)
            continue; // horizontal edges add nothing
        if (a.y < b.y)
            m_edges.push_back({a.x, a.y, b.x, b.y, ringSign});
        else
            m_edges.push_back({b.x, b.y, a.x, a.y, -ringSign});
    }
}

void PixelCoverage::fill(int col0, int col1, int row0, int row1, std::vector<double>& out) const
{
    const int cols = std::max(0, col1 - col0);
    const int rows = std::max(0, row1 - row0);
    // One spare cell: an edge ending exactly on the window's right side adds to the cell after the last.
    const std::size_t stride = static_cast<std::size_t>(cols) + 1;
    std::vector<double> acc(stride * static_cast<std::size_t>(rows), 0.0);
    out.assign(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows), 0.0);
    if (cols == 0 || rows == 0)
        return;
    // Adds `v` at cell `c` of a row: a cell left of the window adds to every cell of it (the running sum starts
    // there), a cell right of it to none.
    const auto add = [&](double* row, long long c, double v) {
        if (c < 0)
            c = 0;
        if (c <= cols)
            row[c] += v;
    };
    for (const Edge& e : m_edges) {
        if (e.y1 <= row0 || e.y0 >= row1)
            continue;
        const double dxdy = (e.x1 - e.x0) / (e.y1 - e.y0);
        // Bounded in double first: an edge reaching far beyond the window must not overflow an int.
        const int first = static_cast<int>(std::max(double(row0), std::floor(e.y0)));
        const int last = static_cast<int>(std::min(double(row1), std::ceil(e.y1)));
        for (int r = first; r < last; ++r) {
            const double ya = std::max(e.y0, double(r));
            const double yb = std::min(e.y1, double(r + 1));
            if (yb <= ya)
                continue;
            // The edge's x where it enters and leaves the row, in window columns.
            const double xa = e.x0 + (ya - e.y0) * dxdy - col0;
            const double xb = e.x0 + (yb - e.y0) * dxdy - col0;
            const double d = (yb - ya) * e.sign;
            double* line = acc.data() + static_cast<std::size_t>(r - row0) * stride;
            // Columns as 64-bit integers below: keep x within a range they hold (no raster is 1e15 pixels wide).
            const double x0 = std::clamp(std::min(xa, xb), -1e15, 1e15);
            const double x1 = std::clamp(std::max(xa, xb), -1e15, 1e15);
            const double x0floor = std::floor(x0);
            const long long x0i = static_cast<long long>(x0floor);
            const double x1ceil = std::ceil(x1);
            const long long x1i = static_cast<long long>(x1ceil);
            if (x1i <= x0i + 1) {
                // Within one column: the part of the cell right of the edge's mean x, the rest to the next cell.
                const double xmf = 0.5 * (xa + xb) - x0floor;
                add(line, x0i, d * (1.0 - xmf));
                add(line, x0i + 1, d * xmf);
                continue;
            }
            // Across several columns: the trapezoids under the edge in each cell it crosses.
            const double s = 1.0 / (x1 - x0);
            const double x0f = x0 - x0floor;
            const double a0 = 0.5 * s * (1.0 - x0f) * (1.0 - x0f);
            const double x1f = x1 - x1ceil + 1.0;
            const double am = 0.5 * s * x1f * x1f;
            add(line, x0i, d * a0);
            if (x1i == x0i + 2) {
                add(line, x0i + 1, d * (1.0 - a0 - am));
            } else {
                const double a1 = s * (1.5 - x0f);
                add(line, x0i + 1, d * (a1 - a0));
                const long long stop = std::min<long long>(x1i - 1, cols + 1);
                for (long long c = std::max<long long>(x0i + 2, 0); c < stop; ++c)
                    add(line, c, d * s);
                if (x0i + 2 < 0) // the columns left of the window, all at once
                    add(line, 0, d * s * static_cast<double>(std::min<long long>(x1i - 1, 0) - (x0i + 2)));
                const double a2 = a1 + static_cast<double>(x1i - x0i - 3) * s;
                add(line, x1i - 1, d * (1.0 - a2 - am));
            }
            add(line, x1i, d * am);
        }
    }
    for (int r = 0; r < rows; ++r) {
        const double* line = acc.data() + static_cast<std::size_t>(r) * stride;
        double* o = out.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
        double sum = 0;
        for (int c = 0; c < cols; ++c) {
            sum += line[c];
            // Rounding leaves crumbs of 1e-16 outside and 1 - 1e-16 inside.
            o[c] = sum < 1e-12 ? 0.0 : (sum > 1.0 - 1e-12 ? 1.0 : sum);
        }
    }
}

} // namespace gis::analysis::detail
