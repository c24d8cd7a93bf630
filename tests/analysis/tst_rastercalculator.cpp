// raster-calculator against numpy: /usr/bin/python3 reads the inputs with GDAL's Python bindings and evaluates each
// case's expression written out in numpy by the test (not parsed by ours), in float64; a pixel is nodata where a
// band the case names is nodata or the result is not finite. Every pixel must agree (1e-12 relative: numpy's exp,
// log and sin may differ from glibc's in the last bit). Inputs: two generated Float32 rasters on one UTM 40N grid
// with nodata blocks, zeros and negatives, and data/nizwa_dem.tif. Also: every operator and function, division by
// zero and sqrt(-1) as nodata, grids that are not co-registered refused naming both files, one thread against
// all, cancel, parser errors naming the column, and the limits.

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/rasterwriter.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
const QString kPython = "/usr/bin/python3"; // Debian's, with python3-gdal and python3-numpy
constexpr int kW = 50, kH = 40;

/// A kW x kH Float32 raster of UTM 40N at (600000, 2500000), 10 m pixels, nodata -9999, one vector per band.
RasterData grid(std::vector<std::vector<double>> bands, double x0 = 600000, double y0 = 2500000, int epsg = 32640,
    int w = kW, int h = kH)
{
    RasterData d;
    d.width = w;
    d.height = h;
    d.extent = Box(x0, y0, x0 + w * 10.0, y0 + h * 10.0);
    d.crs = Crs::fromEpsg(epsg);
    d.nodata = -9999;
    d.bands = std::move(bands);
    return d;
}

/// A: band 1 (col - 25) / 2 + row / 4 (zeros and negatives) with a nodata block top left; band 2 (7 col + 3 row) % 11.
RasterData rasterA()
{
    std::vector<double> b1(kW * kH), b2(kW * kH);
    for (int row = 0; row < kH; ++row)
        for (int col = 0; col < kW; ++col) {
            const std::size_t i = static_cast<std::size_t>(row * kW + col);
            b1[i] = (col < 5 && row < 4) ? -9999 : (col - 25) * 0.5 + row * 0.25;
            b2[i] = (col * 7 + row * 3) % 11;
        }
    return grid({b1, b2});
}

/// B: (col + 2 row) % 9 - 4 (zeros: divisions by zero) with a nodata block in the middle.
RasterData rasterB()
{
    std::vector<double> b1(kW * kH);
    for (int row = 0; row < kH; ++row)
        for (int col = 0; col < kW; ++col)
            b1[static_cast<std::size_t>(row * kW + col)] =
                (col >= 30 && col < 35 && row >= 20 && row < 25) ? -9999 : (col + 2 * row) % 9 - 4;
    return grid({b1});
}

analysis::RunResult calc(const QString& a, const std::map<std::string, std::string>& params,
    const analysis::RunOptions& options = {})
{
    analysis::RunInputs inputs;
    inputs.inputRaster = a.toStdString();
    return analysis::run("raster-calculator", inputs, params, options);
}

std::string errorOf(const QString& a, const std::map<std::string, std::string>& params, ErrorCode* code = nullptr)
{
    try {
        (void)calc(a, params);
    } catch (const Error& e) {
        if (code)
            *code = e.code();
        return e.what();
    }
    return "no error";
}

} // namespace

