#pragma once

// The exact oracle of the zonal-statistics tests: GEOS called directly (the tests' own context) intersects each
// pixel's square with the polygon, and the values come from an ESRI ASCII grid written by the test or by
// gdal_translate -of AAIGrid, never from libgis's raster reader. Only tests that link GEOS::geos_c include this.

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <vector>

#include "support/geosoracle.h"
#include "support/testsupport.h"

namespace gis::test {

/// A grid of values as the oracle sees it: rows from the top, nodata as NaN.
struct Grid {
    double originX = 0, originY = 0, cell = 1; ///< top-left corner, square cells
    int cols = 0, rows = 0;
    std::vector<double> values;
    double at(int c, int r) const { return values[static_cast<std::size_t>(r) * cols + c]; }
};

/// Reads an ESRI ASCII grid (as gdal_translate -of AAIGrid writes it).
inline Grid readAsc(const QString& path)
{
    Grid g;
    const QStringList words = QString::fromUtf8(readFile(path)).split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    double nodata = std::nan(""), xll = 0, yll = 0;
    int k = 0;
    while (k + 1 < words.size() && words[k][0].isLetter()) {
        const QString key = words[k].toLower();
        const double v = words[k + 1].toDouble();
        if (key == "ncols")
            g.cols = int(v);
        else if (key == "nrows")
            g.rows = int(v);
        else if (key == "xllcorner")
            xll = v;
        else if (key == "yllcorner")
            yll = v;
        else if (key == "cellsize")
            g.cell = v;
        else if (key == "nodata_value")
            nodata = v;
        k += 2;
    }
    g.originX = xll;
    g.originY = yll + g.rows * g.cell;
    for (; k < words.size(); ++k) {
        const double v = words[k].toDouble();
        g.values.push_back(v == nodata ? std::nan("") : v);
    }
    return g;
}

/// The oracle's statistics of one polygon: pixel value -> covered area (in pixels), and the derived statistics.
struct OracleStats {
    std::map<double, double> areas;
    double count = 0, sum = 0, min = 0, max = 0, sumSq = 0;
    void add(double v, double w)
    {
        if (w <= 0 || std::isnan(v))
            return;
        if (count == 0)
            min = max = v;
        min = std::min(min, v);
        max = std::max(max, v);
        count += w;
        sum += w * v;
        sumSq += w * v * v;
        areas[v] += w;
    }
    double mean() const { return sum / count; }
    double stddev() const { return std::sqrt(std::max(0.0, sumSq / count - mean() * mean())); }
};

/// Exact: each pixel's square intersected with the polygon by GEOS, its area over the pixel's.
inline OracleStats exactOracle(const GEOSGeometry* polygon, const Grid& g)
{
    GEOSContextHandle_t h = oracleGeos();
    const std::unique_ptr<const GEOSPreparedGeometry, GeosDeleter<GEOSPreparedGeom_destroy_r>> prepared(
        GEOSPrepare_r(h, polygon));
    OracleStats s;
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    GEOSGeom_getXMin_r(h, polygon, &minx);
    GEOSGeom_getYMin_r(h, polygon, &miny);
    GEOSGeom_getXMax_r(h, polygon, &maxx);
    GEOSGeom_getYMax_r(h, polygon, &maxy);
    const int c0 = std::max(0, int(std::floor((minx - g.originX) / g.cell)));
    const int c1 = std::min(g.cols, int(std::ceil((maxx - g.originX) / g.cell)));
    const int r0 = std::max(0, int(std::floor((g.originY - maxy) / g.cell)));
    const int r1 = std::min(g.rows, int(std::ceil((g.originY - miny) / g.cell)));
    for (int r = r0; r < r1; ++r)
        for (int c = c0; c < c1; ++c) {
            const double x = g.originX + c * g.cell, y = g.originY - (r + 1) * g.cell;
            const GeosPtr box(GEOSGeom_createRectangle_r(h, x, y, x + g.cell, y + g.cell));
            if (GEOSPreparedContains_r(h, prepared.get(), box.get()) == 1) { // the interior: no intersection needed
                s.add(g.at(c, r), 1.0);
                continue;
            }
            const GeosPtr part(GEOSIntersection_r(h, polygon, box.get()));
            double area = 0;
            GEOSArea_r(h, part.get(), &area);
            s.add(g.at(c, r), area / (g.cell * g.cell));
        }
    return s;
}

} // namespace gis::test
