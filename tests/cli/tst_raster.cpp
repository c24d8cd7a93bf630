// gis raster info|overviews|cog against GDAL as the oracle: the inputs are made here with python3-gdal and numpy,
// `info --json` agrees with gdalinfo, the COGs pass GDAL's own checks (gdalinfo's LAYOUT=COG and
// validate_cloud_optimized_geotiff.py), their pixels equal the input's (exactly for deflate; within a stated
// tolerance for JPEG), -o IN is refused with IN untouched, and a SIGKILL during a conversion leaves the previous OUT
// intact and no partial file.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/killsupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kPython = "/usr/bin/python3";
const QString kCogValidator = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py";

/// Writes test rasters: a smooth 8-bit RGB photo-like image (striped GeoTIFF, no overviews) and a Float32 surface
/// with nodata, both in EPSG:32640. Deterministic (seeded).
const char* kMakeRasters = R"(
import sys, numpy as np
from osgeo import gdal, osr
gdal.UseExceptions()
folder, size = sys.argv[1], int(sys.argv[2])
srs = osr.SpatialReference(); srs.ImportFromEPSG(32640)
y, x = np.mgrid[0:size, 0:size].astype(np.float64)
rng = np.random.default_rng(16)
ds = gdal.GetDriverByName('GTiff').Create(folder + '/photo.tif', size, size, 3, gdal.GDT_Byte)
ds.SetGeoTransform((558000, 0.1, 0, 2537000, 0, -0.1)); ds.SetProjection(srs.ExportToWkt())
for b, phase in enumerate((0.0, 1.0, 2.0)):
    v = 128 + 60 * np.sin(x / 37.0 + phase) * np.cos(y / 53.0) + rng.normal(0, 4, (size, size))
    ds.GetRasterBand(b + 1).WriteArray(np.clip(v, 0, 255).astype(np.uint8))
    ds.GetRasterBand(b + 1).SetColorInterpretation((gdal.GCI_RedBand, gdal.GCI_GreenBand, gdal.GCI_BlueBand)[b])
ds = None
ds = gdal.GetDriverByName('GTiff').Create(folder + '/dsm.tif', size // 2, size // 2, 1, gdal.GDT_Float32)
ds.SetGeoTransform((558000, 0.2, 0, 2537000, 0, -0.2)); ds.SetProjection(srs.ExportToWkt())
h = size // 2
z = 480 + 0.01 * x[:h, :h] + rng.normal(0, 0.05, (h, h))
z[:40, :40] = -9999
ds.GetRasterBand(1).SetNoDataValue(-9999); ds.GetRasterBand(1).WriteArray(z.astype(np.float32))
ds = None
)";

/// Prints "max_abs_diff mean_abs_diff p99_abs_diff" of two rasters' full-resolution pixels (every band), or fails.
const char* kCompare = R"(
import sys, numpy as np
from osgeo import gdal
gdal.UseExceptions()
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
assert (a.RasterXSize, a.RasterYSize, a.RasterCount) == (b.RasterXSize, b.RasterYSize, b.RasterCount)
assert a.GetGeoTransform() == b.GetGeoTransform()
for i in range(a.RasterCount):
    assert a.GetRasterBand(i + 1).GetNoDataValue() == b.GetRasterBand(i + 1).GetNoDataValue()
x, y = a.ReadAsArray().astype(np.float64), b.ReadAsArray().astype(np.float64)
d = np.abs(x - y)
print(d.max(), d.mean(), np.percentile(d, 99))
)";

QString sha(const QString& path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256).toHex();
}

QString gdalStructure(const QString& path)
{
    return QString::fromUtf8(test::runTool("gdalinfo", {path}).out);
}

/// The three numbers kCompare prints.
QList<double> compare(const QString& a, const QString& b)
{
    const auto r = test::runTool(kPython, {"-c", kCompare, a, b});
    if (r.exitCode != 0)
        return {};
    QList<double> numbers;
    for (const auto& part : QString::fromUtf8(r.out).split(' ', Qt::SkipEmptyParts))
        numbers << part.toDouble();
    return numbers;
}

} // namespace

