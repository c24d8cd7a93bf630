// `gis analyse raster-calculator` as a service scripts it: the real binary, run as a process, against GDAL's own
// calculator `gdal_calc.py` (numpy, Float32) on generated rasters and data/nizwa_dem.tif. Both outputs are read back
// by GDAL's Python bindings (/usr/bin/python3), which compare the grid (size, geotransform, CRS), the nodata value,
// where the pixels are nodata and every value (1e-5 relative: gdal_calc computes Float32 inputs in single
// precision, ours in double). Also the refusals: grids that differ (naming both files), a parser error (naming the
// column), -o over a --raster-b file, a missing --raster-c file; none leaves an output. And --help.

#include <QTemporaryDir>
#include <QTest>

#include "gis/data/rasterwriter.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
const QString kPython = "/usr/bin/python3";
const QString kGdalCalc = "/usr/bin/gdal_calc.py";
constexpr int kW = 50, kH = 40;

gis::RasterData grid(std::vector<std::vector<double>> bands, double x0 = 600000, int epsg = 32640)
{
    gis::RasterData d;
    d.width = kW;
    d.height = kH;
    d.extent = gis::Box(x0, 2500000, x0 + kW * 10.0, 2500000 + kH * 10.0);
    d.crs = gis::Crs::fromEpsg(epsg);
    d.nodata = -9999;
    d.bands = std::move(bands);
    return d;
}

/// Compares two single-band rasters; prints "same" or what differs.
const char* kCompare = R"(
import sys
import numpy as np
from osgeo import gdal, osr
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
def fail(m):
    print(m); sys.exit(0)
if (a.RasterXSize, a.RasterYSize) != (b.RasterXSize, b.RasterYSize): fail('size')
if not np.allclose(a.GetGeoTransform(), b.GetGeoTransform(), rtol=1e-12, atol=0): fail('geotransform')
sa, sb = osr.SpatialReference(wkt=a.GetProjection()), osr.SpatialReference(wkt=b.GetProjection())
if not sa.IsSame(sb): fail('crs')
ba, bb = a.GetRasterBand(1), b.GetRasterBand(1)
if ba.GetNoDataValue() != bb.GetNoDataValue(): fail('nodata %r %r' % (ba.GetNoDataValue(), bb.GetNoDataValue()))
if gdal.GetDataTypeName(ba.DataType) != 'Float32': fail('type ' + gdal.GetDataTypeName(ba.DataType))
x, y = ba.ReadAsArray().astype(np.float64), bb.ReadAsArray().astype(np.float64)
nx, ny = x == ba.GetNoDataValue(), y == bb.GetNoDataValue()
if (nx != ny).any(): fail('nodata pixels differ: %d' % (nx != ny).sum())
if nx.all(): fail('all nodata')
d = np.abs(x - y)[~nx]
tol = 1e-5 * np.maximum(1, np.abs(y[~nx]))
if (d > tol).any(): fail('values differ: max %g' % d.max())
print('same %d nodata %d' % ((~nx).sum(), nx.sum()))
)";

} // namespace

