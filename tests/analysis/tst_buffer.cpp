// buffer and multi-ring-buffer against independent oracles:
// - projected layers: GEOS called directly (its own context, tests/support/geosoracle.h) on the same shapes; areas
//   within 1e-9 relative and a symmetric difference of (almost) nothing;
// - longitude/latitude layers: GeographicLib's GeodSolve (run as a process, every vertex in one batch) measures the
//   geodesic distance of each output vertex (points) or of samples of the output boundary (vertices and chord
//   midpoints, for lines and polygons: distance to the input densified every 5 m) — within 0.1 %; PostGIS's
//   ST_Area(ST_Buffer(geom::geography, d)) gives the areas within 1 % (PostGIS's geography buffer is itself a planar
//   buffer in a projection it picks, with 8 segments a quarter circle, so it is an approximation too);
// - dissolve: the GEOS unary union of GEOS's own buffers; multi-ring: GEOS differences of GEOS buffers;
// - the invalid-geometry policies, features without geometry, a removed polygon, per-feature distances and their
//   errors, one thread against all, cancel.

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/crs/geodesic.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/analysissupport.h"
#include "support/geosoracle.h"
#include "support/postgissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

using test::oracleArea;
using test::oracleOf;

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// A layer from WKT strings ("" for a feature without geometry), fields "name" (text) and "r" (real, null where
/// `radii` has NaN), ids from 101.
std::shared_ptr<const Layer> layerFromWkt(const std::vector<std::string>& wkts, GeometryType type, const Crs& crs,
    const std::vector<double>& radii = {})
{
    AttributeTable attributes;
    attributes.addColumn("name", FieldType::String);
    attributes.addColumn("r", FieldType::Real); // may move the first column: take references afterwards
    AttributeColumn& name = attributes.column(0);
    AttributeColumn& r = attributes.column(1);
    for (std::size_t i = 0; i < wkts.size(); ++i) {
        name.appendString("feature " + std::to_string(i));
        if (i < radii.size() && !std::isnan(radii[i]))
            r.appendReal(radii[i]);
        else
            r.appendNull();
    }
    return test::makeTestLayer("shapes", crs, type, test::geometriesFromWkt(wkts), std::move(attributes), 101);
}

test::GeosPtr oracleBuffer(const std::string& wkt, double d, int segments, int cap, int join)
{
    const test::GeosPtr g = test::geosFromWkt(QString::fromStdString(wkt));
    return test::GeosPtr(GEOSBufferWithStyle_r(test::oracleGeos(), g.get(), d, segments, cap, join, 5.0));
}

/// Area of the symmetric difference of `ours` and `oracle`.
double symDifferenceArea(GeometryRef ours, const GEOSGeometry* oracle)
{
    const test::GeosPtr a = oracleOf(ours);
    const test::GeosPtr d(GEOSSymDifference_r(test::oracleGeos(), a.get(), oracle));
    return oracleArea(d.get());
}

/// Geodesic distances (metres) between pairs of lon/lat points, by GeographicLib's GeodSolve in one run.
std::vector<double> geodSolve(const std::vector<std::pair<Coord, Coord>>& pairs)
{
    QByteArray input;
    input.reserve(static_cast<qsizetype>(pairs.size() * 64));
    for (const auto& [a, b] : pairs)
        input += QByteArray::number(a.y, 'g', 17) + ' ' + QByteArray::number(a.x, 'g', 17) + ' '
            + QByteArray::number(b.y, 'g', 17) + ' ' + QByteArray::number(b.x, 'g', 17) + '\n';
    const auto r = test::runTool("GeodSolve", {"-i", "-p", "6"}, input);
    std::vector<double> out;
    if (r.exitCode != 0)
        return out;
    for (const QByteArray& line : r.out.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() == 3)
            out.push_back(f[2].toDouble());
    }
    return out;
}

/// Every coordinate of the rings of `g`, and the midpoint of each ring segment (where a chord is farthest from
/// the arc it stands for).
std::vector<Coord> boundarySamples(GeometryRef g)
{
    std::vector<Coord> out;
    const GeometryColumn& c = *g.column;
    for (std::size_t p = c.partBegin(g.index); p < c.partEnd(g.index); ++p)
        for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
            for (std::size_t i = c.coordBegin(r); i + 1 < c.coordEnd(r); ++i) {
                const Coord a = c.coord(i), b = c.coord(i + 1);
                out.push_back(a);
                out.push_back({(a.x + b.x) / 2, (a.y + b.y) / 2});
            }
    return out;
}

