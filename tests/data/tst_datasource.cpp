// Reading every vector format a planner meets. The oracle is the feature list below: the test writes it as
// GeoJSON, lets GDAL's own ogr2ogr convert it to each format, reads the result with libgis (through the Arrow
// stream and through the feature loop) and compares geometries and attributes with what was written.

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

using Ring = std::vector<Coord>;

struct Site {
    int id;
    const char* nameAr;
    const char* nameEn;
    std::optional<long long> population;
    double score;
    const char* opened; // date or nullptr
    std::vector<std::vector<Ring>> polygons; // polygons -> rings (first exterior)
};

Ring square(double x, double y, double s)
{
    return {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
}

const std::vector<Site>& sites()
{
    static const std::vector<Site> s = {
        {1, "نزوى", "Nizwa", 72000, 3.5, "2024-03-01", {{square(57.50, 22.90, 0.06), square(57.52, 22.92, 0.01)}}},
        {2, "بهلاء", "Bahla", std::nullopt, -1.25, nullptr, {{square(57.28, 22.95, 0.05)}}},
        {3, "إزكي", "Izki", 41000, 0.0, "2025-11-30", {{square(57.74, 22.92, 0.03)}, {square(57.80, 22.97, 0.02)}}},
    };
    return s;
}

QByteArray ringJson(const Ring& r)
{
    QByteArray out = "[";
    for (std::size_t i = 0; i < r.size(); ++i)
        out += (i ? "," : "") + QByteArray("[") + QByteArray::number(r[i].x, 'g', 17) + ","
            + QByteArray::number(r[i].y, 'g', 17) + "]";
    return out + "]";
}

QByteArray sitesGeoJson()
{
    QByteArray out = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[)";
    bool firstFeature = true;
    for (const Site& s : sites()) {
        QByteArray geom;
        if (s.polygons.size() == 1) {
            geom = R"({"type":"Polygon","coordinates":[)";
            for (std::size_t r = 0; r < s.polygons[0].size(); ++r)
                geom += (r ? "," : "") + ringJson(s.polygons[0][r]);
            geom += "]}";
        } else {
            geom = R"({"type":"MultiPolygon","coordinates":[)";
            for (std::size_t p = 0; p < s.polygons.size(); ++p) {
                geom += p ? ",[" : "[";
                for (std::size_t r = 0; r < s.polygons[p].size(); ++r)
                    geom += (r ? "," : "") + ringJson(s.polygons[p][r]);
                geom += "]";
            }
            geom += "]}";
        }
        out += (firstFeature ? "" : ",") + QByteArray(R"({"type":"Feature","properties":{"site_id":)") + QByteArray::number(s.id)
            + R"(,"name_ar":")" + s.nameAr + R"(","name_en":")" + s.nameEn + R"(","population":)"
            + (s.population ? QByteArray::number(*s.population) : QByteArray("null")) + R"(,"score":)"
            + QByteArray::number(s.score) + R"(,"opened":)" + (s.opened ? "\"" + QByteArray(s.opened) + "\"" : QByteArray("null"))
            + R"(},"geometry":)" + geom + "}";
        firstFeature = false;
    }
    return out + "]}";
}

/// A ring in a canonical form: without its closing point, starting at its smallest vertex, counter-clockwise
/// (formats differ in ring orientation and start point, not in the ring).
Ring canonical(Ring r)
{
    if (r.size() > 1 && r.front() == r.back())
        r.pop_back();
    double area2 = 0;
    for (std::size_t i = 0; i < r.size(); ++i)
        area2 += r[i].x * r[(i + 1) % r.size()].y - r[(i + 1) % r.size()].x * r[i].y;
    if (area2 < 0)
        std::reverse(r.begin(), r.end());
    auto less = [](const Coord& a, const Coord& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); };
    std::rotate(r.begin(), std::min_element(r.begin(), r.end(), less), r.end());
    return r;
}

std::vector<Ring> canonicalRings(const std::vector<std::vector<Ring>>& polygons)
{
    std::vector<Ring> out;
    for (const auto& p : polygons)
        for (const auto& r : p)
            out.push_back(canonical(r));
    std::sort(out.begin(), out.end(), [](const Ring& a, const Ring& b) {
        return a.front().x < b.front().x || (a.front().x == b.front().x && a.front().y < b.front().y);
    });
    return out;
}

