// `gis analyse` with the algorithms whose input is a raster (slope, aspect, hillshade, reclassify), as a service
// scripts them: the real binary, run as a process, against `gdaldem` on data/nizwa_dem.tif (reclassify: the DEM's
// own values classified by the test), both read back pixel for pixel by `gdal_translate -of AAIGrid` (GDAL's
// reader, not ours). Also the refusals: a vector output, --layer, -o over the
// input, a missing DEM; and `--help` saying INPUT is a raster.

#include <cmath>

#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";

/// An Arc/Info ASCII grid's cells, row by row, and its NODATA_value.
struct Ascii {
    int cols = 0, rows = 0;
    double nodata = std::nan("");
    std::vector<double> cells;
};

Ascii readAscii(const QString& tif, const QString& asc)
{
    Ascii a;
    if (gis::test::runTool("gdal_translate", {"-q", "-of", "AAIGrid", tif, asc}).exitCode != 0)
        return a;
    const QList<QByteArray> words = gis::test::readFile(asc).simplified().split(' ');
    int k = 0;
    while (k + 1 < words.size()) {
        const QByteArray key = words[k].toLower();
        if (key == "ncols")
            a.cols = words[k + 1].toInt();
        else if (key == "nrows")
            a.rows = words[k + 1].toInt();
        else if (key == "nodata_value")
            a.nodata = words[k + 1].toDouble();
        else if (key != "xllcorner" && key != "yllcorner" && key != "cellsize" && key != "dx" && key != "dy")
            break;
        k += 2;
    }
    for (; k < words.size(); ++k)
        a.cells.push_back(words[k].toDouble());
    return a;
}

} // namespace

class TestAnalyseTerrain : public QObject {
    Q_OBJECT

private slots:
    void againstGdaldem_data()
    {
        QTest::addColumn<QStringList>("ours");
        QTest::addColumn<QStringList>("theirs");
        QTest::addColumn<double>("tolerance");
        // The brief's form: gis analyse slope dem.tif -o slope.tif
        QTest::newRow("slope") << QStringList{"slope"} << QStringList{"slope"} << 1e-4;
        QTest::newRow("slope percent") << QStringList{"slope", "--unit", "percent"} << QStringList{"slope", "-p"} << 1e-4;
        QTest::newRow("aspect") << QStringList{"aspect"} << QStringList{"aspect"} << 1e-4;
        QTest::newRow("hillshade") << QStringList{"hillshade", "--azimuth", "200", "--altitude", "35"}
                                   << QStringList{"hillshade", "-az", "200", "-alt", "35"} << 1.0;
    }

    void againstGdaldem()
    {
        QFETCH(QStringList, ours);
        QFETCH(QStringList, theirs);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        const QString out = dir.filePath("ours.tif");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse", ours.front(), kDem, "-o", out} + ours.mid(1));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), (ours.front() + ": a 687 x 619 raster written to " + out).toUtf8());
        const QString oracle = dir.filePath("theirs.tif");
        const auto g = gis::test::runTool("gdaldem", QStringList{theirs.front(), "-q", kDem, oracle} + theirs.mid(1));
        QVERIFY2(g.exitCode == 0, g.err.constData());

        const Ascii a = readAscii(out, dir.filePath("ours.asc"));
        const Ascii b = readAscii(oracle, dir.filePath("theirs.asc"));
        QCOMPARE(a.cols, 687);
        QCOMPARE(a.rows, 619);
        QCOMPARE(b.cols, a.cols);
        QCOMPARE(static_cast<int>(a.cells.size()), a.cols * a.rows);
        QCOMPARE(b.cells.size(), a.cells.size());
        const bool aspect = ours.front() == "aspect";
        int compared = 0;
        for (std::size_t i = 0; i < a.cells.size(); ++i) {
            const bool flat = aspect && a.cells[i] == -1; // gdaldem writes its nodata for a flat pixel
            const bool oursValid = a.cells[i] != a.nodata && !flat;
            const bool theirsValid = b.cells[i] != b.nodata;
            QVERIFY2(oursValid == theirsValid, qPrintable(QString("cell %1: %2 vs %3").arg(i).arg(a.cells[i]).arg(b.cells[i])));
            if (!oursValid)
                continue;
            double d = std::fabs(a.cells[i] - b.cells[i]);
            if (aspect)
                d = std::min(d, 360 - d);
            QVERIFY2(d <= tolerance, qPrintable(QString("cell %1: %2 vs %3").arg(i).arg(a.cells[i], 0, 'g', 10).arg(b.cells[i], 0, 'g', 10)));
            ++compared;
        }
        QVERIFY(compared > 300000);
    }

