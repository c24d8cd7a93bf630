// `gis analyse` as a service scripts it: the real binary, run as a process. Oracles: ogrinfo reads what it wrote, and
// SpatiaLite's ST_Centroid / ST_PointOnSurface (GEOS inside SQLite, through GDAL's SQLite dialect) computes the same
// points on the input.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// x and y per feature id (the statement's "fid AS id" becomes the result's feature id), by ogrinfo's SQLite dialect.
QMap<qint64, QPointF> pointsBySql(const QString& file, const QString& sql)
{
    const auto r = gis::test::runTool("ogrinfo", {"-q", "-dialect", "sqlite", "-sql", sql, file});
    QMap<qint64, QPointF> out;
    const QRegularExpression feature(R"(OGRFeature\(SELECT\):(\d+)\n\s+x \(Real\) = ([-\d.e]+)\n\s+y \(Real\) = ([-\d.e]+))");
    for (auto it = feature.globalMatch(QString::fromUtf8(r.out)); it.hasNext();) {
        const auto m = it.next();
        out.insert(m.captured(1).toLongLong(), QPointF(m.captured(2).toDouble(), m.captured(3).toDouble()));
    }
    return out;
}

} // namespace

class TestAnalyse : public QObject {
    Q_OBJECT

private slots:
    void list()
    {
        const auto text = gis::test::runTool(kGis, {"analyse", "--list"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("centroid"));
        QVERIFY(QString::fromUtf8(text.out).contains("المراكز"));
        const auto json = gis::test::runTool(kGis, {"analyse", "--list", "--json"});
        QCOMPARE(json.exitCode, 0);
        QJsonParseError error;
        const QJsonArray list = QJsonDocument::fromJson(json.out, &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(!list.isEmpty());
        for (const auto& v : list)
            for (const char* key : {"id", "group", "title_en", "title_ar", "description_en", "description_ar"})
                QVERIFY2(!v.toObject().value(key).toString().isEmpty(), key);
    }

    void helpFromTheSchema()
    {
        const auto r = gis::test::runTool(kGis, {"analyse", "centroid", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("--method (one of: centroid, point-on-surface, default centroid)"), r.out.constData());
    }

    void centroidsAgainstSpatiaLite_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("function");
        QTest::newRow("centroid") << "centroid" << "ST_Centroid";
        QTest::newRow("point-on-surface") << "point-on-surface" << "ST_PointOnSurface";
    }

    void centroidsAgainstSpatiaLite()
    {
        QFETCH(QString, method);
        QFETCH(QString, function);
        QTemporaryDir dir;
        const QString out = dir.filePath("c.gpkg");
        const auto r = gis::test::runTool(kGis, {"analyse", "centroid", kGpkg, "--layer", "wilayat", "-o", out, "--method", method});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("centroid: 9 features in, 9 out, written to"), r.out.constData());
        const auto info = gis::test::runTool("ogrinfo", {"-so", out, "wilayat_centroids"});
        QVERIFY2(info.out.contains("Geometry: Point") && info.out.contains("Feature Count: 9"), info.out.constData());
        QVERIFY2(info.out.contains("name_en: String"), info.out.constData()); // attributes kept
        const auto ours = pointsBySql(out, "SELECT fid AS id, ST_X(geom) AS x, ST_Y(geom) AS y FROM wilayat_centroids");
        const auto theirs = pointsBySql(kGpkg,
            QString("SELECT fid AS id, ST_X(%1(geom)) AS x, ST_Y(%1(geom)) AS y FROM wilayat").arg(function));
        QCOMPARE(ours.size(), 9);
        QCOMPARE(ours.keys(), theirs.keys()); // ids kept
        for (auto it = ours.begin(); it != ours.end(); ++it) {
            const QPointF d = it.value() - theirs.value(it.key());
            QVERIFY2(std::abs(d.x()) < 1e-9 && std::abs(d.y()) < 1e-9, qPrintable(QString("feature %1").arg(it.key())));
        }
    }

    void mistakesAreNamed_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString out = "/tmp/gis-analyse-test-never-written.gpkg";
        QTest::newRow("algorithm") << QStringList{"centriod", kGpkg, "-o", out} << "unknown algorithm \"centriod\" — did you mean \"centroid\"?";
        QTest::newRow("option") << QStringList{"centroid", kGpkg, "--layer", "wilayat", "-o", out, "--metod", "x"}
                                << "unknown option --metod — did you mean --method?";
        QTest::newRow("choice") << QStringList{"centroid", kGpkg, "--layer", "wilayat", "-o", out, "--method", "middle"}
                                << "--method \"middle\": not one of: centroid, point-on-surface";
        QTest::newRow("policy") << QStringList{"centroid", kGpkg, "--layer", "wilayat", "-o", out, "--invalid", "ignore"}
                                << "--invalid \"ignore\": not one of: stop, skip, repair";
        QTest::newRow("output is the input") << QStringList{"centroid", kGpkg, "--layer", "wilayat", "-o", kGpkg}
                                             << "is an input of this command";
        QTest::newRow("no output") << QStringList{"centroid", kGpkg, "--layer", "wilayat"} << "give -o OUT";
        QTest::newRow("no overlay here") << QStringList{"centroid", kGpkg, "--overlay", kGpkg, "-o", out} << "takes no --overlay";
        QTest::newRow("unknown extension") << QStringList{"centroid", kGpkg, "--layer", "wilayat", "-o", "/tmp/x.docx"} << "x.docx";
    }

    void mistakesAreNamed()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = gis::test::runTool(kGis, QStringList{"analyse"} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists("/tmp/gis-analyse-test-never-written.gpkg"));
    }

    void existingOutputNeedsOverwrite()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("c.geojson");
        gis::test::writeFile(out, "keep me");
        const auto refused = gis::test::runTool(kGis, {"analyse", "centroid", kGpkg, "--layer", "wilayat", "-o", out});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("--overwrite"));
        QCOMPARE(gis::test::readFile(out), QByteArray("keep me"));
        const auto replaced = gis::test::runTool(kGis, {"analyse", "centroid", kGpkg, "--layer", "wilayat", "-o", out, "--overwrite"});
        QCOMPARE(replaced.exitCode, 0);
        QVERIFY(gis::test::readFile(out).contains("FeatureCollection"));
    }

    void addsALayerToAGeoPackage()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("results.gpkg");
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "centroid", kGpkg, "--layer", "wilayat", "-o", out, "--layer-name", "a"}).exitCode, 0);
        QCOMPARE(gis::test::runTool(kGis, {"analyse", "centroid", kGpkg, "--layer", "wilayat", "-o", out, "--layer-name", "b",
                                              "--method", "point-on-surface"}).exitCode, 0);
        const auto info = gis::test::runTool("ogrinfo", {"-q", out});
        QVERIFY2(info.out.contains("a (Point)") && info.out.contains("b (Point)"), info.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestAnalyse)
#include "tst_analyse.moc"
