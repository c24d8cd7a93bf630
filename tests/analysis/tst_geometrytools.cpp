// The geometry tools fix-geometries, explode, simplify, densify and reproject against independent oracles: GEOS
// called directly (its own context, tests/support/geosoracle.h) — GEOSMakeValid (structure method) and GEOSisValid
// for every repaired feature, the parts GEOSGetGeometryN gives, GEOSSimplify/GEOSTopologyPreserveSimplify and
// GEOSDensify compared exactly — and PROJ's cs2cs for every reprojected vertex; on generated shapes (holes,
// multipolygons, bow-ties, a collapsed ring), the sample's wilayat and Oman's governorates. Also: ids and attributes kept, the
// same output on one thread and on all, cancel from inside a run.

#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/analysissupport.h"
#include "support/geosoracle.h"

using namespace gis;

namespace {

using test::layerFromWkt;
using test::oracleArea;
using test::oracleMakeValid;
using test::oracleOf;
using test::oracleSymDifferenceArea;

bool sameGeometries(const Layer& a, const Layer& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (toWkb(a.geometry(i)) != toWkb(b.geometry(i)) || a.fid(i) != b.fid(i))
            return false;
    return true;
}

const std::string kBowtie = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";
const std::vector<std::string> kFixShapes{
    "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 90 10, 90 20, 10 20, 10 10))", // valid, a hole
    kBowtie,
    "POLYGON ((0 0, 50 0, 50 50, 0 50, 0 0), (60 60, 70 60, 70 70, 60 70, 60 60))", // hole outside its shell
    "MULTIPOLYGON (((0 0, 20 0, 20 20, 0 20, 0 0)), ((10 10, 30 10, 30 30, 10 30, 10 10)))", // overlapping parts
    "",                                                                                     // no geometry
    "POLYGON ((0 0, 10 0, 20 0, 0 0))", // collapsed to a line: the repair leaves nothing
    "POLYGON ((0 0, 40 0, 40 40, 20 40, 20 20, 20 40, 0 40, 0 0))", // a spike
};

/// Many deterministic polygons, every seventh one a bow-tie, for the thread and cancel cases.
std::vector<std::string> manyShapes(int count)
{
    std::vector<std::string> many;
    for (int i = 0; i < count; ++i) {
        const double x = (i % 100) * 1000.0, y = (i / 100) * 1000.0;
        auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
        if (i % 7 == 0)
            many.push_back("POLYGON ((" + p(x, y) + ", " + p(x + 500, y + 500) + ", " + p(x + 500, y) + ", " + p(x, y + 500)
                + ", " + p(x, y) + "))");
        else
            many.push_back("MULTIPOLYGON (((" + p(x, y) + ", " + p(x + 300, y + 7) + ", " + p(x + 310, y + 150) + ", "
                + p(x + 290, y + 151) + ", " + p(x + 150, y + 290) + ", " + p(x, y) + ")), ((" + p(x + 400, y + 400) + ", "
                + p(x + 450, y + 400) + ", " + p(x + 450, y + 450) + ", " + p(x + 400, y + 400) + ")))");
    }
    return many;
}

std::shared_ptr<const Layer> wilayat()
{
    return readLayer(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "wilayat");
}

} // namespace

