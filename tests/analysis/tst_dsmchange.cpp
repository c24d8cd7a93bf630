// dsm-change (gis/analysis/dsmchange.h) against known shapes and a brute force: a 20 m x 12 m x 6 m cuboid added
// between two flat DSMs gives 1,440 m³ of fill (within 1 %; here exact) and one fill polygon of 240 m², a pit the
// same as cut; against numpy through GDAL's Python bindings (/usr/bin/python3), which burn the polygon with
// gdal.RasterizeLayer (pixel centres inside, as ours) and sum per pixel on irregular surfaces with nodata holes and
// a polygon with a hole: the same pixels, volumes within 1e-9 relative, the difference raster value for value.
// Also: a coarser later DSM (bilinear; the block's volume within 1 %, its polygon within a pixel), the noise level, the filter, nodata, cancel, one thread against all, and
// the algorithm as the toolbox runs it.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/analysis/dsmchange.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"
#include "gis/data/rasterwriter.h"
#include "gis/geom/validity.h"
#include "support/analysissupport.h"

using namespace gis;

namespace {

const QString kPython = "/usr/bin/python3"; // Debian's, with python3-gdal and python3-numpy
constexpr double kX0 = 500000, kY0 = 2600000; // the DSMs' lower left corner, UTM 40N
constexpr double kNodata = -9999;

/// A north-up DSM of `w` x `h` pixels of `pixel` m from (kX0, kY0), z(x, y) for each pixel centre in map metres.
template <class F>
RasterData dsm(int w, int h, double pixel, F z)
{
    RasterData d;
    d.width = w;
    d.height = h;
    d.extent = Box(kX0, kY0, kX0 + w * pixel, kY0 + h * pixel);
    d.crs = Crs::fromEpsg(32640);
    d.nodata = kNodata;
    d.bands.assign(1, std::vector<double>(static_cast<std::size_t>(w) * h));
    for (int row = 0; row < h; ++row)
        for (int col = 0; col < w; ++col)
            d.bands[0][static_cast<std::size_t>(row) * w + col] = z(kX0 + (col + 0.5) * pixel, kY0 + h * pixel - (row + 0.5) * pixel);
    return d;
}

bool inBox(double x, double y, double x0, double y0, double x1, double y1) { return x >= x0 && x < x1 && y >= y0 && y < y1; }

/// The site: a square of 180 m inside the 200 m DSMs.
std::shared_ptr<const Layer> site()
{
    return test::layerFromWkt({"POLYGON((500010 2600010,500190 2600010,500190 2600190,500010 2600190,500010 2600010))"},
        GeometryType::Polygon);
}

double shoelace(const Layer& layer, std::size_t row)
{
    const GeometryRef g = layer.geometry(row);
    const GeometryColumn& col = *g.column;
    double area = 0;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p)
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            double twice = 0;
            for (std::size_t c = col.coordBegin(r); c + 1 < col.coordEnd(r); ++c)
                twice += col.coord(c).x * col.coord(c + 1).y - col.coord(c + 1).x * col.coord(c).y;
            area += (r == col.ringBegin(p) ? 1 : -1) * std::fabs(twice / 2);
        }
    return area;
}

} // namespace

