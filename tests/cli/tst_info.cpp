// `gis info` as a user and a program see it: the real binary, run as a process. The oracle for the sample
// files is GDAL's own ogrinfo.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGovernorates = GIS_SHARED_DATA_DIR "/oman/governorates.geojson";

/// The extent ogrinfo reports for a layer: "Extent: (51.97, 16.64) - (59.84, 26.50)".
QList<double> ogrinfoExtent(const QString& file, const QString& layer)
{
    const auto r = gis::test::runTool("ogrinfo", {"-so", file, layer});
    const auto m = QRegularExpression(R"(Extent: \(([-\d.e]+), ([-\d.e]+)\) - \(([-\d.e]+), ([-\d.e]+)\))").match(r.out);
    if (!m.hasMatch())
        return {};
    return {m.captured(1).toDouble(), m.captured(2).toDouble(), m.captured(3).toDouble(), m.captured(4).toDouble()};
}

/// The geometry type ogrinfo reports, in gis info's words ("Multi Polygon" -> "MultiPolygon", "Unknown (any)" -> "Unknown").
QString ogrinfoGeometryType(const QString& file, const QString& layer)
{
    const auto r = gis::test::runTool("ogrinfo", {"-so", file, layer});
    const auto m = QRegularExpression(R"(Geometry: ([^\n(]+))").match(QString::fromUtf8(r.out));
    return m.hasMatch() ? m.captured(1).trimmed().remove(' ') : QString();
}

} // namespace

class TestInfo : public QObject {
    Q_OBJECT

private slots:
    void governoratesAsJson()
    {
        const auto r = gis::test::runTool(kGis, {"info", "--json", kGovernorates});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(root.keys(), (QStringList{"layers", "path", "rasters"}));
        QCOMPARE(root["path"].toString(), kGovernorates);
        QCOMPARE(root["layers"].toArray().size(), 1);
        const QJsonObject layer = root["layers"].toArray()[0].toObject();
        QCOMPARE(layer.keys(), (QStringList{"crs", "extent", "feature_count", "fields", "geometry_type", "name"}));
        QCOMPARE(layer["feature_count"].toInt(), 11);
        QCOMPARE(layer["crs"].toString(), QString("EPSG:4326"));
        // The file mixes Polygon and MultiPolygon features: GDAL declares no single type, and neither do we.
        QCOMPARE(layer["geometry_type"].toString(), ogrinfoGeometryType(kGovernorates, "governorates"));
        const QList<double> expected = ogrinfoExtent(kGovernorates, "governorates");
        QCOMPARE(expected.size(), 4);
        const QJsonArray extent = layer["extent"].toArray();
        QCOMPARE(extent.size(), 4);
        for (int i = 0; i < 4; ++i) // ogrinfo prints 6 decimals
            QVERIFY2(std::abs(extent[i].toDouble() - expected[i]) < 1e-6, qPrintable(QString::number(extent[i].toDouble())));
        QStringList fields;
        for (const auto& f : layer["fields"].toArray())
            fields << f.toObject()["name"].toString() + ":" + f.toObject()["type"].toString();
        QVERIFY2(fields.contains("name_ar:string") && fields.contains("population_2024:integer"), qPrintable(fields.join(",")));
        QCOMPARE(root["rasters"].toArray().size(), 0);
    }

    void sampleGeodatabaseAsText()
    {
        const auto r = gis::test::runTool(kGis, {"info", GIS_SOURCE_DIR "/data/dakhiliyah.gpkg"});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        for (const char* layer : {"governorates", "towns", "projects", "inspections", "parcels", "roads", "wilayat"})
            QVERIFY2(out.contains(QString("  ") + layer + ":"), qPrintable("missing layer " + QString(layer) + "\n" + out));
        QVERIFY(out.contains("21 features"));
        QVERIFY(out.contains("EPSG:4326"));
    }

    void emptyLayerExtentIsNull()
    {
        QTemporaryDir dir;
        gis::test::writeFile(dir.filePath("empty.geojson"), R"({"type":"FeatureCollection","features":[]})");
        const auto r = gis::test::runTool(kGis, {"info", "--json", dir.filePath("empty.geojson")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject layer = QJsonDocument::fromJson(r.out).object()["layers"].toArray()[0].toObject();
        QVERIFY(layer["extent"].isNull());
        QCOMPARE(layer["feature_count"].toInt(), 0);
        QVERIFY(!r.out.contains("Infinity") && !r.out.contains(" inf") && !r.out.contains("-inf"));
    }

    void badInputGivesOneLineAndNoCrash_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing file") << QStringList{"info", "/nonexistent/roads.shp"} << "no such file";
        QTest::newRow("no path") << QStringList{"info"} << "expected one PATH";
        QTest::newRow("unknown option") << QStringList{"info", "--jsn", kGovernorates} << "unknown option --jsn";
        QTest::newRow("unknown command") << QStringList{"inf"} << "unknown command";
    }

    void badInputGivesOneLineAndNoCrash()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const auto r = gis::test::runTool(kGis, args);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
        if (args.size() > 1 && args[0] == "info")
            QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_GUILESS_MAIN(TestInfo)
#include "tst_info.moc"