class TestGeometryTools : public QObject {
    Q_OBJECT

private slots:
    void registered_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"fix-geometries", "explode", "simplify", "densify", "reproject"})
            QTest::newRow(id) << id;
    }

    void registered()
    {
        QFETCH(QString, id);
        const analysis::Algorithm* a = analysis::findAlgorithm(id.toStdString());
        QVERIFY(a);
        QCOMPARE(QString::fromStdString(a->info().group), QString("geometry"));
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty() && !a->info().descriptionEn.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void fixGeometriesAgainstGeos_data()
    {
        QTest::addColumn<bool>("keepCollapsed");
        QTest::newRow("collapsed left out") << false;
        QTest::newRow("collapsed kept") << true;
    }

    void fixGeometriesAgainstGeos()
    {
        QFETCH(bool, keepCollapsed);
        const auto layer = layerFromWkt(kFixShapes, GeometryType::Polygon);
        // The user's policy (default stop) does not apply: fix-geometries is the repair.
        const auto result = analysis::run("fix-geometries", {layer, nullptr},
            {{"keep-collapsed", keepCollapsed ? "true" : "false"}});
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiPolygon);
        std::vector<std::int64_t> expectedFids{101, 102, 103, 104, 105};
        if (keepCollapsed)
            expectedFids.push_back(106);
        expectedFids.push_back(107);
        QCOMPARE(result.layer->size(), expectedFids.size());
        for (std::size_t i = 0; i < expectedFids.size(); ++i) {
            const std::int64_t fid = expectedFids[i];
            QCOMPARE(result.layer->fid(i), fid);
            const std::size_t source = static_cast<std::size_t>(fid - 101);
            QCOMPARE(QString::fromStdString(result.layer->attributes().column("name").toString(i)),
                QString("feature %1").arg(source));
            if (kFixShapes[source].empty() || fid == 106) {
                QCOMPARE(result.layer->geometry(i).type(), GeometryType::Unknown);
                continue;
            }
            const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            QVERIFY(ours);
            QCOMPARE(GEOSisValid_r(test::oracleGeos(), ours.get()), char(1));
            const test::GeosPtr input = oracleOf(kFixShapes[source]);
            const test::GeosPtr expected = GEOSisValid_r(test::oracleGeos(), input.get()) == 1
                ? test::GeosPtr(GEOSGeom_clone_r(test::oracleGeos(), input.get()))
                : oracleMakeValid(input.get());
            QVERIFY2(std::abs(oracleArea(ours.get()) - oracleArea(expected.get())) <= 1e-9 * oracleArea(expected.get()),
                qPrintable(QString("feature %1").arg(fid)));
            QVERIFY2(oracleSymDifferenceArea(ours.get(), expected.get()) <= 1e-9 * oracleArea(expected.get()),
                qPrintable(QString("feature %1").arg(fid)));
        }
        QCOMPARE(QString::number(oracleArea(oracleOf(result.layer->geometry(1)).get())), QString("50")); // the bow-tie's two triangles

        // The report: each invalid feature, in input order, repaired except the collapsed one.
        QCOMPARE(result.invalid.size(), std::size_t(5));
        const std::vector<std::int64_t> invalidFids{102, 103, 104, 106, 107};
        for (std::size_t i = 0; i < invalidFids.size(); ++i) {
            QCOMPARE(result.invalid[i].fid, invalidFids[i]);
            QCOMPARE(QString::fromStdString(result.invalid[i].layer), QString("parcels"));
            QCOMPARE(result.invalid[i].repaired, invalidFids[i] != 106);
            QVERIFY(!result.invalid[i].reason.empty());
        }
        QVERIFY(QString::fromStdString(result.invalid[0].reason).contains("Self-intersection"));
        QVERIFY(QString::fromStdString(result.invalid[3].reason).contains("repair left nothing"));
        bool collapsedWarned = false, nullWarned = false;
        for (const auto& w : result.warnings) {
            const QString s = QString::fromStdString(w);
            collapsedWarned |= s.contains("feature 106") && s.contains("left nothing")
                && s.contains(keepCollapsed ? "kept without geometry" : "left out");
            nullWarned |= s.contains("1 feature of layer \"parcels\" has no geometry and was kept");
        }
        QVERIFY(collapsedWarned);
        QVERIFY(nullWarned);
    }

    void fixGeometriesOfLinesKeepsLines()
    {
        // A self-crossing line is valid; a line with a repeated single point is not, and its repair is a point:
        // left out of a line layer.
        const auto layer = layerFromWkt({"LINESTRING (0 0, 10 10, 10 0, 0 10)", "LINESTRING (5 5, 5 5)"},
            GeometryType::LineString);
        const auto result = analysis::run("fix-geometries", {layer, nullptr}, {});
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiLineString);
        QCOMPARE(result.layer->size(), std::size_t(1));
        QCOMPARE(result.layer->fid(0), std::int64_t(101));
        QCOMPARE(result.invalid.size(), std::size_t(1));
        QCOMPARE(result.invalid[0].fid, std::int64_t(102));
        QVERIFY(!result.invalid[0].repaired);
    }

    void explodeAgainstGeos()
    {
        const std::vector<std::string> shapes{
            "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((20 0, 30 0, 30 10, 20 10, 20 0), (22 2, 28 2, 28 8, 22 8, 22 2)),"
            " ((40 0, 50 0, 50 10, 40 0)))",
            "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))",
            "",
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        };
        const auto layer = layerFromWkt(shapes, GeometryType::MultiPolygon);
        const auto result = analysis::run("explode", {layer, nullptr}, {});
        QCOMPARE(result.layer->geometryType(), GeometryType::Polygon);
        QCOMPARE(result.layer->size(), std::size_t(6));
        const std::vector<std::pair<std::size_t, int>> expected{{0, 1}, {0, 2}, {0, 3}, {1, 1}, {3, 1}, {3, 2}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const auto [source, part] = expected[i];
            QCOMPARE(result.layer->attributes().column("part").integer(i), std::int64_t(part));
            QCOMPARE(QString::fromStdString(result.layer->attributes().column("name").toString(i)),
                QString("feature %1").arg(source));
            QCOMPARE(result.layer->geometry(i).type(), GeometryType::Polygon);
            const test::GeosPtr input = oracleOf(shapes[source]);
            const GEOSGeometry* oraclePart = GEOSGetGeometryN_r(test::oracleGeos(), input.get(), part - 1);
            const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            QVERIFY2(GEOSEqualsExact_r(test::oracleGeos(), ours.get(), oraclePart, 0) == 1, qPrintable(QString::number(i)));
        }
        QCOMPARE(result.warnings.size(), std::size_t(1)); // the feature without geometry
    }

    void explodeWilayat()
    {
        const auto layer = wilayat();
        const auto result = analysis::run("explode", {layer, nullptr}, {});
        std::size_t parts = 0;
        for (std::size_t i = 0; i < layer->size(); ++i)
            parts += static_cast<std::size_t>(GEOSGetNumGeometries_r(test::oracleGeos(), oracleOf(layer->geometry(i)).get()));
        QCOMPARE(result.layer->size(), parts);
        double areaIn = 0, areaOut = 0;
        for (std::size_t i = 0; i < layer->size(); ++i)
            areaIn += oracleArea(oracleOf(layer->geometry(i)).get());
        for (std::size_t i = 0; i < result.layer->size(); ++i)
            areaOut += oracleArea(oracleOf(result.layer->geometry(i)).get());
        QVERIFY(std::abs(areaIn - areaOut) <= 1e-12 * areaIn);
    }

    void simplifyAgainstGeos_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("douglas-peucker 0.01") << "douglas-peucker" << 0.01;
        QTest::newRow("topology-preserving 0.01") << "topology-preserving" << 0.01;
        QTest::newRow("topology-preserving 0.05") << "topology-preserving" << 0.05;
        QTest::newRow("douglas-peucker 0") << "douglas-peucker" << 0.0;
    }

    void simplifyAgainstGeos()
    {
        QFETCH(QString, method);
        QFETCH(double, tolerance);
        // The sample's (coarse) wilayat and Oman's governorates (Natural Earth 10m outlines).
        for (const auto& layer : {wilayat(), readLayer(GIS_SHARED_DATA_DIR "/oman/governorates.geojson")})
            simplifyLayerAgainstGeos(*layer, method, tolerance);
    }

    void simplifyLayerAgainstGeos(const Layer& in, const QString& method, double tolerance)
    {
        const auto layer = std::shared_ptr<const Layer>(std::shared_ptr<const Layer>(), &in);
        const auto result = analysis::run("simplify", {layer, nullptr},
            {{"method", method.toStdString()}, {"tolerance", QString::number(tolerance, 'g', 17).toStdString()}});
        QCOMPARE(result.layer->size(), layer->size());
        QCOMPARE(result.layer->geometryType(), layer->geometryType());
        std::size_t before = 0, after = 0;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            QCOMPARE(result.layer->fid(i), layer->fid(i));
            QCOMPARE(result.layer->attributes().column("name_en").toString(i), layer->attributes().column("name_en").toString(i));
            const test::GeosPtr input = oracleOf(layer->geometry(i));
            const test::GeosPtr expected(method == "douglas-peucker"
                    ? GEOSSimplify_r(test::oracleGeos(), input.get(), tolerance)
                    : GEOSTopologyPreserveSimplify_r(test::oracleGeos(), input.get(), tolerance));
            const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            QVERIFY2(GEOSEqualsExact_r(test::oracleGeos(), ours.get(), expected.get(), 0) == 1, qPrintable(QString::number(i)));
            if (method == "topology-preserving")
                QCOMPARE(GEOSisValid_r(test::oracleGeos(), ours.get()), char(1));
            before += static_cast<std::size_t>(GEOSGetNumCoordinates_r(test::oracleGeos(), input.get()));
            after += static_cast<std::size_t>(GEOSGetNumCoordinates_r(test::oracleGeos(), ours.get()));
        }
        if (tolerance > 0)
            QVERIFY2(after < before, qPrintable(QString("%1 -> %2 vertices").arg(before).arg(after)));
        else
            QVERIFY(after <= before);
    }

    void simplifyGeneratedShapes()
    {
        const std::vector<std::string> shapes{
            "POLYGON ((0 0, 50 0.5, 100 0, 100.4 50, 100 100, 50 99.7, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))",
            "LINESTRING (0 0, 1 0.2, 2 0, 3 0.2, 4 0, 100 0)",
            "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((20 0, 20.5 0.1, 21 0, 21 1, 20 1, 20 0)))",
        };
        const auto layer = layerFromWkt(shapes, GeometryType::Unknown);
        for (const char* method : {"douglas-peucker", "topology-preserving"}) {
            const auto result = analysis::run("simplify", {layer, nullptr}, {{"method", method}, {"tolerance", "2"}});
            const bool dp = std::string(method) == "douglas-peucker";
            // Douglas–Peucker makes the small square of the multipolygon vanish; topology-preserving keeps it.
            QCOMPARE(result.layer->size(), shapes.size());
            for (std::size_t i = 0; i < shapes.size(); ++i) {
                const test::GeosPtr input = oracleOf(shapes[i]);
                const test::GeosPtr expected(dp ? GEOSSimplify_r(test::oracleGeos(), input.get(), 2)
                                                : GEOSTopologyPreserveSimplify_r(test::oracleGeos(), input.get(), 2));
                QVERIFY2(GEOSEqualsExact_r(test::oracleGeos(), oracleOf(result.layer->geometry(i)).get(), expected.get(), 0) == 1,
                    method);
            }
        }
        const auto vanish = layerFromWkt({"POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", shapes[0]}, GeometryType::Polygon);
        const auto result = analysis::run("simplify", {vanish, nullptr}, {{"method", "douglas-peucker"}, {"tolerance", "5"}});
        QCOMPARE(result.layer->size(), std::size_t(1));
        QCOMPARE(result.layer->fid(0), std::int64_t(102));
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("vanished"), result.warnings[0].c_str());
    }

    void simplifyCoverage_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("wilayat 0.01") << "wilayat" << 0.01;
        QTest::newRow("wilayat 0.05") << "wilayat" << 0.05;
        QTest::newRow("governorates 0.02") << "governorates" << 0.02;
        QTest::newRow("generated 3") << "generated" << 3.0;
    }

    /// No overlap (the union's area is the sum of the areas), no gap (the union has the input union's parts and holes,
    /// and differs from it by at most its boundary length times the tolerance), every output valid.
    void simplifyCoverage()
    {
        QFETCH(QString, source);
        QFETCH(double, tolerance);
        std::shared_ptr<const Layer> layer;
        if (source == "wilayat")
            layer = wilayat();
        else if (source == "governorates")
            layer = readLayer(GIS_SHARED_DATA_DIR "/oman/governorates.geojson");
        else
            layer = layerFromWkt({
                // two squares sharing a wiggly edge, the first with a hole holding a third polygon (an enclave)
                "POLYGON ((0 0, 50 1, 100 0, 101 25, 99 50, 100.5 75, 100 100, 50 99, 0 100, 0 0), (30 30, 60 30, 60 60, 30 60, 30 30))",
                "POLYGON ((100 0, 200 0, 200 100, 100 100, 100.5 75, 99 50, 101 25, 100 0))",
                "POLYGON ((30 30, 60 30, 60 60, 45 61, 30 60, 30 30))",
            }, GeometryType::Polygon);
        const auto result = analysis::run("simplify", {layer, nullptr},
            {{"tolerance", QString::number(tolerance, 'g', 17).toStdString()}, {"coverage", "true"}});
        QCOMPARE(result.layer->size(), layer->size());
        auto unionOf = [](const Layer& l, double* sum) {
            std::vector<std::size_t> rows;
            std::vector<GEOSGeometry*> parts;
            *sum = 0;
            for (std::size_t i = 0; i < l.size(); ++i) {
                test::GeosPtr g = oracleOf(l.geometry(i));
                *sum += oracleArea(g.get());
                parts.push_back(g.release());
            }
            const test::GeosPtr c(GEOSGeom_createCollection_r(test::oracleGeos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                static_cast<unsigned>(parts.size())));
            return test::GeosPtr(GEOSUnaryUnion_r(test::oracleGeos(), c.get()));
        };
        double sumIn = 0, sumOut = 0;
        const test::GeosPtr unionIn = unionOf(*layer, &sumIn);
        const test::GeosPtr unionOut = unionOf(*result.layer, &sumOut);
        QVERIFY2(std::abs(oracleArea(unionOut.get()) - sumOut) <= 1e-9 * sumOut,
            qPrintable(QString("union %1, sum %2").arg(oracleArea(unionOut.get()), 0, 'g', 17).arg(sumOut, 0, 'g', 17)));
        double boundary = 0;
        GEOSLength_r(test::oracleGeos(), unionIn.get(), &boundary);
        QVERIFY2(oracleSymDifferenceArea(unionIn.get(), unionOut.get()) <= boundary * tolerance,
            qPrintable(QString("%1 > %2").arg(oracleSymDifferenceArea(unionIn.get(), unionOut.get())).arg(boundary * tolerance)));
        auto holes = [](const GEOSGeometry* g) {
            int h = 0;
            for (int i = 0; i < GEOSGetNumGeometries_r(test::oracleGeos(), g); ++i)
                h += GEOSGetNumInteriorRings_r(test::oracleGeos(), GEOSGetGeometryN_r(test::oracleGeos(), g, i));
            return h;
        };
        QCOMPARE(GEOSGetNumGeometries_r(test::oracleGeos(), unionOut.get()), GEOSGetNumGeometries_r(test::oracleGeos(), unionIn.get()));
        QCOMPARE(holes(unionOut.get()), holes(unionIn.get()));
        std::size_t before = 0, after = 0;
        for (std::size_t i = 0; i < layer->size(); ++i) {
            QCOMPARE(result.layer->fid(i), layer->fid(i));
            const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
            QCOMPARE(GEOSisValid_r(test::oracleGeos(), ours.get()), char(1));
            before += static_cast<std::size_t>(GEOSGetNumCoordinates_r(test::oracleGeos(), oracleOf(layer->geometry(i)).get()));
            after += static_cast<std::size_t>(GEOSGetNumCoordinates_r(test::oracleGeos(), ours.get()));
        }
        // At 0.01° the wilayat's few vertices stay (noding adds the junctions); above, vertices go.
        QVERIFY2(source == "wilayat" && tolerance < 0.05 ? after <= before : after < before,
            qPrintable(QString("%1 -> %2 vertices").arg(before).arg(after)));
    }

    void simplifyTakesThePolicy()
    {
        const auto layer = layerFromWkt({"POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", kBowtie}, GeometryType::Polygon);
        try {
            (void)analysis::run("simplify", {layer, nullptr}, {{"tolerance", "1"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("feature 102"), e.what());
        }
        try {
            (void)analysis::run("simplify", {layer, nullptr}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("tolerance"), e.what());
        }
        const auto lines = layerFromWkt({"POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", "LINESTRING (0 0, 5 5)"}, GeometryType::Unknown);
        try {
            (void)analysis::run("simplify", {lines, nullptr}, {{"tolerance", "1"}, {"coverage", "true"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("feature 102 is a LineString"), e.what());
        }
    }

    void densifyAgainstGeos_data()
    {
        QTest::addColumn<double>("length");
        QTest::newRow("0.01") << 0.01;
        QTest::newRow("0.1") << 0.1;
    }

    void densifyAgainstGeos()
    {
        QFETCH(double, length);
        for (const auto& layer : {wilayat(), readLayer(GIS_SHARED_DATA_DIR "/oman/governorates.geojson")}) {
            const auto result = analysis::run("densify", {layer, nullptr}, {{"max-length", QString::number(length).toStdString()}});
            QCOMPARE(result.layer->size(), layer->size());
            for (std::size_t i = 0; i < layer->size(); ++i) {
                QCOMPARE(result.layer->fid(i), layer->fid(i));
                const test::GeosPtr input = oracleOf(layer->geometry(i));
                const test::GeosPtr expected(GEOSDensify_r(test::oracleGeos(), input.get(), length));
                const test::GeosPtr ours = oracleOf(result.layer->geometry(i));
                QVERIFY(GEOSEqualsExact_r(test::oracleGeos(), ours.get(), expected.get(), 0) == 1);
                QVERIFY(std::abs(oracleArea(ours.get()) - oracleArea(input.get())) <= 1e-9 * oracleArea(input.get()));
            }
            // No segment longer than the length (brute force over the output's rings).
            const GeometryColumn& c = result.layer->geometries();
            for (std::size_t r = 0; r < c.ringCount(); ++r)
                for (std::size_t k = c.coordBegin(r) + 1; k < c.coordEnd(r); ++k)
                    QVERIFY(std::hypot(c.coord(k).x - c.coord(k - 1).x, c.coord(k).y - c.coord(k - 1).y) <= length * (1 + 1e-12));
        }
    }

    void reprojectAgainstCs2cs()
    {
        const auto layer = wilayat();
        const auto result = analysis::run("reproject", {layer, nullptr}, {{"target-crs", "EPSG:32640"}});
        QCOMPARE(QString::fromStdString(result.layer->crs().authorityCode()), QString("EPSG:32640"));
        QCOMPARE(result.layer->size(), layer->size());
        const GeometryColumn& in = layer->geometries();
        const GeometryColumn& out = result.layer->geometries();
        QCOMPARE(out.coordCount(), in.coordCount());
        QByteArray lines;
        for (std::size_t k = 0; k < in.coordCount(); ++k)
            lines += QByteArray::number(in.coord(k).x, 'g', 17) + ' ' + QByteArray::number(in.coord(k).y, 'g', 17) + '\n';
        QProcess cs2cs;
        cs2cs.start("cs2cs", {"-d", "6", "OGC:CRS84", "EPSG:32640"});
        QVERIFY(cs2cs.waitForStarted());
        cs2cs.write(lines);
        cs2cs.closeWriteChannel();
        QVERIFY(cs2cs.waitForFinished(60000));
        const QList<QByteArray> rows = cs2cs.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(static_cast<std::size_t>(rows.size()), in.coordCount());
        for (std::size_t k = 0; k < in.coordCount(); ++k) {
            const QList<QByteArray> v = rows[static_cast<qsizetype>(k)].simplified().split(' ');
            QVERIFY2(std::abs(out.coord(k).x - v[0].toDouble()) < 1e-5 && std::abs(out.coord(k).y - v[1].toDouble()) < 1e-5,
                rows[static_cast<qsizetype>(k)].constData());
        }
        for (std::size_t i = 0; i < layer->size(); ++i) {
            QCOMPARE(result.layer->fid(i), layer->fid(i));
            QCOMPARE(result.layer->attributes().column("name_en").toString(i), layer->attributes().column("name_en").toString(i));
        }
    }

    void reprojectOutsideTheDomain()
    {
        GeometryColumn geometries;
        geometries.appendPoint(57.5, 23);
        geometries.appendPoint(57.5, 91); // beyond the pole: PROJ refuses it ("Invalid latitude")
        AttributeTable attributes;
        attributes.setRowCount(2);
        const auto layer = std::make_shared<const Layer>("sites", Crs::fromEpsg(4326), GeometryType::Point, std::move(geometries),
            std::move(attributes), std::vector<std::int64_t>{101, 102});
        try {
            (void)analysis::run("reproject", {layer, nullptr}, {{"target-crs", "EPSG:3857"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"sites\", feature 102"), e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto result = analysis::run("reproject", {layer, nullptr}, {{"target-crs", "EPSG:3857"}}, skip);
        QCOMPARE(result.layer->size(), std::size_t(1));
        QCOMPARE(result.invalid.size(), std::size_t(1));
        QCOMPARE(result.invalid[0].fid, std::int64_t(102));
        try {
            (void)analysis::run("reproject", {layer, nullptr}, {{"target-crs", "EPSG:999999"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("--target-crs") && QString(e.what()).contains("999999"), e.what());
        }
    }

    void sameOnOneThreadAndOnAll_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"fix-geometries", "explode", "simplify", "densify", "reproject"})
            QTest::newRow(id) << id;
    }

    void sameOnOneThreadAndOnAll()
    {
        QFETCH(QString, id);
        const auto layer = layerFromWkt(manyShapes(9000), GeometryType::MultiPolygon);
        std::map<std::string, std::string> parameters;
        if (id == "simplify")
            parameters["tolerance"] = "20";
        if (id == "densify")
            parameters["max-length"] = "20";
        if (id == "reproject")
            parameters["target-crs"] = "EPSG:4326";
        analysis::RunOptions one, all;
        one.threads = 1;
        one.invalid = all.invalid = analysis::InvalidPolicy::Repair;
        const auto a = analysis::run(id.toStdString(), {layer, nullptr}, parameters, one);
        const auto b = analysis::run(id.toStdString(), {layer, nullptr}, parameters, all);
        QVERIFY(a.layer->size() >= 9000);
        QVERIFY(sameGeometries(*a.layer, *b.layer));
        QCOMPARE(a.invalid.size(), b.invalid.size());
        // reproject hands nothing to GEOS: the bow-ties are only coordinates to it
        QCOMPARE(a.invalid.size(), id == "reproject" ? std::size_t(0) : std::size_t(9000 / 7 + 1));
        for (std::size_t i = 0; i < a.invalid.size(); ++i)
            QCOMPARE(a.invalid[i].fid, b.invalid[i].fid);
    }

    void cancelDuringARun_data() { sameOnOneThreadAndOnAll_data(); }

    void cancelDuringARun()
    {
        QFETCH(QString, id);
        const auto layer = layerFromWkt(manyShapes(9000), GeometryType::MultiPolygon);
        std::map<std::string, std::string> parameters;
        if (id == "simplify")
            parameters["tolerance"] = "20";
        if (id == "densify")
            parameters["max-length"] = "20";
        if (id == "reproject")
            parameters["target-crs"] = "EPSG:4326";
        analysis::RunOptions options;
        options.invalid = analysis::InvalidPolicy::Repair;
        // Cancelled at the first progress report (after the first chunk): the run stops with Error(Cancelled).
        const CancellationToken token = options.feedback.cancel;
        options.feedback.progress = [token](double) { token.cancel(); };
        try {
            (void)analysis::run(id.toStdString(), {layer, nullptr}, parameters, options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestGeometryTools)
#include "tst_geometrytools.moc"
