// Drawing rasters. The oracles are GDAL's own command-line tools run on the same files: gdaldem hillshade for
// the shading, gdal_translate -scale for stretches, gdal_translate -b mask for nodata, gdalwarp for reprojection,
// gdalinfo for overviews; PROJ (gis::Transformer) says where a reprojected cell must land. Fixtures are written
// as ESRI ASCII grids or PNGs and turned into GeoTIFFs by gdal_translate, so the test needs no GDAL headers.
//
// Reference images (tests/render/data/raster_*.png) guard the look of the three styles; rewrite them with
// GIS_UPDATE_REFERENCES=1 after a deliberate change, and look at them.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <random>
#include <thread>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/render/rasterdraw.h"
#include "support/testsupport.h"

using namespace gis;
using gis::test::runTool;

namespace {

const QString kDem = QStringLiteral(GIS_SOURCE_DIR "/data/nizwa_dem.tif");
const QString kReferenceDir = QStringLiteral(GIS_SOURCE_DIR "/tests/render/data");

/// A north-up grid of values, written as an ESRI ASCII grid for gdal_translate.
struct Grid {
    int width = 0;
    int height = 0;
    double x0 = 540000; ///< west edge (EPSG:32640 unless said otherwise)
    double y1 = 2545000; ///< north edge
    double cell = 90;
    std::vector<double> values; ///< row-major, north row first
    std::optional<double> nodata;

    double& at(int col, int row) { return values[static_cast<std::size_t>(row) * width + col]; }
    Box extent() const { return Box(x0, y1 - height * cell, x0 + width * cell, y1); }
};

Grid makeGrid(int width, int height)
{
    Grid g;
    g.width = width;
    g.height = height;
    g.values.assign(static_cast<std::size_t>(width) * height, 0.0);
    return g;
}

struct Comparison {
    int total = 0;
    int within = 0;
    int worst = 0;
    double fraction() const { return total ? double(within) / total : 0; }
    QByteArray describe() const
    {
        return QByteArray::number(within) + "/" + QByteArray::number(total) + " within tolerance, worst "
            + QByteArray::number(worst);
    }
};

/// Compares the grey (red channel) of `ours` with `oracle` inside `region`.
Comparison compareGrey(const QImage& ours, const QImage& oracle, int tolerance, QRect region)
{
    Comparison c;
    for (int y = region.top(); y <= region.bottom(); ++y)
        for (int x = region.left(); x <= region.right(); ++x) {
            const int d = std::abs(qRed(ours.pixel(x, y)) - qGray(oracle.pixel(x, y)));
            ++c.total;
            c.within += d <= tolerance;
            c.worst = std::max(c.worst, d);
        }
    return c;
}

/// Compares two images channel by channel (unpremultiplied ARGB).
Comparison compareColour(const QImage& a, const QImage& b, int tolerance)
{
    Comparison c;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32);
    const QImage y = b.convertToFormat(QImage::Format_ARGB32);
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col) {
            const QRgb p = x.pixel(col, row);
            const QRgb q = y.pixel(col, row);
            int d = std::abs(qAlpha(p) - qAlpha(q));
            if (qAlpha(p) && qAlpha(q))
                d = std::max({d, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)), std::abs(qBlue(p) - qBlue(q))});
            ++c.total;
            c.within += d <= tolerance;
            c.worst = std::max(c.worst, d);
        }
    return c;
}

RasterStyle styleOf(RasterStyle::Mode mode, RasterStyle::Stretch stretch = RasterStyle::Stretch::MinMax)
{
    RasterStyle s;
    s.mode = mode;
    s.stretch = stretch;
    return s;
}

} // namespace