class TestRasterCalculator : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_a, m_b;

    /// The numpy oracle. `rasters` maps letters to files ("a=/x/a.tif"); the script names band k of raster x `xk`
    /// (a1, a2, b1: float64). `expr` is evaluated in numpy; the pixels where one of `masked` (names such as "a1")
    /// is its band's nodata, or where the result is not finite (or beyond Float32 when `float32`), are -9999.
    std::vector<double> numpy(const QStringList& rasters, const QString& expr, const QString& masked, bool float32 = true)
    {
        const QString script = QString(R"(
import sys
import numpy as np
from osgeo import gdal
v = {'np': np}
nd = {}
for arg in sys.argv[3:]:
    letter, path = arg.split('=', 1)
    ds = gdal.Open(path)
    for k in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(k)
        v[letter + str(k)] = band.ReadAsArray().astype(np.float64)
        nd[letter + str(k)] = band.GetNoDataValue()
shape = v[sys.argv[3].split('=')[0] + '1'].shape
with np.errstate(all='ignore'):
    out = np.broadcast_to(np.asarray(eval(sys.argv[1], v), dtype=np.float64), shape).copy()
bad = ~np.isfinite(out)
if sys.argv[2] == 'f32':
    bad |= np.abs(out) > np.finfo(np.float32).max
for name in [n for n in '%1'.split(',') if n]:
    if nd[name] is not None:
        bad |= v[name] == nd[name]
out[bad] = -9999.0
sys.stdout.buffer.write(out.astype('<f8').tobytes())
)").arg(masked);
        const auto r = test::runTool(kPython, QStringList{"-c", script, expr, float32 ? "f32" : "f64"} + rasters);
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        std::vector<double> values(static_cast<std::size_t>(r.out.size()) / sizeof(double));
        std::memcpy(values.data(), r.out.constData(), values.size() * sizeof(double));
        return values;
    }

    static QString compare(const std::vector<double>& ours, const std::vector<double>& expected, int width)
    {
        if (ours.size() != expected.size())
            return QString("%1 pixels, numpy %2").arg(ours.size()).arg(expected.size());
        for (std::size_t i = 0; i < ours.size(); ++i) {
            const double tolerance = 1e-12 * std::max(1.0, std::fabs(expected[i]));
            if (!(std::fabs(ours[i] - expected[i]) <= tolerance))
                return QString("pixel %1,%2: ours %3, numpy's %4")
                    .arg(i % static_cast<std::size_t>(width)).arg(i / static_cast<std::size_t>(width))
                    .arg(ours[i], 0, 'g', 17).arg(expected[i], 0, 'g', 17);
        }
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kPython));
        m_a = m_dir.filePath("a.tif");
        m_b = m_dir.filePath("b.tif");
        writeGeoTiff(rasterA(), m_a.toStdString());
        writeGeoTiff(rasterB(), m_b.toStdString());
    }

    void againstNumpy_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("numpy");
        QTest::addColumn<QString>("masked");
        QTest::newRow("+ - * /") << "A@1 + B@1 * 2 - A@2 / 4" << "a1 + b1 * 2 - a2 / 4" << "a1,a2,b1";
        QTest::newRow("division by zero is nodata") << "A@1 / B@1" << "a1 / b1" << "a1,b1";
        QTest::newRow("^ right-associative, above unary minus") << "-A@2 ^ 2 + 2 ^ 3 ^ 0.5 - B@1^2"
            << "-(a2 ** 2) + 2 ** (3 ** 0.5) - b1 ** 2" << "a2,b1";
        QTest::newRow("negative ^ fraction is nodata") << "(A@1 - B@1) ^ 0.5" << "(a1 - b1) ** 0.5" << "a1,b1";
        QTest::newRow("unary minus and plus") << "- - A@1 * -2 + +B@1" << "(-(-a1)) * -2 + b1" << "a1,b1";
        QTest::newRow("comparisons") << "(A@1 < B@1) + 2*(A@1 <= B@1) + 4*(A@1 > 0) + 8*(A@1 >= 0) + 16*(A@2 = 3) + 32*(A@2 != 3)"
            << "(a1 < b1) * 1.0 + 2 * (a1 <= b1) + 4 * (a1 > 0) + 8 * (a1 >= 0) + 16 * (a2 == 3) + 32 * (a2 != 3)"
            << "a1,a2,b1";
        QTest::newRow("and or not, precedence") << "A@1 > 0 and B@1 > 0 or not A@2 > 5"
            << "np.logical_or(np.logical_and(a1 > 0, b1 > 0), np.logical_not(a2 > 5)) * 1.0" << "a1,a2,b1";
        QTest::newRow("and or on numbers") << "A@2 and B@1 or 0" << "np.logical_or(np.logical_and(a2 != 0, b1 != 0), False) * 1.0"
            << "a2,b1";
        QTest::newRow("abs sqrt exp") << "abs(A@1) + sqrt(abs(B@1)) + exp(A@2 / 10)"
            << "np.abs(a1) + np.sqrt(np.abs(b1)) + np.exp(a2 / 10)" << "a1,a2,b1";
        QTest::newRow("sqrt(-1) is nodata") << "sqrt(B@1)" << "np.sqrt(b1)" << "b1";
        QTest::newRow("ln: 0 and negatives nodata") << "ln(A@1)" << "np.log(a1)" << "a1";
        QTest::newRow("log10") << "log10(B@1 + 4.5) * 3" << "np.log10(b1 + 4.5) * 3" << "b1";
        QTest::newRow("sin cos tan") << "sin(A@1) * cos(B@1) + tan(A@2)" << "np.sin(a1) * np.cos(b1) + np.tan(a2)"
            << "a1,a2,b1";
        QTest::newRow("min max") << "min(A@1, B@1) - max(A@2, B@1) * 2" << "np.minimum(a1, b1) - np.maximum(a2, b1) * 2"
            << "a1,a2,b1";
        QTest::newRow("if guards a division") << "if(B@1 = 0, -1, A@1 / B@1)" << "np.where(b1 == 0, -1, a1 / b1)"
            << "a1,b1";
        QTest::newRow("nested if, case-insensitive names") << "IF(a@2 > 5, IF(A@1 < 0, 1, 2), Max(b@1, 0))"
            << "np.where(a2 > 5, np.where(a1 < 0, 1, 2), np.maximum(b1, 0))" << "a1,a2,b1";
        QTest::newRow("only the bands read mask") << "A@2 * 3 - 1e1 + .5" << "a2 * 3 - 10 + 0.5" << "a2";
        QTest::newRow("exp overflows Float32: nodata") << "exp(A@2 * 10)" << "np.exp(a2 * 10)" << "a2";
        QTest::newRow("a constant") << "(1 + 2) * 4" << "12.0 + 0 * a1" << "";
    }

    void againstNumpy()
    {
        QFETCH(QString, expression);
        QFETCH(QString, numpy);
        QFETCH(QString, masked);
        const auto result = calc(m_a, {{"expression", expression.toStdString()}, {"raster-b", m_b.toStdString()}});
        const RasterData& r = *result.raster;
        QCOMPARE(r.width, kW);
        QCOMPARE(r.height, kH);
        QCOMPARE(*r.nodata, -9999.0);
        const QString diff = compare(r.bands[0], this->numpy({"a=" + m_a, "b=" + m_b}, numpy, masked), kW);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The data has nodata where a case expects it (a1's block is not read by the last two: none there).
        const auto nodata = std::count(r.bands[0].begin(), r.bands[0].end(), -9999.0);
        const QByteArray tag = QTest::currentDataTag();
        if (tag == "a constant" || tag == "only the bands read mask")
            QCOMPARE(nodata, 0);
        else
            QVERIFY(nodata > 0);
    }

    void demElevationMask()
    {
        // The docs' example: 1 above 1000 m, 0 below, on the sample DEM (Int16, nodata -32768).
        const auto r = calc(kDem, {{"expression", "A@1 > 1000"}});
        const QString diff = compare(r.raster->bands[0], numpy({"a=" + kDem}, "(a1 > 1000) * 1.0", "a1"), r.raster->width);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(r.raster->width, 687);
        QCOMPARE(r.raster->height, 619);
    }

    void gridAndTypeOfA()
    {
        const auto r = calc(m_a, {{"expression", "A@1"}, {"nodata", "-1"}, {"output-type", "float64"}});
        QCOMPARE(r.raster->sampleType, RasterSampleType::Float64);
        QCOMPARE(*r.raster->nodata, -1.0);
        QCOMPARE(r.raster->crs, Crs::fromEpsg(32640));
        QCOMPARE(r.raster->extent.minX, 600000.0);
        QCOMPARE(r.raster->extent.maxY, 2500000.0 + kH * 10.0);
        QCOMPARE(r.raster->bands[0][0], -1.0); // A@1's nodata block, now -1
        QCOMPARE(calc(m_a, {{"expression", "A@1"}}).raster->sampleType, RasterSampleType::Float32);
    }

    void notCoregisteredRefused_data()
    {
        QTest::addColumn<int>("dx");
        QTest::addColumn<int>("epsg");
        QTest::addColumn<int>("width");
        QTest::addColumn<QString>("message");
        QTest::newRow("size") << 0 << 32640 << kW + 1 << "its size is 51 x 40 pixels, A's 50 x 40";
        QTest::newRow("origin one pixel east") << 10 << 32640 << kW << "its geotransform (600010, 10, 0, 2500400, 0, -10) "
                                                                      "differs from A's (600000, 10, 0, 2500400, 0, -10)";
        QTest::newRow("crs") << 0 << 32639 << kW << "its CRS EPSG:32639 differs from A's EPSG:32640";
    }

    void notCoregisteredRefused()
    {
        QFETCH(int, dx);
        QFETCH(int, epsg);
        QFETCH(int, width);
        QFETCH(QString, message);
        const QString c = m_dir.filePath(QString("c_%1.tif").arg(QTest::currentDataTag()).replace(' ', '_'));
        writeGeoTiff(grid({std::vector<double>(static_cast<std::size_t>(width * kH), 1.0)}, 600000 + dx, 2500000, epsg,
                          width, kH),
            c.toStdString());
        ErrorCode code{};
        const QString e = QString::fromStdString(errorOf(m_a, {{"expression", "A@1 + C@1"}, {"raster-c", c.toStdString()}}, &code));
        QCOMPARE(code, ErrorCode::Argument);
        QVERIFY2(e.contains("C (" + c + ") is not co-registered with A (" + m_a + "): "), qPrintable(e));
        QVERIFY2(e.contains(message), qPrintable(e));
        QVERIFY2(e.contains("does not resample"), qPrintable(e));
    }

    void withinToleranceAccepted()
    {
        // 1e-7 m on 600000 is 1.7e-13 relative: the same grid.
        const QString c = m_dir.filePath("c_close.tif");
        writeGeoTiff(grid({std::vector<double>(kW * kH, 2.0)}, 600000 + 1e-7), c.toStdString());
        const auto r = calc(m_a, {{"expression", "A@2 * C@1"}, {"raster-c", c.toStdString()}});
        QCOMPARE(r.raster->bands[0][1], 2.0 * 7);
    }

    void sameOnOneThreadAndOnAll()
    {
        // The DEM has 425 253 pixels: several blocks of 65 536.
        analysis::RunOptions one;
        one.threads = 1;
        const std::map<std::string, std::string> params{{"expression", "if(A@1 > 800, sqrt(A@1) * sin(A@1), ln(A@1 - 500))"}};
        const auto serial = calc(kDem, params, one);
        const auto parallel = calc(kDem, params);
        QVERIFY(serial.raster->bands == parallel.raster->bands);
    }

    void cancel()
    {
        analysis::RunOptions options;
        int reports = 0;
        options.feedback.progress = [&](double) {
            options.feedback.cancel.cancel();
            ++reports;
        };
        try {
            (void)calc(kDem, {{"expression", "A@1 * 2"}}, options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        QVERIFY2(reports < 4, qPrintable(QString::number(reports)));
    }

    void parserErrors_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "  " << "at column 3: the expression is empty";
        QTest::newRow("dangling +") << "A@1 +" << "at column 6: expected a number, a band (A@1), a function or \"(\", "
                                                 "found end of expression";
        QTest::newRow("unclosed (") << "A@1 + (A@2" << "at column 11: expected \")\" to close the \"(\" at column 7";
        QTest::newRow("misspelt function") << "sqr(A@1)" << "at column 1: unknown name \"sqr\" — did you mean sqrt?";
        QTest::newRow("raster G") << "A@1 + G@1" << "at column 7: \"G@\": a band reference names a raster A";
        QTest::newRow("band 0") << "A@0" << "at column 3: after \"A@\" a band number from 1 to 65535";
        QTest::newRow("no band") << "B@ + 1" << "at column 3: after \"B@\" a band number";
        QTest::newRow("arity") << "min(A@1)" << "at column 1: min takes 2 arguments, given 1";
        QTest::newRow("if arity") << "1 + if(A@1, 2)" << "at column 5: if takes 3 arguments, given 2";
        QTest::newRow("character") << "A@1 $ 2" << "at column 5: unexpected character '$'";
        QTest::newRow("number into name") << "2A@1" << "at column 2: a number must not run into a name";
        QTest::newRow("out of range") << "1e999 + A@1" << "at column 1: number 1e999 is out of range";
        QTest::newRow("exponent") << "1e+ 2" << "at column 2: an exponent needs digits";
        QTest::newRow("trailing") << "A@1 A@2" << "at column 5: unexpected band reference after a complete expression";
        QTest::newRow("no ( after function") << "abs A@1" << "at column 5: expected \"(\" after abs";
        QTest::newRow("==") << "A@1 == 2" << "at column 6: expected a number";
        QTest::newRow("65 levels") << QString(65, '(') + "1" + QString(65, ')') << "at column 65: expression too deeply nested";
        QTest::newRow("too long") << QString(65537, ' ') << "expression too long: 65537 characters, more than the limit of 65536";
        QString seventeen = "A@1";
        for (int k = 2; k <= 17; ++k)
            seventeen += QString(" + A@%1").arg(k);
        QTest::newRow("17 bands") << seventeen
                                  << QString("at column %1: more than 16 different bands referenced").arg(seventeen.indexOf("A@17") + 1);
        QTest::newRow("byte") << "A@1 \xd8\xa3" << "at column 5: unexpected byte 216";
    }

    void parserErrors()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        ErrorCode code{};
        const QString e = QString::fromStdString(errorOf(m_a, {{"expression", expression.toStdString()}}, &code));
        QCOMPARE(code, ErrorCode::Argument);
        QVERIFY2(e.startsWith("raster-calculator: --expression: "), qPrintable(e));
        QVERIFY2(e.contains(message), qPrintable(e));
    }

    void exactlyTheLimitsPass()
    {
        // 64 levels of parentheses in a text padded to exactly 65 536 characters; 16 different bands pass the
        // parser (and are then refused because A has 2).
        QString deep = QString(64, '(') + "A@2" + QString(64, ')');
        deep += QString(65536 - deep.size(), ' ');
        QCOMPARE(deep.size(), 65536);
        const auto r = calc(m_a, {{"expression", deep.toStdString()}});
        QVERIFY(r.raster->bands[0] == rasterA().bands[1]);
        const QString many = "A@1 + A@2 + A@3 + A@4 + A@5 + A@6 + A@7 + A@8 + A@9 + A@10 + A@11 + A@12 + A@13 + A@14 + A@15 + A@16";
        const std::string e = errorOf(m_a, {{"expression", many.toStdString()}});
        QVERIFY2(QString::fromStdString(e).contains("the expression reads A@3 but " + m_a + " has 2 bands"), e.c_str());
    }

    void missingAndUnusedRasters()
    {
        ErrorCode code{};
        QString e = QString::fromStdString(errorOf(m_a, {{"expression", "A@1 + D@1"}}, &code));
        QCOMPARE(code, ErrorCode::Argument);
        QVERIFY2(e.contains("raster-calculator: the expression reads D@1 but no --raster-d is given"), qPrintable(e));
        e = QString::fromStdString(errorOf(m_a, {{"expression", "B@2"}, {"raster-b", m_b.toStdString()}}));
        QVERIFY2(e.contains("the expression reads B@2 but " + m_b + " has 1 band"), qPrintable(e));
        e = QString::fromStdString(errorOf(m_a, {{"expression", "A@1"}, {"raster-b", m_dir.filePath("none.tif").toStdString()}}, &code));
        QVERIFY2(e.startsWith("raster-calculator: --raster-b: "), qPrintable(e));
        const auto r = calc(m_a, {{"expression", "A@1"}, {"raster-e", m_b.toStdString()}});
        QCOMPARE(r.warnings.size(), std::size_t(1));
        QVERIFY2(r.warnings[0] == "raster-calculator: --raster-e " + m_b.toStdString() + " is given but the expression reads no band of E",
            r.warnings[0].c_str());
    }

    void warnsWhenAValueIsTheNodataValue()
    {
        const auto r = calc(m_a, {{"expression", "A@2 * 0 - 9999"}});
        QCOMPARE(r.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.warnings[0]).contains("2000 pixel(s) computed exactly -9999"), r.warnings[0].c_str());
    }
};

QTEST_GUILESS_MAIN(TestRasterCalculator)
#include "tst_rastercalculator.moc"
