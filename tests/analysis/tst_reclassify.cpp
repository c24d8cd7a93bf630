// reclassify against numpy: /usr/bin/python3 reads the input with GDAL's Python bindings and applies the rules
// written out in numpy (np.select, first match wins) for each case, independently of our table parser; every pixel
// must be equal. Inputs: data/nizwa_dem.tif (Int16) and a generated Float32 raster with negative and fractional
// values and nodata holes. Also: the output's nodata and type, one thread against all, cancel, the table's
// refusals and limits (1024 rules, 65536 characters), and the warning when a rule gives the nodata value.

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/rasterwriter.h"
#include "support/analysissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
const QString kPython = "/usr/bin/python3"; // Debian's, with python3-gdal and python3-numpy

/// 40 x 30 pixels of UTM 40N: (col - 30) * 2 + (row % 4) / 2, so -60 .. 59.5 in halves, with two nodata blocks.
RasterData generated()
{
    RasterData d;
    d.width = 40;
    d.height = 30;
    d.extent = Box(600000, 2500000, 600000 + 40 * 10.0, 2500000 + 30 * 10.0);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = -9999;
    d.bands.assign(1, std::vector<double>(1200));
    for (int row = 0; row < 30; ++row)
        for (int col = 0; col < 40; ++col) {
            double v = (col - 30) * 2 + (row % 4) * 0.5;
            if ((col < 3 && row < 3) || (col >= 20 && col < 24 && row >= 10 && row < 12))
                v = -9999;
            d.bands[0][static_cast<std::size_t>(row * 40 + col)] = v;
        }
    return d;
}

analysis::RunResult reclassify(const QString& path, const std::map<std::string, std::string>& params,
    const analysis::RunOptions& options = {})
{
    analysis::RunInputs inputs;
    inputs.inputRaster = path.toStdString();
    return analysis::run("reclassify", inputs, params, options);
}

} // namespace