std::vector<Ring> canonicalRings(const GeometryColumn& g, std::size_t i)
{
    std::vector<std::vector<Ring>> polygons;
    for (std::size_t p = g.partBegin(i); p < g.partEnd(i); ++p) {
        polygons.emplace_back();
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r)
            polygons.back().emplace_back(g.coords() + g.coordBegin(r), g.coords() + g.coordEnd(r));
    }
    return canonicalRings(polygons);
}

bool sameRings(const std::vector<Ring>& a, const std::vector<Ring>& b, double tolerance)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t r = 0; r < a.size(); ++r) {
        if (a[r].size() != b[r].size())
            return false;
        for (std::size_t c = 0; c < a[r].size(); ++c)
            if (std::abs(a[r][c].x - b[r][c].x) > tolerance || std::abs(a[r][c].y - b[r][c].y) > tolerance)
                return false;
    }
    return true;
}

bool nearBox(const Box& a, const Box& b)
{
    return std::abs(a.minX - b.minX) < 1e-12 && std::abs(a.minY - b.minY) < 1e-12 && std::abs(a.maxX - b.maxX) < 1e-12
        && std::abs(a.maxY - b.maxY) < 1e-12;
}

/// Text of a value as every format can give it back (KML keeps only text; empty text means null there).
QString valueText(const AttributeTable& t, const char* field, std::size_t row)
{
    const int c = t.indexOf(field);
    if (c < 0)
        return "<missing field>";
    const AttributeColumn& col = t.column(static_cast<std::size_t>(c));
    QString s = QString::fromStdString(col.toString(row));
    if (col.type() == FieldType::String && s.size() == 10 && s[4] == '/' && s[7] == '/')
        s.replace('/', '-'); // LIBKML writes dates as text with slashes
    if (col.type() == FieldType::DateTime || (col.type() == FieldType::String && s.size() >= 10 && s[4] == '-' && s[7] == '-'))
        s = s.left(10); // a date that came back as a date-time or text
    if (col.type() == FieldType::Real && s.endsWith(".0"))
        s.chop(2);
    return s;
}

} // namespace