class TestAnalyseRasterCalc : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_a, m_b;

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kGdalCalc));
        std::vector<double> a1(kW * kH), a2(kW * kH), b1(kW * kH);
        for (int row = 0; row < kH; ++row)
            for (int col = 0; col < kW; ++col) {
                const std::size_t i = static_cast<std::size_t>(row * kW + col);
                a1[i] = (col < 5 && row < 4) ? -9999 : (col - 25) * 0.5 + row * 0.25;
                a2[i] = (col * 7 + row * 3) % 11;
                b1[i] = (col >= 30 && col < 35 && row >= 20 && row < 25) ? -9999 : (col + 2 * row) % 9 - 4;
            }
        m_a = m_dir.filePath("a.tif");
        m_b = m_dir.filePath("b.tif");
        gis::writeGeoTiff(grid({a1, a2}), m_a.toStdString());
        gis::writeGeoTiff(grid({b1}), m_b.toStdString());
    }

    void againstGdalCalc_data()
    {
        QTest::addColumn<QStringList>("ours");   // after `analyse raster-calculator`; A is the input
        QTest::addColumn<QStringList>("theirs"); // gdal_calc.py's arguments
        QTest::newRow("two rasters") << QStringList{"A", "--raster-b", "B", "--expression", "(A@1 - B@1) / (A@1 + B@1 + 100)"}
                                     << QStringList{"-A", "A", "-B", "B", "--calc", "(A - B) / (A + B + 100)"};
        QTest::newRow("bands of one raster") << QStringList{"A", "--raster-b", "B", "--expression", "A@2 * B@1 + A@1 ^ 2"}
            << QStringList{"-A", "A", "--A_band", "2", "-B", "B", "-C", "A", "--C_band", "1", "--calc", "A * B + C ** 2"};
        QTest::newRow("dem elevation mask") << QStringList{kDem, "--expression", "A@1 > 1000"}
                                            << QStringList{"-A", kDem, "--calc", "A > 1000"};
        QTest::newRow("dem functions") << QStringList{kDem, "--expression", "if(A@1 < 600, sqrt(A@1), ln(A@1)) * cos(A@1 / 100)"}
            << QStringList{"-A", kDem, "--calc", "numpy.where(A < 600, numpy.sqrt(A), numpy.log(A)) * numpy.cos(A / 100.0)"};
    }

    void againstGdalCalc()
    {
        QFETCH(QStringList, ours);
        QFETCH(QStringList, theirs);
        for (QStringList* list : {&ours, &theirs})
            for (QString& s : *list)
                s = s == "A" ? m_a : s == "B" ? m_b : s;
        QTemporaryDir dir;
        const QString out = dir.filePath("ours.tif");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse", "raster-calculator", ours.front(), "-o", out} + ours.mid(1));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const bool dem = ours.front() == kDem;
        QCOMPARE(r.out.trimmed(), QString("raster-calculator: a %1 x %2 raster written to %3")
                                      .arg(dem ? 687 : kW).arg(dem ? 619 : kH).arg(out).toUtf8());
        const QString oracle = dir.filePath("theirs.tif");
        const auto g = gis::test::runTool(kPython, QStringList{kGdalCalc, "--quiet", "--type", "Float32", "--NoDataValue",
                                                                   "-9999", "--outfile", oracle} + theirs);
        QVERIFY2(g.exitCode == 0, g.err.constData());
        const auto c = gis::test::runTool(kPython, {"-c", kCompare, out, oracle});
        QVERIFY2(c.out.startsWith("same "), (c.out + c.err).constData());
        qInfo("%s", c.out.trimmed().constData());
    }

    void help()
    {
        const auto r = gis::test::runTool(kGis, {"analyse", "raster-calculator", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("usage: gis analyse raster-calculator INPUT -o OUT.tif"), r.out.constData());
        for (const char* option : {"--expression", "--raster-b", "--raster-f", "--nodata", "--output-type"})
            QVERIFY2(r.out.contains(option), option);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code"); // 2: a usage error (Error(Argument)), 1: any other
        QTest::newRow("not co-registered") << QStringList{"A", "-o", "OUT/s.tif", "--raster-b", "OUT/shifted.tif", "--expression", "A@1 + B@1"}
            << "raster-calculator: B (OUT/shifted.tif) is not co-registered with A (A): its geotransform" << 2;
        QTest::newRow("parser error") << QStringList{"A", "-o", "OUT/s.tif", "--expression", "A@1 * (B@1 + 2"}
                                      << "raster-calculator: --expression: at column 15: expected \")\" to close the \"(\" at column 7" << 2;
        QTest::newRow("-o over --raster-b") << QStringList{"A", "-o", "B", "--overwrite", "--raster-b", "B", "--expression", "B@1"}
                                            << "b.tif" << 2;
        QTest::newRow("missing --raster-c") << QStringList{"A", "-o", "OUT/s.tif", "--raster-c", "OUT/none.tif", "--expression", "C@1"}
                                            << "raster-calculator: --raster-c: " << 1;
        QTest::newRow("no --expression") << QStringList{"A", "-o", "OUT/s.tif"} << "raster-calculator: --expression is required" << 2;
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(int, code);
        QTemporaryDir dir;
        gis::writeGeoTiff(grid({std::vector<double>(kW * kH, 1.0)}, 600005), dir.filePath("shifted.tif").toStdString());
        const QByteArray bBefore = gis::test::readFile(m_b);
        for (QString* s : {&message})
            s->replace("OUT/", dir.path() + "/").replace("(A)", "(" + m_a + ")");
        for (auto& a : args)
            a = a == "A" ? m_a : a == "B" ? m_b : a.replace("OUT/", dir.path() + "/");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse", "raster-calculator"} + args);
        QVERIFY2(r.exitCode == code && !r.crashed, qPrintable(QString::number(r.exitCode) + ": " + r.err));
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("s.tif")));
        QCOMPARE(gis::test::readFile(m_b), bBefore);
    }
};

QTEST_GUILESS_MAIN(TestAnalyseRasterCalc)
#include "tst_analyserastercalc.moc"
