// zonal-statistics against two independent oracles, both over GEOS called directly (its own context):
// - brute-force supersampling, 16 x 16 points per pixel tested with a prepared point-in-polygon, the oracle
//   (its own error is about a sixteenth of a pixel along the boundary: compared within 1/256 relative);
// - the exact area of each pixel's square intersected with the polygon (GEOSIntersection), compared within 1e-9
//   relative, for every statistic (majority, minority and variety included).
// The rasters are written by the test as ESRI ASCII grids (values the test knows, nodata among them) and turned into
// GeoTIFFs with a CRS by gdal_translate; the sample DEM is read back by gdal_translate -of AAIGrid, not by libgis.
// Also: a pixel half inside counts half, nodata left out, reprojection (wilayat in EPSG:4326 over the UTM DEM, the
// oracle's polygons reprojected by ogr2ogr), the invalid-geometry policies, one thread against all, cancel, and the
// refusals naming the parameter.

#include <QtTest>

#include <cmath>
#include <map>
#include <memory>
#include <optional>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/analysissupport.h"
#include "support/geosoracle.h"
#include "support/testsupport.h"
#include "support/zonaloracle.h"

using namespace gis;
using gis::test::Grid;
using gis::test::OracleStats;
using gis::test::exactOracle;
using gis::test::readAsc;

