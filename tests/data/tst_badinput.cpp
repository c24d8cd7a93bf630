// Broken inputs a planner really meets. Each must give a gis::Error whose message names the file and says
// what is wrong; none may crash (the AddressSanitizer build runs this same test).

#include <QTemporaryDir>
#include <QTest>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/geom/wkt.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

/// A point shapefile of `features` features written by ogr2ogr (the independent writer).
void makeShapefile(const QString& dir, const QString& base, int features)
{
    QByteArray json = R"({"type":"FeatureCollection","features":[)";
    for (int i = 0; i < features; ++i)
        json += (i ? "," : "") + QByteArray(R"({"type":"Feature","properties":{"n":)") + QByteArray::number(i)
            + R"(},"geometry":{"type":"Point","coordinates":[)" + QByteArray::number(57 + i * 0.1) + ",23]}}";
    json += "]}";
    test::writeFile(dir + "/" + base + ".geojson", json);
    const auto r = test::runTool("ogr2ogr", {dir + "/" + base + ".shp", dir + "/" + base + ".geojson"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

const char* kTruncated = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"Niz";
const char* kEmptyCollection = R"({"type":"FeatureCollection","features":[]})";

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY2(test::haveTool("ogr2ogr"), "ogr2ogr (package gdal-bin) is needed to build the fixtures");
        test::writeFile(path("empty.geojson"), "");
        test::writeFile(path("truncated.geojson"), kTruncated);
        test::writeFile(path("notsqlite.gpkg"), "this is a text file pretending to be a GeoPackage\n");
        makeShapefile(m_dir.path(), "noshx", 3);
        QVERIFY(QFile::remove(path("noshx.shx")));
        makeShapefile(m_dir.path(), "five", 5);
        makeShapefile(m_dir.path(), "three", 3);
        // The .dbf of a three-feature shapefile beside a five-feature .shp: a classic copy accident.
        QVERIFY(QFile::remove(path("five.dbf")));
        QVERIFY(QFile::copy(path("three.dbf"), path("five.dbf")));
        test::writeFile(path("nonsense.prj"), "GEOGCS[\"made up\", nothing that parses");
    }

    void failsClearly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing file") << "does-not-exist.gpkg" << int(ErrorCode::Io) << "no such file";
        QTest::newRow("0-byte file") << "empty.geojson" << int(ErrorCode::Format) << "empty file";
        QTest::newRow("truncated GeoJSON") << "truncated.geojson" << int(ErrorCode::Format) << "truncated.geojson";
        QTest::newRow("shapefile without .shx") << "noshx.shp" << int(ErrorCode::Format) << ".shx index missing";
        QTest::newRow(".dbf count disagrees") << "five.shp" << int(ErrorCode::Format) << "has 3 records but the shapefile has 5";
        QTest::newRow("GeoPackage that is not SQLite") << "notsqlite.gpkg" << int(ErrorCode::Format) << "not SQLite";
    }

    void failsClearly()
    {
        QFETCH(QString, file);
        QFETCH(int, code);
        QFETCH(QString, says);
        try {
            readLayer(path(file).toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(file), qPrintable("the message does not name the file: " + message));
            QVERIFY2(message.contains(says), qPrintable("unexpected message: " + message));
            QCOMPARE(int(e.code()), code);
        }
    }

    void nonFiniteCoordinatesAreSkippedAndReported()
    {
        // inf and nan reach GDAL through a CSV's WKT; the other features must survive.
        test::writeFile(path("nonfinite.csv"), "id,WKT\n1,POINT (57.5 22.9)\n2,POINT (1e999 22.9)\n3,POINT (57.6 23.0)\n"
                                               "4,\"LINESTRING (57 23, -1e999 23.1)\"\n");
        const auto layer = readLayer(path("nonfinite.csv").toStdString());
        QCOMPARE(layer->report().featuresSkipped, std::size_t{2});
        QCOMPARE(layer->size(), std::size_t{2});
        QCOMPARE(layer->attributes().column("id").integer(1), std::int64_t{3});
        QVERIFY(!layer->extent().isEmpty());
        QVERIFY(std::isfinite(layer->extent().maxX));
        const QString message = QString::fromStdString(layer->report().messages.at(0));
        QVERIFY2(message.contains("nonfinite.csv") && message.contains("NaN or infinite"), qPrintable(message));

        ReadOptions strict;
        strict.skipBadFeatures = false;
        QVERIFY_THROWS_EXCEPTION(Error, readLayer(path("nonfinite.csv").toStdString(), {}, strict));
        QVERIFY_THROWS_EXCEPTION(Error, geometryFromWkt("POINT (nan 1)"));
        QVERIFY_THROWS_EXCEPTION(Error, geometryFromWkt("POINT (1 inf)"));
    }

    void emptyLayerHasNoInfiniteExtent()
    {
        test::writeFile(path("nothing.geojson"), kEmptyCollection);
        const DataSource ds = DataSource::open(path("nothing.geojson").toStdString());
        const auto info = ds.layers().at(0);
        QCOMPARE(info.featureCount, std::int64_t{0});
        QVERIFY(info.extent.isEmpty());
        const auto layer = ds.readLayer(std::size_t{0});
        QCOMPARE(layer->size(), std::size_t{0});
        QVERIFY(layer->extent().isEmpty());
        QVERIFY(layer->index().search(Box(-1e300, -1e300, 1e300, 1e300)).empty());
        QVERIFY(layer->index().neighbors(0, 0, 5).empty());
    }

    void unknownCrs()
    {
        for (const char* bad : {"EPSG:999999", "nonsense", ""}) {
            try {
                Crs::fromUserInput(bad);
                QFAIL(qPrintable(QString("accepted %1").arg(bad)));
            } catch (const Error& e) {
                QCOMPARE(e.code(), ErrorCode::Crs);
            }
        }
        try {
            Crs::fromFile(path("nonsense.prj").toStdString());
            QFAIL("accepted a nonsense .prj");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("nonsense.prj"), e.what());
        }
        // A layer whose .prj cannot be understood still opens, with its CRS marked unknown.
        QVERIFY(QFile::copy(path("nonsense.prj"), path("three.prj")) || QFile::exists(path("three.prj")));
        test::writeFile(path("three.prj"), test::readFile(path("nonsense.prj")));
        const auto layer = readLayer(path("three.shp").toStdString());
        QCOMPARE(layer->size(), std::size_t{3});
        QVERIFY(!layer->crs().isValid());
    }

    void unknownLayerNamesTheLayers()
    {
        const DataSource ds = DataSource::open(path("three.shp").toStdString());
        try {
            ds.readLayer("roads");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("no layer \"roads\"") && QString(e.what()).contains("three"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
