// The analysis framework through its first algorithm, centroid: every point against GEOS called directly (its own
// context, tests/support/geosoracle.h), the invalid-geometry policies (stop names the feature; skip and repair report
// it), features without geometry, ids and attributes kept, the same output on one thread and on all, cancel.

#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/analysissupport.h"
#include "support/geosoracle.h"

using namespace gis;

namespace {

using test::layerFromWkt;

/// GEOS's own centroid or point on surface of a WKT, made with the oracle's context.
std::pair<double, double> oraclePoint(const std::string& wkt, bool onSurface, bool repair = false)
{
    test::GeosPtr g = test::geosFromWkt(QString::fromStdString(wkt));
    if (repair)
        g = test::oracleMakeValid(g.get());
    const test::GeosPtr p(onSurface ? GEOSPointOnSurface_r(test::oracleGeos(), g.get())
                                    : GEOSGetCentroid_r(test::oracleGeos(), g.get()));
    double x = 0, y = 0;
    GEOSGeomGetX_r(test::oracleGeos(), p.get(), &x);
    GEOSGeomGetY_r(test::oracleGeos(), p.get(), &y);
    return {x, y};
}

const std::vector<std::string> kShapes{
    "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))",
    "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (10 10, 90 10, 90 20, 10 20, 10 10))",
    "POLYGON ((0 0, 300 0, 300 10, 10 10, 10 300, 0 300, 0 0))", // an L: its centroid lies outside
    "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((100 100, 130 100, 130 130, 100 130, 100 100)))",
    "POLYGON ((500000 2500000, 500400 2500050, 500300 2500500, 500020 2500310, 500000 2500000))",
};

const std::string kBowtie = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";

} // namespace

class TestCentroid : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("centroid");
        QVERIFY(a);
        QCOMPARE(QString::fromStdString(a->info().id), QString("centroid"));
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        try {
            (void)analysis::algorithm("centriod");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("did you mean \"centroid\""), e.what());
        }
    }

    void againstGeos_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("centroid") << "centroid";
        QTest::newRow("point-on-surface") << "point-on-surface";
    }

    void againstGeos()
    {
        QFETCH(QString, method);
        const bool onSurface = method == "point-on-surface";
        const auto layer = layerFromWkt(kShapes, GeometryType::MultiPolygon);
        const auto result = analysis::run("centroid", {layer, nullptr}, {{"method", method.toStdString()}});
        QCOMPARE(result.layer->size(), kShapes.size());
        QCOMPARE(result.layer->geometryType(), GeometryType::Point);
        QVERIFY(result.invalid.empty());
        for (std::size_t i = 0; i < kShapes.size(); ++i) {
            const auto [x, y] = oraclePoint(kShapes[i], onSurface);
            const Box b = result.layer->geometry(i).bounds();
            QCOMPARE(b.minX, x); // the same GEOS: the same bits
            QCOMPARE(b.minY, y);
            QCOMPARE(result.layer->fid(i), 101 + static_cast<std::int64_t>(i));
            QCOMPARE(QString::fromStdString(result.layer->attributes().column("name").toString(i)),
                QString("feature %1").arg(i));
        }
        QVERIFY(result.layer->crs() == layer->crs());
    }

    void invalidStopNamesTheFeature()
    {
        const auto layer = layerFromWkt({kShapes[0], kBowtie, kShapes[1]}, GeometryType::Polygon);
        try {
            (void)analysis::run("centroid", {layer, nullptr}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            const QString m = e.what();
            QVERIFY2(m.contains("layer \"parcels\"") && m.contains("feature 102") && m.contains("Self-intersection")
                    && m.contains("--invalid skip") && m.contains("--invalid repair"),
                qPrintable(m));
        }
    }

    void invalidSkipAndRepair()
    {
        const auto layer = layerFromWkt({kShapes[0], kBowtie, kShapes[1]}, GeometryType::Polygon);
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = analysis::run("centroid", {layer, nullptr}, {}, skip);
        QCOMPARE(skipped.layer->size(), std::size_t(2));
        QCOMPARE(skipped.layer->fid(0), std::int64_t(101));
        QCOMPARE(skipped.layer->fid(1), std::int64_t(103));
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        QCOMPARE(skipped.invalid[0].fid, std::int64_t(102));
        QCOMPARE(QString::fromStdString(skipped.invalid[0].layer), QString("parcels"));
        QVERIFY(!skipped.invalid[0].repaired);
        QVERIFY(QString::fromStdString(skipped.invalid[0].reason).contains("Self-intersection"));

        analysis::RunOptions repair;
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto repaired = analysis::run("centroid", {layer, nullptr}, {}, repair);
        QCOMPARE(repaired.layer->size(), std::size_t(3));
        QCOMPARE(repaired.invalid.size(), std::size_t(1));
        QVERIFY(repaired.invalid[0].repaired);
        const auto [x, y] = oraclePoint(kBowtie, false, /*repair=*/true);
        QCOMPARE(repaired.layer->geometry(1).bounds().minX, x);
        QCOMPARE(repaired.layer->geometry(1).bounds().minY, y);
    }

    void featuresWithoutGeometryAreLeftOutWithAWarning()
    {
        const auto layer = layerFromWkt({kShapes[0], "", kShapes[2]}, GeometryType::Polygon);
        const auto result = analysis::run("centroid", {layer, nullptr}, {});
        QCOMPARE(result.layer->size(), std::size_t(2));
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("1 feature of layer \"parcels\" has no geometry"),
            result.warnings[0].c_str());
        QVERIFY(result.invalid.empty());
    }

    void sameOnOneThreadAndOnAll()
    {
        std::vector<std::string> many;
        for (int i = 0; i < 9000; ++i) {
            const double x = (i % 100) * 1000.0, y = (i / 100) * 1000.0;
            many.push_back("POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 700) + " "
                + std::to_string(y + 30) + ", " + std::to_string(x + 400) + " " + std::to_string(y + 650) + ", "
                + std::to_string(x) + " " + std::to_string(y) + "))");
        }
        const auto layer = layerFromWkt(many, GeometryType::Polygon);
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("centroid", {layer, nullptr}, {}, one);
        const auto b = analysis::run("centroid", {layer, nullptr}, {});
        QCOMPARE(a.layer->size(), many.size());
        QCOMPARE(b.layer->size(), many.size());
        for (std::size_t i = 0; i < many.size(); ++i) {
            QCOMPARE(a.layer->geometry(i).bounds().minX, b.layer->geometry(i).bounds().minX);
            QCOMPARE(a.layer->geometry(i).bounds().minY, b.layer->geometry(i).bounds().minY);
            QCOMPARE(a.layer->fid(i), b.layer->fid(i));
        }
    }

    void cancelledRunThrows()
    {
        const auto layer = layerFromWkt(kShapes, GeometryType::Polygon);
        analysis::RunOptions options;
        options.feedback.cancel.cancel();
        try {
            (void)analysis::run("centroid", {layer, nullptr}, {}, options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestCentroid)
#include "tst_centroid.moc"