namespace {

/// A deterministic grid: integers 0..19 with about one pixel in twenty nodata (-9999), as an ASCII grid, turned
/// into a GeoTIFF in EPSG:32640 with gdal_translate. Returns the GeoTIFF's path.
QString writeRaster(const QString& dir, const Grid& g, const QString& name)
{
    QByteArray asc = QStringLiteral("ncols %1\nnrows %2\nxllcorner %3\nyllcorner %4\ncellsize %5\nNODATA_value -9999\n")
                         .arg(g.cols).arg(g.rows).arg(g.originX, 0, 'f', 3).arg(g.originY - g.rows * g.cell, 0, 'f', 3)
                         .arg(g.cell, 0, 'f', 3).toUtf8();
    for (int r = 0; r < g.rows; ++r) {
        for (int c = 0; c < g.cols; ++c) {
            const double v = g.at(c, r);
            asc += (std::isnan(v) ? QByteArray("-9999") : QByteArray::number(v)) + (c + 1 < g.cols ? " " : "\n");
        }
    }
    const QString ascPath = dir + "/" + name + ".asc";
    const QString tif = dir + "/" + name + ".tif";
    test::writeFile(ascPath, asc);
    const auto r = test::runTool("gdal_translate", {"-q", "-a_srs", "EPSG:32640", "-ot", "Int16", ascPath, tif});
    if (r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return tif;
}

Grid makeGrid(int cols, int rows, double originX, double originY, double cell)
{
    Grid g{originX, originY, cell, cols, rows, {}};
    std::uint32_t state = 12345;
    for (int i = 0; i < cols * rows; ++i) {
        state = state * 1664525u + 1013904223u;
        const std::uint32_t v = state >> 16;
        g.values.push_back(v % 20 == 7 ? std::nan("") : double(v % 20));
    }
    return g;
}

std::shared_ptr<const Layer> layerFromWkt(const std::vector<std::string>& wkts, const Crs& crs = Crs::fromEpsg(32640))
{
    return test::layerFromWkt(wkts, GeometryType::MultiPolygon, {"zones", crs, 201, "zone "});
}

/// The oracle: 16 x 16 points per pixel, each inside or not (prepared point-in-polygon).
OracleStats supersampledOracle(const GEOSGeometry* polygon, const Grid& g)
{
    GEOSContextHandle_t h = test::oracleGeos();
    const std::unique_ptr<const GEOSPreparedGeometry, test::GeosDeleter<GEOSPreparedGeom_destroy_r>> prepared(
        GEOSPrepare_r(h, polygon));
    OracleStats s;
    for (int r = 0; r < g.rows; ++r)
        for (int c = 0; c < g.cols; ++c) {
            int inside = 0;
            for (int j = 0; j < 16; ++j)
                for (int i = 0; i < 16; ++i) {
                    const double x = g.originX + (c + (i + 0.5) / 16) * g.cell;
                    const double y = g.originY - (r + (j + 0.5) / 16) * g.cell;
                    const test::GeosPtr p(GEOSGeom_createPointFromXY_r(h, x, y));
                    inside += GEOSPreparedContains_r(h, prepared.get(), p.get()) == 1;
                }
            s.add(g.at(c, r), inside / 256.0);
        }
    return s;
}

std::optional<double> resultValue(const Layer& layer, std::size_t row, const char* field)
{
    const AttributeColumn& column = layer.attributes().column(field);
    if (column.isNull(row))
        return std::nullopt;
    return column.type() == FieldType::Integer ? double(column.integer(row)) : column.real(row);
}

bool near(double a, double b, double relative)
{
    return std::fabs(a - b) <= relative * std::max({std::fabs(a), std::fabs(b), 1.0});
}

const std::string kAllStats = "count,sum,mean,min,max,stddev,majority,minority,variety";

// On a 60 x 50 grid of 10 m pixels whose top-left corner is (500000, 2500500): shapes with holes, several parts,
// slanted edges, a thin sliver, one partly off the raster, edges exactly on pixel sides.
const std::vector<std::string> kZones{
    "POLYGON ((500013 2500487, 500233 2500451, 500197 2500263, 500031 2500301, 500013 2500487))",
    "POLYGON ((500100 2500200, 500400 2500200, 500400 2500050, 500100 2500050, 500100 2500200), "
    "(500150 2500170, 500260 2500170, 500205 2500080, 500150 2500170))",
    "MULTIPOLYGON (((500420 2500480, 500590 2500470, 500560 2500330, 500420 2500480)), "
    "((500450 2500250, 500580 2500250, 500580 2500120, 500450 2500120, 500450 2500250)))",
    "POLYGON ((500300 2500300, 500301.7 2500300, 500380 2500480, 500300 2500300))", // a sliver
    "POLYGON ((500520 2500080, 500680 2500090, 500640 2499950, 500510 2499960, 500520 2500080))", // partly off
    "POLYGON ((500250 2500400, 500350 2500400, 500350 2500330, 500250 2500330, 500250 2500400))", // on pixel sides
    "POLYGON ((499950 2500530, 500070 2500520, 500040 2500440, 499960 2500450, 499950 2500530))", // off left and top
};

} // namespace

class TestZonalStatistics : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Grid m_grid;
    QString m_tif;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(test::haveTool("gdal_translate") && test::haveTool("ogr2ogr"), "GDAL's tools are the oracle's readers");
        m_grid = makeGrid(60, 50, 500000, 2500500, 10);
        m_tif = writeRaster(m_dir.path(), m_grid, "values");
        QVERIFY(QFile::exists(m_tif));
    }

    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("zonal-statistics");
        QVERIFY(a);
        QCOMPARE(QString::fromStdString(a->info().group), QString("raster"));
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        QCOMPARE(a->info().parameter("raster")->type, analysis::ParameterType::Raster);
    }

    void againstOracles_data()
    {
        QTest::addColumn<int>("zone");
        for (int i = 0; i < int(kZones.size()); ++i)
            QTest::newRow(qPrintable(QString("zone %1").arg(i))) << i;
    }

    void againstOracles()
    {
        QFETCH(int, zone);
        const auto layer = layerFromWkt(kZones);
        const auto result = analysis::run("zonal-statistics", {layer, nullptr},
            {{"raster", m_tif.toStdString()}, {"stats", kAllStats}});
        QCOMPARE(result.layer->size(), kZones.size());
        QVERIFY(result.warnings.empty());
        const Layer& out = *result.layer;
        QCOMPARE(out.fid(zone), 201 + zone);
        QCOMPARE(QString::fromStdString(out.attributes().column("name").toString(zone)), QString("zone %1").arg(zone));

        const test::GeosPtr polygon = test::geosFromWkt(QString::fromStdString(kZones[zone]));
        const OracleStats exact = exactOracle(polygon.get(), m_grid);
        const OracleStats sampled = supersampledOracle(polygon.get(), m_grid);
        QVERIFY(exact.count > 0);
        const double count = *resultValue(out, zone, "count");
        QVERIFY2(near(count, exact.count, 1e-9), qPrintable(QString("%1 vs %2").arg(count, 0, 'g', 17).arg(exact.count, 0, 'g', 17)));
        QVERIFY2(near(*resultValue(out, zone, "sum"), exact.sum, 1e-9), "sum");
        QVERIFY2(near(*resultValue(out, zone, "mean"), exact.mean(), 1e-9), "mean");
        QVERIFY2(near(*resultValue(out, zone, "stddev"), exact.stddev(), 1e-7), "stddev");
        QCOMPARE(*resultValue(out, zone, "min"), exact.min);
        QCOMPARE(*resultValue(out, zone, "max"), exact.max);
        QCOMPARE(*resultValue(out, zone, "variety"), double(exact.areas.size()));
        // Majority and minority: the value covering the most (least) area; ties, within rounding, to the smaller.
        double most = 0, least = 1e300;
        for (const auto& [v, a] : exact.areas) {
            most = std::max(most, a);
            least = std::min(least, a);
        }
        for (const auto& [name, target] : {std::pair{"majority", most}, std::pair{"minority", least}}) {
            double expected = std::nan("");
            for (const auto& [v, a] : exact.areas)
                if (std::fabs(a - target) <= 1e-9 && std::isnan(expected))
                    expected = v;
            QVERIFY2(*resultValue(out, zone, name) == expected, name);
        }
        // The oracle: within 1/256 relative.
        QVERIFY2(near(count, sampled.count, 1.0 / 256),
            qPrintable(QString("count %1 vs supersampled %2").arg(count).arg(sampled.count)));
        QVERIFY2(near(*resultValue(out, zone, "sum"), sampled.sum, 1.0 / 256), "sum vs supersampled");
        QVERIFY2(near(*resultValue(out, zone, "mean"), sampled.mean(), 1.0 / 256), "mean vs supersampled");
    }

    void halfAPixelCountsHalf()
    {
        // 2.5 pixels by 3, half a pixel off the grid on the left: 7.5 pixels, three of them counted half.
        const auto layer = layerFromWkt({"POLYGON ((500015 2500500, 500040 2500500, 500040 2500470, 500015 2500470, 500015 2500500))"});
        const auto result = analysis::run("zonal-statistics", {layer, nullptr},
            {{"raster", m_tif.toStdString()}, {"stats", "count,sum"}});
        double count = 0, sum = 0;
        for (int r = 0; r < 3; ++r)
            for (int c = 1; c < 4; ++c) {
                const double v = m_grid.at(c, r);
                if (std::isnan(v))
                    continue;
                const double w = c == 1 ? 0.5 : 1.0;
                count += w;
                sum += w * v;
            }
        QCOMPARE(*resultValue(*result.layer, 0, "count"), count);
        QCOMPARE(*resultValue(*result.layer, 0, "sum"), sum);
    }

    void everyBandWithItsOwnNodata()
    {
        // Band 2: other values, and nodata where band 1 has values (every seventh pixel).
        Grid second = m_grid;
        for (std::size_t i = 0; i < second.values.size(); ++i)
            second.values[i] = i % 7 == 3 ? std::nan("") : std::isnan(m_grid.values[i]) ? 4.0 : 19 - m_grid.values[i];
        const QString tif2 = writeRaster(m_dir.path(), second, "second");
        const QString vrt = m_dir.filePath("both.vrt");
        QCOMPARE(test::runTool("gdalbuildvrt", {"-q", "-separate", vrt, m_tif, tif2}).exitCode, 0);
        const auto layer = layerFromWkt(kZones);
        const auto result = analysis::run("zonal-statistics", {layer, nullptr},
            {{"raster", vrt.toStdString()}, {"band", "all"}, {"stats", "count,mean,majority"}, {"prefix", "v_"}});
        const Layer& out = *result.layer;
        for (std::size_t zone = 0; zone < kZones.size(); ++zone) {
            const test::GeosPtr polygon = test::geosFromWkt(QString::fromStdString(kZones[zone]));
            for (const auto& [band, grid] : {std::pair{1, &m_grid}, std::pair{2, &second}}) {
                const OracleStats exact = exactOracle(polygon.get(), *grid);
                const std::string prefix = "v_b" + std::to_string(band) + "_";
                QVERIFY2(near(*resultValue(out, zone, (prefix + "count").c_str()), exact.count, 1e-9), prefix.c_str());
                QVERIFY2(near(*resultValue(out, zone, (prefix + "mean").c_str()), exact.mean(), 1e-9), prefix.c_str());
            }
        }
        // A band that is not there.
        try {
            (void)analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", vrt.toStdString()}, {"band", "3"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("(it has 2 bands)"), e.what());
        }
    }

    void nodataAndOutsideGiveNulls()
    {
        Grid g = makeGrid(4, 4, 600000, 2600040, 10);
        for (auto& v : g.values)
            v = std::nan("");
        g.values[0] = 5;
        const QString tif = writeRaster(m_dir.path(), g, "mostlynodata");
        const auto layer = layerFromWkt({
            "POLYGON ((600020 2600000, 600040 2600000, 600040 2600020, 600020 2600020, 600020 2600000))", // nodata only
            "POLYGON ((700000 2700000, 700010 2700000, 700010 2700010, 700000 2700000))",               // off the raster
            "POLYGON ((600000 2600040, 600010 2600040, 600010 2600030, 600000 2600040))",                // half of the one value
        });
        const auto result = analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", tif.toStdString()}, {"stats", kAllStats}});
        const Layer& out = *result.layer;
        for (std::size_t row = 0; row < 2; ++row) {
            QCOMPARE(*resultValue(out, row, "count"), 0.0);
            QCOMPARE(*resultValue(out, row, "sum"), 0.0);
            QCOMPARE(*resultValue(out, row, "variety"), 0.0);
            for (const char* f : {"mean", "min", "max", "stddev", "majority", "minority"})
                QVERIFY2(!resultValue(out, row, f), f);
        }
        QCOMPARE(*resultValue(out, 2, "count"), 0.5);
        QCOMPARE(*resultValue(out, 2, "mean"), 5.0);
        QCOMPARE(*resultValue(out, 2, "stddev"), 0.0);
    }

    void sampleDemWithWilayatInLonLat()
    {
        const QString dem = GIS_SOURCE_DIR "/data/nizwa_dem.tif";
        const QString gpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
        // The oracle's inputs, made by GDAL's tools: the DEM's values as text, the wilayat in the DEM's CRS.
        const QString asc = m_dir.filePath("dem.asc");
        const QString utm = m_dir.filePath("wilayat_utm.gpkg");
        QCOMPARE(test::runTool("gdal_translate", {"-q", "-of", "AAIGrid", dem, asc}).exitCode, 0);
        QCOMPARE(test::runTool("ogr2ogr", {"-t_srs", "EPSG:32640", utm, gpkg, "wilayat"}).exitCode, 0);
        const Grid grid = readAsc(asc);
        QCOMPARE(grid.cols, 687);
        const auto wilayat = readLayer(gpkg.toStdString(), "wilayat");
        const auto projected = readLayer(utm.toStdString(), "wilayat");
        QVERIFY(wilayat->crs().isGeographic());
        analysis::RunOptions repair; // the sample wilayat are valid; repair would report any that were not
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto result = analysis::run("zonal-statistics", {wilayat, nullptr},
            {{"raster", dem.toStdString()}, {"stats", "count,mean,min,max"}, {"prefix", "dem_"}}, repair);
        QVERIFY(result.invalid.empty());
        QCOMPARE(result.layer->size(), wilayat->size());
        int covered = 0;
        for (std::size_t row = 0; row < wilayat->size(); ++row) {
            const test::GeosPtr polygon = test::geosFromWkb(toWkb(projected->geometry(row)));
            const OracleStats exact = exactOracle(polygon.get(), grid);
            const double count = *resultValue(*result.layer, row, "dem_count");
            QVERIFY2(near(count, exact.count, 1e-6), qPrintable(QString("row %1: %2 vs %3").arg(row).arg(count).arg(exact.count)));
            if (exact.count == 0) {
                QVERIFY(!resultValue(*result.layer, row, "dem_mean"));
                continue;
            }
            ++covered;
            QVERIFY(near(*resultValue(*result.layer, row, "dem_mean"), exact.mean(), 1e-6));
            QCOMPARE(*resultValue(*result.layer, row, "dem_min"), exact.min);
            QCOMPARE(*resultValue(*result.layer, row, "dem_max"), exact.max);
        }
        QVERIFY2(covered >= 2, "the DEM lies under at least two wilayat");
    }

    void invalidPolicies()
    {
        const std::string bowtie = "POLYGON ((500000 2500000, 500100 2500100, 500100 2500000, 500000 2500100, 500000 2500000))";
        const auto layer = layerFromWkt({kZones[0], bowtie, ""});
        try {
            (void)analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", m_tif.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains("layer \"zones\", feature 202") && QString(e.what()).contains("Self-intersection"),
                e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", m_tif.toStdString()}}, skip);
        QCOMPARE(skipped.layer->size(), std::size_t(1));
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        QCOMPARE(skipped.invalid[0].fid, std::int64_t(202));
        QCOMPARE(skipped.warnings.size(), std::size_t(1)); // the feature without geometry
        analysis::RunOptions repair;
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto repaired = analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", m_tif.toStdString()}}, repair);
        QCOMPARE(repaired.layer->size(), std::size_t(2));
        QVERIFY(repaired.invalid[0].repaired);
        // The repaired bow-tie is two triangles: the oracle's make-valid of it, summarised exactly.
        test::GeosPtr g = test::geosFromWkt(QString::fromStdString(bowtie));
        g = test::GeosPtr(GEOSMakeValid_r(test::oracleGeos(), g.get()));
        QVERIFY(near(*resultValue(*repaired.layer, 1, "count"), exactOracle(g.get(), m_grid).count, 1e-9));
    }

    void sameOnOneThreadAndOnAll()
    {
        std::vector<std::string> many;
        for (int i = 0; i < 400; ++i) {
            const double x = 500000 + (i % 20) * 29.7, y = 2500000 + (i / 20) * 24.3;
            many.push_back("POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 63) + " "
                + std::to_string(y + 7) + ", " + std::to_string(x + 31) + " " + std::to_string(y + 55) + ", "
                + std::to_string(x) + " " + std::to_string(y) + "))");
        }
        const auto layer = layerFromWkt(many);
        const std::map<std::string, std::string> params{{"raster", m_tif.toStdString()}, {"stats", kAllStats}};
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("zonal-statistics", {layer, nullptr}, params, one);
        const auto b = analysis::run("zonal-statistics", {layer, nullptr}, params);
        QCOMPARE(a.layer->size(), many.size());
        QCOMPARE(b.layer->size(), many.size());
        for (std::size_t i = 0; i < many.size(); ++i)
            for (const char* f : {"count", "sum", "mean", "min", "max", "stddev", "majority", "minority", "variety"})
                QCOMPARE(resultValue(*a.layer, i, f), resultValue(*b.layer, i, f));
    }

    void cancel()
    {
        const auto layer = layerFromWkt(std::vector<std::string>(2000, kZones[0]));
        const test::CancelOutcome r = test::cancelAtFirstReport([&](const analysis::RunOptions& options) {
            (void)analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", m_tif.toStdString()}}, options);
        });
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        // Once cancelled, at most the chunks already running finish (one per thread): no further one starts.
        const int reportsAfterCancel = r.reports - 1;
        QVERIFY2(reportsAfterCancel < 4, qPrintable(QString::number(reportsAfterCancel)));
    }

    void refusalsNameTheParameter_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing raster") << "raster" << "/nonexistent/dem.tif" << "--raster";
        QTest::newRow("no such band") << "band" << "2" << "--band \"2\": not all nor a band of";
        QTest::newRow("not a band") << "band" << "first" << "--band \"first\"";
        QTest::newRow("unknown statistic") << "stats" << "mean,median" << "\"median\" is not one of";
    }

    void refusalsNameTheParameter()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, message);
        std::map<std::string, std::string> params{{"raster", m_tif.toStdString()}};
        params[name.toStdString()] = value.toStdString();
        try {
            (void)analysis::run("zonal-statistics", {layerFromWkt({kZones[0]}), nullptr}, params);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message) && QString(e.what()).startsWith("zonal-statistics: "), e.what());
        }
    }

    void pointsAreRefused()
    {
        GeometryColumn points;
        points.appendPoint(500010, 2500010);
        AttributeTable attributes;
        attributes.setRowCount(1);
        const auto layer = std::make_shared<const Layer>("towns", Crs::fromEpsg(32640), GeometryType::Point,
            std::move(points), std::move(attributes), std::vector<std::int64_t>{1});
        try {
            (void)analysis::run("zonal-statistics", {layer, nullptr}, {{"raster", m_tif.toStdString()}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"towns\" has Point geometries"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestZonalStatistics)
#include "tst_zonalstatistics.moc"
