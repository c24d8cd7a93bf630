// `gis join` outputs: --format geojson works (it was a use-after-free, and always failed in release builds) and
// agrees with SpatiaLite through ogrinfo; -o never replaces an input (the polygons file became 99 bytes of CSV);
// an existing output needs --overwrite.

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(gis::test::readFile(path), QCryptographicHash::Sha256).toHex();
}

/// name_en -> count per wilayat from SpatiaLite (ogrinfo's SQLite dialect).
QMap<QString, int> oracleCounts()
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", "-dialect", "SQLite", "-sql",
        "SELECT w.name_en AS k, COUNT(*) AS n FROM wilayat w, inspections i WHERE ST_Within(i.geom, w.geom) "
        "GROUP BY w.name_en",
        kSample});
    QMap<QString, int> counts;
    QString key;
    for (const QString& line : QString::fromUtf8(r.out).split('\n')) {
        const auto k = QRegularExpression("^\\s+k \\(\\w+\\) = (.*)$").match(line);
        const auto n = QRegularExpression("^\\s+n \\(\\w+\\) = (.*)$").match(line);
        if (k.hasMatch())
            key = k.captured(1);
        if (n.hasMatch())
            counts[key] = n.captured(1).toInt();
    }
    return counts;
}

} // namespace

class TestJoin : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(gis::test::haveTool("ogrinfo") && gis::test::haveTool("ogr2ogr"), "GDAL's tools are the oracle");
        QVERIFY(m_dir.isValid());
        m_points = m_dir.filePath("t.geojson");
        m_polygons = m_dir.filePath("g.geojson");
        QCOMPARE(gis::test::runTool("ogr2ogr", {m_points, kSample, "inspections"}).exitCode, 0);
        QCOMPARE(gis::test::runTool("ogr2ogr", {m_polygons, kSample, "wilayat"}).exitCode, 0);
    }

    // The README's example with --format geojson, to standard output and to a file.
    void geojsonFormat()
    {
        const QMap<QString, int> expected = oracleCounts();
        QCOMPARE(expected.size(), 9);
        const QStringList args{"join", kSample, kSample, "--points-layer", "inspections", "--polygons-layer", "wilayat",
            "--group-by", "name_en", "--sum", "score", "--format", "geojson"};
        const auto r = runGis(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QMap<QString, int> ours;
        for (const auto& f : QJsonDocument::fromJson(r.out).object()["features"].toArray()) {
            const QJsonObject p = f.toObject()["properties"].toObject();
            ours[p["name_en"].toString()] = p["count"].toInt();
            QVERIFY(p["sum_score"].toDouble() > 0);
            QVERIFY(f.toObject()["geometry"].toObject()["type"].toString().endsWith("Polygon"));
        }
        QCOMPARE(ours, expected);

        const QString out = m_dir.filePath("per-wilayat.geojson");
        const auto file = runGis(QStringList(args.mid(0, args.size() - 2)) << "-o" << out);
        QVERIFY2(file.exitCode == 0, file.err.constData());
        const auto info = gis::test::runTool("ogrinfo", {"-ro", "-so", "-al", out});
        QVERIFY2(info.out.contains("using driver `GeoJSON'") && info.out.contains("Feature Count: 9"), info.out.constData());
    }

    // The defect: "-o g.geojson" replaced the polygons with 99 bytes of CSV.
    void outputIsAnInput_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("polygons") << "polygons";
        QTest::newRow("points") << "points";
        QTest::newRow("symlink to the polygons") << "symlink";
        QTest::newRow("hard link to the polygons") << "hardlink";
    }
    void outputIsAnInput()
    {
        QFETCH(QString, how);
        QString out = how == "points" ? m_points : m_polygons;
        if (how == "symlink") {
            out = m_dir.filePath("link.geojson");
            QFile::remove(out);
            QVERIFY(QFile::link(m_polygons, out));
        } else if (how == "hardlink") {
            out = m_dir.filePath("hard.geojson");
            QFile::remove(out);
            QCOMPARE(::link(QFile::encodeName(m_polygons).constData(), QFile::encodeName(out).constData()), 0);
        }
        const QByteArray points = sha256(m_points), polygons = sha256(m_polygons);
        for (const QStringList& extra : {QStringList{}, QStringList{"--overwrite"}, QStringList{"--format", "csv"}}) {
            const auto r = runGis(QStringList{"join", m_points, m_polygons, "--group-by", "name_en", "-o", out} + extra);
            QVERIFY(r.exitCode != 0);
            QVERIFY2(r.err.contains("is an input of this command"), r.err.constData());
        }
        QCOMPARE(sha256(m_points), points);
        QCOMPARE(sha256(m_polygons), polygons);
    }

    void existingOutputAndNames()
    {
        const QString out = m_dir.filePath("counts.csv");
        gis::test::writeFile(out, "keep\n");
        const QStringList args{"join", m_points, m_polygons, "--group-by", "name_en", "-o", out};
        const auto refused = runGis(args);
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("exists; add --overwrite"), refused.err.constData());
        QCOMPARE(gis::test::readFile(out), QByteArray("keep\n"));
        const auto replaced = runGis(QStringList(args) << "--overwrite");
        QVERIFY2(replaced.exitCode == 0, replaced.err.constData());
        QVERIFY(gis::test::readFile(out).startsWith("name_en,count\n"));

        // CSV text is not written under a GeoPackage's name, nor GeoJSON under a CSV's.
        const auto gpkg = runGis({"join", m_points, m_polygons, "--group-by", "name_en", "-o", m_dir.filePath("c.gpkg")});
        QVERIFY(gpkg.exitCode != 0 && gpkg.err.contains("name the output .csv"));
        const auto mixed = runGis({"join", m_points, m_polygons, "--group-by", "name_en", "--format", "geojson", "-o",
            m_dir.filePath("c.csv")});
        QVERIFY(mixed.exitCode != 0 && mixed.err.contains("name the output .geojson"));
        QVERIFY(!QFile::exists(m_dir.filePath("c.gpkg")) && !QFile::exists(m_dir.filePath("c.csv")));
    }

private:
    QTemporaryDir m_dir;
    QString m_points;
    QString m_polygons;
};

QTEST_GUILESS_MAIN(TestJoin)
#include "tst_join.moc"
