// heatmap against a brute-force kernel sum: every pixel centre against every point, in input order, with the
// kernels written out here from their textbook forms. Points in longitude/latitude are projected for the oracle by
// PROJ's cs2cs (a separate program) into UTM 40N. Also: the density integrates to the points' total weight, one
// thread against all, cancel, and the refusals.

#include <QtTest>

#include <cmath>
#include <memory>
#include <numbers>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/rasterwriter.h"
#include "support/analysissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

struct Point {
    double x, y, w;
};

std::vector<Point> makePoints(int n, double x0, double y0, double span)
{
    std::vector<Point> out;
    std::uint32_t state = 777;
    const auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return (state >> 8) / double(1u << 24);
    };
    for (int i = 0; i < n; ++i) {
        const double x = x0 + span * next(), y = y0 + span * next();
        out.push_back({x, y, 1 + std::floor(next() * 5)});
    }
    out.push_back(out[3]); // two points at one place
    return out;
}

std::shared_ptr<const Layer> pointLayer(const std::vector<Point>& points, const Crs& crs)
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("w", FieldType::Real);
    attributes.addColumn("name", FieldType::String); // may move the columns: take references after
    AttributeColumn& w = attributes.column(0);
    AttributeColumn& name = attributes.column(1);
    for (const auto& p : points) {
        geometries.appendPoint(p.x, p.y);
        w.appendReal(p.w);
        name.appendString("p");
    }
    return test::makeTestLayer("inspections", crs, GeometryType::Point, std::move(geometries), std::move(attributes), 1);
}

/// The textbook kernels, u = d / r in [0, 1), with the constant that makes each integrate to 1 over the disk.
double oracleKernel(const QString& kernel, double u, double r, bool density)
{
    double k = 0, c = 0;
    if (kernel == "quartic") {
        k = (1 - u * u) * (1 - u * u);
        c = 3 / (std::numbers::pi * r * r);
    } else if (kernel == "triangular") {
        k = 1 - u;
        c = 3 / (std::numbers::pi * r * r);
    } else if (kernel == "uniform") {
        k = 1;
        c = 1 / (std::numbers::pi * r * r);
    } else if (kernel == "epanechnikov") {
        k = 1 - u * u;
        c = 2 / (std::numbers::pi * r * r);
    } else if (kernel == "triweight") {
        k = std::pow(1 - u * u, 3);
        c = 4 / (std::numbers::pi * r * r);
    }
    return density ? k * c * 1e6 : k; // density: per square kilometre
}

double bruteForce(const RasterData& raster, int col, int row, const std::vector<Point>& points, const QString& kernel,
    double radius, bool density, bool weighted)
{
    const double x = raster.extent.minX + (col + 0.5) * raster.pixelWidth();
    const double y = raster.extent.maxY - (row + 0.5) * raster.pixelHeight();
    double sum = 0;
    for (const auto& p : points) {
        const double d = std::hypot(x - p.x, y - p.y);
        if (d < radius)
            sum += (weighted ? p.w : 1.0) * oracleKernel(kernel, d / radius, radius, density);
    }
    return sum;
}

bool near(double a, double b, double relative, double absolute)
{
    return std::fabs(a - b) <= std::max(absolute, relative * std::max(std::fabs(a), std::fabs(b)));
}

} // namespace