class TestRasterSource : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    /// Runs a GDAL tool; fails the test with its stderr when it fails.
    bool tool(const QString& program, const QStringList& args)
    {
        const auto r = runTool(program, args);
        if (r.exitCode != 0 || r.crashed)
            qWarning("%s %s failed: %s", qPrintable(program), qPrintable(args.join(' ')), r.err.constData());
        return r.exitCode == 0 && !r.crashed;
    }

    /// Writes `g` as <name>.asc and converts it to <name>.tif of GDAL type `type`.
    QString writeGeoTiff(const Grid& g, const QString& name, const QString& type, const QString& srs = "EPSG:32640")
    {
        QByteArray text = "ncols " + QByteArray::number(g.width) + "\nnrows " + QByteArray::number(g.height)
            + "\nxllcorner " + QByteArray::number(g.x0, 'f', 6) + "\nyllcorner "
            + QByteArray::number(g.y1 - g.height * g.cell, 'f', 6) + "\ncellsize " + QByteArray::number(g.cell, 'g', 17)
            + "\n";
        if (g.nodata)
            text += "NODATA_value " + QByteArray::number(*g.nodata, 'g', 17) + "\n";
        for (int row = 0; row < g.height; ++row) {
            for (int col = 0; col < g.width; ++col)
                text += QByteArray::number(g.values[static_cast<std::size_t>(row) * g.width + col], 'g', 9) + " ";
            text += "\n";
        }
        gis::test::writeFile(path(name + ".asc"), text);
        QStringList args{"-q", "-ot", type, "-a_srs", srs, "-co", "TILED=YES"};
        if (g.nodata)
            args << "-a_nodata" << QString::number(*g.nodata, 'g', 17);
        if (!tool("gdal_translate", args << path(name + ".asc") << path(name + ".tif")))
            return {};
        return path(name + ".tif");
    }

    /// A Byte band of `source` as an image, through gdal_translate (extra arguments first: -scale, -srcwin, ...).
    QImage gdalImage(const QString& source, const QStringList& extra, const QString& name)
    {
        const QString png = path(name + ".png");
        if (!tool("gdal_translate", QStringList{"-q", "-of", "PNG"} << extra << source << png))
            return {};
        return QImage(png);
    }

    /// Compares `image` with tests/render/data/<name>.png (or rewrites it with GIS_UPDATE_REFERENCES=1).
    void checkReference(const QImage& image, const QString& name)
    {
        const QString file = kReferenceDir + "/" + name + ".png";
        if (qEnvironmentVariableIsSet("GIS_UPDATE_REFERENCES")) {
            QDir().mkpath(kReferenceDir);
            QVERIFY(image.save(file));
            qInfo("rewrote %s (%lld bytes)", qPrintable(file), static_cast<long long>(QFileInfo(file).size()));
        }
        const QImage reference(file);
        QVERIFY2(!reference.isNull(), qPrintable(file + " missing: run with GIS_UPDATE_REFERENCES=1"));
        QCOMPARE(reference.size(), image.size());
        const Comparison c = compareColour(image, reference, 3);
        QVERIFY2(c.fraction() >= 0.99, c.describe());
    }

    Grid smoothGrid(int width, int height, unsigned seed)
    {
        Grid g = makeGrid(width, height);
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> noise(-20, 20);
        for (int row = 0; row < height; ++row)
            for (int col = 0; col < width; ++col)
                g.at(col, row) = 500 + 250 * std::sin(col / 9.0) * std::cos(row / 7.0) + 3 * col + noise(rng);
        return g;
    }

    /// Integer values with nodata holes: a scatter of single cells and a block.
    Grid holesGrid()
    {
        Grid g = smoothGrid(50, 40, 11);
        g.nodata = -9999;
        for (int row = 0; row < g.height; ++row)
            for (int col = 0; col < g.width; ++col) {
                g.at(col, row) = std::round(g.at(col, row));
                if ((col * 7 + row * 3) % 11 == 0 || (col >= 30 && col < 38 && row >= 5 && row < 20))
                    g.at(col, row) = -9999;
            }
        return g;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* t : {"gdal_translate", "gdaldem", "gdalwarp", "gdalinfo", "gdal_create", "gdaladdo"})
            QVERIFY2(gis::test::haveTool(t), t);
        QVERIFY2(QFile::exists(kDem), "data/nizwa_dem.tif missing: run data/generate_dem.py");
    }

    void openDescribesTheRaster()
    {
        const auto dem = RasterSource::open(kDem.toStdString());
        QCOMPARE(dem->path(), kDem.toStdString());
        QCOMPARE(dem->info().dataType, std::string("Int16"));
        QCOMPARE(dem->info().crs.authorityCode(), std::string("EPSG:32640"));
        QVERIFY(dem->info().nodata.at(0).has_value());
        QCOMPARE(*dem->info().nodata[0], -32768.0);
        QVERIFY(dem->info().overviews >= 2);
    }

    // (1) Horn's shading against gdaldem on the same DEM window, at the DEM's own CRS and resolution.
    void hillshadeMatchesGdaldem_data()
    {
        QTest::addColumn<double>("azimuth");
        QTest::addColumn<double>("altitude");
        QTest::addColumn<double>("zFactor");
        QTest::addColumn<QRect>("window"); // in DEM cells
        QTest::newRow("north-west light, mountains") << 315.0 << 45.0 << 1.0 << QRect(250, 40, 200, 160);
        QTest::newRow("low south-east light, exaggerated") << 135.0 << 25.0 << 2.5 << QRect(100, 100, 180, 120);
        QTest::newRow("high east light, plain and wadis") << 90.0 << 60.0 << 1.0 << QRect(300, 300, 150, 150);
        QTest::newRow("window on the DEM's corner") << 315.0 << 45.0 << 1.0 << QRect(0, 0, 120, 100);
    }

    void hillshadeMatchesGdaldem()
    {
        QFETCH(double, azimuth);
        QFETCH(double, altitude);
        QFETCH(double, zFactor);
        QFETCH(QRect, window);
        const auto dem = RasterSource::open(kDem.toStdString());
        const auto& gt = dem->info().geoTransform;
        const Box extent(gt[0] + window.left() * gt[1], gt[3] + (window.top() + window.height()) * gt[5],
            gt[0] + (window.left() + window.width()) * gt[1], gt[3] + window.top() * gt[5]);
        RasterStyle style = styleOf(RasterStyle::Mode::Hillshade);
        style.azimuth = azimuth;
        style.altitude = altitude;
        style.zFactor = zFactor;
        const QImage ours = drawRaster(*dem, extent, dem->info().crs, window.size(), style);
        QCOMPARE(ours.size(), window.size());
        QCOMPARE(ours.format(), QImage::Format_ARGB32_Premultiplied);

        const QString shaded = path("hillshade.tif");
        QVERIFY(tool("gdaldem", {"hillshade", "-q", "-compute_edges", "-az", QString::number(azimuth), "-alt",
                                    QString::number(altitude), "-z", QString::number(zFactor), kDem, shaded}));
        const QImage oracle = gdalImage(shaded,
            {"-srcwin", QString::number(window.left()), QString::number(window.top()), QString::number(window.width()),
                QString::number(window.height())},
            "hillshade");
        QCOMPARE(oracle.size(), window.size());
        const Comparison c = compareGrey(ours, oracle, 2, QRect(QPoint(1, 1), window.size() - QSize(2, 2)));
        QVERIFY2(c.fraction() >= 0.99, c.describe());
        // The window's own edges too: the extra pixel fetched around it gives them their true neighbours.
        const Comparison edges = compareGrey(ours, oracle, 2, ours.rect());
        QVERIFY2(edges.fraction() >= 0.99, edges.describe());
        // Every pixel is drawn, the DEM's own edges included (extrapolated as gdaldem -compute_edges does).
        for (int y = 0; y < ours.height(); ++y)
            for (int x = 0; x < ours.width(); ++x)
                QVERIFY(qAlpha(ours.pixel(x, y)) == 255);
    }

    // A relief that ends fades in from its edge (RasterStyle::fadeEdges, issue 17: the sample's DEM was a hard-edged
    // rectangle): transparent beyond the DEM, nearly so just inside its edge, as without the fade in its middle;
    // tiles drawn separately join, the fade reaching across a tile's edge.
    void fadedEdges()
    {
        const auto dem = RasterSource::open(kDem.toStdString());
        const Crs crs = dem->info().crs;
        const Box d = dem->info().extent; // oracle for where the DEM ends: GDAL's geotransform
        const Box view(d.minX - d.width() * 0.25, d.minY - d.height() * 0.25, d.maxX + d.width() * 0.25,
            d.maxY + d.height() * 0.25);
        const QSize size(300, int(std::lround(300 * view.height() / view.width())));
        RasterStyle style = styleOf(RasterStyle::Mode::Hillshade);
        const QImage hard = drawRaster(*dem, view, crs, size, style).convertToFormat(QImage::Format_ARGB32);
        style.fadeEdges = 0.15;
        const QImage faded = drawRaster(*dem, view, crs, size, style).convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(faded.size(), size);
        const double pixel = view.width() / size.width();
        const auto px = [&](double x, double y) { return QPoint(int((x - view.minX) / pixel), int((view.maxY - y) / pixel)); };
        const QPoint centre = px(d.center().x, d.center().y);
        const double fade = 0.15 * std::min(d.width(), d.height()) / pixel; // pixels
        for (const QPoint& edge : {px(d.minX, d.center().y) + QPoint(1, 0), px(d.maxX, d.center().y) - QPoint(2, 0),
                 px(d.center().x, d.maxY) + QPoint(0, 1), px(d.center().x, d.minY) - QPoint(0, 2)}) {
            QCOMPARE(qAlpha(hard.pixel(edge)), 255); // without the fade: the hard edge
            QVERIFY2(qAlpha(faded.pixel(edge)) < 40, QByteArray::number(qAlpha(faded.pixel(edge))));
        }
        for (const QPoint& outside : {px(d.minX, d.center().y) - QPoint(3, 0), px(d.center().x, d.maxY) - QPoint(0, 3)})
            QCOMPARE(qAlpha(faded.pixel(outside)), 0);
        QCOMPARE(faded.pixel(centre), hard.pixel(centre));
        const QPoint half = px(d.minX, d.center().y) + QPoint(int(fade / 2), 0);
        QVERIFY2(qAlpha(faded.pixel(half)) > 60 && qAlpha(faded.pixel(half)) < 200, QByteArray::number(qAlpha(faded.pixel(half))));

        // Two tiles split inside the fade of the left edge join into the whole.
        const int split = px(d.minX, 0).x() + int(fade / 3);
        const Box left(view.minX, view.minY, view.minX + split * pixel, view.maxY);
        const Box right(left.maxX, view.minY, view.maxX, view.maxY);
        QImage joined(size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&joined);
            painter.setCompositionMode(QPainter::CompositionMode_Source);
            painter.drawImage(0, 0, drawRaster(*dem, left, crs, QSize(split, size.height()), style));
            painter.drawImage(split, 0, drawRaster(*dem, right, crs, QSize(size.width() - split, size.height()), style));
        }
        const Comparison c = compareColour(faded, joined.convertToFormat(QImage::Format_ARGB32), 2);
        QVERIFY2(c.fraction() >= 0.99, c.describe());
    }

    // RasterStyle::clearBelow: a value whose magnitude is under it is transparent, the others drawn as without it
    // (a DSM difference shown only where the ground changed). Oracle: the values written, pixel for pixel.
    void clearBelowIsTransparent()
    {
        Grid g;
        g.width = 40;
        g.height = 20;
        g.values.resize(std::size_t(g.width) * g.height);
        for (int row = 0; row < g.height; ++row)
            for (int col = 0; col < g.width; ++col)
                g.at(col, row) = (col - 19.5) * 0.1 + (row % 2) * 0.01; // -1.95 .. 2.06, none exactly on 0.5
        const QString file = writeGeoTiff(g, "signed", "Float32");
        QVERIFY(!file.isEmpty());
        const auto source = RasterSource::open(file.toStdString());
        RasterStyle style = signedChangeRasterStyle(2, 0.5);
        QCOMPARE(style.clearBelow, 0.5);
        const QSize size(g.width, g.height);
        const QImage cleared = drawRaster(*source, g.extent(), source->info().crs, size, style).convertToFormat(QImage::Format_ARGB32);
        style.clearBelow = 0;
        const QImage whole = drawRaster(*source, g.extent(), source->info().crs, size, style).convertToFormat(QImage::Format_ARGB32);
        int clear = 0;
        for (int row = 0; row < g.height; ++row)
            for (int col = 0; col < g.width; ++col) {
                const QRgb c = cleared.pixel(col, row), w = whole.pixel(col, row);
                QCOMPARE(qAlpha(w), 255);
                if (std::abs(g.at(col, row)) < 0.5) {
                    QCOMPARE(qAlpha(c), 0);
                    ++clear;
                } else {
                    QCOMPARE(c, w);
                }
            }
        QCOMPARE(clear, 10 * g.height); // columns 15..24: |v| < 0.5
        // The ends: lowered red, raised blue (RdBu), as the change polygons.
        QVERIFY(qRed(whole.pixel(0, 0)) > qBlue(whole.pixel(0, 0)));
        QVERIFY(qBlue(whole.pixel(g.width - 1, 0)) > qRed(whole.pixel(g.width - 1, 0)));
    }

    // A pan reuses the last view (RasterDrawOptions::reuseFrames): the overlap is moved and only the strips that
    // came into view are drawn. Oracle: the same view drawn whole (reuseFrames off), every channel within one level
    // (an average rounding the other way), nearly all exact; the moved view reads fewer tiles than the whole one.
    // Not reused: a shift by half a pixel, another pixel size, another style.
    void panReusesThePreviousView_data()
    {
        QTest::addColumn<int>("mode");
        QTest::newRow("single band (averages)") << int(RasterStyle::Mode::SingleBand);
        QTest::newRow("hillshade (a border of neighbours)") << int(RasterStyle::Mode::Hillshade);
    }

    void panReusesThePreviousView()
    {
        QFETCH(int, mode);
        const QString file = writeGeoTiff(smoothGrid(900, 700, 5), "pan", "Float32");
        QVERIFY(!file.isEmpty());
        const auto source = RasterSource::open(file.toStdString());
        const Crs crs = source->info().crs;
        RasterStyle style = styleOf(RasterStyle::Mode(mode));
        style.ramp = "Viridis";
        const QSize size(240, 160);
        const double px = 137; // map units per pixel; cells are 90: averages of two or three cells per axis
        const Box full = source->info().extent;
        const auto view = [&](double dx, double dy) {
            const double x0 = full.minX + 20 * px + dx * px, y1 = full.maxY - 15 * px - dy * px;
            return Box(x0, y1 - size.height() * px, x0 + size.width() * px, y1);
        };
        RasterDrawOptions whole;
        whole.reuseFrames = false;
        RasterTileStats first, moved, fresh;
        drawRaster(*source, view(0, 0), crs, size, style, {}, {}, &first);
        QVERIFY(first.tiles > 0);
        RasterDrawOptions onlyCached;
        onlyCached.cachedOnly = true;
        QPoint at;
        for (const QPoint step : {QPoint(37, 23), QPoint(-61, 5), QPoint(0, -40)}) {
            at += step;
            const QImage reused = drawRaster(*source, view(at.x(), at.y()), crs, size, style, {}, {}, &moved);
            const QImage oracle = drawRaster(*source, view(at.x(), at.y()), crs, size, style, {}, whole, &fresh);
            const Comparison within = compareColour(reused, oracle, 1);
            QVERIFY2(within.within == within.total, within.describe());
            const Comparison exact = compareColour(reused, oracle, 0);
            QVERIFY2(exact.fraction() >= 0.999, exact.describe());
        }
        // The overlap really is the last view's: with no tile cached, a cached-only draw of the view moved by 10
        // pixels still has every pixel it shares with the last view (the strips that came into view are missing).
        gis::RasterTileCache::shared().clear();
        at += QPoint(10, 10);
        const QImage cachedOnly = drawRaster(*source, view(at.x(), at.y()), crs, size, style, {}, onlyCached, &moved);
        QVERIFY(moved.missing > 0);
        int opaque = 0;
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x)
                opaque += qAlpha(cachedOnly.pixel(x, y)) > 0;
        QCOMPARE(opaque, (size.width() - 10) * (size.height() - 10));
        RasterTileStats none;
        const QImage nothing = drawRaster(*source, view(at.x(), at.y()), crs, size, style, {}, [] {
            RasterDrawOptions o;
            o.cachedOnly = true;
            o.reuseFrames = false;
            return o;
        }(), &none);
        QCOMPARE(none.missing, none.tiles); // drawn whole from an empty cache: nothing

        // Another view of the same raster (a side-by-side view at another scale) is still kept after many pan steps
        // of the first: a moved view replaces the one it came from.
        const QSize small(120, 90);
        const Box side(full.minX + 3000, full.maxY - 3000 - small.height() * 211.0, full.minX + 3000 + small.width() * 211.0,
            full.maxY - 3000);
        drawRaster(*source, side, crs, small, style);
        for (int k = 1; k <= 5; ++k)
            drawRaster(*source, view(at.x() + 3 * k, at.y()), crs, size, style);
        gis::RasterTileCache::shared().clear();
        const Box sideMoved(side.minX + 4 * 211.0, side.minY, side.maxX + 4 * 211.0, side.maxY);
        const QImage sideAgain = drawRaster(*source, sideMoved, crs, small, style, {}, onlyCached, &moved);
        int kept = 0;
        for (int y = 0; y < small.height(); ++y)
            for (int x = 0; x < small.width(); ++x)
                kept += qAlpha(sideAgain.pixel(x, y)) > 0;
        QCOMPARE(kept, (small.width() - 4) * small.height());
        // Half a pixel, another pixel size, another style: drawn whole (the same tiles as the oracle's).
        drawRaster(*source, view(0, 0), crs, size, style, {}, {}, &first);
        drawRaster(*source, view(0.5, 0), crs, size, style, {}, {}, &moved);
        drawRaster(*source, view(0.5, 0), crs, size, style, {}, whole, &fresh);
        QCOMPARE(moved.cached + moved.read, fresh.cached + fresh.read);
        drawRaster(*source, view(0, 0), crs, size + QSize(10, 10), style, {}, {}, &moved);
        drawRaster(*source, view(0, 0), crs, size + QSize(10, 10), style, {}, whole, &fresh);
        QCOMPARE(moved.cached + moved.read, fresh.cached + fresh.read);
        RasterStyle other = style;
        other.ramp = "Greys";
        other.hypsometricTint = true;
        const QImage restyled = drawRaster(*source, view(0.5, 0), crs, size, other);
        const QImage restyledOracle = drawRaster(*source, view(0.5, 0), crs, size, other, {}, whole);
        QCOMPARE(compareColour(restyled, restyledOracle, 0).fraction(), 1.0);
        QVERIFY(compareColour(restyled, drawRaster(*source, view(0.5, 0), crs, size, style, {}, whole), 0).fraction() < 0.5);
    }

    // Map tiles drawn separately join without a seam: each fetches a pixel beyond its edges.
    void hillshadeTilesJoin_data()
    {
        QTest::addColumn<bool>("lonLat");
        QTest::newRow("in the DEM's CRS") << false;
        QTest::newRow("warped to EPSG:4326") << true;
    }

    void hillshadeTilesJoin()
    {
        QFETCH(bool, lonLat);
        const auto dem = RasterSource::open(kDem.toStdString());
        const Crs crs = lonLat ? Crs::fromEpsg(4326) : dem->info().crs;
        const Box whole = lonLat ? Box(57.45, 23.0, 57.65, 23.15) : Box(550000, 2545000, 568000, 2559400);
        const QSize size(160, 120);
        const Box left(whole.minX, whole.minY, whole.center().x, whole.maxY);
        const Box right(whole.center().x, whole.minY, whole.maxX, whole.maxY);
        RasterStyle style = styleOf(RasterStyle::Mode::Hillshade);
        const QImage one = drawRaster(*dem, whole, crs, size, style);
        QImage joined(size, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&joined);
        painter.setCompositionMode(QPainter::CompositionMode_Source);
        painter.drawImage(0, 0, drawRaster(*dem, left, crs, QSize(size.width() / 2, size.height()), style));
        painter.drawImage(size.width() / 2, 0, drawRaster(*dem, right, crs, QSize(size.width() / 2, size.height()), style));
        painter.end();
        const Comparison c = compareColour(one, joined, lonLat ? 2 : 0);
        QVERIFY2(c.fraction() >= (lonLat ? 0.99 : 1.0), c.describe());
        const Comparison seam = compareColour(one.copy(size.width() / 2 - 1, 0, 2, size.height()),
            joined.copy(size.width() / 2 - 1, 0, 2, size.height()), 2);
        QVERIFY2(seam.fraction() >= 0.98, seam.describe());
    }

    // (1b) A plane tilted by a known slope in a geographic CRS: degrees must be converted to metres at the
    // latitude. The expected shade is Lambert's cosine between the plane's normal and the light.
    void hillshadeOfAPlaneInDegrees()
    {
        const double lat = 23.0;
        // Metres per degree of longitude: the WGS 84 prime vertical radius of curvature times cos(latitude).
        const double phi = lat * std::numbers::pi / 180;
        const double e2 = 0.00669437999014;
        const double metresPerDegreeLon = 6378137.0 / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi))
            * std::cos(phi) * std::numbers::pi / 180;
        const double rise = 0.4; // metres per metre, eastwards
        Grid g = makeGrid(40, 30);
        g.cell = 0.001;
        g.x0 = 57.5;
        g.y1 = lat + 0.015;
        for (int row = 0; row < g.height; ++row)
            for (int col = 0; col < g.width; ++col)
                g.at(col, row) = 1000 + rise * (col * g.cell) * metresPerDegreeLon;
        const QString file = writeGeoTiff(g, "plane", "Float32", "EPSG:4326");
        QVERIFY(!file.isEmpty());
        const auto plane = RasterSource::open(file.toStdString());
        const QImage ours = drawRaster(*plane, g.extent(), Crs::fromEpsg(4326), QSize(g.width, g.height),
            styleOf(RasterStyle::Mode::Hillshade));
        // Light from the north-west at 45 degrees: sun (east, north, up) = (-cos45 sin45, cos45 cos45, sin45).
        const double s = std::sqrt(0.5);
        const double cosIncidence = (rise * s * s + s) / std::sqrt(1 + rise * rise);
        const int expected = static_cast<int>(std::lround(1 + 254 * cosIncidence));
        for (int y = 0; y < ours.height(); ++y)
            for (int x = 0; x < ours.width(); ++x)
                QVERIFY2(std::abs(qRed(ours.pixel(x, y)) - expected) <= 1,
                    qPrintable(QString("pixel %1,%2: %3, expected %4").arg(x).arg(y).arg(qRed(ours.pixel(x, y))).arg(expected)));
    }

    // (2) One band through Greys, each stretch, against gdal_translate -scale lo hi 0 255 -ot Byte.
    void singleBandStretchMatchesGdalTranslate_data()
    {
        QTest::addColumn<int>("stretch");
        QTest::newRow("min-max") << int(RasterStyle::Stretch::MinMax);
        QTest::newRow("percent 2-98") << int(RasterStyle::Stretch::Percent);
        QTest::newRow("mean +- 2 sigma") << int(RasterStyle::Stretch::StdDev);
        QTest::newRow("manual 300-700") << int(RasterStyle::Stretch::Manual);
    }

    void singleBandStretchMatchesGdalTranslate()
    {
        QFETCH(int, stretch);
        const Grid g = smoothGrid(60, 40, 7);
        const QString file = writeGeoTiff(g, "stretch", "Float32");
        QVERIFY(!file.isEmpty());
        RasterStyle style = styleOf(RasterStyle::Mode::SingleBand, RasterStyle::Stretch(stretch));
        style.ramp = "Greys";
        style.min = 300;
        style.max = 700;

        // The oracle's range: gdalinfo's exact statistics, or the percentiles of the values written.
        QFile::remove(path("stretch-oracle.tif"));
        QFile::remove(path("stretch-oracle.tif.aux.xml"));
        QVERIFY(QFile::copy(file, path("stretch-oracle.tif")));
        const auto info = runTool("gdalinfo", {"-json", "-stats", "-mm", path("stretch-oracle.tif")});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject band = QJsonDocument::fromJson(info.out).object()["bands"].toArray()[0].toObject();
        std::vector<double> sorted = g.values;
        std::sort(sorted.begin(), sorted.end());
        const auto rank = [&](double p) { return sorted[static_cast<std::size_t>(std::lround(p * (sorted.size() - 1)))]; };
        double lo = 0, hi = 0;
        switch (RasterStyle::Stretch(stretch)) {
        case RasterStyle::Stretch::MinMax: lo = band["computedMin"].toDouble(); hi = band["computedMax"].toDouble(); break;
        case RasterStyle::Stretch::Percent: lo = rank(0.02); hi = rank(0.98); break;
        case RasterStyle::Stretch::StdDev:
            lo = band["mean"].toDouble() - 2 * band["stdDev"].toDouble();
            hi = band["mean"].toDouble() + 2 * band["stdDev"].toDouble();
            break;
        case RasterStyle::Stretch::Manual: lo = 300; hi = 700; break;
        }
        QVERIFY(hi > lo);
        const QImage oracle = gdalImage(file,
            {"-ot", "Byte", "-scale", QString::number(lo, 'g', 17), QString::number(hi, 'g', 17), "0", "255"}, "stretch");
        const auto source = RasterSource::open(file.toStdString());
        const QImage ours = drawRaster(*source, g.extent(), source->info().crs, QSize(g.width, g.height), style);
        const Comparison c = compareGrey(ours, oracle, 1, ours.rect());
        QVERIFY2(c.within == c.total, c.describe());
    }

    // (3) Nodata is transparent exactly where the source has nodata, at 1:1 and enlarged 3 times.
    void nodataIsTransparent_data()
    {
        QTest::addColumn<int>("zoom");
        QTest::newRow("1:1") << 1;
        QTest::newRow("enlarged 3x") << 3;
    }

    void nodataIsTransparent()
    {
        QFETCH(int, zoom);
        const Grid g = holesGrid();
        const QString file = writeGeoTiff(g, "holes", "Int16");
        QVERIFY(!file.isEmpty());
        const QImage mask = gdalImage(file, {"-b", "mask"}, "holes-mask");
        QCOMPARE(mask.size(), QSize(g.width, g.height));

        const auto source = RasterSource::open(file.toStdString());
        const QImage ours = drawRaster(*source, g.extent(), source->info().crs, QSize(g.width, g.height) * zoom,
            styleOf(RasterStyle::Mode::SingleBand));
        int holes = 0;
        for (int y = 0; y < ours.height(); ++y)
            for (int x = 0; x < ours.width(); ++x) {
                const bool valid = qGray(mask.pixel(x / zoom, y / zoom)) != 0;
                holes += !valid;
                QVERIFY2(qAlpha(ours.pixel(x, y)) == (valid ? 255 : 0), qPrintable(QString("pixel %1,%2").arg(x).arg(y)));
            }
        QVERIFY(holes > 100 * zoom * zoom);

        // Outside the raster is transparent too: the same raster shifted half out of the view.
        Box shifted = g.extent();
        shifted.minX += g.width * g.cell / 2;
        shifted.maxX += g.width * g.cell / 2;
        const QImage half = drawRaster(*source, shifted, source->info().crs, QSize(g.width, g.height),
            styleOf(RasterStyle::Mode::SingleBand));
        for (int y = 0; y < half.height(); ++y)
            for (int x = g.width / 2; x < g.width; ++x)
                QCOMPARE(qAlpha(half.pixel(x, y)), 0);
    }

    // Shrunk 2x, a pixel shows the mean of the valid cells under it (brute force here) and is drawn when any
    // cell under it is valid (GDAL's nodata mask, read at the same resolution): nodata never leaks into colours.
    void nodataWhenShrinking()
    {
        const Grid g = holesGrid();
        const QString file = writeGeoTiff(g, "holes-shrunk", "Int16");
        QVERIFY(!file.isEmpty());
        double lo = 1e9, hi = -1e9;
        for (double v : g.values)
            if (v != *g.nodata) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        const auto source = RasterSource::open(file.toStdString());
        const QImage ours = drawRaster(*source, g.extent(), source->info().crs, QSize(g.width / 2, g.height / 2),
            styleOf(RasterStyle::Mode::SingleBand, RasterStyle::Stretch::MinMax)).convertToFormat(QImage::Format_ARGB32);
        int partial = 0;
        Grid copy = g;
        for (int y = 0; y < ours.height(); ++y)
            for (int x = 0; x < ours.width(); ++x) {
                double sum = 0;
                int valid = 0;
                for (int dy = 0; dy < 2; ++dy)
                    for (int dx = 0; dx < 2; ++dx)
                        if (const double v = copy.at(2 * x + dx, 2 * y + dy); v != *g.nodata) {
                            sum += v;
                            ++valid;
                        }
                const QRgb p = ours.pixel(x, y);
                const QString where = QString("pixel %1,%2: alpha %3, grey %4, %5 valid cells").arg(x).arg(y)
                                          .arg(qAlpha(p)).arg(qRed(p)).arg(valid);
                QVERIFY2(qAlpha(p) == (valid ? 255 : 0), qPrintable(where));
                if (valid == 0)
                    continue;
                partial += valid < 4;
                const double grey = (sum / valid - lo) / (hi - lo) * 255;
                QVERIFY2(std::abs(qRed(p) - grey) <= 1, qPrintable(where));
            }
        QVERIFY(partial > 50);
    }

    // (4) RGB(A) GeoTIFFs made from PNGs come back with the same colours.
    void rgbKeepsColours_data()
    {
        QTest::addColumn<bool>("withAlpha");
        QTest::addColumn<int>("mode");
        QTest::addColumn<QList<int>>("bands");
        QTest::newRow("RGB, auto") << false << int(RasterStyle::Mode::Auto) << QList<int>{1, 2, 3};
        QTest::newRow("RGBA, auto") << true << int(RasterStyle::Mode::Auto) << QList<int>{1, 2, 3};
        QTest::newRow("RGB as BGR") << false << int(RasterStyle::Mode::Rgb) << QList<int>{3, 2, 1};
    }

    void rgbKeepsColours()
    {
        QFETCH(bool, withAlpha);
        QFETCH(int, mode);
        QFETCH(QList<int>, bands);
        QImage picture(64, 48, withAlpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                picture.setPixel(x, y, qRgba(x * 4, y * 5, (x * y) % 256, withAlpha && (x + y) % 5 == 0 ? 0 : 255));
        const QString png = path("picture.png");
        QVERIFY(picture.save(png));
        const QString tif = path(withAlpha ? "picture-rgba.tif" : "picture-rgb.tif");
        const Box extent(550000, 2530000, 550000 + 64 * 30.0, 2530000 + 48 * 30.0);
        QVERIFY(tool("gdal_translate", {"-q", "-a_srs", "EPSG:32640", "-a_ullr", QString::number(extent.minX),
                                           QString::number(extent.maxY), QString::number(extent.maxX),
                                           QString::number(extent.minY), png, tif}));
        const auto source = RasterSource::open(tif.toStdString());
        QCOMPARE(source->info().bands, withAlpha ? 4 : 3);
        RasterStyle style = styleOf(RasterStyle::Mode(mode));
        style.rgbBands = std::vector<int>(bands.begin(), bands.end());
        const QImage ours = drawRaster(*source, extent, source->info().crs, picture.size(), style);
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x) {
                const QRgb want = picture.pixel(x, y);
                const QRgb got = ours.pixel(x, y);
                const int channel[3] = {qRed(want), qGreen(want), qBlue(want)};
                QCOMPARE(qAlpha(got), qAlpha(want));
                if (qAlpha(want) == 0)
                    continue;
                QCOMPARE(qRed(got), channel[bands[0] - 1]);
                QCOMPARE(qGreen(got), channel[bands[1] - 1]);
                QCOMPARE(qBlue(got), channel[bands[2] - 1]);
            }
    }

    // RGB(A) warped to lon/lat (nearest, alpha carried; a band subset when the bands are reordered) against
    // gdalwarp -r near -dstalpha.
    void rgbReprojectedMatchesGdalwarp_data()
    {
        QTest::addColumn<bool>("withAlpha");
        QTest::addColumn<bool>("swapped");
        QTest::newRow("RGB") << false << false;
        QTest::newRow("RGBA") << true << false;
        QTest::newRow("RGBA drawn as BGR") << true << true;
    }

    void rgbReprojectedMatchesGdalwarp()
    {
        QFETCH(bool, withAlpha);
        QFETCH(bool, swapped);
        QImage picture(64, 48, withAlpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                picture.setPixel(x, y, qRgba(x * 4, y * 5, (x / 4 + y / 4) % 2 ? 220 : 20, withAlpha && x < 16 && y < 16 ? 0 : 255));
        const QString name = withAlpha ? "warp-rgba" : "warp-rgb";
        QVERIFY(picture.save(path(name + ".png")));
        QVERIFY(tool("gdal_translate", {"-q", "-a_srs", "EPSG:32640", "-a_ullr", "550000", "2531440", "551920", "2530000",
                                           path(name + ".png"), path(name + ".tif")}));
        const auto source = RasterSource::open(path(name + ".tif").toStdString());
        const Crs wgs84 = Crs::fromEpsg(4326);
        const Box extent = Transformer(source->info().crs, wgs84).transformBox(source->info().extent);
        const QSize size(80, 64);
        RasterStyle style = styleOf(swapped ? RasterStyle::Mode::Rgb : RasterStyle::Mode::Auto);
        style.rgbBands = swapped ? std::vector<int>{3, 2, 1} : std::vector<int>{1, 2, 3};
        const QImage ours = drawRaster(*source, extent, wgs84, size, style);

        QVERIFY(tool("gdalwarp", {"-q", "-overwrite", "-t_srs", "EPSG:4326", "-r", "near", "-dstalpha", "-te",
                                     QString::number(extent.minX, 'g', 17), QString::number(extent.minY, 'g', 17),
                                     QString::number(extent.maxX, 'g', 17), QString::number(extent.maxY, 'g', 17),
                                     "-ts", QString::number(size.width()), QString::number(size.height()),
                                     path(name + ".tif"), path(name + "-warped.tif")}));
        QImage oracle = gdalImage(path(name + "-warped.tif"), {}, name + "-warped").convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(oracle.size(), size);
        if (swapped)
            oracle = oracle.rgbSwapped();
        const Comparison c = compareColour(ours, oracle, 0);
        QVERIFY2(c.fraction() >= 0.98, c.describe());
    }

    // (5) A raster in UTM 40N drawn on a lon/lat map: a single bright cell lands where PROJ puts it, and the
    // whole image agrees with gdalwarp's.
    void reprojectionPutsCellsWherePROJSays()
    {
        Grid spot = makeGrid(120, 100);
        const int spotCol = 83;
        const int spotRow = 37;
        spot.at(spotCol, spotRow) = 1000;
        const QString file = writeGeoTiff(spot, "spot", "Float32");
        QVERIFY(!file.isEmpty());
        const auto source = RasterSource::open(file.toStdString());
        const Crs wgs84 = Crs::fromEpsg(4326);
        Transformer toMap(source->info().crs, wgs84);
        const Box extent = toMap.transformBox(spot.extent());
        const QSize size(160, 130);
        RasterStyle style = styleOf(RasterStyle::Mode::SingleBand, RasterStyle::Stretch::Manual);
        style.min = 0;
        style.max = 1000;
        const QImage ours = drawRaster(*source, extent, wgs84, size, style);
        QCOMPARE(ours.size(), size);

        double sum = 0, sx = 0, sy = 0;
        for (int y = 0; y < ours.height(); ++y)
            for (int x = 0; x < ours.width(); ++x) {
                const double v = qRed(ours.pixel(x, y));
                sum += v;
                sx += v * (x + 0.5);
                sy += v * (y + 0.5);
            }
        QVERIFY(sum > 0);
        const Coord centre = toMap.transform(
            Coord{spot.x0 + (spotCol + 0.5) * spot.cell, spot.y1 - (spotRow + 0.5) * spot.cell});
        const double px = (centre.x - extent.minX) / extent.width() * size.width();
        const double py = (extent.maxY - centre.y) / extent.height() * size.height();
        QVERIFY2(std::hypot(sx / sum - px, sy / sum - py) < 1.0,
            qPrintable(QString("bright cell at %1,%2, PROJ says %3,%4").arg(sx / sum).arg(sy / sum).arg(px).arg(py)));

        // The whole picture against gdalwarp with the same target grid and resampling.
        Grid smooth = smoothGrid(120, 100, 5);
        for (double& v : smooth.values)
            v = std::clamp((v - 100) / 4, 0.0, 255.0);
        const QString smoothFile = writeGeoTiff(smooth, "smooth", "Float32");
        QVERIFY(tool("gdalwarp", {"-q", "-overwrite", "-t_srs", "EPSG:4326", "-r", "bilinear", "-dstalpha", "-te",
                                     QString::number(extent.minX, 'g', 17), QString::number(extent.minY, 'g', 17),
                                     QString::number(extent.maxX, 'g', 17), QString::number(extent.maxY, 'g', 17),
                                     "-ts", QString::number(size.width()), QString::number(size.height()), smoothFile,
                                     path("warped.tif")}));
        const QImage value = gdalImage(path("warped.tif"), {"-b", "1", "-ot", "Byte"}, "warped-value");
        const QImage alpha = gdalImage(path("warped.tif"), {"-b", "2", "-ot", "Byte"}, "warped-alpha");
        const auto smoothSource = RasterSource::open(smoothFile.toStdString());
        style.max = 255;
        const QImage warped = drawRaster(*smoothSource, extent, wgs84, size, style);
        int agree = 0;
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x) {
                const QRgb p = warped.pixel(x, y);
                const bool covered = qGray(alpha.pixel(x, y)) > 0;
                agree += covered ? qAlpha(p) > 0 && std::abs(qRed(p) - qGray(value.pixel(x, y))) <= 2 : qAlpha(p) == 0;
            }
        QVERIFY2(agree >= 0.98 * size.width() * size.height(),
            qPrintable(QString("%1 of %2 pixels agree with gdalwarp").arg(agree).arg(size.width() * size.height())));
    }

    // (6) Overviews: built where GDAL can write them (inside a GeoTIFF, else an .ovr beside the file), seen by
    // gdalinfo and by RasterInfo, and read by a zoomed-out draw.
    void buildOverviewsCreatesThem_data()
    {
        QTest::addColumn<QStringList>("translate");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("external");
        QTest::newRow("GeoTIFF: inside the file") << QStringList{"-of", "GTiff"} << "dem-copy.tif" << false;
        QTest::newRow("ASCII grid: no internal overviews, .ovr") << QStringList{"-of", "AAIGrid"} << "dem-copy.asc" << true;
        QTest::newRow("PNG: driver cannot update, opened read-only, .ovr")
            << QStringList{"-of", "PNG", "-ot", "Byte", "-scale", "-a_nodata", "none"} << "dem-copy.png" << true;
    }

    void buildOverviewsCreatesThem()
    {
        QFETCH(QStringList, translate);
        QFETCH(QString, name);
        QFETCH(bool, external);
        const QString copy = path(name);
        QFile::remove(copy + ".ovr");
        QVERIFY(tool("gdal_translate", QStringList{"-q"} << translate << kDem << copy)); // overviews are not copied
        QCOMPARE(RasterSource::open(copy.toStdString())->info().overviews, 0);

        RasterSource::open(copy.toStdString())->buildOverviews();
        QCOMPARE(QFile::exists(copy + ".ovr"), external);
        const auto info = runTool("gdalinfo", {copy});
        QVERIFY2(info.out.contains("Overviews: 344x310, 172x155"), info.out.constData());
        const auto reopened = RasterSource::open(copy.toStdString());
        QCOMPARE(reopened->info().overviews, 2);
        reopened->buildOverviews(); // nothing missing: a no-op
        QCOMPARE(RasterSource::open(copy.toStdString())->info().overviews, 2);
    }

    void zoomedOutDrawReadsOverviews()
    {
        // Same picture with and without overviews...
        const QString plain = path("no-overviews.tif");
        const QString withOverviews = path("with-overviews.tif");
        QVERIFY(tool("gdal_translate", {"-q", kDem, plain}));
        QVERIFY(tool("gdal_translate", {"-q", kDem, withOverviews}));
        RasterSource::open(withOverviews.toStdString())->buildOverviews();
        const auto a = RasterSource::open(plain.toStdString());
        const auto b = RasterSource::open(withOverviews.toStdString());
        RasterStyle style = styleOf(RasterStyle::Mode::SingleBand, RasterStyle::Stretch::Manual);
        style.min = 400;
        style.max = 2800;
        const QSize quarter(172, 155);
        const Comparison c = compareColour(drawRaster(*a, a->info().extent, a->info().crs, quarter, style),
            drawRaster(*b, b->info().extent, b->info().crs, quarter, style), 3);
        QVERIFY2(c.fraction() >= 0.98, c.describe());

        // ...and proof that the overview is what is read: a tracer .ovr of a constant raster beside a copy.
        const QString traced = path("traced.tif");
        QVERIFY(tool("gdal_translate", {"-q", kDem, traced}));
        const QString constant = path("constant.tif");
        const auto& gt = a->info().geoTransform;
        QVERIFY(tool("gdal_create", {"-q", "-of", "GTiff", "-outsize", "687", "619", "-bands", "1", "-ot", "Int16",
                                        "-burn", "1600", "-a_srs", "EPSG:32640", "-a_ullr", QString::number(gt[0]),
                                        QString::number(gt[3]), QString::number(gt[0] + 687 * gt[1]),
                                        QString::number(gt[3] + 619 * gt[5]), constant}));
        QVERIFY(tool("gdaladdo", {"-q", "-ro", constant, "2", "4"}));
        QVERIFY(QFile::copy(constant + ".ovr", traced + ".ovr"));
        const auto t = RasterSource::open(traced.toStdString());
        const QImage zoomedOut = drawRaster(*t, t->info().extent, t->info().crs, quarter, style);
        const int tracer = static_cast<int>(std::lround((1600.0 - 400) / 2400 * 255));
        for (int y = 0; y < zoomedOut.height(); y += 7)
            for (int x = 0; x < zoomedOut.width(); x += 7)
                QVERIFY(std::abs(qRed(zoomedOut.pixel(x, y)) - tracer) <= 1);
        const QImage full = drawRaster(*t, t->info().extent, t->info().crs, QSize(687, 619), style);
        int unlike = 0;
        for (int y = 0; y < full.height(); y += 7)
            for (int x = 0; x < full.width(); x += 7)
                unlike += std::abs(qRed(full.pixel(x, y)) - tracer) > 5;
        QVERIFY(unlike > 1000);
    }

    // (7) Errors name the file; cancellation is reported as such.
    void errors()
    {
        const std::string missing = path("nowhere.tif").toStdString();
        try {
            RasterSource::open(missing);
            QFAIL("no error for a missing file");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
            QVERIFY2(std::string(e.what()).find(missing) != std::string::npos, e.what());
        }
        const QString text = path("notes.tif");
        gis::test::writeFile(text, "These are planning notes, not a GeoTIFF.\n");
        try {
            RasterSource::open(text.toStdString());
            QFAIL("no error for a text file");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Format);
            QVERIFY2(std::string(e.what()).find(text.toStdString()) != std::string::npos, e.what());
        }

        const auto dem = RasterSource::open(kDem.toStdString());
        RasterStyle style = styleOf(RasterStyle::Mode::SingleBand);
        style.band = 2;
        try {
            drawRaster(*dem, dem->info().extent, dem->info().crs, QSize(50, 50), style);
            QFAIL("no error for a band the raster lacks");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
        }
        for (auto mode : {RasterStyle::Mode::Auto, RasterStyle::Mode::Hillshade}) {
            CancellationToken cancel;
            cancel.cancel();
            try {
                drawRaster(*dem, dem->info().extent, Crs::fromEpsg(4326), QSize(300, 300), styleOf(mode), cancel);
                QFAIL("a cancelled draw finished");
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Cancelled);
            }
        }
    }

    // Draws share nothing but the statistics cache: many threads on one source give the single-thread picture.
    void concurrentDrawsAgree()
    {
        const auto dem = RasterSource::open(kDem.toStdString());
        const Crs wgs84 = Crs::fromEpsg(4326);
        const Box extent(57.4, 22.85, 57.7, 23.1);
        const RasterStyle style = styleOf(RasterStyle::Mode::Auto, RasterStyle::Stretch::Percent);
        std::vector<QImage> images(4);
        std::vector<std::string> failures(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < images.size(); ++i)
            threads.emplace_back([&, i] {
                try {
                    images[i] = drawRaster(*dem, extent, wgs84, QSize(120, 100), style);
                } catch (const std::exception& e) {
                    failures[i] = e.what();
                }
            });
        for (auto& t : threads)
            t.join();
        for (std::size_t i = 0; i < images.size(); ++i) {
            QVERIFY2(failures[i].empty(), failures[i].c_str());
            QCOMPARE(images[i], images[0]);
        }
    }

    // Reference images: the looks of the styles (the DEM is in UTM, the maps in lon/lat: warped).
    void referenceImages()
    {
        const auto dem = RasterSource::open(kDem.toStdString());
        const Crs wgs84 = Crs::fromEpsg(4326);
        const Box nizwa(57.33, 22.72, 57.87, 23.18);
        const Box mountains(57.40, 22.98, 57.72, 23.20); // Jebel Akhdar's southern flank above Nizwa

        RasterStyle ramp = styleOf(RasterStyle::Mode::SingleBand, RasterStyle::Stretch::Percent);
        ramp.ramp = "Terrain";
        checkReference(drawRaster(*dem, nizwa, wgs84, QSize(122, 104), ramp), "raster_singleband_terrain");

        RasterStyle shaded = styleOf(RasterStyle::Mode::Hillshade, RasterStyle::Stretch::MinMax);
        checkReference(drawRaster(*dem, mountains, wgs84, QSize(120, 82), shaded), "raster_hillshade");
        shaded.hypsometricTint = true;
        checkReference(drawRaster(*dem, mountains, wgs84, QSize(120, 82), shaded), "raster_hillshade_tint");

        QImage picture(48, 40, QImage::Format_RGB32);
        for (int y = 0; y < picture.height(); ++y)
            for (int x = 0; x < picture.width(); ++x)
                picture.setPixel(x, y, qRgb(40 + x * 4, 220 - y * 5, (x / 8 + y / 8) % 2 ? 200 : 30));
        QVERIFY(picture.save(path("reference-rgb.png")));
        QVERIFY(tool("gdal_translate", {"-q", "-a_srs", "EPSG:32640", "-a_ullr", "545000", "2545000", "560000",
                                           "2532500", path("reference-rgb.png"), path("reference-rgb.tif")}));
        const auto rgb = RasterSource::open(path("reference-rgb.tif").toStdString());
        checkReference(drawRaster(*rgb, Box(57.43, 22.88, 57.60, 23.02), wgs84, QSize(120, 100),
                           styleOf(RasterStyle::Mode::Auto)),
            "raster_rgb");
    }
};

QTEST_MAIN(TestRasterSource)
#include "tst_rastersource.moc"