/// The rings of `g` (lines: the line) with points added every `step` metres (straight in degrees: the input's
/// edges are short enough that a geodesic and a straight line in degrees differ by millimetres).
std::vector<Coord> densified(GeometryRef g, double step)
{
    std::vector<Coord> out;
    const GeometryColumn& c = *g.column;
    for (std::size_t p = c.partBegin(g.index); p < c.partEnd(g.index); ++p)
        for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
            for (std::size_t i = c.coordBegin(r); i + 1 < c.coordEnd(r); ++i) {
                const Coord a = c.coord(i), b = c.coord(i + 1);
                const int n = std::max(1, static_cast<int>(std::ceil(geodesic::distance(a, b) / step)));
                for (int k = 0; k < n; ++k)
                    out.push_back({a.x + (b.x - a.x) * k / n, a.y + (b.y - a.y) * k / n});
                if (i + 2 == c.coordEnd(r))
                    out.push_back(b);
            }
    return out;
}

/// The geodesic area of a polygon or multipolygon (GeographicLib's, through gis::geodesic, as PostGIS's ST_Area
/// of a geography): exterior rings minus holes.
double geodesicArea(GeometryRef g)
{
    const GeometryColumn& c = *g.column;
    double a = 0;
    for (std::size_t p = c.partBegin(g.index); p < c.partEnd(g.index); ++p)
        for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
            a += (r == c.ringBegin(p) ? 1 : -1) * geodesic::ringArea(c.coords() + c.coordBegin(r), c.coordEnd(r) - c.coordBegin(r));
    return a;
}

const std::vector<std::string> kPlanarShapes{
    "POINT (500000 2500000)",
    "LINESTRING (500000 2500000, 500400 2500050, 500300 2500500)",
    "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 90 10, 90 20, 10 20, 10 10))",
    "POLYGON ((0 0, 300 0, 300 10, 10 10, 10 300, 0 300, 0 0))",
    "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((100 100, 130 100, 130 130, 100 130, 100 100)))",
    "MULTIPOINT ((0 0), (15 0), (200 0))",
};

const std::string kBowtie = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";

analysis::RunResult runBuffer(const std::shared_ptr<const Layer>& layer, std::map<std::string, std::string> params,
    const analysis::RunOptions& options = {})
{
    return analysis::run("buffer", {layer, nullptr}, params, options);
}

/// Longitude/latitude test shapes near 57.5°E 22.9°N: a bent road, a concave polygon with a large hole (the buffer
/// keeps a hole) and a small one (the buffer fills it), a multipolygon.
const std::vector<std::string> kGeographicShapes{
    "LINESTRING (57.50 22.90, 57.52 22.905, 57.53 22.92)",
    "POLYGON ((57.40 22.80, 57.46 22.80, 57.46 22.86, 57.43 22.83, 57.40 22.86, 57.40 22.80), "
    "(57.41 22.805, 57.45 22.805, 57.45 22.815, 57.41 22.815, 57.41 22.805))",
    "POLYGON ((57.60 23.00, 57.62 23.00, 57.62 23.02, 57.60 23.02, 57.60 23.00), "
    "(57.609 23.009, 57.611 23.009, 57.611 23.011, 57.609 23.011, 57.609 23.009))",
    "MULTIPOLYGON (((57.70 22.70, 57.71 22.70, 57.71 22.71, 57.70 22.70)), ((57.75 22.70, 57.76 22.70, 57.76 22.71, "
    "57.75 22.70)))",
};

} // namespace

class TestBuffer : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;