class TestRaster : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(kGis), qPrintable(kGis));
        QVERIFY2(test::haveTool("gdalinfo"), "gdalinfo");
        QVERIFY2(QFileInfo::exists(kCogValidator), qPrintable(kCogValidator + " (python3-gdal)"));
        const auto r = test::runTool(kPython, {"-c", kMakeRasters, m_dir.path(), "1200"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void infoAgreesWithGdalinfo()
    {
        const QString photo = m_dir.filePath("photo.tif");
        const auto r = test::runTool(kGis, {"raster", "info", photo, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject ours = QJsonDocument::fromJson(r.out).object();
        const QJsonObject gdal = QJsonDocument::fromJson(test::runTool("gdalinfo", {"-json", photo}).out).object();
        QCOMPARE(ours["width"].toInt(), gdal["size"].toArray()[0].toInt());
        QCOMPARE(ours["height"].toInt(), gdal["size"].toArray()[1].toInt());
        QCOMPARE(ours["bands"].toArray().size(), gdal["bands"].toArray().size());
        QCOMPARE(ours["bands"].toArray()[0].toObject()["type"].toString(), gdal["bands"].toArray()[0].toObject()["type"].toString());
        QCOMPARE(ours["resolution"].toArray()[0].toDouble(), gdal["geoTransform"].toArray()[1].toDouble());
        QCOMPARE(ours["crs"].toString(), QString("EPSG:32640"));
        QCOMPARE(ours["cog"].toBool(), false);
        QCOMPARE(ours["overviews"].toArray().size(), 0);
        QVERIFY(ours["compression"].isNull());

        const auto text = test::runTool(kGis, {"raster", "info", m_dir.filePath("dsm.tif")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("band 1:      Float32, gray, nodata -9999"), text.out.constData());
        QVERIFY(text.out.contains("cog:         no"));
    }

    void overviewsAreBuilt()
    {
        const QString copy = m_dir.filePath("overviews.tif");
        QVERIFY(QFile::copy(m_dir.filePath("photo.tif"), copy));
        const auto r = test::runTool(kGis, {"raster", "overviews", copy, "--progress"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("100%"), r.err.constData());
        // 1200 px: levels 2 (600) and 4 (300), then 8 (150) is the first under 256 px.
        QVERIFY2(gdalStructure(copy).contains("Overviews: 600x600, 300x300, 150x150"), qPrintable(gdalStructure(copy)));
        const auto again = test::runTool(kGis, {"raster", "overviews", copy});
        QVERIFY(again.out.contains("0 overview levels added"));
    }

    void cogDeflateIsExact()
    {
        const QString in = m_dir.filePath("dsm.tif");
        const QString out = m_dir.filePath("dsm_cog.tif");
        const auto r = test::runTool(kGis, {"raster", "cog", in, "-o", out, "--progress"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.contains("100%"));
        const QString s = gdalStructure(out);
        QVERIFY2(s.contains("LAYOUT=COG") && s.contains("COMPRESSION=DEFLATE") && s.contains("PREDICTOR=3"), qPrintable(s));
        const auto valid = test::runTool(kPython, {kCogValidator, "-q", out});
        QVERIFY2(valid.exitCode == 0, (valid.out + valid.err).constData());
        QCOMPARE(compare(in, out), (QList<double>{0.0, 0.0, 0.0}));
    }

    void cogJpegIsWithinTolerance()
    {
        const QString in = m_dir.filePath("photo.tif");
        const QString out = m_dir.filePath("photo_cog.tif");
        const auto r = test::runTool(kGis, {"raster", "cog", in, "-o", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString s = gdalStructure(out);
        QVERIFY2(s.contains("LAYOUT=COG") && s.contains("COMPRESSION=YCbCr JPEG"), qPrintable(s));
        QVERIFY(s.contains("Overviews: 600x600, 300x300"));
        const auto valid = test::runTool(kPython, {kCogValidator, "-q", out});
        QVERIFY2(valid.exitCode == 0, (valid.out + valid.err).constData());
        // JPEG quality 90 in YCbCr (chroma subsampled 2x2) on a smooth image with noise of sigma 4: the stated
        // tolerance is a mean absolute error under 4 (JPEG smooths the noise away) and 99% of values within 12 of the input.
        const QList<double> d = compare(in, out);
        QCOMPARE(d.size(), 3);
        qInfo("JPEG vs input: max %.0f, mean %.2f, p99 %.0f", d[0], d[1], d[2]);
        QVERIFY(d[1] < 4.0);
        QVERIFY(d[2] <= 12.0);
        // Lossless on request.
        const QString lossless = m_dir.filePath("photo_deflate.tif");
        QCOMPARE(test::runTool(kGis, {"raster", "cog", in, "-o", lossless, "--compression", "deflate"}).exitCode, 0);
        QCOMPARE(compare(in, lossless), (QList<double>{0.0, 0.0, 0.0}));
        QVERIFY(gdalStructure(lossless).contains("LAYOUT=COG"));
    }

    void refusesToReplaceItsInput()
    {
        const QString in = m_dir.filePath("dsm.tif");
        const QString before = sha(in);
        const auto r = test::runTool(kGis, {"raster", "cog", in, "-o", in, "--overwrite"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("is an input of this command"), r.err.constData());
        QCOMPARE(sha(in), before);
        // An existing OUT needs --overwrite; JPEG on a float raster is refused with a reason.
        const QString out = m_dir.filePath("exists.tif");
        test::writeFile(out, "previous");
        QVERIFY(test::runTool(kGis, {"raster", "cog", in, "-o", out}).exitCode != 0);
        QCOMPARE(test::readFile(out), QByteArray("previous"));
        const auto jpeg = test::runTool(kGis, {"raster", "cog", in, "-o", out, "--overwrite", "--compression", "jpeg"});
        QVERIFY(jpeg.exitCode != 0);
        QVERIFY2(jpeg.err.contains("JPEG holds 8-bit rasters"), jpeg.err.constData());
        QCOMPARE(test::readFile(out), QByteArray("previous"));
    }

    void killLeavesPreviousOutput()
    {
        // A bigger input so that a conversion takes long enough for kills to land in its middle.
        QTemporaryDir big;
        QVERIFY(big.isValid());
        QCOMPARE(test::runTool(kPython, {"-c", kMakeRasters, big.path(), "2800"}).exitCode, 0);
        const QString in = big.filePath("photo.tif");
        const QString out = big.filePath("out.tif");
        test::writeFile(out, "previous COG");
        const QStringList args{kGis, "raster", "cog", in, "-o", out, "--overwrite", "--compression", "deflate"};
        // A whole run to size the delays, then put the old file back.
        const QString scratch = big.filePath("scratch.tif");
        const auto whole = test::fastestRun({kGis, "raster", "cog", in, "-o", scratch, "--overwrite", "--compression", "deflate"}, 1);
        QVERIFY(whole.count() > 0);
        const auto tally = test::killUntilLanded(whole / 10, whole * 9 / 10, 16,
            [&](int) { return test::spawnQuiet(args); },
            [&](int round, int status) {
                const QByteArray now = test::readFile(out);
                if (WIFSIGNALED(status)) {
                    QVERIFY2(now == "previous COG", qPrintable(QString("round %1: OUT changed by a killed run").arg(round)));
                } else {
                    // Finished before the kill: a whole COG; put the previous file back for the next round.
                    QVERIFY(gdalStructure(out).contains("LAYOUT=COG"));
                    test::writeFile(out, "previous COG");
                }
            });
        qInfo("%d runs killed before they finished (of %d)", tally.landed, tally.tries);
        QVERIFY2(tally.landed >= test::killRounds(), "too few kills landed during a run");
        // The staging folders the killed runs left are hidden, and the next writer of OUT removes them.
        QCOMPARE(test::runTool(kGis, {"raster", "cog", big.filePath("dsm.tif"), "-o", out, "--overwrite"}).exitCode, 0);
        QVERIFY(gdalStructure(out).contains("LAYOUT=COG"));
        const QStringList left = QDir(big.path()).entryList(QStringList{".out.tif.gis-tmp-*"}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRaster)
#include "tst_raster.moc"
