#pragma once

// A GeoPackage check shared by the edit tests: the R-tree against a brute-force box of every row.

#include <cstdint>
#include <map>
#include <string>

#include <QString>
#include <QStringList>

#include "gis/data/datasource.h"
#include "support/testsupport.h"

namespace gis::test {

/// "" when the R-tree of `table` holds exactly one box per non-empty geometry and each box covers the geometry's
/// bounds as our reader reads them (the R-tree stores 32-bit floats rounded outwards).
inline QString rtreeMismatch(const QString& path, const std::string& table)
{
    const auto layer = readLayer(path.toStdString(), table);
    std::map<std::int64_t, Box> expected;
    for (std::size_t i = 0; i < layer->size(); ++i)
        if (!layer->geometries().bounds(i).isEmpty())
            expected[layer->fid(i)] = layer->geometries().bounds(i);
    const auto r = runTool("sqlite3", {"-batch", path,
        QString("SELECT id, minx, maxx, miny, maxy FROM rtree_%1_geom").arg(QString::fromStdString(table))});
    const QStringList rows = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
    if (static_cast<std::size_t>(rows.size()) != expected.size())
        return QString("R-tree has %1 rows for %2 geometries").arg(rows.size()).arg(expected.size());
    for (const QString& row : rows) {
        const QStringList v = row.split('|');
        const auto it = expected.find(v[0].toLongLong());
        if (it == expected.end())
            return "R-tree has a box for missing feature " + v[0];
        const Box& b = it->second;
        const double tol = 1e-4;
        if (!(v[1].toDouble() <= b.minX + 1e-9 && v[1].toDouble() > b.minX - tol && v[2].toDouble() >= b.maxX - 1e-9
                && v[2].toDouble() < b.maxX + tol && v[3].toDouble() <= b.minY + 1e-9 && v[3].toDouble() > b.minY - tol
                && v[4].toDouble() >= b.maxY - 1e-9 && v[4].toDouble() < b.maxY + tol))
            return "R-tree box of feature " + v[0] + " does not match its geometry: " + row;
    }
    return {};
}

} // namespace gis::test
