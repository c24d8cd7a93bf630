// slope, aspect and hillshade against `gdaldem` (GDAL's program, run as a process) on data/nizwa_dem.tif (UTM 40N,
// 90 m) and on a generated DEM in EPSG:32640 with a flat block and a nodata hole: the same pixels have values,
// every value within 1e-4 degree (slope, aspect) or 1 (hillshade). On a longitude/latitude DEM, a plane's slope
// against GeographicLib's GeodSolve (the ground distances between Horn's neighbours). Also: one thread against all,
// cancel, the refusals, and that no raster-input algorithm declares a field or expression parameter.

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>
#include <numbers>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/raster.h"
#include "gis/data/rasterwriter.h"
#include "support/analysissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
constexpr double kNodata = -9999;

/// Band 1 of a raster as GDAL reads it, pixel for pixel, with where it has a value.
struct Grid {
    int width = 0, height = 0;
    std::vector<float> values;
    std::vector<std::uint8_t> valid;
};

Grid readGrid(const QString& path)
{
    const Raster r = Raster::open(path.toStdString());
    RasterGrid grid;
    grid.extent = r.extent();
    grid.width = r.width();
    grid.height = r.height();
    const RasterPixels p = r.read({1}, grid, RasterResampling::Categorical);
    return {r.width(), r.height(), p.bands[0], p.coverage};
}

/// A DEM of 60 x 50 pixels of 30 m in UTM 40N, Float32: smooth hills on a tilt, a flat 10 x 10 block and a 3 x 3 nodata hole.
RasterData generatedDem()
{
    RasterData d;
    d.width = 60;
    d.height = 50;
    d.extent = Box(500000, 2600000, 500000 + 60 * 30.0, 2600000 + 50 * 30.0);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = kNodata;
    d.bands.assign(1, std::vector<double>(static_cast<std::size_t>(d.width * d.height)));
    for (int row = 0; row < d.height; ++row)
        for (int col = 0; col < d.width; ++col) {
            double z = 300 + 40 * std::sin(col * 30 / 200.0) + 25 * std::cos(row * 30 / 150.0) + 0.6 * col;
            if (col >= 40 && col < 50 && row >= 5 && row < 15)
                z = 500;
            if (col >= 20 && col < 23 && row >= 30 && row < 33)
                z = kNodata;
            // In steps of 1/8 m: gdaldem adds a Float32 DEM's window in float, which loses about 1e-4 m on values
            // of a few hundred metres (a slope off by 3e-5 relative); on eighths of a metre its sums are exact.
            d.bands[0][static_cast<std::size_t>(row * d.width + col)] = std::round(z * 8) / 8;
        }
    return d;
}

analysis::RunResult runOn(const QString& path, const std::string& id, const std::map<std::string, std::string>& params,
    const analysis::RunOptions& options = {})
{
    analysis::RunInputs inputs;
    inputs.inputRaster = path.toStdString();
    return analysis::run(id, inputs, params, options);
}

/// Compares `ours` with gdaldem's file: same pixels valid, values within `tolerance` (angles: around the circle).
/// Aspect's flat pixels (-1 in ours) are nodata in gdaldem's.
QString compare(const RasterData& ours, const QString& theirsPath, double tolerance, bool angle, double ourNodata)
{
    const Grid theirs = readGrid(theirsPath);
    if (theirs.width != ours.width || theirs.height != ours.height)
        return "sizes differ";
    int valid = 0;
    for (int row = 0; row < ours.height; ++row)
        for (int col = 0; col < ours.width; ++col) {
            const std::size_t i = static_cast<std::size_t>(row * ours.width + col);
            double a = ours.value(0, col, row);
            const bool flat = angle && a == -1;
            const bool oursValid = a != ourNodata && !flat;
            if (oursValid != (theirs.valid[i] != 0))
                return QString("pixel %1,%2: ours %3, gdaldem's %4").arg(col).arg(row).arg(a).arg(
                    theirs.valid[i] ? QString::number(theirs.values[i]) : QString("nodata"));
            if (!oursValid)
                continue;
            ++valid;
            double d = std::fabs(a - theirs.values[i]);
            if (angle)
                d = std::min(d, 360 - d);
            if (d > tolerance)
                return QString("pixel %1,%2: ours %3, gdaldem's %4").arg(col).arg(row).arg(a, 0, 'g', 10).arg(
                    theirs.values[i], 0, 'g', 10);
        }
    return valid > 0 ? QString() : QString("no valid pixel at all");
}

} // namespace

