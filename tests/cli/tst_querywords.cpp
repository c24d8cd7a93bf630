// `gis query` and `gis join` words and numbers (issue 17 §2): expressions in --fields/--group-by/--stats, the
// distance of --nearest, "did you mean" for misspelt options and fields, a reversed --bbox; and the sample's
// governorate names (§1). The real binary; oracle: GDAL's ogrinfo with the SQLite dialect (SpatiaLite) over the
// same file.

#include <QRegularExpression>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kSample = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

/// The values of `columns` per feature of ogrinfo's answer to `sql`, joined with ','.
QStringList ogrinfoRows(const QString& sql, const QStringList& columns)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", "-dialect", "SQLite", "-sql", sql, kSample});
    QStringList rows, current;
    for (const QString& line : QString::fromUtf8(r.out).split('\n')) {
        for (const QString& c : columns) {
            const auto m = QRegularExpression("^\\s+" + c + " \\(\\w+\\) = (.*)$").match(line);
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

/// The fields of one CSV line (RFC 4180 quotes).
QStringList csvFields(const QString& line)
{
    QStringList fields{QString()};
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            fields.last() += line[++i];
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            fields << QString();
        else
            fields.last() += c;
    }
    return fields;
}

QStringList lines(const QByteArray& out)
{
    return QString::fromUtf8(out).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestQueryWords : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(gis::test::haveTool("ogrinfo"), "ogrinfo (gdal-bin) is the oracle"); }

    // The distance column of --nearest equals SpatiaLite's ellipsoidal ST_Distance, in the same order.
    void nearestWritesDistance()
    {
        const auto r = runGis({"query", kSample, "--layer", "towns", "--nearest", "57.5,22.9", "--k", "3",
            "--fields", "name_en", "--format", "csv"});
        QCOMPARE(r.exitCode, 0);
        const QStringList got = lines(r.out);
        QCOMPARE(got.value(0), QString("name_en,distance,WKT"));
        const QStringList expected = ogrinfoRows("SELECT name_en, ST_Distance(geom, MakePoint(57.5, 22.9, 4326), 1) AS d "
                                                 "FROM towns ORDER BY d LIMIT 3", {"name_en", "d"});
        QCOMPARE(expected.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QStringList g = got.value(i + 1).split(','), e = expected[i].split(',');
            QCOMPARE(g.value(0), e[0]);
            const double d = g.value(1).toDouble(), oracle = e[1].toDouble();
            QVERIFY2(oracle > 1000 && std::abs(d - oracle) < 1e-6 * oracle, qPrintable(got.value(i + 1) + " vs " + expected[i]));
        }
    }

    // --group-by an expression with --stats a field, and --stats an expression: counts and sums as SQLite's.
    void groupByExpression()
    {
        const auto r = runGis({"query", kSample, "--layer", "inspections", "--group-by", "year(inspection_date)",
            "--stats", "score"});
        QCOMPARE(r.exitCode, 0);
        QStringList got;
        for (const QString& line : lines(r.out).mid(1))
            got << line.section(',', 0, 1) + "," + line.section(',', 3, 3); // key,count,sum (after nulls)
        QCOMPARE(lines(r.out).value(0).section(',', 0, 1), QString("year(inspection_date),count"));
        QCOMPARE(got, ogrinfoRows("SELECT substr(inspection_date, 1, 4) AS y, count(*) AS n, sum(score) AS s "
                                  "FROM inspections GROUP BY y ORDER BY y", {"y", "n", "s"}));

        const auto doubled = runGis({"query", kSample, "--layer", "inspections", "--group-by", "result", "--stats", "score * 2"});
        QCOMPARE(doubled.exitCode, 0);
        QStringList sums;
        for (const QString& line : lines(doubled.out).mid(1))
            sums << line.section(',', 0, 0) + "," + line.section(',', 3, 3);
        QCOMPARE(sums, ogrinfoRows("SELECT result, sum(score * 2) AS s FROM inspections GROUP BY result ORDER BY result",
                           {"result", "s"}));
    }

    // --fields mixes a field and expressions; a comma inside parentheses does not split the list.
    void fieldsExpression()
    {
        const auto r = runGis({"query", kSample, "--layer", "governorates", "--fields",
            "code,code || ':' || name_en,round(population_2024 / 1000.0, 1)", "--format", "csv"});
        QCOMPARE(r.exitCode, 0);
        QStringList got;
        for (const QString& line : lines(r.out)) {
            const QStringList f = csvFields(line);
            QCOMPARE(f.size(), 4); // and WKT
            got << f.mid(0, 3).join(',');
        }
        QCOMPARE(got.value(0), QString("code,code || ':' || name_en,round(population_2024 / 1000.0, 1)"));
        const QStringList expected = ogrinfoRows(
            "SELECT code, code || ':' || name_en AS t, round(population_2024 / 1000.0, 1) AS p FROM governorates",
            {"code", "t", "p"});
        QCOMPARE(expected.size(), 11);
        QCOMPARE(got.mid(1), expected);
    }

    void didYouMean_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QStringList towns{"query", kSample, "--layer", "towns"};
        QTest::newRow("option") << (towns + QStringList{"--feilds", "name_en"}) << 2
                                << "unknown option --feilds — did you mean --fields?";
        QTest::newRow("fields") << (towns + QStringList{"--fields", "name_en,nmae_ar"}) << 1
                                << "--fields: unknown field \"nmae_ar\" at column 1 — did you mean \"name_ar\"?";
        QTest::newRow("group-by") << (towns + QStringList{"--group-by", "govrnorate"}) << 1
                                  << "--group-by: unknown field \"govrnorate\" at column 1 — did you mean \"governorate\"?";
        QTest::newRow("stats") << QStringList{"query", kSample, "--layer", "inspections", "--group-by", "result", "--stats", "scroe"}
                               << 1 << "--stats: unknown field \"scroe\" at column 1 — did you mean \"score\"?";
        QTest::newRow("stats beside an expression") << QStringList{"query", kSample, "--layer", "inspections", "--group-by",
            "year(inspection_date)", "--stats", "scroe"} << 1 << "--stats: unknown field \"scroe\" at column 1 — did you mean \"score\"?";
        QTest::newRow("join group-by") << QStringList{"join", kSample, kSample, "--points-layer", "towns",
            "--polygons-layer", "governorates", "--group-by", "nmae_en"}
                                       << 1 << "--group-by: unknown field \"nmae_en\" in the polygons — did you mean \"name_en\"?";
        QTest::newRow("join sum") << QStringList{"join", kSample, kSample, "--points-layer", "inspections",
            "--polygons-layer", "wilayat", "--group-by", "name_en", "--sum", "socre"}
                                  << 1 << "--sum: unknown field \"socre\" in the points — did you mean \"score\"?";
    }

    void didYouMean()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const auto r = runGis(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // Reversed corners select nothing; said as an error naming the option, while the same box in order works.
    void reversedBboxIsAnError()
    {
        const auto reversed = runGis({"query", kSample, "--layer", "towns", "--bbox", "58,22,57,23.5", "--format", "count"});
        QCOMPARE(reversed.exitCode, 2);
        QVERIFY2(reversed.err.contains("--bbox is minx,miny,maxx,maxy: minx 58 is greater than maxx 57"), reversed.err.constData());
        const auto south = runGis({"query", kSample, "--layer", "towns", "--bbox", "57,23.5,58,22", "--format", "count"});
        QCOMPARE(south.exitCode, 2);
        QVERIFY2(south.err.contains("miny 23.5 is greater than maxy 22"), south.err.constData());
        const auto ordered = runGis({"query", kSample, "--layer", "towns", "--bbox", "57,22,58,23.5", "--format", "count"});
        QCOMPARE(ordered.exitCode, 0);
        QCOMPARE(QString::fromUtf8(ordered.out).trimmed(),
            ogrinfoRows("SELECT count(*) AS n FROM towns WHERE ST_X(geom) BETWEEN 57 AND 58 AND ST_Y(geom) BETWEEN 22 AND 23.5",
                {"n"}).value(0));
    }

    // One spelling of each governorate, the Arabic of the southern governorates right (issue 17 §1).
    void sampleGovernorateNames()
    {
        const auto r = runGis({"query", kSample, "--layer", "governorates", "--fields", "code,name_en,name_ar", "--format", "csv"});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        for (const char* row : {"OM-DA,Ad Dakhiliyah,محافظة الداخلية", "OM-BA,Al Batinah North,محافظة شمال الباطنة",
                 "OM-BJ,Al Batinah South,محافظة جنوب الباطنة", "OM-SH,Ash Sharqiyah South,محافظة جنوب الشرقية"})
            QVERIFY2(text.contains(QString::fromUtf8(row)), row);
        QVERIFY(!text.contains("Dakhliyah"));
        QVERIFY(!text.contains("Batnah"));
        QVERIFY(!text.contains(QString::fromUtf8("المنطقة الشرقية")));
        // Ad Dakhiliyah is spelt one way in the synthetic layers too (the contractor named after it).
        const auto spellings = runGis({"query", kSample, "--layer", "projects", "--where",
            "contractor LIKE '%Dakh%' AND contractor NOT LIKE 'Ad Dakhiliyah %'", "--format", "count"});
        QCOMPARE(spellings.exitCode, 0);
        QCOMPARE(spellings.out, QByteArray("0\n"));
        const auto named = runGis({"query", kSample, "--layer", "projects", "--where", "contractor LIKE 'Ad Dakhiliyah %'",
            "--format", "count"});
        QCOMPARE(named.out, QByteArray("5\n"));
    }
};

QTEST_GUILESS_MAIN(TestQueryWords)
#include "tst_querywords.moc"