class TestReclassify : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_generated;

    /// The numpy oracle: `select` is a Python expression over `a` (the band as float64) and `nd` (its nodata)
    /// giving the output; pixels that are nodata in the input are nd. Returns the values, row-major.
    std::vector<double> numpy(const QString& path, const QString& select)
    {
        const QString script = QString(R"(
import sys
import numpy as np
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
band = ds.GetRasterBand(1)
a = band.ReadAsArray().astype(np.float64)
nd = band.GetNoDataValue()
nd = -9999.0 if nd is None else nd
out = %1
out = np.where(a == nd, nd, out).astype(np.float64)
sys.stdout.buffer.write(out.astype('<f8').tobytes())
)").arg(select);
        const auto r = test::runTool(kPython, {"-c", script, path});
        if (r.exitCode != 0)
            qWarning("%s", r.err.constData());
        std::vector<double> values(static_cast<std::size_t>(r.out.size()) / sizeof(double));
        std::memcpy(values.data(), r.out.constData(), values.size() * sizeof(double));
        return values;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kPython));
        m_generated = m_dir.filePath("generated.tif");
        writeGeoTiff(generated(), m_generated.toStdString());
    }

    void againstNumpy_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("unmatched");
        QTest::addColumn<QString>("select");
        QTest::newRow("nizwa: the brief's table") << kDem << "0-500:1,500-1000:2,1000-:3" << "nodata"
            << "np.select([(a >= 0) & (a < 500), (a >= 500) & (a < 1000), a >= 1000], [1, 2, 3], nd)";
        QTest::newRow("nizwa: open low end, gap to nodata") << kDem << "-600:1, 700 - 900 : 2" << "nodata"
            << "np.select([a < 600, (a >= 700) & (a < 900)], [1, 2], nd)";
        QTest::newRow("nizwa: exact values, the rest kept") << kDem << "492:1000,514:2000" << "keep"
            << "np.select([a == 492, a == 514], [1000, 2000], a)";
        QTest::newRow("generated: negatives, first match wins") << "generated"
            << "-100..-50:1,=-5:2,-50..0:3,0-10.5:4,20-:nodata" << "nodata"
            << "np.select([(a >= -100) & (a < -50), a == -5, (a >= -50) & (a < 0), (a >= 0) & (a < 10.5), a >= 20], "
               "[1, 2, 3, 4, nd], nd)";
        QTest::newRow("generated: open low end with dots, kept") << "generated" << "..-10:7,2.5:-2.5,40..:nodata" << "keep"
            << "np.select([a < -10, a == 2.5, a >= 40], [7, -2.5, nd], a)";
    }

    void againstNumpy()
    {
        QFETCH(QString, input);
        QFETCH(QString, table);
        QFETCH(QString, unmatched);
        QFETCH(QString, select);
        if (input == "generated")
            input = m_generated;
        const auto result = reclassify(input, {{"table", table.toStdString()}, {"unmatched", unmatched.toStdString()}});
        const RasterData& r = *result.raster;
        const std::vector<double> expected = numpy(input, select);
        QCOMPARE(expected.size(), r.bands[0].size());
        QCOMPARE(*r.nodata, input == kDem ? -32768.0 : -9999.0);
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (r.bands[0][i] != expected[i])
                QFAIL(qPrintable(QString("pixel %1,%2: ours %3, numpy's %4").arg(i % r.width).arg(i / r.width)
                                     .arg(r.bands[0][i]).arg(expected[i])));
    }

    void outputTypeAndGrid()
    {
        const auto a = reclassify(kDem, {{"table", "0-:1"}, {"output-type", "float64"}});
        QCOMPARE(a.raster->sampleType, RasterSampleType::Float64);
        QCOMPARE(a.raster->width, 687);
        QCOMPARE(a.raster->height, 619);
        QVERIFY(a.raster->crs.isValid());
        const auto b = reclassify(kDem, {{"table", "0-:1"}});
        QCOMPARE(b.raster->sampleType, RasterSampleType::Float32);
    }

    void sameOnOneThreadAndOnAll()
    {
        analysis::RunOptions one;
        one.threads = 1;
        const std::map<std::string, std::string> params{{"table", "0-500:1,500-1000:2,1000-:3"}};
        QVERIFY(reclassify(kDem, params, one).raster->bands == reclassify(kDem, params).raster->bands);
    }

    void cancel()
    {
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)reclassify(kDem, {{"table", "0-500:1"}}, options);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reports < 4, qPrintable(QString::number(r.reports)));
    }

    void warnsWhenARuleGivesNodata()
    {
        const auto r = reclassify(kDem, {{"table", "0-500:-32768,500-:1"}});
        QCOMPARE(r.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.warnings[0]).contains("rule 1 gives -32768"), r.warnings[0].c_str());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << " " << "reclassify: --table: empty";
        QTest::newRow("no colon") << "0-500:1,500-1000" << "rule 2 \"500-1000\": no ':'";
        QTest::newRow("bad number") << "0-5x0:1" << "rule 1 \"0-5x0:1\": \"5x0\" is not a number";
        QTest::newRow("bad value") << "0-500:one" << "\"one\" is not a number or nodata";
        QTest::newRow("reversed") << "500-0:1" << "the low end is not below the high end";
        QTest::newRow("no end") << "-:1" << "a range needs at least one end";
        QTest::newRow("empty rule") << "0-1:1,,1-2:2" << "rule 2 \"\": empty";
        QTest::newRow("nan") << "nan:1" << "\"nan\" is not a number";
        QString many;
        for (int k = 0; k < 1025; ++k)
            many += QString(k ? "," : "") + QString::number(k) + ":1";
        QTest::newRow("1025 rules") << many << "--table: more than 1024 rules";
        QTest::newRow("too long") << QString(70000, ' ') + "1:1" << "--table: 70003 characters, more than 65536";
    }

    void refusals()
    {
        QFETCH(QString, table);
        QFETCH(QString, message);
        try {
            (void)reclassify(kDem, {{"table", table.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void exactlyTheLimitsPass()
    {
        // 1024 exact rules k:k+1 (k = 0..1023), padded with blanks to exactly 65536 characters.
        QString many;
        for (int k = 0; k < 1024; ++k)
            many += QString(k ? "," : "") + QString::number(k) + ":" + QString::number(k + 1);
        many += QString(65536 - many.size(), ' ');
        QCOMPARE(many.size(), 65536);
        const auto r = reclassify(kDem, {{"table", many.toStdString()}});
        const std::vector<double> expected = numpy(kDem, "np.where((a >= 0) & (a < 1024) & (a == np.floor(a)), a + 1, nd)");
        QVERIFY(r.raster->bands[0] == expected);
    }
};

QTEST_GUILESS_MAIN(TestReclassify)
#include "tst_reclassify.moc"