class TestDsmChange : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_flat, m_cuboid, m_noisy1, m_noisy2;

    QString path(const char* name) const { return m_dir.filePath(name); }
    QString write(const char* name, const RasterData& d) const
    {
        writeGeoTiff(d, path(name).toStdString());
        return path(name);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // 800 x 800 pixels of 0.25 m: flat ground at 412.5 m; later a 20 x 12 x 6 m block on pixel edges and a
        // 10 x 8 x 2 m pit.
        m_flat = write("flat.tif", dsm(800, 800, 0.25, [](double, double) { return 412.5; }));
        m_cuboid = write("cuboid.tif", dsm(800, 800, 0.25, [](double x, double y) {
            if (inBox(x, y, kX0 + 40, kY0 + 60, kX0 + 60, kY0 + 72))
                return 418.5;
            if (inBox(x, y, kX0 + 120, kY0 + 120, kX0 + 130, kY0 + 128))
                return 410.5;
            return 412.5;
        }));
        // Irregular surfaces with nodata holes in each (not at the same place): for the brute force.
        m_noisy1 = write("noisy1.tif", dsm(400, 300, 0.5, [](double x, double y) {
            if (inBox(x, y, kX0 + 50, kY0 + 50, kX0 + 60, kY0 + 58))
                return kNodata;
            return 400 + 3 * std::sin((x - kX0) / 17.0) + 2 * std::cos((y - kY0) / 11.0);
        }));
        m_noisy2 = write("noisy2.tif", dsm(400, 300, 0.5, [](double x, double y) {
            if (inBox(x, y, kX0 + 120, kY0 + 90, kX0 + 126, kY0 + 104))
                return kNodata;
            return 400 + 3 * std::sin((x - kX0) / 13.0 + 0.4) + 2.5 * std::cos((y - kY0) / 9.0) + 0.001 * (x - kX0);
        }));
    }

    void cuboidAndPit()
    {
        analysis::DsmChangeOptions o;
        o.heightThreshold = 0.5;
        o.areaThreshold = 1;
        const auto r = analysis::dsmChange(m_flat.toStdString(), m_cuboid.toStdString(), *site(), {}, o);
        QVERIFY(std::fabs(r.totals.fillM3 - 1440) <= 0.01 * 1440);
        QCOMPARE(r.totals.fillM3, 1440.0); // on pixel edges it is exact
        QCOMPARE(r.totals.cutM3, 160.0);
        QCOMPARE(r.totals.pixels, std::int64_t(720 * 720));
        QCOMPARE(r.totals.noData, std::int64_t(0));
        QVERIFY(r.method.find("same grid") != std::string::npos);

        QVERIFY(r.polygons);
        const Layer& p = *r.polygons;
        QCOMPARE(p.size(), std::size_t(2));
        QCOMPARE(p.attributes().column("sign").string(0), std::string_view("fill"));
        QCOMPARE(p.attributes().column("area_m2").real(0), 240.0);
        QCOMPARE(p.attributes().column("volume_m3").real(0), 1440.0);
        QCOMPARE(p.attributes().column("mean_dz").real(0), 6.0);
        QCOMPARE(p.attributes().column("max_dz").real(0), 6.0);
        QCOMPARE(p.attributes().column("sign").string(1), std::string_view("cut"));
        QCOMPARE(p.attributes().column("area_m2").real(1), 80.0);
        QCOMPARE(p.attributes().column("volume_m3").real(1), 160.0);
        QCOMPARE(p.attributes().column("max_dz").real(1), -2.0);
        // The outline: the block's own rectangle (area within a pixel's 0.0625 m², here exact), 4 corners.
        QVERIFY(std::fabs(shoelace(p, 0) - 240) <= 0.0625);
        const Box b = p.geometry(0).bounds();
        QCOMPARE(b.minX, kX0 + 40);
        QCOMPARE(b.maxX, kX0 + 60);
        QCOMPARE(b.minY, kY0 + 60);
        QCOMPARE(b.maxY, kY0 + 72);
        QCOMPARE(p.geometries().coordEnd(0) - p.geometries().coordBegin(0), std::size_t(5));

        // The difference raster: over the site's window, nodata outside the polygon (none here: the square is on
        // pixel edges), +6 on the block.
        QVERIFY(r.difference);
        QCOMPARE(r.difference->width, 720);
        QCOMPARE(r.difference->height, 720);
        QCOMPARE(r.difference->extent.minX, kX0 + 10);
        QCOMPARE(r.difference->value(0, (50 - 10) * 4, (190 - 66) * 4), 6.0);
        QCOMPARE(r.difference->value(0, 0, 0), 0.0);
    }

    void rings()
    {
        // A ring-shaped fill (a hole in the middle) and two pixels touching only at a corner: 4-connected, so two
        // regions there, and a polygon with a hole that GEOS would call valid.
        const QString later = write("ring.tif", dsm(80, 80, 1, [](double x, double y) {
            const double cx = x - kX0, cy = y - kY0;
            if (inBox(cx, cy, 10, 10, 30, 30) && !inBox(cx, cy, 15, 15, 25, 25))
                return 105.0;
            if (inBox(cx, cy, 50, 50, 51, 51) || inBox(cx, cy, 51, 51, 52, 52))
                return 105.0;
            return 100.0;
        }));
        const QString flat = write("flat1.tif", dsm(80, 80, 1, [](double, double) { return 100.0; }));
        const auto area = test::layerFromWkt({"POLYGON((500000 2600000,500080 2600000,500080 2600080,500000 2600080,500000 2600000))"},
            GeometryType::Polygon);
        analysis::DsmChangeOptions o;
        o.areaThreshold = 0;
        const auto r = analysis::dsmChange(flat.toStdString(), later.toStdString(), *area, {}, o);
        const Layer& p = *r.polygons;
        QCOMPARE(p.size(), std::size_t(3));
        QCOMPARE(p.attributes().column("area_m2").real(0), 300.0);
        QCOMPARE(shoelace(p, 0), 300.0);
        const GeometryColumn& g = p.geometries();
        QCOMPARE(g.ringEnd(g.partBegin(0)) - g.ringBegin(g.partBegin(0)), std::size_t(2)); // shell and hole
        QCOMPARE(shoelace(p, 1), 1.0);
        QCOMPARE(shoelace(p, 2), 1.0);
        for (std::size_t k = 0; k < p.size(); ++k)
            QVERIFY2(checkValidity(p.geometry(k)).valid, checkValidity(p.geometry(k)).reason.c_str());
        QCOMPARE(planarArea(p.geometry(0)), 300.0);
        // The shell anticlockwise on the map, the hole clockwise (signed shoelace area, y up).
        const auto signedArea = [&](std::size_t ring) {
            double twice = 0;
            for (std::size_t c = g.coordBegin(ring); c + 1 < g.coordEnd(ring); ++c)
                twice += g.coord(c).x * g.coord(c + 1).y - g.coord(c + 1).x * g.coord(c).y;
            return twice / 2;
        };
        QCOMPARE(signedArea(g.ringBegin(g.partBegin(0))), 400.0);
        QCOMPARE(signedArea(g.ringBegin(g.partBegin(0)) + 1), -100.0);
        QCOMPARE(r.totals.fillM3, 302.0 * 5);
    }

    void bruteForce_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<double>("minHeight");
        // Vertices off the pixel centres (a centre exactly on an edge is a tie either side may take).
        QTest::newRow("triangle") << "POLYGON((500013.1 2600007.3,500187.7 2600031.9,500071.3 2600143.1,500013.1 2600007.3))" << 0.0;
        QTest::newRow("with hole, noise 0.3 m")
            << "POLYGON((500005.1 2600005.1,500190.3 2600010.2,500180.1 2600140.7,500020.2 2600145.3,500005.1 2600005.1),"
               "(500060.1 2600040.1,500090.3 2600040.2,500090.2 2600070.1,500060.1 2600070.3,500060.1 2600040.1))"
            << 0.3;
    }

    void bruteForce()
    {
        QFETCH(QString, wkt);
        QFETCH(double, minHeight);
        const auto area = test::layerFromWkt({wkt.toStdString()}, GeometryType::Polygon);
        analysis::DsmChangeOptions o;
        o.minHeight = minHeight;
        o.heightThreshold = minHeight;
        o.areaThreshold = 0;
        const auto r = analysis::dsmChange(m_noisy1.toStdString(), m_noisy2.toStdString(), *area, {}, o);
        // Every changed pixel is in one polygon: irregular regions with holes, each valid for GEOS, of the area
        // GEOS measures, their volumes adding up to the totals.
        const Layer& p = *r.polygons;
        QVERIFY(p.size() > 2);
        double volumes = 0;
        for (std::size_t k = 0; k < p.size(); ++k) {
            const Validity v = checkValidity(p.geometry(k));
            QVERIFY2(v.valid, v.reason.c_str());
            QVERIFY(std::fabs(planarArea(p.geometry(k)) - p.attributes().column("area_m2").real(k)) <= 1e-6);
            volumes += p.attributes().column("volume_m3").real(k);
        }
        QVERIFY(std::fabs(volumes - (r.totals.fillM3 + r.totals.cutM3)) <= 1e-9 * volumes);
        const QString diff = path("diff.tif");
        writeGeoTiff(*r.difference, diff.toStdString());

        // The oracle: GDAL burns the polygon (centres inside), numpy sums; the difference raster compared value
        // for value on its own window.
        const char* script = R"(
import sys, numpy as np
from osgeo import gdal, ogr, osr
e = gdal.Open(sys.argv[1]); l = gdal.Open(sys.argv[2]); wkt = sys.argv[3]; noise = float(sys.argv[4])
a = e.GetRasterBand(1).ReadAsArray().astype(np.float64); b = l.GetRasterBand(1).ReadAsArray().astype(np.float64)
gt = e.GetGeoTransform()
mem = gdal.GetDriverByName('MEM').Create('', e.RasterXSize, e.RasterYSize, 1, gdal.GDT_Byte)
mem.SetGeoTransform(gt)
ds = ogr.GetDriverByName('Memory').CreateDataSource('m'); lyr = ds.CreateLayer('p')
f = ogr.Feature(lyr.GetLayerDefn()); f.SetGeometry(ogr.CreateGeometryFromWkt(wkt)); lyr.CreateFeature(f)
gdal.RasterizeLayer(mem, [1], lyr, burn_values=[1])
inside = mem.GetRasterBand(1).ReadAsArray() == 1
valid = inside & (a != -9999) & (b != -9999)
d = np.where(valid, b - a, 0.0)
d = np.where(np.abs(d) >= noise, d, 0.0)
area = gt[1] * -gt[5]
print(repr(float(np.maximum(d, 0).sum() * area)), repr(float(np.maximum(-d, 0).sum() * area)), int(valid.sum()), int((inside & ~valid).sum()))
o = gdal.Open(sys.argv[5]); ogt = o.GetGeoTransform()
c0 = int(round((ogt[0] - gt[0]) / gt[1])); r0 = int(round((ogt[3] - gt[3]) / gt[5]))
ours = o.GetRasterBand(1).ReadAsArray().astype(np.float64)
theirs = np.where(valid, b - a, -9999.0)[r0:r0 + o.RasterYSize, c0:c0 + o.RasterXSize]
theirs = np.where(theirs == -9999.0, -9999.0, theirs.astype(np.float32).astype(np.float64))
outside = inside.copy(); outside[r0:r0 + o.RasterYSize, c0:c0 + o.RasterXSize] = False
print(int((ours != theirs).sum()), int(outside.sum()))
)";
        QProcess py;
        py.start(kPython, {"-c", script, m_noisy1, m_noisy2, wkt, QString::number(minHeight), diff});
        QVERIFY(py.waitForFinished(60000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QStringList lines = QString(py.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        const QStringList sums = lines[0].split(' ');
        const double fill = sums[0].toDouble(), cut = sums[1].toDouble();
        QVERIFY2(std::fabs(r.totals.fillM3 - fill) <= 1e-9 * fill, qPrintable(QString("%1 vs %2").arg(r.totals.fillM3).arg(fill)));
        QVERIFY2(std::fabs(r.totals.cutM3 - cut) <= 1e-9 * cut, qPrintable(QString("%1 vs %2").arg(r.totals.cutM3).arg(cut)));
        QVERIFY(fill > 1000 && cut > 1000); // both kinds of change are there to be measured
        QCOMPARE(r.totals.pixels, sums[2].toLongLong());
        QCOMPARE(r.totals.noData, sums[3].toLongLong());
        QVERIFY(r.totals.noData > 0);
        QCOMPARE(lines[1], QString("0 0")); // every value of the difference raster; no inside pixel outside it
    }

    void coarserLaterIsBilinear()
    {
        // The later DSM at 0.5 m (the block on its pixel edges): resampled bilinearly onto the 0.25 m grid, a step
        // spreads symmetrically and the volume stays within 1 %.
        const QString later = write("cuboid_05.tif", dsm(400, 400, 0.5, [](double x, double y) {
            return inBox(x, y, kX0 + 40, kY0 + 60, kX0 + 60, kY0 + 72) ? 418.5 : 412.5;
        }));
        analysis::DsmChangeOptions o;
        o.heightThreshold = 3; // half the block: the spread edge splits evenly (0.75 of 6 m in, 0.25 out)
        const auto r = analysis::dsmChange(m_flat.toStdString(), later.toStdString(), *site(), {}, o);
        QVERIFY2(std::fabs(r.totals.fillM3 - 1440) <= 0.01 * 1440, qPrintable(QString::number(r.totals.fillM3)));
        QVERIFY(r.totals.cutM3 < 1e-9);
        QVERIFY(r.method.find("bilinear") != std::string::npos);
        QCOMPARE(r.polygons->size(), std::size_t(1));
        const double area = r.polygons->attributes().column("area_m2").real(0);
        QVERIFY2(std::fabs(area - 240) <= 0.0625, qPrintable(QString::number(area)));
    }

    void noiseLevel()
    {
        // 3 cm everywhere plus the block: the noise level drops the 3 cm, keeping 1,440 m³.
        const QString later = write("noisy_cuboid.tif", dsm(800, 800, 0.25, [](double x, double y) {
            return (inBox(x, y, kX0 + 40, kY0 + 60, kX0 + 60, kY0 + 72) ? 418.5 : 412.5) + 0.03125;
        }));
        analysis::DsmChangeOptions o;
        const auto all = analysis::dsmChange(m_flat.toStdString(), later.toStdString(), *site(), {}, o);
        QCOMPARE(all.totals.fillM3, 1440 + 180.0 * 180 * 0.03125);
        o.minHeight = 0.1;
        const auto kept = analysis::dsmChange(m_flat.toStdString(), later.toStdString(), *site(), {}, o);
        QCOMPARE(kept.totals.fillM3, 20 * 12 * 6.03125);
        QVERIFY(kept.method.find("noise") != std::string::npos);
    }

    void nodataAndMask()
    {
        // A nodata block in the earlier DSM over half of the cuboid: that half is left out and counted.
        const QString earlier = write("holed.tif", dsm(800, 800, 0.25, [](double x, double y) {
            return inBox(x, y, kX0 + 40, kY0 + 60, kX0 + 50, kY0 + 72) ? kNodata : 412.5;
        }));
        const auto r = analysis::dsmChange(earlier.toStdString(), m_cuboid.toStdString(), *site(), {});
        QCOMPARE(r.totals.fillM3, 720.0);
        QCOMPARE(r.totals.noData, std::int64_t(10 * 12 * 16));
        QCOMPARE(r.difference->value(0, (45 - 10) * 4, (190 - 66) * 4), kNodata);
        // A polygon away from the block: nothing changed inside it; a filter picks it among two.
        const auto two = test::layerFromWkt({"POLYGON((500010 2600010,500190 2600010,500190 2600190,500010 2600190,500010 2600010))",
                                                "POLYGON((500100 2600150,500150 2600150,500150 2600190,500100 2600190,500100 2600150))"},
            GeometryType::Polygon);
        const auto away = analysis::dsmChange(m_flat.toStdString(), m_cuboid.toStdString(), *two, {1});
        QCOMPARE(away.totals.fillM3, 0.0);
        QCOMPARE(away.totals.pixels, std::int64_t(200 * 160));
        QCOMPARE(away.polygons->size(), std::size_t(0));
    }

    void algorithmAndThreads()
    {
        const auto* a = analysis::findAlgorithm("dsm-change");
        QVERIFY(a);
        QCOMPARE(a->info().output, analysis::OutputKind::Vector);
        analysis::RunInputs inputs;
        const auto two = test::layerFromWkt({"POLYGON((500010 2600010,500190 2600010,500190 2600190,500010 2600190,500010 2600010))",
                                                "POLYGON((500100 2600150,500150 2600150,500150 2600190,500100 2600150))"},
            GeometryType::Polygon);
        inputs.input = two;
        analysis::RunOptions one;
        one.threads = 1;
        const std::map<std::string, std::string> params{{"earlier", m_noisy1.toStdString()}, {"later", m_noisy2.toStdString()},
            {"filter", "name = 'feature 0'"}, {"height-threshold", "1"}, {"area-threshold", "10"}};
        const auto serial = analysis::run("dsm-change", inputs, params, one);
        const auto parallel = analysis::run("dsm-change", inputs, params);
        QVERIFY(serial.layer && serial.raster);
        QVERIFY(serial.raster->bands == parallel.raster->bands);
        QCOMPARE(serial.warnings, parallel.warnings); // the volumes, digit for digit
        QCOMPARE(serial.layer->size(), parallel.layer->size());
        QVERIFY(serial.layer->size() > 0);
        const auto r = analysis::dsmChange(m_noisy1.toStdString(), m_noisy2.toStdString(), *two, {0});
        char expected[128];
        std::snprintf(expected, sizeof expected, "volumes: fill %.2f m³, cut %.2f m³", r.totals.fillM3, r.totals.cutM3);
        QVERIFY2(serial.warnings.front().rfind(expected, 0) == 0, serial.warnings.front().c_str());
        for (std::size_t k = 0; k < serial.layer->size(); ++k)
            QVERIFY(serial.layer->attributes().column("area_m2").real(k) >= 10);

        // Refusals: a filter that selects nothing, a DSM in degrees.
        auto none = params;
        none["filter"] = "name = 'nothing'";
        QVERIFY_THROWS_EXCEPTION(Error, analysis::run("dsm-change", inputs, none));
        RasterData degrees = dsm(10, 10, 0.001, [](double, double) { return 1.0; });
        degrees.crs = Crs::fromEpsg(4326);
        degrees.extent = Box(57.5, 22.9, 57.51, 22.91);
        const QString deg = write("degrees.tif", degrees);
        try {
            (void)analysis::dsmChange(deg.toStdString(), deg.toStdString(), *two, {});
            QFAIL("a DSM in degrees was measured");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY(std::string(e.what()).find("degrees") != std::string::npos);
        }
    }

    void cancel()
    {
        // 2,000 x 2,000 pixels: four strips; cancelled at the first report, no later strip starts.
        const QString big1 = write("big1.tif", dsm(2000, 2000, 0.25, [](double, double) { return 1.0; }));
        const QString big2 = write("big2.tif", dsm(2000, 2000, 0.25, [](double x, double) { return 1.0 + (x - kX0) * 0.01; }));
        const auto area = test::layerFromWkt({"POLYGON((500000 2600000,500500 2600000,500500 2600500,500000 2600500,500000 2600000))"},
            GeometryType::Polygon);
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)analysis::dsmChange(big1.toStdString(), big2.toStdString(), *area, {}, {}, options.feedback);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY2(r.reports <= 2, qPrintable(QString::number(r.reports))); // at most the strip running beside it
    }
};

QTEST_GUILESS_MAIN(TestDsmChange)
#include "tst_dsmchange.moc"
