// Reading rasters without Qt Gui (gis::Raster). The oracles are GDAL's own tools: gdalinfo -json (-stats) for the
// description and the statistics, gdallocationinfo for single cells, gdal_translate -outsize for windows read at a
// reduced resolution (from the overviews), gdalwarp for windows in another CRS, and every valid value listed by
// gdal_translate -of AAIGrid for the percentiles. Run on data/nizwa_dem.tif and on a small generated GeoTIFF with
// nodata holes and overviews.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <thread>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/raster.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kDem = QStringLiteral(GIS_SOURCE_DIR "/data/nizwa_dem.tif");
constexpr double kNodata = -9999;

/// A band read back from a text grid that a GDAL tool wrote: values row-major, nodata as written.
struct TextGrid {
    int width = 0;
    int height = 0;
    std::optional<double> nodata;
    std::vector<double> values;
    double at(int col, int row) const { return values[static_cast<std::size_t>(row) * width + col]; }
};

/// Parses an Arc/Info ASCII grid (gdal_translate -of AAIGrid).
TextGrid parseAsciiGrid(const QByteArray& text)
{
    TextGrid g;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray& raw : lines) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> words = line.simplified().split(' ');
        const QByteArray key = words[0].toLower();
        if (key == "ncols")
            g.width = words[1].toInt();
        else if (key == "nrows")
            g.height = words[1].toInt();
        else if (key == "nodata_value")
            g.nodata = words[1].toDouble();
        else if (key == "xllcorner" || key == "yllcorner" || key == "cellsize" || key == "dx" || key == "dy"
            || key == "xllcenter" || key == "yllcenter")
            continue;
        else
            for (const QByteArray& w : words)
                g.values.push_back(w.toDouble());
    }
    return g;
}

