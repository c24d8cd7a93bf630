// writeLayer: every format round-trips through GDAL (read back by libgis and checked by ogrinfo), selections
// pick rows and fields, and a failed save leaves the original file as it was.

#include <QDir>
#include <QFileInfo>
#include <QMap>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

/// Three features of every field type, with nulls, Arabic text and polygons with a hole.
std::shared_ptr<const Layer> makeLayer(const Crs& crs = Crs::fromEpsg(4326))
{
    GeometryColumn g;
    for (int i = 0; i < 3; ++i) {
        const double x = 57.5 + i * 0.1, y = 22.9;
        g.beginGeometry(GeometryType::Polygon);
        g.beginPart(GeometryType::Polygon);
        g.beginRing();
        for (auto [dx, dy] : {std::pair{0.0, 0.0}, {0.05, 0.0}, {0.05, 0.05}, {0.0, 0.05}, {0.0, 0.0}})
            g.addCoord(x + dx, y + dy);
        if (i == 1) {
            g.beginRing();
            for (auto [dx, dy] : {std::pair{0.01, 0.01}, {0.01, 0.02}, {0.02, 0.02}, {0.02, 0.01}, {0.01, 0.01}})
                g.addCoord(x + dx, y + dy);
        }
        g.endGeometry();
    }
    AttributeTable t;
    t.addColumn("id", FieldType::Integer);
    t.addColumn("score", FieldType::Real);
    t.addColumn("name_ar", FieldType::String);
    t.addColumn("opened", FieldType::Date);
    t.addColumn("active", FieldType::Boolean);
    // References only once every column is added: adding one may move the others.
    auto& id = t.column(0);
    auto& score = t.column(1);
    auto& name = t.column(2);
    auto& day = t.column(3);
    auto& ok = t.column(4);
    id.appendInteger(10);
    id.appendInteger(20);
    id.appendInteger(30);
    score.appendReal(1.5);
    score.appendNull();
    score.appendReal(-2.25);
    name.appendString("نزوى");
    name.appendString("بهلاء");
    name.appendNull();
    day.appendInteger(20089); // 2025-01-01
    day.appendNull();
    day.appendInteger(0);
    ok.appendInteger(1);
    ok.appendInteger(0);
    ok.appendNull();
    return std::make_shared<const Layer>("sites", crs, GeometryType::Polygon, std::move(g), std::move(t));
}

