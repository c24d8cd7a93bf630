// sample-raster against GDAL's gdallocationinfo (a separate program: it finds the pixel under each longitude/latitude
// itself): the 3000 sample inspections in EPSG:4326 over the UTM DEM, outside and nodata as null. Also one thread
// against all, cancel, the refusals.

#include <QtTest>

#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "support/analysissupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kDem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";

} // namespace

class TestSampleRaster : public QObject {
    Q_OBJECT

    std::shared_ptr<const Layer> m_points;

private slots:
    void initTestCase()
    {
        m_points = readLayer(kGpkg.toStdString(), "inspections");
        QCOMPARE(m_points->size(), std::size_t(3000));
        QVERIFY(m_points->crs().isGeographic());
    }

    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("sample-raster");
        QVERIFY(a);
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void againstGdalLocationInfo()
    {
        const auto result = analysis::run("sample-raster", {m_points, nullptr},
            {{"raster", kDem.toStdString()}, {"prefix", "dem_"}});
        const Layer& out = *result.layer;
        QCOMPARE(out.size(), m_points->size());
        QByteArray input;
        for (std::size_t i = 0; i < m_points->size(); ++i) {
            const Box b = m_points->geometry(i).bounds();
            input += QByteArray::number(b.minX, 'f', 12) + " " + QByteArray::number(b.minY, 'f', 12) + "\n";
        }
        const auto r = test::runTool("gdallocationinfo", {"-valonly", "-wgs84", kDem}, input);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.split('\n');
        const AttributeColumn& dem = out.attributes().column("dem_1");
        int inside = 0, outside = 0;
        for (std::size_t i = 0; i < out.size(); ++i) {
            QCOMPARE(out.fid(i), m_points->fid(i));
            const QByteArray v = lines[int(i)].trimmed();
            if (v.isEmpty() || v == "-32768") {
                ++outside;
                QVERIFY2(dem.isNull(i), qPrintable(QString("point %1: %2").arg(i).arg(dem.real(i))));
                continue;
            }
            ++inside;
            QVERIFY2(!dem.isNull(i), qPrintable(QString("point %1 is null, gdallocationinfo says %2").arg(i).arg(v.constData())));
            QCOMPARE(dem.real(i), v.toDouble());
        }
        QVERIFY2(inside > 100 && outside > 100, qPrintable(QString("%1 inside, %2 outside").arg(inside).arg(outside)));
    }

    void sameOnOneThreadAndOnAll()
    {
        analysis::RunOptions one;
        one.threads = 1;
        const std::map<std::string, std::string> params{{"raster", kDem.toStdString()}};
        const auto a = analysis::run("sample-raster", {m_points, nullptr}, params, one);
        const auto b = analysis::run("sample-raster", {m_points, nullptr}, params);
        const AttributeColumn& x = a.layer->attributes().column("band_1");
        const AttributeColumn& y = b.layer->attributes().column("band_1");
        for (std::size_t i = 0; i < m_points->size(); ++i) {
            QCOMPARE(x.isNull(i), y.isNull(i));
            if (!x.isNull(i))
                QCOMPARE(x.real(i), y.real(i));
        }
    }

    void cancel()
    {
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)analysis::run("sample-raster", {m_points, nullptr}, {{"raster", kDem.toStdString()}}, options);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reports < 4, qPrintable(QString::number(r.reports)));
    }

    void refusals()
    {
        try {
            (void)analysis::run("sample-raster", {m_points, nullptr}, {{"raster", kDem.toStdString()}, {"band", "2"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("sample-raster: --band \"2\": not all nor a band of"), e.what());
        }
        try {
            (void)analysis::run("sample-raster", {readLayer(kGpkg.toStdString(), "wilayat"), nullptr},
                {{"raster", kDem.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"wilayat\" has MultiPolygon geometries"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSampleRaster)
#include "tst_sampleraster.moc"