class TestTerrain : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_generated;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    void gdaldem(const QStringList& args)
    {
        const auto r = test::runTool("gdaldem", args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(test::haveTool("gdaldem"));
        QVERIFY(test::haveTool("GeodSolve"));
        m_generated = path("generated.tif");
        writeGeoTiff(generatedDem(), m_generated.toStdString());
    }

    void againstGdaldem_data()
    {
        QTest::addColumn<QString>("dem");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("ours");
        QTest::addColumn<QStringList>("theirs");
        QTest::addColumn<double>("tolerance");
        for (const auto& [name, file] : {std::pair<const char*, QString>{"nizwa", kDem}, {"generated", QString()}}) {
            const auto row = [&](const char* what) -> QTestData& { return QTest::newRow(qPrintable(QString(name) + " " + what)); };
            const QString dem = file.isEmpty() ? QString("generated") : file;
            row("slope") << dem << "slope" << QStringList{} << QStringList{"slope"} << 1e-4;
            row("slope percent") << dem << "slope" << QStringList{"unit", "percent"} << QStringList{"slope", "-p"} << 1e-4;
            row("slope z") << dem << "slope" << QStringList{"z-factor", "2.5"} << QStringList{"slope", "-s", "0.4"} << 1e-4;
            row("aspect") << dem << "aspect" << QStringList{} << QStringList{"aspect"} << 1e-4;
            row("hillshade") << dem << "hillshade" << QStringList{} << QStringList{"hillshade"} << 1.0;
            row("hillshade sun") << dem << "hillshade" << QStringList{"azimuth", "120", "altitude", "30", "z-factor", "3"}
                                 << QStringList{"hillshade", "-az", "120", "-alt", "30", "-z", "3"} << 1.0;
        }
    }

    void againstGdaldem()
    {
        QFETCH(QString, dem);
        QFETCH(QString, id);
        QFETCH(QStringList, ours);
        QFETCH(QStringList, theirs);
        QFETCH(double, tolerance);
        if (dem == "generated")
            dem = m_generated;
        std::map<std::string, std::string> params;
        for (int k = 0; k + 1 < ours.size(); k += 2)
            params[ours[k].toStdString()] = ours[k + 1].toStdString();
        const auto result = runOn(dem, id.toStdString(), params);
        QVERIFY(result.raster);
        QCOMPARE(result.raster->nodata.value(), id == "hillshade" ? 0.0 : kNodata);
        const QString oracle = path(id + ".tif");
        QFile::remove(oracle);
        gdaldem(QStringList{theirs.front(), "-q", dem, oracle} + theirs.mid(1));
        const QString why = compare(*result.raster, oracle, tolerance, id == "aspect", *result.raster->nodata);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void flatAndNodataOnTheGeneratedDem()
    {
        const auto aspect = runOn(m_generated, "aspect", {});
        QCOMPARE(aspect.raster->value(0, 45, 10), -1.0);    // inside the flat block
        QCOMPARE(aspect.raster->value(0, 21, 29), kNodata);  // next to the hole
        QCOMPARE(aspect.raster->value(0, 0, 10), kNodata);   // the edge
        QVERIFY(aspect.raster->value(0, 10, 10) >= 0);
        const auto slope = runOn(m_generated, "slope", {});
        QCOMPARE(slope.raster->value(0, 45, 10), 0.0);
        QCOMPARE(slope.raster->value(0, 19, 31), kNodata);
        QCOMPARE(slope.raster->value(0, 18, 31), slope.raster->value(0, 18, 31)); // not NaN
        QVERIFY(slope.raster->value(0, 18, 31) != kNodata);
    }

    // A DEM in longitude/latitude at 23°N whose elevation rises linearly with latitude (then with longitude): Horn's
    // gradient is the rise between the row above and the row below over their ground distance, which GeodSolve
    // measures on the WGS 84 ellipsoid.
    void geographicDemAgainstGeodSolve_data()
    {
        QTest::addColumn<bool>("north");
        QTest::newRow("rises to the north") << true;
        QTest::newRow("rises to the east") << false;
    }

    void geographicDemAgainstGeodSolve()
    {
        QFETCH(bool, north);
        const double step = 1.0 / 1200; // 3 arc-seconds
        const double perDegree = 90000; // metres of rise per degree
        RasterData d;
        d.width = 20;
        d.height = 20;
        d.extent = Box(57.0, 23.0, 57.0 + 20 * step, 23.0 + 20 * step);
        d.crs = Crs::fromEpsg(4326);
        d.sampleType = RasterSampleType::Float64;
        d.bands.assign(1, std::vector<double>(400));
        for (int row = 0; row < 20; ++row)
            for (int col = 0; col < 20; ++col)
                d.bands[0][static_cast<std::size_t>(row * 20 + col)]
                    = north ? (20 - row) * step * perDegree : col * step * perDegree;
        const QString file = path(north ? "north.tif" : "east.tif");
        writeGeoTiff(d, file.toStdString());
        const auto slope = runOn(file, "slope", {});
        for (int row : {1, 10, 18}) {
            const double lat = 23.0 + (20 - row - 0.5) * step;
            const double lon = 57.0 + 10.5 * step;
            const QString line = north ? QString("%1 %2 %3 %2\n").arg(lat - step, 0, 'f', 12).arg(lon, 0, 'f', 12).arg(lat + step, 0, 'f', 12)
                                       : QString("%1 %2 %1 %3\n").arg(lat, 0, 'f', 12).arg(lon - step, 0, 'f', 12).arg(lon + step, 0, 'f', 12);
            const auto r = test::runTool("GeodSolve", {"-i", "-p", "9"}, line.toUtf8());
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const double metres = r.out.trimmed().split(' ').last().toDouble();
            QVERIFY(metres > 100);
            const double expected = std::atan(2 * step * perDegree / metres) * 180 / std::numbers::pi;
            const double got = slope.raster->value(0, 10, row);
            QVERIFY2(std::fabs(got - expected) < 1e-4, qPrintable(QString("row %1: %2 vs %3").arg(row).arg(got, 0, 'g', 12).arg(expected, 0, 'g', 12)));
        }
        if (!north) {
            const auto aspect = runOn(file, "aspect", {});
            QVERIFY(std::fabs(aspect.raster->value(0, 10, 10) - 270) < 1e-6); // rising to the east faces west
        }
    }

    void sameOnOneThreadAndOnAll()
    {
        for (const char* id : {"slope", "aspect", "hillshade"}) {
            analysis::RunOptions one;
            one.threads = 1;
            const auto a = runOn(kDem, id, {}, one);
            const auto b = runOn(kDem, id, {});
            QVERIFY2(a.raster->bands == b.raster->bands, id); // bit for bit
        }
    }

    void cancel()
    {
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)runOn(kDem, "hillshade", {}, options);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reports < 4, qPrintable(QString::number(r.reports))); // no chunk of 16 rows starts after the cancel
    }

    void rasterInputAlgorithmsTakeNoFields()
    {
        int rasterInputs = 0;
        for (const auto* a : analysis::algorithms()) {
            if (a->info().input != analysis::InputKind::Raster)
                continue;
            ++rasterInputs;
            QCOMPARE(a->info().output, analysis::OutputKind::Raster);
            for (const auto& p : a->info().parameters)
                QVERIFY2(p.type != analysis::ParameterType::Field && p.type != analysis::ParameterType::Fields
                        && p.type != analysis::ParameterType::Expression,
                    qPrintable(QString::fromStdString(a->info().id + " --" + p.name)));
        }
        QVERIFY(rasterInputs >= 3);
    }

    void bindWithoutALayerRefusesFields()
    {
        analysis::AlgorithmInfo info;
        info.id = "made-up";
        info.input = analysis::InputKind::Raster;
        info.parameters.push_back(analysis::Parameter::make("by", analysis::ParameterType::Field, "By", "حسب", "a field", "حقل"));
        try {
            (void)analysis::ParameterValues::bind(info, {{"by", "name"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("made-up: --by \"name\": names fields of a layer, and the input is a raster"), e.what());
        }
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("no band 2") << "slope" << kDem << "band" << "2" << "--band 2: " + kDem + " has 1 band(s)";
        QTest::newRow("unknown unit") << "slope" << kDem << "unit" << "radians" << "--unit \"radians\": not one of";
        QTest::newRow("altitude") << "hillshade" << kDem << "altitude" << "95" << "--altitude \"95\": outside 0..90";
        QTest::newRow("missing file") << "aspect" << path("none.tif") << "band" << "1" << path("none.tif");
        QTest::newRow("no input") << "aspect" << QString() << "band" << "1" << "aspect: no input raster";
    }

    void refusals()
    {
        QFETCH(QString, id);
        QFETCH(QString, input);
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        try {
            (void)runOn(input, id.toStdString(), {{name.toStdString(), value.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTerrain)
#include "tst_terrain.moc"
