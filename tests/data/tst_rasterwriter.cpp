// writeGeoTiff read back by GDAL's own tools (gdalinfo, gdallocationinfo), not by libgis: the pixels, the
// georeferencing, the CRS, nodata and DEFLATE compression; and all or nothing: a refused or failed write leaves the
// file that was there.

#include <QTemporaryDir>
#include <QTest>

#include "gis/core/error.h"
#include "gis/data/rasterwriter.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

RasterData sample(RasterSampleType type)
{
    RasterData r;
    r.extent = Box(500000, 2500000, 500000 + 7 * 30, 2500000 + 5 * 30);
    r.crs = Crs::fromEpsg(32640);
    r.width = 7;
    r.height = 5;
    r.sampleType = type;
    r.nodata = -1;
    for (int band = 0; band < 2; ++band) {
        std::vector<double> v;
        for (int i = 0; i < 35; ++i)
            v.push_back(i == 9 ? -1.0 : 0.125 * i + band * 100 + (type == RasterSampleType::Float64 ? 1e-9 : 0));
        r.bands.push_back(std::move(v));
    }
    return r;
}

} // namespace

class TestRasterWriter : public QObject {
    Q_OBJECT

private slots:
    void readBackByGdal_data()
    {
        QTest::addColumn<bool>("doubles");
        QTest::newRow("Float32") << false;
        QTest::newRow("Float64") << true;
    }

    void readBackByGdal()
    {
        QFETCH(bool, doubles);
        QTemporaryDir dir;
        const QString path = dir.filePath("out.tif");
        const RasterData r = sample(doubles ? RasterSampleType::Float64 : RasterSampleType::Float32);
        writeGeoTiff(r, path.toStdString());
        const auto info = test::runTool("gdalinfo", {path});
        QCOMPARE(info.exitCode, 0);
        const QString text = QString::fromUtf8(info.out);
        QVERIFY2(text.contains("Size is 7, 5") && text.contains("Origin = (500000.000000000000000,2500150.000000000000000)")
                && text.contains("Pixel Size = (30.000000000000000,-30.000000000000000)") && text.contains("COMPRESSION=DEFLATE")
                && text.contains("ID[\"EPSG\",32640]") && text.contains("NoData Value=-1")
                && text.contains(doubles ? "Type=Float64" : "Type=Float32") && text.contains("Band 2"),
            info.out.constData());
        for (int band = 1; band <= 2; ++band)
            for (const auto& [col, row] : {std::pair{0, 0}, std::pair{6, 4}, std::pair{3, 2}, std::pair{2, 1}}) {
                const auto v = test::runTool("gdallocationinfo", {"-valonly", "-b", QString::number(band), path,
                    QString::number(col), QString::number(row)});
                QCOMPARE(v.exitCode, 0);
                const double expected = r.value(band - 1, col, row);
                QCOMPARE(v.out.trimmed().toDouble(), doubles ? expected : double(float(expected)));
            }
    }

    void allOrNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("keep.tif");
        test::writeFile(path, "the old file");
        RasterData bad = sample(RasterSampleType::Float32);
        bad.bands[1].pop_back(); // a band one value short
        try {
            writeGeoTiff(bad, path.toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("keep.tif: a band has 34 values for 35 pixels"), e.what());
        }
        QCOMPARE(test::readFile(path), QByteArray("the old file"));
        try {
            writeGeoTiff(sample(RasterSampleType::Float32), dir.filePath("no/such/folder/x.tif").toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
        // A good write replaces it whole, and leaves no staging folder behind.
        writeGeoTiff(sample(RasterSampleType::Float32), path.toStdString());
        QVERIFY(test::readFile(path).startsWith("II*"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{"keep.tif"});
    }
};

QTEST_GUILESS_MAIN(TestRasterWriter)
#include "tst_rasterwriter.moc"