class TestDataSource : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(test::haveTool("ogr2ogr"), "ogr2ogr (package gdal-bin) is needed as the conversion oracle");
        QVERIFY(m_dir.isValid());
        test::writeFile(path("sites.geojson"), sitesGeoJson());
        struct Conversion {
            const char* file;
            QStringList extra;
        };
        const Conversion conversions[] = {
            {"sites.gpkg", {}},
            {"sites.shp", {"-lco", "ENCODING=CP1256"}},
            {"sites.kml", {"-mapFieldType", "Date=String"}}, // LIBKML has no date type
            {"sites.fgb", {}},
            {"sites_wkt.csv", {"-lco", "GEOMETRY=AS_WKT"}},
        };
        for (const auto& c : conversions) {
            const auto r = test::runTool("ogr2ogr", QStringList{path(c.file), path("sites.geojson")} + c.extra);
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
    }

    void readsEveryFormat_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("arrow");
        QTest::addColumn<bool>("typed");  // the format keeps integer/real/date types
        QTest::addColumn<bool>("hasCrs"); // the format records a CRS
        for (bool arrow : {true, false}) {
            const char* how = arrow ? "arrow" : "features";
            QTest::addRow("geojson/%s", how) << "sites.geojson" << arrow << true << true;
            QTest::addRow("gpkg/%s", how) << "sites.gpkg" << arrow << true << true;
            QTest::addRow("shapefile-cp1256/%s", how) << "sites.shp" << arrow << true << true;
            QTest::addRow("kml/%s", how) << "sites.kml" << arrow << false << true;
            QTest::addRow("flatgeobuf/%s", how) << "sites.fgb" << arrow << true << true;
            QTest::addRow("csv-wkt/%s", how) << "sites_wkt.csv" << arrow << true << false;
        }
    }

    void readsEveryFormat()
    {
        QFETCH(QString, file);
        QFETCH(bool, arrow);
        QFETCH(bool, typed);
        QFETCH(bool, hasCrs);
        ReadOptions options;
        options.useArrow = arrow;
        const auto layer = readLayer(path(file).toStdString(), {}, options);
        QCOMPARE(layer->size(), sites().size());
        QCOMPARE(layer->report().featuresSkipped, std::size_t{0});
        if (hasCrs)
            QCOMPARE(QString::fromStdString(layer->crs().authorityCode()), QString("EPSG:4326"));
        const AttributeTable& t = layer->attributes();
        for (std::size_t i = 0; i < layer->size(); ++i) {
            // FlatGeobuf stores features in the order of its spatial index: match them by id.
            const int id = static_cast<int>(t.column("site_id").integer(i));
            QVERIFY(id >= 1 && id <= 3);
            const Site& s = sites()[static_cast<std::size_t>(id - 1)];
            QCOMPARE(valueText(t, "name_ar", i), QString::fromUtf8(s.nameAr));
            QCOMPARE(valueText(t, "name_en", i), QString::fromUtf8(s.nameEn));
            QCOMPARE(valueText(t, "population", i), s.population ? QString::number(*s.population) : QString());
            QCOMPARE(valueText(t, "score", i), QString::number(s.score));
            QCOMPARE(valueText(t, "opened", i), s.opened ? QString(s.opened) : QString());
            QVERIFY2(sameRings(canonicalRings(layer->geometries(), i), canonicalRings(s.polygons), 1e-9),
                qPrintable(QString("geometry of feature %1 differs").arg(s.id)));
        }
        if (typed) {
            QCOMPARE(t.column("population").type(), FieldType::Integer);
            QCOMPARE(t.column("score").type(), FieldType::Real);
        }
        // The index finds each feature by its own box and Nizwa's box holds only Nizwa.
        for (std::size_t i = 0; i < layer->size(); ++i) {
            const auto hits = layer->index().search(layer->geometries().bounds(i));
            QVERIFY(std::find(hits.begin(), hits.end(), i) != hits.end());
        }
        QCOMPARE(layer->index().search(Box(57.53, 22.95, 57.54, 22.955)).size(), std::size_t{1});
        QVERIFY(nearBox(layer->extent(), Box(57.28, 22.90, 57.82, 23.00)));
    }

    void shapefileIsReallyCp1256()
    {
        // The .dbf holds Windows-1256 bytes, not UTF-8: ن ز و ى are E4 D2 E6 EC there.
        QCOMPARE(test::readFile(path("sites.cpg")).trimmed(), QByteArray("CP1256"));
        QVERIFY(test::readFile(path("sites.dbf")).contains(QByteArray("\xE4\xD2\xE6\xEC")));
        QVERIFY(!test::readFile(path("sites.dbf")).contains(QByteArray("نزوى")));
    }

    void shapefileEncodings_data()
    {
        QTest::addColumn<QByteArray>("cpg");   // empty: no .cpg file
        QTest::addColumn<int>("ldid");         // dBASE language id byte
        QTest::addColumn<QByteArray>("bytes"); // how "نزوى" is stored
        const QByteArray cp1256("\xE4\xD2\xE6\xEC");
        const QByteArray iso88596("\xE6\xD2\xE8\xE9");
        QTest::newRow("cpg 1256") << QByteArray("1256") << 0 << cp1256;
        QTest::newRow("cpg CP1256") << QByteArray("CP1256") << 0 << cp1256;
        QTest::newRow("cpg ISO-8859-6") << QByteArray("ISO-8859-6") << 0 << iso88596;
        QTest::newRow("cpg 8859_6") << QByteArray("8859_6") << 0 << iso88596;
        QTest::newRow("language id 0x7E") << QByteArray() << 0x7E << cp1256;
        QTest::newRow("no declaration, CP1256 bytes") << QByteArray() << 0 << cp1256;
        QTest::newRow("cpg UTF-8") << QByteArray("UTF-8") << 0 << QByteArray("نزوى");
    }

    void shapefileEncodings()
    {
        QFETCH(QByteArray, cpg);
        QFETCH(int, ldid);
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString base = dir.filePath("enc");
        for (const char* ext : {".shp", ".shx"})
            QVERIFY(QFile::copy(path(QString("sites") + ext), base + ext));
        QByteArray dbf = test::readFile(path("sites.dbf"));
        // Rewrite the 4-byte name in place: both forms of نزوى are 4 bytes in single-byte code pages. UTF-8
        // needs 8, and the field is wide enough: replace and pad with spaces like dBASE does.
        const QByteArray original("\xE4\xD2\xE6\xEC");
        const int at = dbf.indexOf(original);
        QVERIFY(at > 0);
        if (bytes.size() == original.size()) {
            dbf.replace(at, original.size(), bytes);
        } else {
            QVERIFY(dbf.mid(at + original.size(), bytes.size() - original.size()).trimmed().isEmpty());
            dbf.replace(at, bytes.size(), bytes);
        }
        dbf[29] = static_cast<char>(ldid);
        test::writeFile(base + ".dbf", dbf);
        if (!cpg.isEmpty())
            test::writeFile(base + ".cpg", cpg);
        const auto layer = readLayer((base + ".shp").toStdString());
        QCOMPARE(QString::fromStdString(std::string(layer->attributes().column("name_ar").string(0))), QString("نزوى"));
    }

    void listsLayers()
    {
        const DataSource ds = DataSource::open(path("sites.gpkg").toStdString());
        QCOMPARE(QString::fromStdString(ds.driverName()), QString("GPKG"));
        const auto layers = ds.layers();
        QCOMPARE(layers.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(layers[0].name), QString("sites"));
        QCOMPARE(layers[0].featureCount, std::int64_t{3});
        QCOMPARE(QString::fromStdString(layers[0].crs.authorityCode()), QString("EPSG:4326"));
        QVERIFY(nearBox(layers[0].extent, Box(57.28, 22.90, 57.82, 23.00)));
        QCOMPARE(layers[0].fields.size(), std::size_t{6});
        QCOMPARE(layers[0].fields[5].type, FieldType::Date);
        QVERIFY(ds.rasters().empty());
    }

    void csvWithWktByHand()
    {
        // A CSV as a planner exports it from a spreadsheet: Arabic text, a WKT column, a quoted comma.
        test::writeFile(path("towns.csv"), "id,name_ar,note,WKT\n"
                                           "1,نزوى,\"capital, interior\",POINT (57.5301 22.9333)\n"
                                           "2,سمائل,,\"LINESTRING (58.0 23.3, 58.1 23.35)\"\n");
        const auto layer = readLayer(path("towns.csv").toStdString());
        QCOMPARE(layer->size(), std::size_t{2});
        QCOMPARE(layer->geometries().type(0), GeometryType::Point);
        QCOMPARE(layer->geometries().coord(0), (Coord{57.5301, 22.9333}));
        QCOMPARE(layer->geometries().type(1), GeometryType::LineString);
        QCOMPARE(layer->geometries().coordEnd(layer->geometries().ringBegin(layer->geometries().partBegin(1)))
                - layer->geometries().coordBegin(layer->geometries().ringBegin(layer->geometries().partBegin(1))),
            std::size_t{2});
        QCOMPARE(QString::fromStdString(layer->attributes().column("note").toString(0)), QString("capital, interior"));
        QCOMPARE(QString::fromStdString(layer->attributes().column("name_ar").toString(1)), QString("سمائل"));
        QVERIFY(layer->attributes().indexOf("WKT") < 0); // the geometry column is not kept as text too
    }

    void dateTimeOffsetsAppliedByBothReaders()
    {
        // An inspection app's GeoJSON stamps local times with Oman's offset. 10:00+04:00 is 06:00 UTC; GDAL 3.6's
        // Arrow stream drops the offset, so the reader must not take date-times from it there. Oracle: Qt's own
        // ISO 8601 parser.
        test::writeFile(path("stamped.geojson"),
            "{\"type\":\"FeatureCollection\",\"features\":["
            "{\"type\":\"Feature\",\"properties\":{\"at\":\"2024-03-01T10:00:00+04:00\"},"
            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[57.53,22.93]}},"
            "{\"type\":\"Feature\",\"properties\":{\"at\":\"2024-03-01T23:30:00-02:30\"},"
            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[57.6,22.9]}}]}");
        const std::vector<qint64> expected = {
            QDateTime::fromString("2024-03-01T10:00:00+04:00", Qt::ISODate).toMSecsSinceEpoch(),
            QDateTime::fromString("2024-03-01T23:30:00-02:30", Qt::ISODate).toMSecsSinceEpoch()};
        for (const bool arrow : {true, false}) {
            ReadOptions options;
            options.useArrow = arrow;
            const auto layer = DataSource::open(path("stamped.geojson").toStdString()).readLayer(std::size_t{0}, options);
            const auto& at = layer->attributes().column("at");
            QCOMPARE(at.type(), FieldType::DateTime);
            for (std::size_t i = 0; i < expected.size(); ++i)
                QCOMPARE(qint64(at.integer(i)), expected[i]);
        }
    }

    void readsRealBaseData()
    {
        const auto layer = readLayer(GIS_SHARED_DATA_DIR "/oman/governorates.geojson");
        QCOMPARE(layer->size(), std::size_t{11});
        const auto& names = layer->attributes().column("name_ar");
        bool found = false;
        for (std::size_t i = 0; i < layer->size(); ++i)
            found |= names.string(i) == "محافظة الداخلية" || names.string(i) == "الداخلية";
        QVERIFY2(found, "Ad Dakhiliyah's Arabic name not found");
    }

    void worldLandThroughBothReaders()
    {
        ReadOptions arrow, loop;
        loop.useArrow = false;
        const auto a = readLayer(GIS_SHARED_DATA_DIR "/world/land.gpkg", {}, arrow);
        const auto b = readLayer(GIS_SHARED_DATA_DIR "/world/land.gpkg", {}, loop);
        QCOMPARE(a->size(), b->size());
        QCOMPARE(a->geometries().coordCount(), b->geometries().coordCount());
        QVERIFY(a->geometries().coordCount() > 400000);
        for (std::size_t i = 0; i < a->size(); i += 97)
            QCOMPARE(a->geometries().bounds(i), b->geometries().bounds(i));
    }

    void progressAndCancel()
    {
        ReadOptions options;
        double last = 0;
        options.feedback.progress = [&](double f) { last = f; };
        readLayer(GIS_SHARED_DATA_DIR "/world/land.gpkg", {}, options);
        QCOMPARE(last, 1.0);
        options.feedback.cancel.cancel();
        try {
            readLayer(GIS_SHARED_DATA_DIR "/world/land.gpkg", {}, options);
            QFAIL("a cancelled read returned");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }

    void rasterInfo()
    {
        // A DEM-like GeoTIFF made by GDAL's own tools, with nodata and two overview levels.
        const QString tif = path("dem.tif");
        auto r = test::runTool("gdal_create", {"-of", "GTiff", "-outsize", "200", "100", "-bands", "1", "-ot", "Int16",
            "-a_srs", "EPSG:32640", "-a_ullr", "450000", "2550000", "470000", "2540000", "-a_nodata", "-9999", tif});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = test::runTool("gdaladdo", {tif, "2", "4"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const DataSource ds = DataSource::open(tif.toStdString());
        QVERIFY(ds.layers().empty());
        const auto rasters = ds.rasters();
        QCOMPARE(rasters.size(), std::size_t{1});
        const RasterInfo& info = rasters[0];
        QCOMPARE(info.width, 200);
        QCOMPARE(info.height, 100);
        QCOMPARE(info.bands, 1);
        QCOMPARE(QString::fromStdString(info.dataType), QString("Int16"));
        QCOMPARE(QString::fromStdString(info.crs.authorityCode()), QString("EPSG:32640"));
        QCOMPARE(info.extent, Box(450000, 2540000, 470000, 2550000));
        QVERIFY(info.hasGeoTransform);
        QCOMPARE(info.geoTransform[1], 100.0);
        QCOMPARE(info.geoTransform[5], -100.0);
        QCOMPARE(info.nodata.size(), std::size_t{1});
        QCOMPARE(info.nodata[0].value_or(0), -9999.0);
        QCOMPARE(info.overviews, 2);
    }

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestDataSource)
#include "tst_datasource.moc"