QJsonObject gdalinfoJson(const QStringList& args)
{
    const auto r = gis::test::runTool("gdalinfo", QStringList{"-json"} << args);
    if (r.exitCode != 0)
        qWarning("gdalinfo failed: %s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

} // namespace

class TestRaster : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_holes; // small generated GeoTIFF: Int16, nodata holes, overviews 2 and 4

    QString path(const QString& name) const { return m_dir.filePath(name); }

    bool tool(const QString& program, const QStringList& args)
    {
        const auto r = gis::test::runTool(program, args);
        if (r.exitCode != 0 || r.crashed)
            qWarning("%s %s failed: %s", qPrintable(program), qPrintable(args.join(' ')), r.err.constData());
        return r.exitCode == 0 && !r.crashed;
    }

    /// Band 1 of `source` through gdal_translate (extra arguments first) as a text grid of exact float values.
    TextGrid translated(const QString& source, const QStringList& extra, const QString& name)
    {
        const QString asc = path(name + ".asc");
        if (!tool("gdal_translate", QStringList{"-q", "-of", "AAIGrid", "-co", "SIGNIFICANT_DIGITS=9"} << extra
                    << source << asc))
            return {};
        return parseAsciiGrid(gis::test::readFile(asc));
    }

    /// A copy of `source` in the test folder (gdalinfo -stats writes an .aux.xml beside what it reads).
    QString copyOf(const QString& source, const QString& name)
    {
        const QString copy = path(name);
        QFile::remove(copy);
        QFile::remove(copy + ".aux.xml");
        return QFile::copy(source, copy) ? copy : QString();
    }

    /// Both test rasters, for data-driven tests.
    void addRasters()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("nizwa_dem.tif") << kDem;
        QTest::newRow("generated, nodata and overviews") << m_holes;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* t : {"gdalinfo", "gdallocationinfo", "gdal_translate", "gdalwarp", "gdaladdo", "gdaldem", "gdaltransform"})
            QVERIFY2(gis::test::haveTool(t), t);
        QVERIFY2(QFile::exists(kDem), "data/nizwa_dem.tif missing: run data/generate_dem.py");

        // 300 x 200 cells of 30 m in UTM 40N: a smooth surface with a scatter of nodata cells and a nodata block.
        const int width = 300, height = 200;
        QByteArray text = "ncols 300\nnrows 200\nxllcorner 540000\nyllcorner 2520000\ncellsize 30\nNODATA_value -9999\n";
        for (int row = 0; row < height; ++row) {
            for (int col = 0; col < width; ++col) {
                const bool hole = (col * 7 + row * 3) % 23 == 0 || (col >= 200 && col < 240 && row >= 40 && row < 90);
                const double v = 800 + 300 * std::sin(col / 17.0) * std::cos(row / 13.0) + 2 * col - row;
                text += (hole ? QByteArray("-9999") : QByteArray::number(std::lround(v))) + ' ';
            }
            text += '\n';
        }
        gis::test::writeFile(path("holes.asc"), text);
        m_holes = path("holes.tif");
        QVERIFY(tool("gdal_translate", {"-q", "-ot", "Int16", "-a_srs", "EPSG:32640", "-a_nodata", "-9999", "-co",
                                           "TILED=YES", path("holes.asc"), m_holes}));
        QVERIFY(tool("gdaladdo", {"-q", "-r", "average", m_holes, "2", "4"}));
    }

    void describesLikeGdalinfo_data() { addRasters(); }
    void describesLikeGdalinfo()
    {
        QFETCH(QString, file);
        const QJsonObject info = gdalinfoJson({file});
        const Raster raster = Raster::open(file.toStdString());
        QCOMPARE(raster.path(), file.toStdString());
        QCOMPARE(raster.width(), info["size"].toArray()[0].toInt());
        QCOMPARE(raster.height(), info["size"].toArray()[1].toInt());
        const QJsonArray bands = info["bands"].toArray();
        QCOMPARE(raster.bandCount(), static_cast<int>(bands.size()));
        for (int b = 1; b <= raster.bandCount(); ++b) {
            const QJsonObject band = bands[b - 1].toObject();
            const RasterBand rb = raster.band(b);
            QCOMPARE(QString::fromStdString(rb.dataType), band["type"].toString());
            QCOMPARE(rb.nodata.has_value(), band.contains("noDataValue"));
            if (rb.nodata)
                QCOMPARE(*rb.nodata, band["noDataValue"].toDouble());
            QCOMPARE(rb.colorInterpretation, RasterColorInterpretation::Gray);
            QVERIFY(!rb.colorTable);
        }
        const QJsonArray overviews = bands[0].toObject()["overviews"].toArray();
        const std::vector<RasterOverview> ours = raster.overviews();
        QCOMPARE(ours.size(), static_cast<std::size_t>(overviews.size()));
        for (std::size_t i = 0; i < ours.size(); ++i) {
            QCOMPARE(ours[i].width, overviews[static_cast<int>(i)].toObject()["size"].toArray()[0].toInt());
            QCOMPARE(ours[i].height, overviews[static_cast<int>(i)].toObject()["size"].toArray()[1].toInt());
        }
        const auto gt = raster.geoTransform();
        QVERIFY(gt.has_value());
        for (int i = 0; i < 6; ++i)
            QCOMPARE((*gt)[static_cast<std::size_t>(i)], info["geoTransform"].toArray()[i].toDouble());
        const QJsonObject corners = info["cornerCoordinates"].toObject();
        const Box extent = raster.extent();
        QCOMPARE(extent.minX, corners["lowerLeft"].toArray()[0].toDouble());
        QCOMPARE(extent.minY, corners["lowerLeft"].toArray()[1].toDouble());
        QCOMPARE(extent.maxX, corners["upperRight"].toArray()[0].toDouble());
        QCOMPARE(extent.maxY, corners["upperRight"].toArray()[1].toDouble());
        const Crs theirs = Crs::fromUserInput(info["coordinateSystem"].toObject()["wkt"].toString().toStdString());
        QVERIFY(raster.crs().isEquivalentTo(theirs));
        QCOMPARE(raster.crs().authorityCode(), std::string("EPSG:32640"));

        // The same description DataSource gives.
        const RasterInfo a = raster.info();
        const RasterInfo b = DataSource::open(file.toStdString()).rasters().front();
        QCOMPARE(a.name, b.name);
        QCOMPARE(a.width, b.width);
        QCOMPARE(a.height, b.height);
        QCOMPARE(a.bands, b.bands);
        QCOMPARE(a.dataType, b.dataType);
        QVERIFY(a.geoTransform == b.geoTransform);
        QCOMPARE(a.hasGeoTransform, b.hasGeoTransform);
        QVERIFY(a.crs.isEquivalentTo(b.crs));
        QVERIFY(a.extent == b.extent);
        QVERIFY(a.nodata == b.nodata);
        QCOMPARE(a.overviews, b.overviews);
    }

    void paletteAndAlphaBands()
    {
        // A paletted Byte raster and an RGBA one, both made by GDAL from the DEM.
        const QString ramp = path("ramp.txt");
        gis::test::writeFile(ramp, "0 0 0 0\n1000 40 120 40\n2500 250 250 250\nnv 0 0 0 0\n");
        QVERIFY(tool("gdaldem", {"color-relief", "-q", kDem, ramp, path("rgba.tif"), "-alpha"}));
        const Raster rgba = Raster::open(path("rgba.tif").toStdString());
        QCOMPARE(rgba.bandCount(), 4);
        QCOMPARE(rgba.band(1).colorInterpretation, RasterColorInterpretation::Red);
        QCOMPARE(rgba.band(3).colorInterpretation, RasterColorInterpretation::Blue);
        QCOMPARE(rgba.band(4).colorInterpretation, RasterColorInterpretation::Alpha);

        QVERIFY(tool("gdal_translate", {"-q", "-ot", "Byte", "-scale", "0", "2500", "0", "255", "-of", "VRT", kDem,
                                           path("byte.vrt")}));
        QByteArray vrt = gis::test::readFile(path("byte.vrt"));
        QByteArray entries;
        for (int i = 0; i < 256; ++i)
            entries += "<Entry c1=\"" + QByteArray::number(i) + "\" c2=\"" + QByteArray::number(255 - i)
                + "\" c3=\"7\" c4=\"" + QByteArray::number(i % 2 ? 255 : 128) + "\"/>";
        vrt.replace("<ColorInterp>Gray</ColorInterp>", "<ColorInterp>Palette</ColorInterp><ColorTable>" + entries
                + "</ColorTable>");
        gis::test::writeFile(path("palette.vrt"), vrt); // a VRT keeps the alpha of its colour table (a TIFF does not)
        const RasterBand band = Raster::open(path("palette.vrt").toStdString()).band(1);
        QCOMPARE(band.colorInterpretation, RasterColorInterpretation::Palette);
        QVERIFY(band.colorTable.has_value());
        QCOMPARE(band.colorTable->size(), std::size_t(256));
        QCOMPARE(int(band.colorTable->at(200).red), 200);
        QCOMPARE(int(band.colorTable->at(200).green), 55);
        QCOMPARE(int(band.colorTable->at(200).blue), 7);
        QCOMPARE(int(band.colorTable->at(200).alpha), 128);
        QCOMPARE(int(band.colorTable->at(201).alpha), 255);
    }

    void statisticsMatchGdalinfo_data() { addRasters(); }
    void statisticsMatchGdalinfo()
    {
        QFETCH(QString, file);
        // Statistics are computed without writing anything beside the file.
        const QString mine = copyOf(file, "stats-mine.tif");
        const RasterStatistics s = Raster::open(mine.toStdString()).statistics(1);
        QVERIFY(!QFile::exists(mine + ".aux.xml"));
        QVERIFY(!s.empty);

        // Smaller than a million cells: exact, so gdalinfo -stats (exact, population standard deviation) agrees.
        const QString theirs = copyOf(file, "stats-gdal.tif");
        const QJsonObject band = gdalinfoJson({"-stats", theirs})["bands"].toArray()[0].toObject();
        QCOMPARE(s.min, band["minimum"].toDouble());
        QCOMPARE(s.max, band["maximum"].toDouble());
        QVERIFY2(std::abs(s.mean - band["mean"].toDouble()) < 1e-6 * std::abs(s.mean),
            qPrintable(QString("mean %1, gdalinfo %2").arg(s.mean, 0, 'g', 17).arg(band["mean"].toDouble(), 0, 'g', 17)));
        QVERIFY2(std::abs(s.stdDev - band["stdDev"].toDouble()) < 1e-6 * s.stdDev,
            qPrintable(QString("stddev %1, gdalinfo %2").arg(s.stdDev, 0, 'g', 17).arg(band["stdDev"].toDouble(), 0, 'g', 17)));

        // The 2% clip: the values at ranks round(0.02 (n-1)) and round(0.98 (n-1)) of every valid value, as GDAL lists them.
        const TextGrid all = translated(file, {}, "all-values");
        QCOMPARE(all.width * all.height, static_cast<int>(all.values.size()));
        std::vector<double> valid;
        for (double v : all.values)
            if (!all.nodata || v != *all.nodata)
                valid.push_back(v);
        std::sort(valid.begin(), valid.end());
        const auto rank = [&](double f) { return valid[static_cast<std::size_t>(std::lround(f * double(valid.size() - 1)))]; };
        QCOMPARE(s.p2, rank(0.02));
        QCOMPARE(s.p98, rank(0.98));
    }

    void statisticsOfALargeRasterFromItsOverview()
    {
        // 2400 x 1600 cells, more than the million-cell sample: read from the overview, close to the exact figures.
        const QString big = path("big.tif");
        QVERIFY(tool("gdal_translate", {"-q", "-ot", "Float32", "-outsize", "2400", "1600", "-r", "bilinear", m_holes, big}));
        QVERIFY(tool("gdaladdo", {"-q", "-r", "average", big, "2", "4"}));
        const RasterStatistics s = Raster::open(big.toStdString()).statistics(1);
        const QJsonObject band = gdalinfoJson({"-stats", copyOf(big, "big-gdal.tif")})["bands"].toArray()[0].toObject();
        QVERIFY(s.min >= band["minimum"].toDouble() && s.max <= band["maximum"].toDouble());
        QVERIFY2(std::abs(s.mean - band["mean"].toDouble()) < 0.01 * band["stdDev"].toDouble(),
            qPrintable(QString("mean %1, gdalinfo %2").arg(s.mean).arg(band["mean"].toDouble())));
        QVERIFY2(std::abs(s.stdDev - band["stdDev"].toDouble()) < 0.05 * band["stdDev"].toDouble(),
            qPrintable(QString("stddev %1, gdalinfo %2").arg(s.stdDev).arg(band["stdDev"].toDouble())));
    }

    void cellsMatchGdallocationinfo_data() { addRasters(); }
    void cellsMatchGdallocationinfo()
    {
        QFETCH(QString, file);
        const Raster raster = Raster::open(file.toStdString());
        const std::array<double, 6> gt = *raster.geoTransform();
        // A window of 120 x 90 cells at the raster's own resolution, starting at cell (37, 21).
        const int c0 = 37, r0 = 21, w = 120, h = 90;
        RasterGrid grid;
        grid.extent = Box(gt[0] + c0 * gt[1], gt[3] + (r0 + h) * gt[5], gt[0] + (c0 + w) * gt[1], gt[3] + r0 * gt[5]);
        grid.crs = raster.crs();
        grid.width = w;
        grid.height = h;
        const RasterPixels pixels = raster.read({1}, grid, RasterResampling::Continuous);
        QCOMPARE(pixels.width, w);
        QCOMPARE(pixels.height, h);

        QByteArray cells;
        std::vector<std::pair<int, int>> where;
        for (int row = 0; row < h; row += 7)
            for (int col = 0; col < w; col += 5) {
                where.emplace_back(col, row);
                cells += QByteArray::number(c0 + col) + " " + QByteArray::number(r0 + row) + "\n";
            }
        const auto r = gis::test::runTool("gdallocationinfo", {"-valonly", file}, cells);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> values = r.out.trimmed().split('\n');
        QCOMPARE(values.size(), static_cast<qsizetype>(where.size()));
        const std::optional<double> nodata = raster.band(1).nodata;
        int holes = 0;
        for (std::size_t i = 0; i < where.size(); ++i) {
            const auto [col, row] = where[i];
            const double expected = values[static_cast<int>(i)].trimmed().toDouble();
            if (nodata && expected == *nodata) {
                QCOMPARE(int(pixels.cover(col, row)), 0);
                ++holes;
            } else {
                QCOMPARE(int(pixels.cover(col, row)), 255);
                QCOMPARE(double(pixels.value(0, col, row)), expected);
            }
        }
        if (file == m_holes)
            QVERIFY(holes > 0);
    }

    void shrinkingMatchesGdalTranslateOutsize_data()
    {
        // RasterIO reads from the smallest overview still at least as fine as the grid; gdal_translate is told
        // which one that is (-ovr), its own choice being the closest one.
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("factor");
        QTest::addColumn<int>("overview");
        QTest::newRow("nizwa_dem.tif, a half (overview 2)") << kDem << 2 << 0;
        QTest::newRow("nizwa_dem.tif, a third (overview 2, averaged)") << kDem << 3 << 0;
        QTest::newRow("nizwa_dem.tif, a quarter (overview 4)") << kDem << 4 << 1;
        QTest::newRow("generated, a half (overview 2)") << m_holes << 2 << 0;
        QTest::newRow("generated, a fifth (overview 4, averaged)") << m_holes << 5 << 1;
    }
    void shrinkingMatchesGdalTranslateOutsize()
    {
        QFETCH(QString, file);
        QFETCH(int, factor);
        QFETCH(int, overview);
        const Raster raster = Raster::open(file.toStdString());
        // The whole raster onto a grid `factor` times coarser (whole cells, so that both read the same window).
        const int w = raster.width() / factor, h = raster.height() / factor;
        const std::array<double, 6> gt = *raster.geoTransform();
        RasterGrid grid;
        grid.extent = Box(gt[0], gt[3] + h * factor * gt[5], gt[0] + w * factor * gt[1], gt[3]);
        grid.crs = raster.crs();
        grid.width = w;
        grid.height = h;
        const RasterPixels pixels = raster.read({1}, grid, RasterResampling::Continuous);

        const TextGrid gdal = translated(file,
            {"-ot", "Float32", "-ovr", QString::number(overview), "-srcwin", "0", "0", QString::number(w * factor), QString::number(h * factor),
                "-outsize", QString::number(w), QString::number(h), "-r", "average"},
            QString("shrunk-%1").arg(factor));
        QCOMPARE(gdal.width, w);
        QCOMPARE(gdal.height, h);
        const std::optional<double> nodata = raster.band(1).nodata;
        int compared = 0;
        for (int row = 0; row < h; ++row)
            for (int col = 0; col < w; ++col) {
                const double expected = gdal.at(col, row);
                if (nodata && expected == *nodata) {
                    QVERIFY2(pixels.cover(col, row) == 0, qPrintable(QString("cell %1,%2").arg(col).arg(row)));
                    continue;
                }
                QVERIFY2(pixels.cover(col, row) > 0, qPrintable(QString("cell %1,%2").arg(col).arg(row)));
                QVERIFY2(std::abs(double(pixels.value(0, col, row)) - expected) <= 1e-3 * std::max(1.0, std::abs(expected)),
                    qPrintable(QString("cell %1,%2: %3, gdal_translate %4").arg(col).arg(row)
                                   .arg(pixels.value(0, col, row)).arg(expected)));
                ++compared;
            }
        QVERIFY(compared > w * h / 2);
    }

    void warpedMatchesGdalwarp_data() { addRasters(); }
    void warpedMatchesGdalwarp()
    {
        QFETCH(QString, file);
        const Raster raster = Raster::open(file.toStdString());
        // A geographic grid over the middle of the raster, with a one-pixel border.
        const Box utm = raster.extent();
        const double cx = (utm.minX + utm.maxX) / 2, cy = (utm.minY + utm.maxY) / 2;
        const QString centre = QString("%1 %2").arg(cx, 0, 'f', 3).arg(cy, 0, 'f', 3);
        const auto cs = gis::test::runTool("gdaltransform", {"-s_srs", "EPSG:32640", "-t_srs", "EPSG:4326", "-output_xy"},
            centre.toUtf8() + "\n");
        QCOMPARE(cs.exitCode, 0);
        const QList<QByteArray> lonLat = cs.out.simplified().split(' ');
        const double lon = lonLat[0].toDouble(), lat = lonLat[1].toDouble();
        RasterGrid grid;
        grid.extent = Box(lon - 0.05, lat - 0.04, lon + 0.05, lat + 0.04);
        grid.crs = Crs::fromUserInput("EPSG:4326");
        grid.width = 150;
        grid.height = 120;
        grid.border = 1;
        const RasterPixels pixels = raster.read({1}, grid, RasterResampling::Continuous);
        QCOMPARE(pixels.width, 152);
        QCOMPARE(pixels.height, 122);

        const double bx = grid.pixelWidth(), by = grid.pixelHeight();
        const QString warped = path("warped.tif");
        QFile::remove(warped);
        // As the raster's own type, which is what the warper hands Raster::read.
        QVERIFY(tool("gdalwarp", {"-q", "-of", "GTiff", "-dstalpha", "-r", "bilinear", "-t_srs",
                                     "EPSG:4326", "-te", QString::number(grid.extent.minX - bx, 'g', 17),
                                     QString::number(grid.extent.minY - by, 'g', 17),
                                     QString::number(grid.extent.maxX + bx, 'g', 17),
                                     QString::number(grid.extent.maxY + by, 'g', 17), "-ts", "152", "122", file, warped}));
        const TextGrid values = translated(warped, {"-b", "1"}, "warped-values");
        const TextGrid alpha = translated(warped, {"-b", "2"}, "warped-alpha");
        QCOMPARE(values.width, 152);
        QCOMPARE(alpha.height, 122);
        const std::optional<double> nodata = raster.band(1).nodata;
        int covered = 0;
        for (int row = 0; row < 122; ++row)
            for (int col = 0; col < 152; ++col) {
                // The warper's alpha goes up to the type's maximum (32767 for Int16): read as Byte, it saturates.
                const int a = static_cast<int>(std::clamp(alpha.at(col, row), 0.0, 255.0));
                const double v = values.at(col, row);
                const int cover = (nodata && v == *nodata) ? 0 : a;
                QCOMPARE(int(pixels.cover(col, row)), cover);
                if (cover) {
                    QCOMPARE(double(pixels.value(0, col, row)), v);
                    ++covered;
                }
            }
        QVERIFY(covered > 152 * 122 / 2);
    }

    void outsideTheRasterIsUncovered()
    {
        const Raster raster = Raster::open(m_holes.toStdString());
        const Box e = raster.extent();
        RasterGrid grid;
        grid.extent = Box(e.maxX + 1000, e.minY, e.maxX + 4000, e.maxY);
        grid.crs = raster.crs();
        grid.width = 40;
        grid.height = 30;
        const RasterPixels pixels = raster.read({1}, grid);
        QVERIFY(std::all_of(pixels.coverage.begin(), pixels.coverage.end(), [](std::uint8_t c) { return c == 0; }));
    }

    void buildOverviewsAddsTheMissingLevels()
    {
        // 700 x 600 without overviews: levels 2 (350 x 300) and 4 (175 x 150), the first under 256 px.
        const QString file = path("to-overview.tif");
        QVERIFY(tool("gdal_translate", {"-q", "-outsize", "700", "600", kDem, file}));
        QCOMPARE(Raster::open(file.toStdString()).overviews().size(), std::size_t(0));
        Raster::buildOverviews(file.toStdString());
        const std::vector<RasterOverview> ours = Raster::open(file.toStdString()).overviews();
        const QJsonArray theirs = gdalinfoJson({file})["bands"].toArray()[0].toObject()["overviews"].toArray();
        QCOMPARE(ours.size(), std::size_t(2));
        QCOMPARE(theirs.size(), 2);
        QCOMPARE(ours[0].width, 350);
        QCOMPARE(ours[1].height, 150);
        QCOMPARE(theirs[1].toObject()["size"].toArray()[0].toInt(), 175);
        Raster::buildOverviews(file.toStdString()); // nothing missing: nothing done
        QCOMPARE(Raster::open(file.toStdString()).overviews().size(), std::size_t(2));
    }

    void errorsNameTheFile()
    {
        const auto expectError = [](const std::function<void()>& f, ErrorCode code, const std::string& text) {
            try {
                f();
            } catch (const Error& e) {
                QCOMPARE(e.code(), code);
                QVERIFY2(std::string(e.what()).find(text) != std::string::npos, e.what());
                return;
            }
            QFAIL(qPrintable(QString::fromStdString("no error: " + text)));
        };
        const std::string missing = path("missing.tif").toStdString();
        expectError([&] { Raster::open(missing); }, ErrorCode::Io, missing + ": no such file or directory");
        const std::string text = path("notes.tif").toStdString();
        gis::test::writeFile(QString::fromStdString(text), "not a raster\n");
        expectError([&] { Raster::open(text); }, ErrorCode::Format, text + ": ");
        const std::string geojson = path("points.geojson").toStdString();
        gis::test::writeFile(QString::fromStdString(geojson), R"({"type":"FeatureCollection","features":[]})");
        expectError([&] { Raster::open(geojson); }, ErrorCode::Format, geojson + ": ");

        const Raster raster = Raster::open(m_holes.toStdString());
        const std::string name = m_holes.toStdString();
        expectError([&] { raster.band(2); }, ErrorCode::Argument, name + ": no band 2 (it has 1 band)");
        expectError([&] { raster.statistics(0); }, ErrorCode::Argument, name + ": no band 0");
        RasterGrid grid;
        grid.extent = raster.extent();
        grid.width = 10;
        grid.height = 10;
        expectError([&] { raster.read({1, 3}, grid); }, ErrorCode::Argument, name + ": no band 3");
        expectError([&] { raster.read({}, grid); }, ErrorCode::Argument, name + ": no band to read");
        CancellationToken cancelled;
        cancelled.cancel();
        expectError([&] { raster.read({1}, grid, RasterResampling::Continuous, cancelled); }, ErrorCode::Cancelled, "");
        expectError([&] { raster.statistics(1, cancelled); }, ErrorCode::Cancelled, "");
    }

    void oneRasterPerThread()
    {
        // Rasters opened on several threads read the same file at once and agree.
        const Raster reference = Raster::open(kDem.toStdString());
        RasterGrid grid;
        grid.extent = reference.extent();
        grid.crs = Crs::fromUserInput("EPSG:4326"); // the warper: the heaviest path
        grid.extent = Box(57.4, 22.75, 57.8, 23.1);
        grid.width = 200;
        grid.height = 180;
        const RasterPixels expected = reference.read({1}, grid);
        std::vector<RasterPixels> results(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < results.size(); ++i)
            threads.emplace_back([&, i] { results[i] = Raster::open(kDem.toStdString()).read({1}, grid); });
        for (auto& t : threads)
            t.join();
        for (const RasterPixels& r : results) {
            QVERIFY(r.bands == expected.bands);
            QVERIFY(r.coverage == expected.coverage);
        }
    }
};

QTEST_GUILESS_MAIN(TestRaster)
#include "tst_raster.moc"
