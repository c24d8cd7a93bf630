// voronoi and delaunay against GEOS called directly (VoronoiDiagram clipped with ClipByRect, DelaunayTriangulation,
// on the oracle's own context) and PostGIS (ST_VoronoiPolygons and ST_DelaunayTriangles of the sample's towns):
// each cell belongs to its point and carries its attributes, the cells tile the grown extent with no gap or overlap,
// coincident points share a cell, triangles name their corners; one thread against all; cancel; refusals.

#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/geosoracle.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

using test::oracleArea;
using test::oracleOf;

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// `count` deterministic points with a text field "name" and ids from 101; point 7 repeats point 3.
std::shared_ptr<const Layer> scatteredPoints(int count)
{
    GeometryColumn geometries;
    AttributeTable attributes;
    AttributeColumn& name = attributes.addColumn("name", FieldType::String);
    std::vector<std::int64_t> fids;
    std::uint32_t state = 777;
    auto next = [&state] {
        state = state * 1664525u + 1013904223u;
        return static_cast<double>(state >> 8) / static_cast<double>(1u << 24);
    };
    std::vector<std::pair<double, double>> xy;
    for (int i = 0; i < count; ++i) {
        xy.emplace_back(i == 7 ? xy[3] : std::make_pair(500000 + 20000 * next(), 2500000 + 10000 * next()));
        geometries.appendPoint(xy.back().first, xy.back().second);
        name.appendString("site " + std::to_string(i));
        fids.push_back(101 + i);
    }
    attributes.setRowCount(static_cast<std::size_t>(count));
    return std::make_shared<const Layer>("sites", Crs::fromEpsg(32640), GeometryType::Point, std::move(geometries),
        std::move(attributes), std::move(fids));
}

/// The oracle's clipped Voronoi cells of a layer's points (extent grown by `margin`), and the clip box.
std::vector<test::GeosPtr> oracleCells(const Layer& layer, double margin, double box[4])
{
    GEOSContextHandle_t ctx = test::oracleGeos();
    std::vector<GEOSGeometry*> points;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        const Box b = layer.geometry(i).bounds();
        points.push_back(GEOSGeom_createPointFromXY_r(ctx, b.minX, b.minY));
        x0 = std::min(x0, b.minX), y0 = std::min(y0, b.minY), x1 = std::max(x1, b.maxX), y1 = std::max(y1, b.maxY);
    }
    const double dx = (x1 - x0) * margin, dy = (y1 - y0) * margin;
    box[0] = x0 - dx, box[1] = y0 - dy, box[2] = x1 + dx, box[3] = y1 + dy;
    const test::GeosPtr multi(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size())));
    const test::GeosPtr env(GEOSGeom_createRectangle_r(ctx, box[0], box[1], box[2], box[3]));
    const test::GeosPtr diagram(GEOSVoronoiDiagram_r(ctx, multi.get(), env.get(), 0, 0));
    std::vector<test::GeosPtr> cells;
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, diagram.get()); ++i)
        cells.emplace_back(GEOSClipByRect_r(ctx, GEOSGetGeometryN_r(ctx, diagram.get(), i), box[0], box[1], box[2], box[3]));
    return cells;
}

} // namespace