class TestHeatmap : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("heatmap");
        QVERIFY(a);
        QCOMPARE(a->info().output, analysis::OutputKind::Raster);
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void againstBruteForce_data()
    {
        QTest::addColumn<QString>("kernel");
        QTest::addColumn<bool>("density");
        QTest::addColumn<bool>("weighted");
        for (const char* k : {"quartic", "triangular", "uniform", "epanechnikov", "triweight"}) {
            QTest::newRow(qPrintable(QString(k) + " density")) << QString(k) << true << false;
            QTest::newRow(qPrintable(QString(k) + " raw weighted")) << QString(k) << false << true;
        }
    }

    void againstBruteForce()
    {
        QFETCH(QString, kernel);
        QFETCH(bool, density);
        QFETCH(bool, weighted);
        const auto points = makePoints(60, 550000, 2500000, 3000);
        const auto layer = pointLayer(points, Crs::fromEpsg(32640));
        std::map<std::string, std::string> params{{"radius", "700"}, {"pixel-size", "50"},
            {"kernel", kernel.toStdString()}, {"output", density ? "density" : "raw"}};
        if (weighted)
            params.emplace("weight", std::string(1, 'w')); // not = "w": a false GCC 12 -Wrestrict warning
        const auto result = analysis::run("heatmap", {layer, nullptr}, params);
        QVERIFY(result.raster);
        const RasterData& r = *result.raster;
        QVERIFY(r.crs == Crs::fromEpsg(32640));
        QCOMPARE(r.pixelWidth(), 50.0);
        QCOMPARE(r.pixelHeight(), 50.0);
        // The grid: on multiples of the pixel size, every point's disk inside it.
        QCOMPARE(std::fmod(r.extent.minX, 50.0), 0.0);
        QCOMPARE(std::fmod(r.extent.maxY, 50.0), 0.0);
        for (const auto& p : points)
            QVERIFY(p.x - 700 >= r.extent.minX && p.x + 700 <= r.extent.maxX && p.y - 700 >= r.extent.minY
                && p.y + 700 <= r.extent.maxY);
        int nonzero = 0;
        for (int row = 0; row < r.height; ++row)
            for (int col = 0; col < r.width; ++col) {
                const double expected = bruteForce(r, col, row, points, kernel, 700, density, weighted);
                const double got = r.value(0, col, row);
                nonzero += expected > 0;
                if (!near(got, expected, 1e-12, 1e-12))
                    QFAIL(qPrintable(QString("pixel %1,%2: %3 vs %4").arg(col).arg(row).arg(got, 0, 'g', 17).arg(expected, 0, 'g', 17)));
            }
        QVERIFY(nonzero > 1000);
    }

    void densityIntegratesToTheWeight()
    {
        const auto points = makePoints(40, 550000, 2500000, 2000);
        double total = 0;
        for (const auto& p : points)
            total += p.w;
        const auto result = analysis::run("heatmap", {pointLayer(points, Crs::fromEpsg(32640)), nullptr},
            {{"radius", "1000"}, {"pixel-size", "10"}, {"weight", "w"}});
        double sum = 0;
        for (const double v : result.raster->bands[0])
            sum += v * 1e-4; // a 10 m pixel is 1e-4 km²
        QVERIFY2(near(sum, total, 1e-3, 0), qPrintable(QString("%1 vs %2").arg(sum).arg(total)));
    }

    void lonLatIsComputedInUtm()
    {
        // Around Nizwa: points in EPSG:4326, projected for the oracle by cs2cs.
        std::vector<Point> lonLat = makePoints(30, 57.45, 22.85, 0.08);
        QByteArray input;
        for (const auto& p : lonLat)
            input += QByteArray::number(p.y, 'f', 10) + " " + QByteArray::number(p.x, 'f', 10) + "\n"; // EPSG:4326: lat lon
        const auto cs2cs = test::runTool("cs2cs", {"-f", "%.6f", "EPSG:4326", "EPSG:32640"}, input);
        QCOMPARE(cs2cs.exitCode, 0);
        std::vector<Point> utm;
        const auto lines = cs2cs.out.split('\n');
        for (std::size_t i = 0; i < lonLat.size(); ++i) {
            const auto f = lines[int(i)].simplified().split(' ');
            utm.push_back({f[0].toDouble(), f[1].toDouble(), lonLat[i].w});
        }
        const auto result = analysis::run("heatmap", {pointLayer(lonLat, Crs::fromEpsg(4326)), nullptr},
            {{"radius", "1500"}, {"pixel-size", "100"}});
        const RasterData& r = *result.raster;
        QVERIFY(r.crs == Crs::fromEpsg(32640));
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("EPSG:32640"), result.warnings[0].c_str());
        for (int row = 0; row < r.height; ++row)
            for (int col = 0; col < r.width; ++col) {
                const double expected = bruteForce(r, col, row, utm, "quartic", 1500, true, false);
                if (!near(r.value(0, col, row), expected, 1e-6, 1e-9))
                    QFAIL(qPrintable(QString("pixel %1,%2: %3 vs %4").arg(col).arg(row).arg(r.value(0, col, row)).arg(expected)));
            }
    }

    void sameOnOneThreadAndOnAll()
    {
        const auto layer = pointLayer(makePoints(3000, 550000, 2500000, 20000), Crs::fromEpsg(32640));
        const std::map<std::string, std::string> params{{"radius", "900"}, {"pixel-size", "40"}, {"weight", "w"}};
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("heatmap", {layer, nullptr}, params, one);
        const auto b = analysis::run("heatmap", {layer, nullptr}, params);
        QVERIFY(a.raster->bands == b.raster->bands); // bit for bit
    }

    void cancel()
    {
        const auto layer = pointLayer(makePoints(3000, 550000, 2500000, 20000), Crs::fromEpsg(32640));
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)analysis::run("heatmap", {layer, nullptr}, {{"radius", "900"}, {"pixel-size", "10"}}, options);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reports < 4, qPrintable(QString::number(r.reports))); // no chunk starts after the cancel
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("text weight") << "weight" << "name" << "--weight \"name\" of layer \"inspections\" is a string field";
        QTest::newRow("too many pixels") << "pixel-size" << "0.01" << "--pixel-size 0.01 m gives";
        QTest::newRow("unknown kernel") << "kernel" << "gaussian" << "--kernel \"gaussian\": not one of";
        QTest::newRow("negative radius") << "radius" << "-5" << "--radius \"-5\": outside";
    }

    void refusals()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        std::map<std::string, std::string> params{{"radius", "500"}, {"pixel-size", "50"}};
        params[name.toStdString()] = value.toStdString();
        try {
            (void)analysis::run("heatmap", {pointLayer(makePoints(5, 550000, 2500000, 1000), Crs::fromEpsg(32640)), nullptr},
                params);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message) && QString(e.what()).startsWith("heatmap: "), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestHeatmap)
#include "tst_heatmap.moc"
