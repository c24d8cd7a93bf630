// `gis query` and `gis join` as a user runs them: the real binary. Oracles: GDAL's ogrinfo with the SQLite
// dialect (SpatiaLite functions) over the same files, and the files' bytes for the injection attempts.

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kTowns = GIS_SHARED_DATA_DIR "/oman/towns.geojson";
const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(gis::test::readFile(path), QCryptographicHash::Sha256).toHex();
}

/// Rows "a,b" of ogrinfo -sql output: the values of the listed columns per feature.
QStringList ogrinfoRows(const QString& file, const QString& sql, const QStringList& columns)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", "-dialect", "SQLite", "-sql", sql, file});
    QStringList rows;
    QStringList current;
    for (const QString& line : QString::fromUtf8(r.out).split('\n')) {
        for (const QString& c : columns) {
            const QRegularExpression re("^\\s+" + c + " \\(\\w+\\) = (.*)$");
            const auto m = re.match(line);
            if (m.hasMatch())
                current << m.captured(1);
        }
        if (current.size() == columns.size()) {
            rows << current.join(',');
            current.clear();
        }
    }
    return rows;
}

} // namespace

class TestQuery : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(gis::test::haveTool("ogrinfo"), "ogrinfo (gdal-bin) is the oracle");
        QVERIFY(m_dir.isValid());
    }

    void arabicNameCount()
    {
        const auto r = runGis({"query", kTowns, "--where", "name_ar = 'نزوى'", "--format", "count"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("1\n"));
    }

    void whereMatchesSqlite_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("where");
        QTest::newRow("failed in Bahla in 2025") << "inspections"
                                                 << "result = 'fail' AND wilayat_en = 'Bahla' AND inspection_date >= '2025-01-01'";
        QTest::newRow("arabic status") << "projects" << "status_ar = 'قيد التنفيذ'";
        QTest::newRow("land use and area") << "parcels" << "land_use IN ('agricultural', 'mixed') AND area_m2 > 5000";
        QTest::newRow("score range") << "inspections" << "score BETWEEN 60 AND 74";
    }

    void whereMatchesSqlite()
    {
        QFETCH(QString, layer);
        QFETCH(QString, where);
        const auto r = runGis({"query", kSample, "--layer", layer, "--where", where, "--format", "ids"});
        QCOMPARE(r.exitCode, 0);
        QStringList ours = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
        // fid * 1: a plain "fid" would become the result's feature id instead of a column.
        const QStringList expected = ogrinfoRows(kSample, "SELECT fid * 1 AS id FROM " + layer + " WHERE " + where + " ORDER BY fid", {"id"});
        QVERIFY(!expected.isEmpty());
        QCOMPARE(ours, expected);
    }

    void joinMatchesSpatialite()
    {
        const QString out = m_dir.filePath("per-wilayat.csv");
        const auto r = runGis({"join", kSample, kSample, "--points-layer", "inspections", "--polygons-layer", "wilayat",
            "--group-by", "name_en", "--sum", "score", "-o", out, "--timings"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(QRegularExpression("^load_ms=\\d+ index_ms=\\d+ query_ms=\\d+ write_ms=\\d+ total_ms=\\d+\\n$").match(QString(r.err)).hasMatch(),
            r.err.constData());
        QStringList ours = QString::fromUtf8(gis::test::readFile(out)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(ours.takeFirst(), QString("name_en,count,sum_score"));
        const QStringList expected = ogrinfoRows(kSample,
            "SELECT w.name_en AS k, COUNT(*) AS n, SUM(i.score) AS s FROM wilayat w, inspections i "
            "WHERE ST_Within(i.geom, w.geom) GROUP BY w.name_en ORDER BY w.name_en",
            {"k", "n", "s"});
        QCOMPARE(expected.size(), 9);
        QCOMPARE(ours, expected);
    }

    void injectionStaysData()
    {
        // A GeoPackage whose field names and values look like SQL. Every query must treat them as data and
        // leave the file byte-identical.
        const QString json = m_dir.filePath("evil.geojson");
        const QString gpkg = m_dir.filePath("evil.gpkg");
        QByteArray features = "{\"type\":\"FeatureCollection\",\"features\":[";
        const char* names[] = {"'; DROP TABLE evil; --", "O'Brien", "\xE2\x80\x99quoted\xE2\x80\x99", "plain"};
        for (int i = 0; i < 4; ++i) {
            QByteArray name = names[i];
            name.replace("\"", "\\\"");
            features += (i ? "," : "") + QByteArray("{\"type\":\"Feature\",\"properties\":{\"name\":\"") + name
                + "\",\"a\\\";DROP\":" + QByteArray::number(i) + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[57."
                + QByteArray::number(i) + ",23]}}";
        }
        features += "]}";
        gis::test::writeFile(json, features);
        const auto made = gis::test::runTool("ogr2ogr", {gpkg, json, "-nln", "evil"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QByteArray before = sha256(gpkg);

        struct Case {
            QString where;
            QByteArray count;
        };
        const Case cases[] = {
            {"name = '''; DROP TABLE evil; --'", "1\n"},
            {"name = 'O''Brien'", "1\n"},
            {"name = '\xE2\x80\x99quoted\xE2\x80\x99'", "1\n"},
            {"\"a\"\";DROP\" = 2", "1\n"},
            {"name LIKE '%DROP%'", "1\n"},
            {"name = 'x'' OR ''1''=''1'", "0\n"},
        };
        for (const Case& c : cases) {
            const auto r = runGis({"query", gpkg, "--where", c.where, "--format", "count"});
            QVERIFY2(r.exitCode == 0, qPrintable(c.where + ": " + r.err));
            QCOMPARE(r.out, c.count);
        }
        const auto bad = runGis({"query", gpkg, "--where", "name = ''; DROP TABLE evil; --'", "--format", "count"});
        QVERIFY(bad.exitCode != 0);
        QCOMPARE(sha256(gpkg), before);
        const auto still = runGis({"query", gpkg, "--format", "count"});
        QCOMPARE(still.out, QByteArray("4\n"));
    }

    void spatialOptions()
    {
        // A box around Nizwa given in UTM 40N metres finds what the same box in degrees finds.
        const auto degrees = runGis({"query", kTowns, "--bbox=57.3,22.8,57.8,23.1", "--format", "ids"});
        QCOMPARE(degrees.exitCode, 0);
        QVERIFY(!degrees.out.isEmpty());
        // Nizwa is at E 554344 N 2535869 in UTM 40N (cs2cs).
        const auto utm = runGis({"query", kTowns, "--crs", "EPSG:32640", "--bbox", "544000,2525000,564000,2545000", "--format", "ids"});
        QCOMPARE(utm.exitCode, 0);
        const auto nizwa = runGis({"query", kTowns, "--where", "name_ar = 'نزوى'", "--format", "ids"});
        QCOMPARE(utm.out, nizwa.out);
        QVERIFY(degrees.out.split('\n').contains(nizwa.out.trimmed()));

        const auto nearest = runGis({"query", kTowns, "--nearest", "57.5301,22.9333", "--k", "1", "--format", "csv", "--fields", "name_ar"});
        QCOMPARE(nearest.exitCode, 0);
        QVERIFY2(nearest.out.startsWith("name_ar,distance,WKT\nنزوى,"), nearest.out.constData());

        const auto within = runGis({"query", kSample, "--layer", "inspections", "--within",
            "POLYGON ((57.4 22.8, 57.7 22.8, 57.7 23.1, 57.4 23.1, 57.4 22.8))", "--format", "count"});
        QCOMPARE(within.exitCode, 0);
        const QStringList expected = ogrinfoRows(kSample,
            "SELECT COUNT(*) AS n FROM inspections WHERE ST_Within(geom, GeomFromText('POLYGON ((57.4 22.8, 57.7 22.8, 57.7 23.1, 57.4 23.1, 57.4 22.8))'))",
            {"n"});
        QCOMPARE(QString::fromUtf8(within.out).trimmed(), expected.value(0));

        const auto dwithin = runGis({"query", kTowns, "--dwithin", "POINT (57.5301 22.9333)", "--distance", "15000", "--format", "geojson"});
        QCOMPARE(dwithin.exitCode, 0);
        const QJsonArray features = QJsonDocument::fromJson(dwithin.out).object()["features"].toArray();
        QVERIFY(!features.isEmpty());
        QStringList names;
        for (const auto& f : features)
            names << f.toObject()["properties"].toObject()["name_ar"].toString();
        QVERIFY2(names.contains("نزوى"), qPrintable(names.join(",")));
        QVERIFY2(!names.contains("بهلاء") && !names.contains("إزكي"), qPrintable(names.join(","))); // both ~24 km away
    }

    void geojsonOutputReadsBack()
    {
        const QString out = m_dir.filePath("projects.geojson");
        const auto r = runGis({"query", kSample, "--layer", "projects", "--where", "status = 'completed'", "-o", out});
        QCOMPARE(r.exitCode, 0);
        const auto back = gis::test::runTool("ogrinfo", {"-ro", "-so", "-al", out});
        QVERIFY2(back.out.contains("Feature Count: 15"), back.out.constData());
    }

    void badInputIsOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("misspelt field") << QStringList{"query", kTowns, "--where", "nme_en = 'Nizwa'"} << "did you mean \"name_en\"";
        QTest::newRow("unbalanced") << QStringList{"query", kTowns, "--where", "(name_en = 'x'"} << "column";
        QTest::newRow("bad WKT") << QStringList{"query", kTowns, "--within", "POLYGON ((1 2, 3"} << "WKT";
        QTest::newRow("several layers") << QStringList{"query", kSample} << "choose one with --layer";
        QTest::newRow("bad bbox") << QStringList{"query", kTowns, "--bbox", "1,2,x,4"} << "\"x\" is not a number";
        QTest::newRow("k beyond the bound") << QStringList{"query", kTowns, "--nearest", "57.5,22.9", "--k", "1e12"} << "--k must be a whole number from 1 to 10000000";
        QTest::newRow("k above 10 million") << QStringList{"query", kTowns, "--nearest", "57.5,22.9", "--k", "10000001"} << "--k must be a whole number";
        QTest::newRow("k fraction") << QStringList{"query", kTowns, "--nearest", "57.5,22.9", "--k", "2.5"} << "--k must be a whole number";
        QTest::newRow("k zero") << QStringList{"query", kTowns, "--nearest", "57.5,22.9", "--k", "0"} << "--k must be a whole number";
        QTest::newRow("infinite distance") << QStringList{"query", kTowns, "--dwithin", "POINT (57 23)", "--distance", "inf"} << "\"inf\" is not a number";
        QTest::newRow("nan coordinate") << QStringList{"query", kTowns, "--nearest", "nan,22.9"} << "\"nan\" is not a number";
        QTest::newRow("join without group") << QStringList{"join", kTowns, kTowns} << "--group-by";
        QTest::newRow("join unknown field") << QStringList{"join", kTowns, GIS_SHARED_DATA_DIR "/oman/governorates.geojson", "--group-by", "nam"} << "unknown field \"nam\"";
    }

    void badInputIsOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const auto r = runGis(args);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    void kAtTheBoundIsAnswered()
    {
        // 10,000,000 is allowed and simply returns every feature, nearest first.
        const auto r = runGis({"query", kTowns, "--nearest", "57.5301,22.9333", "--k", "10000000", "--format", "count"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, runGis({"query", kTowns, "--format", "count"}).out);
    }

    void failedWriteKeepsOldFile()
    {
        const QString out = m_dir.filePath("keep.csv");
        gis::test::writeFile(out, "old contents\n");
        const auto r = runGis({"query", kTowns, "--where", "no_such_field = 1", "-o", out, "--overwrite"});
        QVERIFY(r.exitCode != 0);
        QCOMPARE(gis::test::readFile(out), QByteArray("old contents\n"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestQuery)
#include "tst_query.moc"