    void reclassifyAsWritten()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("classes.tif");
        // The brief's form: gis analyse reclassify dem.tif -o classes.tif --table "0-500:1,500-1000:2,1000-:3"
        const auto r = gis::test::runTool(kGis, {"analyse", "reclassify", kDem, "-o", out, "--table", "0-500:1,500-1000:2,1000-:3"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out.trimmed(), ("reclassify: a 687 x 619 raster written to " + out).toUtf8());
        const Ascii dem = readAscii(kDem, dir.filePath("dem.asc"));
        const Ascii classes = readAscii(out, dir.filePath("classes.asc"));
        QCOMPARE(classes.cells.size(), dem.cells.size());
        QCOMPARE(static_cast<int>(dem.cells.size()), 687 * 619);
        for (std::size_t i = 0; i < dem.cells.size(); ++i) {
            const double z = dem.cells[i];
            const double expected = z == dem.nodata ? classes.nodata : z < 0 ? classes.nodata : z < 500 ? 1 : z < 1000 ? 2 : 3;
            QVERIFY2(classes.cells[i] == expected, qPrintable(QString("cell %1: %2 -> %3").arg(i).arg(z).arg(classes.cells[i])));
        }
    }

    void helpSaysInputIsARaster()
    {
        const auto r = gis::test::runTool(kGis, {"analyse", "slope", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("usage: gis analyse slope INPUT -o OUT.tif"), r.out.constData());
        QVERIFY2(r.out.contains("INPUT is a raster file"), r.out.constData());
        QVERIFY2(!r.out.contains("--layer"), r.out.constData());
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code"); // 2: a usage error (Error(Argument)), 1: any other
        QTest::newRow("vector output") << QStringList{"slope", kDem, "-o", "OUT/s.gpkg"}
                                       << "slope makes a raster: -o must name a GeoTIFF (.tif)" << 2;
        QTest::newRow("--layer") << QStringList{"aspect", kDem, "-o", "OUT/a.tif", "--layer", "dem"}
                                 << "aspect: INPUT is a raster, --layer does not apply" << 2;
        QTest::newRow("output over the input") << QStringList{"hillshade", kDem, "-o", kDem, "--overwrite"} << "nizwa_dem.tif" << 2;
        QTest::newRow("missing dem") << QStringList{"slope", "OUT/none.tif", "-o", "OUT/s.tif"} << "OUT/none.tif" << 1;
        QTest::newRow("bad table") << QStringList{"reclassify", kDem, "-o", "OUT/s.tif", "--table", "0-500:1,500-1000"}
                                   << "reclassify: --table: rule 2 \"500-1000\": no ':'" << 2;
        QTest::newRow("no table") << QStringList{"reclassify", kDem, "-o", "OUT/s.tif"} << "reclassify: --table is required" << 2;
        QTest::newRow("bad unit") << QStringList{"slope", kDem, "-o", "OUT/s.tif", "--unit", "radians"}
                                  << "slope: --unit \"radians\": not one of: degrees, percent" << 2;
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QFETCH(int, code);
        QTemporaryDir dir;
        for (auto& a : args)
            a.replace("OUT/", dir.path() + "/");
        message.replace("OUT/", dir.path() + "/");
        const auto r = gis::test::runTool(kGis, QStringList{"analyse"} + args);
        QVERIFY2(r.exitCode == code && !r.crashed, qPrintable(QString::number(r.exitCode) + ": " + r.err));
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(dir.filePath("s.tif")) && !QFile::exists(dir.filePath("a.tif")));
    }
};

QTEST_GUILESS_MAIN(TestAnalyseTerrain)
#include "tst_analyseterrain.moc"