class TestVoronoi : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), qPrintable(m_db.why()));
        QVERIFY2(m_db.loadLayer(kGpkg, "towns", "towns"), qPrintable(m_db.why()));
    }

    void registered()
    {
        for (const char* id : {"voronoi", "delaunay"}) {
            const analysis::Algorithm* a = analysis::findAlgorithm(id);
            QVERIFY(a);
            QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
            for (const auto& p : a->info().parameters)
                QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        }
    }

    void voronoiAgainstGeos_data()
    {
        QTest::addColumn<double>("buffer");
        QTest::newRow("0 %") << 0.0;
        QTest::newRow("10 %") << 10.0;
        QTest::newRow("50 %") << 50.0;
    }

    void voronoiAgainstGeos()
    {
        QFETCH(double, buffer);
        const auto layer = scatteredPoints(500);
        const auto result = analysis::run("voronoi", {layer, nullptr}, {{"buffer", QString::number(buffer).toStdString()}});
        // Point 7 repeats point 3: it has no cell of its own.
        QCOMPARE(result.layer->size(), std::size_t(499));
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).startsWith("1 point of layer \"sites\" coincide"), result.warnings[0].c_str());
        double box[4];
        const auto expected = oracleCells(*layer, buffer / 100, box);
        QCOMPARE(expected.size(), std::size_t(499));
        double total = 0;
        std::vector<GEOSGeometry*> all;
        for (std::size_t i = 0; i < result.layer->size(); ++i) {
            const std::int64_t fid = result.layer->fid(i);
            QVERIFY(fid != 108);
            const std::size_t row = static_cast<std::size_t>(fid - 101);
            QCOMPARE(QString::fromStdString(result.layer->attributes().column("name").toString(i)), QString("site %1").arg(row));
            test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            const Box p = layer->geometry(row).bounds();
            const test::GeosPtr point(GEOSGeom_createPointFromXY_r(test::oracleGeos(), p.minX, p.minY));
            QVERIFY2(GEOSIntersects_r(test::oracleGeos(), ours.get(), point.get()) == 1, qPrintable(QString::number(fid)));
            bool matched = false;
            for (const auto& cell : expected) {
                if (GEOSIntersects_r(test::oracleGeos(), cell.get(), point.get()) != 1)
                    continue;
                matched = true;
                QVERIFY2(GEOSEqualsExact_r(test::oracleGeos(), ours.get(), cell.get(), 0) == 1, qPrintable(QString::number(fid)));
            }
            QVERIFY(matched);
            total += oracleArea(ours.get());
            all.push_back(ours.release());
        }
        // The cells tile the grown extent: their union's area is their sum and the box's.
        const double boxArea = (box[2] - box[0]) * (box[3] - box[1]);
        QVERIFY2(std::abs(total - boxArea) <= 1e-9 * boxArea, qPrintable(QString("%1 vs %2").arg(total).arg(boxArea)));
        const test::GeosPtr collection(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, all.data(),
            static_cast<unsigned>(all.size())));
        const test::GeosPtr unioned(GEOSUnaryUnion_r(test::oracleGeos(), collection.get()));
        QVERIFY(std::abs(oracleArea(unioned.get()) - total) <= 1e-9 * total);
    }

    void voronoiAgainstPostgis()
    {
        const auto towns = readLayer(kGpkg.toStdString(), "towns");
        const auto result = analysis::run("voronoi", {towns, nullptr}, {{"buffer", "10"}});
        QCOMPARE(result.layer->size(), towns->size());
        const QStringList rows = m_db.query(
            "WITH e AS (SELECT ST_Extent(geom)::geometry AS b, ST_XMax(ST_Extent(geom)) - ST_XMin(ST_Extent(geom)) AS w, "
            "                  ST_YMax(ST_Extent(geom)) - ST_YMin(ST_Extent(geom)) AS h FROM towns), "
            "box AS (SELECT ST_MakeEnvelope(ST_XMin(b) - w * 0.1, ST_YMin(b) - h * 0.1, ST_XMax(b) + w * 0.1, ST_YMax(b) + h * 0.1, 4326) AS g FROM e), "
            "cells AS (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(geom), 0, (SELECT g FROM box)))).geom AS cell FROM towns) "
            "SELECT t.fid, ST_Area(ST_Intersection(c.cell, (SELECT g FROM box))) FROM towns t JOIN cells c ON ST_Contains(c.cell, t.geom) ORDER BY t.fid");
        QVERIFY2(m_db.ok(), qPrintable(m_db.why()));
        QCOMPARE(static_cast<std::size_t>(rows.size()), towns->size());
        for (const QString& row : rows) {
            const QStringList c = row.split('|');
            bool found = false;
            for (std::size_t i = 0; i < result.layer->size(); ++i) {
                if (result.layer->fid(i) != c[0].toLongLong())
                    continue;
                found = true;
                const double ours = oracleArea(oracleOf(result.layer->geometry(i)).get());
                QVERIFY2(std::abs(ours - c[1].toDouble()) <= 1e-9 * c[1].toDouble(),
                    qPrintable(QString("town %1: %2 vs %3").arg(c[0]).arg(ours).arg(c[1])));
            }
            QVERIFY(found);
        }
    }

    void delaunayAgainstGeosAndPostgis()
    {
        const auto towns = readLayer(kGpkg.toStdString(), "towns");
        const auto result = analysis::run("delaunay", {towns, nullptr}, {});
        std::vector<GEOSGeometry*> points;
        for (std::size_t i = 0; i < towns->size(); ++i) {
            const Box b = towns->geometry(i).bounds();
            points.push_back(GEOSGeom_createPointFromXY_r(test::oracleGeos(), b.minX, b.minY));
        }
        const test::GeosPtr multi(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_MULTIPOINT, points.data(),
            static_cast<unsigned>(points.size())));
        const test::GeosPtr triangles(GEOSDelaunayTriangulation_r(test::oracleGeos(), multi.get(), 0, 0));
        QCOMPARE(result.layer->size(), static_cast<std::size_t>(GEOSGetNumGeometries_r(test::oracleGeos(), triangles.get())));
        double total = 0;
        for (std::size_t i = 0; i < result.layer->size(); ++i) {
            const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            QVERIFY(GEOSEqualsExact_r(test::oracleGeos(), ours.get(), GEOSGetGeometryN_r(test::oracleGeos(), triangles.get(), static_cast<int>(i)), 0) == 1);
            total += oracleArea(ours.get());
            // Each corner is the town the field names.
            for (const char* corner : {"a", "b", "c"}) {
                const std::int64_t fid = result.layer->attributes().column(corner).integer(i);
                bool found = false;
                for (std::size_t t = 0; t < towns->size(); ++t)
                    if (towns->fid(t) == fid) {
                        const Box b = towns->geometry(t).bounds();
                        const test::GeosPtr p(GEOSGeom_createPointFromXY_r(test::oracleGeos(), b.minX, b.minY));
                        found = GEOSIntersects_r(test::oracleGeos(), ours.get(), p.get()) == 1;
                    }
                QVERIFY2(found, corner);
            }
        }
        const QStringList pg = m_db.query("SELECT ST_NumGeometries(d), ST_Area(d) FROM (SELECT ST_DelaunayTriangles(ST_Collect(geom)) AS d FROM towns) s");
        QVERIFY2(m_db.ok() && pg.size() == 1, qPrintable(m_db.why()));
        QCOMPARE(result.layer->size(), static_cast<std::size_t>(pg[0].split('|')[0].toLongLong()));
        const double theirs = pg[0].split('|')[1].toDouble();
        QVERIFY2(std::abs(total - theirs) <= 1e-9 * theirs, qPrintable(QString("%1 vs %2").arg(total).arg(theirs)));
    }

    void refusals()
    {
        const auto wilayat = readLayer(kGpkg.toStdString(), "wilayat");
        for (const char* id : {"voronoi", "delaunay"}) {
            try {
                (void)analysis::run(id, {wilayat, nullptr}, {});
                QFAIL("no error");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Argument);
                QVERIFY2(QString(e.what()).contains("layer \"wilayat\"") && QString(e.what()).contains("points"), e.what());
            }
        }
        try {
            (void)analysis::run("voronoi", {scatteredPoints(1), nullptr}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("at least two"), e.what());
        }
    }

    void sameOnOneThreadAndOnAll()
    {
        const auto layer = scatteredPoints(6000);
        analysis::RunOptions one;
        one.threads = 1;
        for (const char* id : {"voronoi", "delaunay"}) {
            const auto a = analysis::run(id, {layer, nullptr}, {}, one);
            const auto b = analysis::run(id, {layer, nullptr}, {});
            QCOMPARE(a.layer->size(), b.layer->size());
            for (std::size_t i = 0; i < a.layer->size(); ++i)
                QVERIFY(toWkb(a.layer->geometry(i)) == toWkb(b.layer->geometry(i)) && a.layer->fid(i) == b.layer->fid(i));
        }
    }

    void cancelDuringARun()
    {
        const auto layer = scatteredPoints(6000);
        for (const char* id : {"voronoi", "delaunay"}) {
            analysis::RunOptions options;
            const CancellationToken token = options.feedback.cancel;
            options.feedback.progress = [token](double) { token.cancel(); };
            try {
                (void)analysis::run(id, {layer, nullptr}, {}, options);
                QFAIL("no error");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Cancelled);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestVoronoi)
#include "tst_voronoi.moc"