int ogrFeatureCount(const QString& path)
{
    const auto r = test::runTool("ogrinfo", {"-ro", "-so", "-al", path});
    const int at = r.out.indexOf("Feature Count: ");
    return at < 0 ? -1 : r.out.mid(at + 15, r.out.indexOf('\n', at) - at - 15).toInt();
}

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestLayerWriter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(test::haveTool("ogrinfo"), "ogrinfo (gdal-bin) is needed as the oracle"); }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("typedDates"); // the format keeps dates as dates (not text)
        QTest::newRow("gpkg") << "out.gpkg" << true;
        QTest::newRow("geojson") << "out.geojson" << true;
        QTest::newRow("shapefile") << "out.shp" << true;
        QTest::newRow("csv") << "out.csv" << true;
        QTest::newRow("flatgeobuf") << "out.fgb" << false; // dates become date-times at midnight
        QTest::newRow("kml") << "out.kml" << false; // KML keeps text only
        QTest::newRow("gml") << "out.gml" << false;
    }
    void roundTrip()
    {
        QFETCH(QString, file);
        QFETCH(bool, typedDates);
        QTemporaryDir dir;
        const std::string path = dir.filePath(file).toStdString();
        const auto layer = makeLayer();
        writeLayer(*layer, path);
        QCOMPARE(ogrFeatureCount(QString::fromStdString(path)), 3);
        const auto back = readLayer(path);
        QCOMPARE(back->size(), std::size_t(3));
        QVERIFY(back->crs().isEquivalentTo(Crs::fromEpsg(4326)));
        const auto& a = back->attributes();
        if (file.endsWith(".kml")) {
            // KML keeps text only, read back through LIBKML with its own columns first: ogrinfo is the judge.
            const auto info = test::runTool("ogrinfo", {"-ro", "-al", QString::fromStdString(path)});
            QVERIFY2(info.out.contains("name_ar (String) = نزوى") && info.out.contains("name_ar (String) = بهلاء"),
                info.out.constData());
        } else {
            QCOMPARE(a.column("id").integer(2), std::int64_t(30));
            QCOMPARE(a.column("score").real(0), 1.5);
            QVERIFY(a.column("score").isNull(1));
            QCOMPARE(QString::fromUtf8(a.column("name_ar").toString(0)), QStringLiteral("نزوى"));
            QCOMPARE(QString::fromUtf8(a.column("name_ar").toString(1)), QStringLiteral("بهلاء"));
        }
        if (typedDates)
            QCOMPARE(QString::fromStdString(a.column("opened").toString(0)), QStringLiteral("2025-01-01"));
        // The hole survives: feature 1 has two rings.
        const auto& g = back->geometries();
        QCOMPARE(g.ringEnd(g.partBegin(1)) - g.ringBegin(g.partBegin(1)), std::size_t(2));
        QVERIFY(std::abs(back->extent().minX - 57.5) < 1e-9);
        QCOMPARE(entries(dir.path()).filter("tmp").size(), 0);
    }

    void selectionOfRowsAndFields()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("sel.gpkg").toStdString();
        WriteSelection sel;
        sel.allRows = false;
        sel.rows = {0, 2};
        sel.fields = {"name_ar", "id"};
        writeLayer(*makeLayer(), path, sel);
        const auto back = readLayer(path);
        QCOMPARE(back->size(), std::size_t(2));
        QCOMPARE(back->attributes().columnCount(), std::size_t(2));
        QCOMPARE(back->attributes().column("id").integer(1), std::int64_t(30));
        QCOMPARE(back->name(), std::string("sites"));
    }

    void sampleLayerToShapefile()
    {
        QTemporaryDir dir;
        const std::string src = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
        const auto towns = readLayer(src, "towns");
        const std::string path = dir.filePath("towns.shp").toStdString();
        writeLayer(*towns, path);
        QCOMPARE(ogrFeatureCount(QString::fromStdString(path)), static_cast<int>(towns->size()));
        const auto back = readLayer(path);
        for (std::size_t i = 0; i < towns->size(); ++i) {
            QCOMPARE(back->attributes().column("name_ar").toString(i), towns->attributes().column("name_ar").toString(i));
            QCOMPARE(back->geometries().coord(i), towns->geometries().coord(i));
        }
        QVERIFY(QFile::exists(dir.filePath("towns.cpg")));
        QCOMPARE(entries(dir.path()).filter("tmp").size(), 0);
    }

    void failedSaveKeepsOriginal_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("gpkg") << "keep.gpkg";
        QTest::newRow("shapefile") << "keep.shp";
        QTest::newRow("csv") << "keep.csv";
    }
    void failedSaveKeepsOriginal()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const std::string path = dir.filePath(file).toStdString();
        const auto layer = makeLayer();
        writeLayer(*layer, path);
        const QStringList before = entries(dir.path());
        const QByteArray original = test::readFile(QString::fromStdString(path));
        // Row 7 does not exist: the writer fails after it started writing (rows 0 and 1 went out first).
        WriteSelection bad;
        bad.allRows = false;
        bad.rows = {0, 1, 7};
        try {
            writeLayer(*layer, path, bad);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("row 7"), e.what());
        }
        QCOMPARE(test::readFile(QString::fromStdString(path)), original);
        QCOMPARE(entries(dir.path()), before);
        QCOMPARE(readLayer(path)->size(), std::size_t(3));
    }

    // The several files of a Shapefile or CSV are swapped in all-or-nothing: here the original has no .prj (no
    // CRS) and a folder stands where the new .prj must go, so its move fails, after whichever moves came first
    // (directory order: on ext4 the Shapefile's .shx is already replaced then, which the old one-by-one move kept).
    void failedMoveRestoresEveryFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("shapefile") << "swap.shp";
        QTest::newRow("csv") << "swap.csv";
    }
    void failedMoveRestoresEveryFile()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const QString path = dir.filePath(file);
        writeLayer(*makeLayer(Crs{}), path.toStdString());
        const QString prj = QFileInfo(path).path() + "/" + QFileInfo(path).completeBaseName() + ".prj";
        QVERIFY(!QFile::exists(prj));
        QVERIFY(QDir().mkdir(prj));
        const QStringList before = entries(dir.path());
        QMap<QString, QByteArray> original;
        for (const QString& name : before)
            if (QFileInfo(dir.filePath(name)).isFile())
                original[name] = test::readFile(dir.filePath(name));
        QVERIFY(original.size() >= 2);

        WriteSelection firstTwo;
        firstTwo.allRows = false;
        firstTwo.rows = {0, 1};
        try {
            writeLayer(*makeLayer(), path.toStdString(), firstTwo);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
        QCOMPARE(entries(dir.path()), before);
        for (auto it = original.cbegin(); it != original.cend(); ++it)
            QVERIFY2(test::readFile(dir.filePath(it.key())) == it.value(), qPrintable(it.key()));
        QCOMPARE(readLayer(path.toStdString())->size(), std::size_t(3));

        // Without the obstacle the same save succeeds and leaves no backup behind.
        QVERIFY(QDir().rmdir(prj));
        writeLayer(*makeLayer(), path.toStdString(), firstTwo);
        QCOMPARE(readLayer(path.toStdString())->size(), std::size_t(2));
        QCOMPARE(entries(dir.path()).filter("tmp").size(), 0);
        QVERIFY(QFile::exists(prj));
    }

    // Into an existing GeoPackage: AddLayer adds one table and keeps the others, refuses a name that is taken;
    // ReplaceLayer swaps that one layer. ogrinfo is the oracle for what the file holds.
    void addAndReplaceLayerOfGeoPackage()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("two.gpkg");
        const auto layer = makeLayer();
        writeLayer(*layer, path.toStdString());
        LayerWriteOptions add;
        add.mode = LayerWriteMode::AddLayer;
        add.layerName = "more";
        WriteSelection one;
        one.allRows = false;
        one.rows = {1};
        writeLayer(*layer, path.toStdString(), one, add);
        const auto info = test::runTool("ogrinfo", {"-ro", "-q", path});
        QVERIFY2(info.out.contains("sites") && info.out.contains("more"), info.out.constData());
        QCOMPARE(readLayer(path.toStdString(), "sites")->size(), std::size_t(3));
        QCOMPARE(readLayer(path.toStdString(), "more")->size(), std::size_t(1));

        const QByteArray before = test::readFile(path);
        try {
            writeLayer(*layer, path.toStdString(), {}, add);
            QFAIL("expected an error: the name is taken");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY2(QString(e.what()).contains("already has a layer \"more\""), e.what());
        }
        QCOMPARE(test::readFile(path), before);

        LayerWriteOptions replace = add;
        replace.mode = LayerWriteMode::ReplaceLayer;
        writeLayer(*layer, path.toStdString(), {}, replace);
        QCOMPARE(readLayer(path.toStdString(), "more")->size(), std::size_t(3));
        QCOMPARE(readLayer(path.toStdString(), "sites")->size(), std::size_t(3));

        // A failure inside the transaction (row 7 after rows 0 and 1) rolls it back: "more" keeps its 3 rows.
        WriteSelection bad;
        bad.allRows = false;
        bad.rows = {0, 1, 7};
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, path.toStdString(), bad, replace));
        QCOMPARE(readLayer(path.toStdString(), "more")->size(), std::size_t(3));
        QCOMPARE(entries(dir.path()), QStringList{"two.gpkg"});

        // Only a GeoPackage holds several layers, and adding needs the file.
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, dir.filePath("x.geojson").toStdString(), {}, add));
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, dir.filePath("missing.gpkg").toStdString(), {}, add));
    }

    void refusals()
    {
        QTemporaryDir dir;
        const auto layer = makeLayer();
        WriteSelection sel;
        sel.fields = {"nmae_ar"};
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, dir.filePath("x.gpkg").toStdString(), sel));
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, dir.filePath("x.xyz").toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, writeLayer(*layer, dir.filePath("missing/x.gpkg").toStdString()));
        QCOMPARE(entries(dir.path()).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLayerWriter)
#include "tst_layerwriter.moc"