private slots:
    void initTestCase()
    {
        QVERIFY2(test::haveTool("GeodSolve"), "GeodSolve (geographiclib-tools) is the geodesic oracle");
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.loadLayer(kGpkg, "towns", "towns"), m_db.why());
        QVERIFY2(m_db.loadLayer(kGpkg, "roads", "roads"), m_db.why());
    }

    void registered()
    {
        for (const char* id : {"buffer", "multi-ring-buffer"}) {
            const analysis::Algorithm* a = analysis::findAlgorithm(id);
            QVERIFY(a);
            QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
            for (const auto& p : a->info().parameters)
                QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        }
        try {
            (void)runBuffer(layerFromWkt(kPlanarShapes, GeometryType::Unknown, Crs::fromEpsg(32640)), {{"cap", "roundd"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("did you mean \"round\""), e.what());
        }
    }

    void planarAgainstGeos_data()
    {
        QTest::addColumn<QString>("cap");
        QTest::addColumn<QString>("join");
        QTest::addColumn<double>("distance");
        QTest::addColumn<int>("segments");
        QTest::newRow("round") << "round" << "round" << 25.0 << 8;
        QTest::newRow("flat mitre") << "flat" << "mitre" << 12.5 << 8;
        QTest::newRow("square bevel") << "square" << "bevel" << 40.0 << 3;
        QTest::newRow("round, 30 segments") << "round" << "round" << 7.0 << 30;
    }

    void planarAgainstGeos()
    {
        QFETCH(QString, cap);
        QFETCH(QString, join);
        QFETCH(double, distance);
        QFETCH(int, segments);
        const int geosCap = cap == "round" ? GEOSBUF_CAP_ROUND : cap == "flat" ? GEOSBUF_CAP_FLAT : GEOSBUF_CAP_SQUARE;
        const int geosJoin = join == "round" ? GEOSBUF_JOIN_ROUND : join == "mitre" ? GEOSBUF_JOIN_MITRE : GEOSBUF_JOIN_BEVEL;
        const auto layer = layerFromWkt(kPlanarShapes, GeometryType::Unknown, Crs::fromEpsg(32640));
        const auto result = runBuffer(layer, {{"distance", QByteArray::number(distance).toStdString()},
            {"cap", cap.toStdString()}, {"join", join.toStdString()}, {"segments", std::to_string(segments)}});
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiPolygon);
        QVERIFY(result.layer->crs() == layer->crs());
        // A flat cap on a point gives nothing (GEOS: a point has no direction to cap): left out, with a warning.
        std::size_t k = 0;
        for (std::size_t i = 0; i < kPlanarShapes.size(); ++i) {
            const test::GeosPtr oracle = oracleBuffer(kPlanarShapes[i], distance, segments, geosCap, geosJoin);
            if (GEOSisEmpty_r(test::oracleGeos(), oracle.get())) {
                QVERIFY(k >= result.layer->size() || result.layer->fid(k) != 101 + static_cast<std::int64_t>(i));
                continue;
            }
            QVERIFY(k < result.layer->size());
            QCOMPARE(result.layer->fid(k), 101 + static_cast<std::int64_t>(i));
            QCOMPARE(QString::fromStdString(result.layer->attributes().column("name").toString(k)),
                QString("feature %1").arg(i));
            const test::GeosPtr ours = oracleOf(result.layer->geometry(k));
            const double expected = oracleArea(oracle.get());
            QVERIFY2(std::fabs(oracleArea(ours.get()) - expected) <= 1e-9 * expected,
                qPrintable(QString("feature %1: %2 vs %3").arg(i).arg(oracleArea(ours.get()), 0, 'g', 17).arg(expected, 0, 'g', 17)));
            QVERIFY(symDifferenceArea(result.layer->geometry(k), oracle.get()) <= 1e-9 * expected);
            ++k;
        }
        QCOMPARE(result.layer->size(), k);
        QCOMPARE(result.warnings.empty(), k == kPlanarShapes.size());
    }

    void negativeDistanceShrinksAndRemovesPolygons()
    {
        const std::vector<std::string> shapes{
            "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))",
            "POLYGON ((200 0, 210 0, 210 10, 200 10, 200 0))", // 10 m wide: a -10 m buffer removes it
            "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 90 10, 90 20, 10 20, 10 10))",
        };
        const auto layer = layerFromWkt(shapes, GeometryType::Polygon, Crs::fromEpsg(32640));
        const auto result = runBuffer(layer, {{"distance", "-10"}});
        QCOMPARE(result.layer->size(), std::size_t(2));
        QCOMPARE(result.layer->fid(0), std::int64_t(101));
        QCOMPARE(result.layer->fid(1), std::int64_t(103));
        for (std::size_t k = 0; k < 2; ++k) {
            const test::GeosPtr oracle = oracleBuffer(shapes[k * 2], -10, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND);
            QVERIFY(std::fabs(oracleArea(oracleOf(result.layer->geometry(k)).get()) - oracleArea(oracle.get())) <= 1e-9 * oracleArea(oracle.get()));
        }
        QCOMPARE(oracleArea(oracleOf(result.layer->geometry(0)).get()), 80.0 * 80.0);
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("1 feature of layer \"shapes\" has an empty buffer")
                && QString::fromStdString(result.warnings[0]).contains("id 102"),
            result.warnings[0].c_str());
    }

    void distanceExpressionPerFeature()
    {
        const std::vector<std::string> points{"POINT (0 0)", "POINT (1000 0)", "POINT (5000 0)"};
        const auto layer = layerFromWkt(points, GeometryType::Point, Crs::fromEpsg(32640), {10, 20, 30});
        const auto result = runBuffer(layer, {{"distance-expression", "r * 2"}, {"distance", "1"}});
        QCOMPARE(result.layer->size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            const test::GeosPtr oracle = oracleBuffer(points[i], 20.0 * (i + 1), 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND);
            QCOMPARE(oracleArea(oracleOf(result.layer->geometry(i)).get()), oracleArea(oracle.get()));
        }
        // A NULL distance names the feature and the expression.
        const auto withNull = layerFromWkt(points, GeometryType::Point, Crs::fromEpsg(32640), {10, NAN, 30});
        try {
            (void)runBuffer(withNull, {{"distance-expression", "r"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("gives NULL for feature 102 of layer \"shapes\""), e.what());
        }
        try {
            (void)runBuffer(layer, {{"distance-expression", "name"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("gives \"feature 0\" for feature 101"), e.what());
        }
        try {
            (void)runBuffer(layer, {{"distance-expression", "rr"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("did you mean \"r\""), e.what());
        }
        // On a longitude/latitude layer a distance of more than 1,000 km is refused, naming the feature.
        const auto geographic = layerFromWkt({"POINT (57.5 22.9)", "POINT (57.6 22.9)", "POINT (57.7 22.9)"},
            GeometryType::Point, Crs::fromEpsg(4326), {10, 2e6, 30});
        try {
            (void)runBuffer(geographic, {{"distance-expression", "r"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("2000000 m for feature 102 of layer \"shapes\" is more than the 1,000 km"), e.what());
        }
        try {
            (void)runBuffer(layer, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("--distance"), e.what());
        }
    }

    void dissolveAgainstGeosUnion()
    {
        std::vector<std::string> wkts;
        for (int i = 0; i < 700; ++i) // overlapping circles in rows, some apart
            wkts.push_back("POINT (" + std::to_string(500000 + (i % 40) * 30) + " " + std::to_string(2500000 + (i / 40) * 45) + ")");
        wkts.push_back("LINESTRING (499000 2499000, 499500 2499700)");
        wkts.push_back("");
        const auto layer = layerFromWkt(wkts, GeometryType::Unknown, Crs::fromEpsg(32640));
        const auto result = runBuffer(layer, {{"distance", "20"}, {"dissolve", "true"}});
        QCOMPARE(result.layer->size(), std::size_t(1));
        QCOMPARE(result.layer->attributes().columnCount(), std::size_t(0));
        QCOMPARE(result.warnings.size(), std::size_t(1)); // the feature without geometry
        std::vector<GEOSGeometry*> buffers;
        for (const auto& w : wkts)
            if (!w.empty())
                buffers.push_back(oracleBuffer(w, 20, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND).release());
        const test::GeosPtr all(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, buffers.data(),
            static_cast<unsigned>(buffers.size())));
        const test::GeosPtr oracle(GEOSUnaryUnion_r(test::oracleGeos(), all.get()));
        const double expected = oracleArea(oracle.get());
        const double ours = oracleArea(oracleOf(result.layer->geometry(0)).get());
        QVERIFY2(std::fabs(ours - expected) <= 1e-9 * expected, qPrintable(QString("%1 vs %2").arg(ours).arg(expected)));
        QVERIFY(symDifferenceArea(result.layer->geometry(0), oracle.get()) <= 1e-9 * expected);
    }

    void invalidPolicy()
    {
        const auto layer = layerFromWkt({kPlanarShapes[2], kBowtie}, GeometryType::Polygon, Crs::fromEpsg(32640));
        try {
            (void)runBuffer(layer, {{"distance", "5"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains("layer \"shapes\", feature 102") && QString(e.what()).contains("Self-intersection"), e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = runBuffer(layer, {{"distance", "5"}}, skip);
        QCOMPARE(skipped.layer->size(), std::size_t(1));
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        QCOMPARE(skipped.invalid[0].fid, std::int64_t(102));
        analysis::RunOptions repair;
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto repaired = runBuffer(layer, {{"distance", "5"}}, repair);
        QCOMPARE(repaired.layer->size(), std::size_t(2));
        QVERIFY(repaired.invalid[0].repaired);
        // The repaired bow-tie (two triangles) buffered by GEOS directly.
        const test::GeosPtr bowtie = test::geosFromWkt(QString::fromStdString(kBowtie));
        GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(test::oracleGeos());
        GEOSMakeValidParams_setMethod_r(test::oracleGeos(), params, GEOS_MAKE_VALID_STRUCTURE);
        const test::GeosPtr fixed(GEOSMakeValidWithParams_r(test::oracleGeos(), bowtie.get(), params));
        GEOSMakeValidParams_destroy_r(test::oracleGeos(), params);
        const test::GeosPtr oracle(GEOSBufferWithStyle_r(test::oracleGeos(), fixed.get(), 5, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5));
        QVERIFY(std::fabs(oracleArea(oracleOf(repaired.layer->geometry(1)).get()) - oracleArea(oracle.get())) <= 1e-9 * oracleArea(oracle.get()));
    }

    void sameOnOneThreadAndOnAll_data()
    {
        QTest::addColumn<bool>("geographic");
        QTest::addColumn<bool>("dissolve");
        QTest::newRow("projected") << false << false;
        QTest::newRow("geographic") << true << false;
        QTest::newRow("geographic, dissolved") << true << true;
    }

    void sameOnOneThreadAndOnAll()
    {
        QFETCH(bool, geographic);
        QFETCH(bool, dissolve);
        std::vector<std::string> wkts;
        const int count = dissolve ? 2500 : 6000; // more than one chunk of mapFeatures and of the union either way
        for (int i = 0; i < count; ++i) {
            const double x = geographic ? 57.0 + (i % 100) * 0.003 : 500000 + (i % 100) * 300.0;
            const double y = geographic ? 22.5 + (i / 100) * 0.003 : 2500000 + (i / 100) * 300.0;
            const double s = geographic ? 0.002 : 200;
            wkts.push_back(i % 3 == 0 ? "POINT (" + std::to_string(x) + " " + std::to_string(y) + ")"
                    : "LINESTRING (" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + s) + " "
                        + std::to_string(y + s / 3) + ")");
        }
        const auto layer = layerFromWkt(wkts, GeometryType::Unknown, geographic ? Crs::fromEpsg(4326) : Crs::fromEpsg(32640));
        const std::map<std::string, std::string> params{{"distance", "150"}, {"dissolve", dissolve ? "true" : "false"}};
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = runBuffer(layer, params, one);
        const auto b = runBuffer(layer, params);
        QCOMPARE(a.layer->size(), dissolve ? std::size_t(1) : wkts.size());
        QCOMPARE(b.layer->size(), a.layer->size());
        const GeometryColumn& ca = a.layer->geometries();
        const GeometryColumn& cb = b.layer->geometries();
        QCOMPARE(ca.coordCount(), cb.coordCount());
        for (std::size_t i = 0; i < ca.coordCount(); ++i)
            QVERIFY(ca.coord(i) == cb.coord(i));
        for (std::size_t i = 0; i < a.layer->size(); ++i)
            QCOMPARE(a.layer->fid(i), b.layer->fid(i));
    }

    void cancel()
    {
        std::vector<std::string> wkts;
        for (int i = 0; i < 20000; ++i)
            wkts.push_back("POINT (" + std::to_string(57.0 + (i % 200) * 0.01) + " " + std::to_string(22.0 + (i / 200) * 0.01) + ")");
        const auto layer = layerFromWkt(wkts, GeometryType::Point, Crs::fromEpsg(4326));
        for (const char* id : {"buffer", "multi-ring-buffer"}) {
            // Cancelled before the start, and from the first progress report (a user pressing Cancel mid-run).
            analysis::RunOptions before;
            before.feedback.cancel.cancel();
            analysis::RunOptions during;
            int reports = 0;
            during.feedback.progress = [&](double) {
                ++reports;
                during.feedback.cancel.cancel();
            };
            for (analysis::RunOptions* options : {&before, &during}) {
                try {
                    (void)analysis::run(id, {layer, nullptr}, id == std::string("buffer")
                            ? std::map<std::string, std::string>{{"distance", "100"}}
                            : std::map<std::string, std::string>{{"distance", "100"}, {"rings", "3"}}, *options);
                    QFAIL("no error");
                } catch (const Error& e) {
                    QCOMPARE(e.code(), ErrorCode::Cancelled);
                }
            }
            QVERIFY(reports >= 1);
            QVERIFY(reports < 10); // 10 chunks of 2048: stopped well before the end
        }
    }

    void geodesicPointsAreGeodesicCircles_data()
    {
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("distance");
        QTest::newRow("equator 500 m") << 0.0 << 500.0;
        QTest::newRow("23N 500 m") << 23.0 << 500.0;
        QTest::newRow("60N 500 m") << 60.0 << 500.0;
        QTest::newRow("23N 50 km") << 23.0 << 50000.0;
        QTest::newRow("60N 50 km") << 60.0 << 50000.0;
    }

    void geodesicPointsAreGeodesicCircles()
    {
        QFETCH(double, lat);
        QFETCH(double, distance);
        const std::vector<std::string> wkts{"POINT (57.5 " + std::to_string(lat) + ")", "POINT (-170.25 " + std::to_string(-lat) + ")"};
        const auto layer = layerFromWkt(wkts, GeometryType::Point, Crs::fromEpsg(4326));
        const auto result = runBuffer(layer, {{"distance", QByteArray::number(distance).toStdString()}});
        QCOMPARE(result.layer->size(), wkts.size());
        std::vector<std::pair<Coord, Coord>> pairs;
        std::vector<std::pair<Coord, Coord>> midpoints;
        for (std::size_t i = 0; i < wkts.size(); ++i) {
            const Coord centre = layer->geometries().coord(i);
            const GeometryColumn& c = result.layer->geometries();
            const std::size_t ring = c.ringBegin(c.partBegin(i));
            QVERIFY(c.coordEnd(ring) - c.coordBegin(ring) >= 73); // at least 72 vertices: chords within 0.1 %
            for (std::size_t k = c.coordBegin(ring); k < c.coordEnd(ring); ++k) {
                pairs.push_back({centre, c.coord(k)});
                if (k + 1 < c.coordEnd(ring))
                    midpoints.push_back({centre, {(c.coord(k).x + c.coord(k + 1).x) / 2, (c.coord(k).y + c.coord(k + 1).y) / 2}});
            }
        }
        const std::vector<double> d = geodSolve(pairs);
        QCOMPARE(d.size(), pairs.size());
        for (const double s : d) // vertices: exact (destination() and GeodSolve are both Karney's algorithm)
            QVERIFY2(std::fabs(s - distance) <= 1e-6 * distance, qPrintable(QString::number(s, 'g', 12)));
        const std::vector<double> m = geodSolve(midpoints);
        QCOMPARE(m.size(), midpoints.size());
        for (const double s : m) // between vertices: the chord's sag, under 0.1 %
            QVERIFY2(s < distance && distance - s <= 1e-3 * distance, qPrintable(QString::number(s, 'g', 12)));
    }

    void geodesicCircleVerticesAreGeodSolves_data()
    {
        // Circles within 10 km and 80 degrees of the equator take the Runge-Kutta path (geodesicbuffer.h), the
        // others destination(): both must put vertex k where GeodSolve's direct problem from the centre at azimuth
        // 360 k / n puts it. One centre is beside the antimeridian, where the circle crosses it.
        QTest::addColumn<double>("lat");
        QTest::addColumn<double>("distance");
        for (const double lat : {0.0, 23.0, -45.0, 79.9, -80.1, 85.0})
            for (const double distance : {0.5, 500.0, 9999.0, 10001.0})
                QTest::addRow("%g %g m", lat, distance) << lat << distance;
    }

    void geodesicCircleVerticesAreGeodSolves()
    {
        QFETCH(double, lat);
        QFETCH(double, distance);
        const std::vector<std::string> wkts{"POINT (57.5 " + std::to_string(lat) + ")", "POINT (179.99 " + std::to_string(lat) + ")"};
        const auto layer = layerFromWkt(wkts, GeometryType::Point, Crs::fromEpsg(4326));
        const auto result = runBuffer(layer, {{"distance", QByteArray::number(distance, 'g', 17).toStdString()}});
        QCOMPARE(result.layer->size(), wkts.size());
        const GeometryColumn& c = result.layer->geometries();
        QByteArray input;
        std::vector<Coord> ours;
        for (std::size_t i = 0; i < wkts.size(); ++i) {
            const Coord centre = layer->geometries().coord(i);
            const std::size_t ring = c.ringBegin(c.partBegin(i));
            const std::size_t n = c.coordEnd(ring) - c.coordBegin(ring) - 1;
            QCOMPARE(n, std::size_t(72));
            for (std::size_t k = 0; k <= n; ++k) {
                input += QByteArray::number(centre.y, 'g', 17) + ' ' + QByteArray::number(centre.x, 'g', 17) + ' '
                    + QByteArray::number(360.0 * static_cast<double>(k % n) / static_cast<double>(n), 'g', 17) + ' '
                    + QByteArray::number(distance, 'g', 17) + '\n';
                ours.push_back(c.coord(c.coordBegin(ring) + k));
            }
        }
        const auto r = test::runTool("GeodSolve", {"-p", "9"}, input);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(static_cast<std::size_t>(lines.size()), ours.size());
        double worst = 0;
        for (std::size_t k = 0; k < ours.size(); ++k) {
            const QList<QByteArray> f = lines[static_cast<qsizetype>(k)].simplified().split(' ');
            QCOMPARE(f.size(), 3);
            const double dLat = ours[k].y - f[0].toDouble();
            const double dLon = std::remainder(ours[k].x - f[1].toDouble(), 360.0);
            // Metres on the ground, near enough for micrometres: 111.32 km a degree, the longitude's by cos(lat).
            const double metres = 111320.0 * std::hypot(dLat, dLon * std::cos(ours[k].y * 3.14159265358979323846 / 180));
            worst = std::max(worst, metres);
        }
        // Measured: within 2.5 micrometres (Runge-Kutta at 79.9 degrees and 10 km); destination() is GeodSolve's.
        QVERIFY2(worst <= 1e-5, qPrintable(QString("a vertex is %1 m from GeodSolve's").arg(worst)));
    }

    void geodesicLinesAndPolygons_data()
    {
        QTest::addColumn<double>("distance");
        QTest::addColumn<int>("segments");
        QTest::newRow("500 m") << 500.0 << 8;
        QTest::newRow("1500 m, 30 segments") << 1500.0 << 30;
        QTest::newRow("-300 m (polygons shrink)") << -300.0 << 8;
    }

    void geodesicLinesAndPolygons()
    {
        QFETCH(double, distance);
        QFETCH(int, segments);
        const auto layer = layerFromWkt(kGeographicShapes, GeometryType::Unknown, Crs::fromEpsg(4326));
        const auto result = runBuffer(layer, {{"distance", QByteArray::number(distance).toStdString()},
            {"segments", std::to_string(segments)}});
        const double d = std::fabs(distance);
        for (std::size_t k = 0; k < result.layer->size(); ++k) {
            const std::size_t row = static_cast<std::size_t>(result.layer->fid(k) - 101);
            const std::vector<Coord> input = densified(layer->geometry(row), 5.0);
            const double window = 1.5 * d / 1e5; // degrees: more than d in both directions at these latitudes (23°N)
            const std::vector<Coord> samples = boundarySamples(result.layer->geometry(k));
            QVERIFY(!samples.empty());
            // Every sample against every densified input point, by GeodSolve: the minimum is the distance to the
            // input (over by at most 2.5² / (2 d) m, the densification's error).
            std::vector<std::pair<Coord, Coord>> pairs;
            const std::size_t stride = std::max<std::size_t>(1, samples.size() / 120);
            std::vector<Coord> picked;
            for (std::size_t s = 0; s < samples.size(); s += stride)
                picked.push_back(samples[s]);
            for (const Coord& s : picked)
                for (const Coord& p : input)
                    if (std::fabs(s.y - p.y) < window && std::fabs(s.x - p.x) < window) // only what can be nearest
                        pairs.push_back({s, p});
            const std::vector<double> measured = geodSolve(pairs);
            QCOMPARE(measured.size(), pairs.size());
            std::size_t at = 0;
            for (const Coord& s : picked) {
                double nearest = INFINITY;
                for (const Coord& p : input)
                    if (std::fabs(s.y - p.y) < window && std::fabs(s.x - p.x) < window)
                        nearest = std::min(nearest, measured[at++]);
                QVERIFY2(std::fabs(nearest - d) <= 1e-3 * d,
                    qPrintable(QString("feature %1, sample %2 %3: %4 m from the input, not %5")
                            .arg(row + 101).arg(s.x, 0, 'f', 8).arg(s.y, 0, 'f', 8).arg(nearest, 0, 'f', 3).arg(d)));
            }
        }
        if (distance < 0) { // the line vanishes
            QCOMPARE(result.layer->size(), std::size_t(3));
            QCOMPARE(result.warnings.size(), std::size_t(1));
            QVERIFY2(QString::fromStdString(result.warnings[0]).contains("id 101"), result.warnings[0].c_str());
        } else {
            QCOMPARE(result.layer->size(), kGeographicShapes.size());
        }
    }

    void geodesicAreasAgainstPostgis_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<double>("distance");
        QTest::newRow("towns 500 m") << "towns" << 500.0;
        QTest::newRow("towns 5 km") << "towns" << 5000.0;
        QTest::newRow("roads 250 m") << "roads" << 250.0;
    }

    void geodesicAreasAgainstPostgis()
    {
        QFETCH(QString, table);
        QFETCH(double, distance);
        const auto layer = readLayer(kGpkg.toStdString(), table.toStdString());
        const auto result = runBuffer(layer, {{"distance", QByteArray::number(distance).toStdString()}});
        QCOMPARE(result.layer->size(), layer->size());
        const QStringList rows = m_db.query("SELECT fid, ST_Area(ST_Buffer(geom::geography, " + QString::number(distance)
            + ")) FROM " + table + " ORDER BY fid");
        QVERIFY2(m_db.ok(), m_db.why());
        QCOMPARE(static_cast<std::size_t>(rows.size()), layer->size());
        for (std::size_t i = 0; i < result.layer->size(); ++i) {
            const QStringList f = rows[static_cast<qsizetype>(i)].split('|');
            QCOMPARE(f[0].toLongLong(), static_cast<qlonglong>(result.layer->fid(i)));
            const double postgis = f[1].toDouble(), ours = geodesicArea(result.layer->geometry(i));
            QVERIFY2(std::fabs(ours - postgis) <= 0.01 * postgis,
                qPrintable(QString("%1 %2: PostGIS %3 m², ours %4 m²").arg(table, f[0]).arg(postgis).arg(ours)));
        }
    }

    void generatedPointsAgainstPostgis()
    {
        // Latitudes 0, 23 and 60: PostGIS's area of its geography buffer and of ours, and π d² (a geodesic circle
        // of 500 m on the ellipsoid has that area to a few parts per billion; our 72-gon has 0.13 % less).
        const auto layer = layerFromWkt({"POINT (57.5 0)", "POINT (57.5 23)", "POINT (57.5 60)"}, GeometryType::Point,
            Crs::fromEpsg(4326));
        const auto result = runBuffer(layer, {{"distance", "500"}});
        for (std::size_t i = 0; i < 3; ++i) {
            const QString wkt = QString::fromStdString(toWkt(result.layer->geometry(i)));
            const QString point = QString::fromStdString(toWkt(layer->geometry(i)));
            const double ours = m_db.value("SELECT ST_Area(ST_GeomFromText('" + wkt + "', 4326)::geography)").toDouble();
            const double postgis = m_db.value("SELECT ST_Area(ST_Buffer(ST_GeomFromText('" + point + "', 4326)::geography, 500))").toDouble();
            QVERIFY2(m_db.ok(), m_db.why());
            QVERIFY2(std::fabs(ours - postgis) <= 0.01 * postgis, qPrintable(QString("%1 vs %2").arg(ours).arg(postgis)));
            const double circle = M_PI * 500 * 500;
            QVERIFY2(ours < circle && ours > 0.998 * circle, qPrintable(QString::number(ours)));
        }
    }

    void multiRingAgainstGeos()
    {
        const std::vector<std::string> shapes{kPlanarShapes[0], kPlanarShapes[1], kPlanarShapes[2]};
        const auto layer = layerFromWkt(shapes, GeometryType::Unknown, Crs::fromEpsg(32640));
        const auto result = analysis::run("multi-ring-buffer", {layer, nullptr}, {{"rings", "3"}, {"distance", "15"}});
        QCOMPARE(result.layer->size(), std::size_t(9));
        const auto& attributes = result.layer->attributes();
        for (std::size_t k = 0; k < 9; ++k) {
            const std::size_t row = k / 3, ring = k % 3 + 1;
            QCOMPARE(attributes.column("ring").integer(k), static_cast<std::int64_t>(ring));
            QCOMPARE(attributes.column("distance").real(k), 15.0 * ring);
            QCOMPARE(QString::fromStdString(attributes.column("name").toString(k)), QString("feature %1").arg(row));
            const test::GeosPtr outer = oracleBuffer(shapes[row], 15.0 * ring, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND);
            const test::GeosPtr inner = oracleBuffer(shapes[row], 15.0 * (ring - 1), 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND);
            const test::GeosPtr oracle(GEOSDifference_r(test::oracleGeos(), outer.get(), inner.get()));
            const double expected = oracleArea(oracle.get());
            QVERIFY2(std::fabs(oracleArea(oracleOf(result.layer->geometry(k)).get()) - expected) <= 1e-9 * expected,
                qPrintable(QString("feature %1 ring %2").arg(row).arg(ring)));
            QVERIFY(symDifferenceArea(result.layer->geometry(k), oracle.get()) <= 1e-9 * expected);
        }
        // A polygon's first ring leaves the polygon out: the rings and the polygon tile the outer buffer.
        const test::GeosPtr polygon = test::geosFromWkt(QString::fromStdString(shapes[2]));
        double sum = oracleArea(polygon.get());
        for (std::size_t k = 6; k < 9; ++k)
            sum += oracleArea(oracleOf(result.layer->geometry(k)).get());
        const double outer = oracleArea(oracleBuffer(shapes[2], 45, 8, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND).get());
        QVERIFY(std::fabs(sum - outer) <= 1e-9 * outer);
    }

    void multiRingGeodesic()
    {
        // Ring i of a point: between i-1 and i times the distance, by GeodSolve on every vertex.
        const auto layer = layerFromWkt({"POINT (57.5 22.9)"}, GeometryType::Point, Crs::fromEpsg(4326));
        const auto result = analysis::run("multi-ring-buffer", {layer, nullptr}, {{"rings", "4"}, {"distance", "1000"}});
        QCOMPARE(result.layer->size(), std::size_t(4));
        for (std::size_t k = 0; k < 4; ++k) {
            const GeometryColumn& c = result.layer->geometries();
            const std::size_t part = c.partBegin(k);
            QCOMPARE(c.ringEnd(part) - c.ringBegin(part), std::size_t(k == 0 ? 1 : 2)); // a disc, then donuts
            std::vector<std::pair<Coord, Coord>> pairs;
            for (std::size_t r = c.ringBegin(part); r < c.ringEnd(part); ++r)
                for (std::size_t i = c.coordBegin(r); i < c.coordEnd(r); ++i)
                    pairs.push_back({{57.5, 22.9}, c.coord(i)});
            const std::vector<double> d = geodSolve(pairs);
            QCOMPARE(d.size(), pairs.size());
            for (const double s : d) {
                const bool outer = std::fabs(s - 1000.0 * (k + 1)) <= 1e-3;
                const bool inner = k > 0 && std::fabs(s - 1000.0 * k) <= 1e-3;
                QVERIFY2(outer || inner, qPrintable(QString("ring %1: %2 m").arg(k + 1).arg(s)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBuffer)
#include "tst_buffer.moc"
