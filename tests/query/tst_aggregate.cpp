// Statistics against hand-computed values, and grouping against SQLite's GROUP BY ... ORDER BY run by GDAL's
// ogrinfo on the sample geodatabase (SQLite orders text by bytes, numbers numerically and nulls first, which
// is the order aggregateByGroup promises).

#include <QTest>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/query/aggregate.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool same(double got, double want)
{
    if (std::isnan(want))
        return std::isnan(got);
    return got == want || std::abs(got - want) <= 1e-12 * std::max(std::abs(want), 1.0);
}

// One row of ogrinfo's feature dump of an SQL result: field name -> value text ("(null)" for null).
using SqlRow = std::map<QByteArray, QByteArray>;

std::vector<SqlRow> ogrSql(const QString& path, const QString& sql)
{
    const auto r = test::runTool("ogrinfo", {"-ro", "-q", "-sql", sql, path});
    if (r.exitCode != 0)
        qFatal("ogrinfo failed: %s", r.err.constData());
    std::vector<SqlRow> rows;
    for (const QByteArray& line : r.out.split('\n')) {
        if (line.startsWith("OGRFeature(")) {
            rows.emplace_back();
            continue;
        }
        // "  name (Type) = value"
        const int typeAt = line.indexOf(" (");
        const int eq = line.indexOf(") = ");
        if (rows.empty() || typeAt < 0 || eq < 0 || !line.startsWith("  "))
            continue;
        rows.back()[line.mid(2, typeAt - 2)] = line.mid(eq + 4);
    }
    return rows;
}

std::shared_ptr<const Layer> inspections()
{
    static const auto layer = readLayer(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "inspections");
    return layer;
}

// A small layer with every kind of group key: integers (negative, null, beyond 2^53), reals (with -0), text
// (bytes order: upper case before lower case before Arabic), and a value column with nulls.
std::shared_ptr<const Layer> keyLayer()
{
    struct Row {
        std::int64_t code;
        bool codeNull;
        double real;
        const char* text; // nullptr: null
        double value;     // NaN: null
    };
    const std::int64_t big = (std::int64_t(1) << 53) + 1;
    const std::vector<Row> rows = {
        {10, false, 2.5, "beta", 1},
        {-3, false, -0.0, "Beta", 2},
        {10, false, 0.0, "نزوى", kNaN},
        {0, true, 2.5, nullptr, 4},
        {big, false, -1, "beta", 5},
        {big - 1, false, 100, "alpha", 6},
        {-3, false, 2.5, "Beta", 7},
    };
    GeometryColumn g;
    AttributeTable t;
    // All columns first: adding one may move the others.
    t.addColumn("code", FieldType::Integer);
    t.addColumn("real", FieldType::Real);
    t.addColumn("text", FieldType::String);
    t.addColumn("value", FieldType::Real);
    AttributeColumn& code = t.column(0);
    AttributeColumn& real = t.column(1);
    AttributeColumn& text = t.column(2);
    AttributeColumn& value = t.column(3);
    for (const Row& r : rows) {
        g.appendNull();
        r.codeNull ? code.appendNull() : code.appendInteger(r.code);
        real.appendReal(r.real);
        r.text ? text.appendString(r.text) : text.appendNull();
        std::isnan(r.value) ? value.appendNull() : value.appendReal(r.value);
    }
    return std::make_shared<Layer>("keys", Crs(), GeometryType::Point, std::move(g), std::move(t));
}

template <class F>
ErrorCode errorCodeOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode(-1);
}

} // namespace

class TestAggregate : public QObject {
    Q_OBJECT

private slots:
    void statistics_data();
    void statistics();
    void groupKeys_data();
    void groupKeys();
    void groupsMatchSqlite_data();
    void groupsMatchSqlite();
    void rowSubset();
    void errors();
};

void TestAggregate::statistics_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("nulls");
    QTest::addColumn<double>("sum");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("stddev");
    // values | count nulls | sum mean min max median stddev (sample, n - 1)
    QTest::newRow("nothing") << QList<double>{} << 0 << 0 << 0.0 << kNaN << kNaN << kNaN << kNaN << kNaN;
    QTest::newRow("only nulls") << QList<double>{kNaN, kNaN} << 2 << 2 << 0.0 << kNaN << kNaN << kNaN << kNaN << kNaN;
    QTest::newRow("one value") << QList<double>{5} << 1 << 0 << 5.0 << 5.0 << 5.0 << 5.0 << 5.0 << kNaN;
    QTest::newRow("even count") << QList<double>{4, 1, 3, 2} << 4 << 0 << 10.0 << 2.5 << 1.0 << 4.0 << 2.5
                                << 1.2909944487358056; // sqrt(5/3)
    QTest::newRow("textbook") << QList<double>{2, 4, 4, 4, 5, 5, 7, 9} << 8 << 0 << 40.0 << 5.0 << 2.0 << 9.0 << 4.5
                              << 2.1380899352993950; // sqrt(32/7)
    QTest::newRow("nulls ignored") << QList<double>{kNaN, 3, kNaN, 1, 2} << 5 << 2 << 6.0 << 2.0 << 1.0 << 3.0 << 2.0 << 1.0;
    QTest::newRow("odd unsorted") << QList<double>{-3, 10, 0.5} << 3 << 0 << 7.5 << 2.5 << -3.0 << 10.0 << 0.5
                                  << 6.7268120235368549; // sqrt(90.5/2)
    QTest::newRow("even, middle values apart") << QList<double>{100, -100, 7, 1} << 4 << 0 << 8.0 << 2.0 << -100.0 << 100.0
                                               << 4.0 << 81.719030831257410; // sqrt((98^2+102^2+5^2+1^2)/3)
    QTest::newRow("cancellation") << QList<double>{1e16, 1, -1e16} << 3 << 0 << 1.0 << 1.0 / 3 << -1e16 << 1e16 << 1.0
                                  << 1e16; // sqrt(((1e16)^2 * 2 + ~0) / 2)
    QTest::newRow("equal values") << QList<double>{0.1, 0.1, 0.1} << 3 << 0 << 0.30000000000000004 << 0.1 << 0.1 << 0.1
                                  << 0.1 << 0.0;
}

void TestAggregate::statistics()
{
    QFETCH(QList<double>, values);
    const Statistics s = computeStatistics(std::vector<double>(values.begin(), values.end()));
    QTEST(int(s.count), "count");
    QTEST(int(s.nulls), "nulls");
    QFETCH(double, sum);
    QFETCH(double, mean);
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(double, median);
    QFETCH(double, stddev);
    QVERIFY2(same(s.sum, sum), qPrintable(QString::number(s.sum, 'g', 17)));
    QVERIFY2(same(s.mean, mean), qPrintable(QString::number(s.mean, 'g', 17)));
    QVERIFY2(same(s.min, min), qPrintable(QString::number(s.min, 'g', 17)));
    QVERIFY2(same(s.max, max), qPrintable(QString::number(s.max, 'g', 17)));
    QVERIFY2(same(s.median, median), qPrintable(QString::number(s.median, 'g', 17)));
    QVERIFY2(same(s.stddev, stddev), qPrintable(QString::number(s.stddev, 'g', 17)));
}

void TestAggregate::groupKeys_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QList<int>>("counts");
    QTest::addColumn<QList<int>>("nulls");
    QTest::addColumn<QList<double>>("sums");
    // Nulls first; integers numerically (2^53 and 2^53 + 1 apart); -0 and 0 one group, shown as first seen.
    QTest::newRow("integer") << "code" << QStringList{"", "-3", "10", "9007199254740992", "9007199254740993"}
                             << QList<int>{1, 2, 2, 1, 1} << QList<int>{0, 0, 1, 0, 0} << QList<double>{4, 9, 1, 6, 5};
    QTest::newRow("real") << "real" << QStringList{"-1", "-0", "2.5", "100"} << QList<int>{1, 2, 3, 1}
                          << QList<int>{0, 1, 0, 0} << QList<double>{5, 2, 12, 6};
    QTest::newRow("text by bytes") << "text" << QStringList{"", "Beta", "alpha", "beta", "نزوى"} << QList<int>{1, 2, 1, 2, 1}
                                   << QList<int>{0, 0, 0, 0, 1} << QList<double>{4, 9, 6, 6, 0};
}

void TestAggregate::groupKeys()
{
    QFETCH(QString, field);
    QFETCH(QStringList, keys);
    QFETCH(QList<int>, counts);
    QFETCH(QList<int>, nulls);
    QFETCH(QList<double>, sums);
    const auto layer = keyLayer();
    const auto groups = aggregateByGroup(*layer, field.toStdString(), "value");
    QCOMPARE(int(groups.size()), keys.size());
    for (int i = 0; i < keys.size(); ++i) {
        QCOMPARE(QString::fromStdString(groups[i].key), keys[i]);
        QCOMPARE(int(groups[i].stats.count), counts[i]);
        QCOMPARE(int(groups[i].stats.nulls), nulls[i]);
        QCOMPARE(groups[i].stats.sum, sums[i]);
    }
    // Counts only: the same groups, no statistics.
    const auto countsOnly = aggregateByGroup(*layer, field.toStdString());
    QCOMPARE(int(countsOnly.size()), keys.size());
    for (int i = 0; i < keys.size(); ++i) {
        QCOMPARE(int(countsOnly[i].stats.count), counts[i]);
        QCOMPARE(int(countsOnly[i].stats.nulls), 0);
        QVERIFY(std::isnan(countsOnly[i].stats.mean));
    }
}

void TestAggregate::groupsMatchSqlite_data()
{
    QTest::addColumn<QString>("groupField");
    QTest::addColumn<QString>("valueField");
    QTest::newRow("result, score") << "result" << "score";
    QTest::newRow("inspector (Arabic text)") << "inspector" << "score";
    QTest::newRow("score (integer keys)") << "score" << "";
    QTest::newRow("wilayat, synthetic") << "wilayat_en" << "synthetic";
    QTest::newRow("date keys") << "inspection_date" << "score";
}

void TestAggregate::groupsMatchSqlite()
{
    QFETCH(QString, groupField);
    QFETCH(QString, valueField);
    QVERIFY2(test::haveTool("ogrinfo"), "ogrinfo (package gdal-bin) is missing");
    const auto layer = inspections();
    QVERIFY(layer->size() > 1000);
    const QString value = valueField.isEmpty() ? "1" : valueField;
    const QString sql = QString("SELECT %1 AS k, COUNT(*) AS n, COUNT(%2) AS v, AVG(%2) AS mean, MIN(%2) AS lo, "
                                "MAX(%2) AS hi, TOTAL(%2) AS total FROM inspections GROUP BY %1 ORDER BY %1")
                            .arg(groupField, value);
    const auto want = ogrSql(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", sql);
    QVERIFY(want.size() >= 2);

    const auto got = aggregateByGroup(*layer, groupField.toStdString(), valueField.toStdString());
    QCOMPARE(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        const SqlRow& w = want[i];
        QByteArray key = w.at("k") == "(null)" ? QByteArray() : w.at("k");
        if (groupField == "inspection_date")
            key.replace('/', '-'); // ogrinfo prints dates as 2024/01/01
        QCOMPARE(QByteArray::fromStdString(got[i].key), key);
        QCOMPARE(qulonglong(got[i].stats.count), w.at("n").toULongLong());
        if (valueField.isEmpty())
            continue;
        const Statistics& s = got[i].stats;
        QCOMPARE(qulonglong(s.count - s.nulls), w.at("v").toULongLong());
        QVERIFY(same(s.sum, w.at("total").toDouble()));
        if (s.count == s.nulls)
            continue;
        QVERIFY2(same(s.mean, w.at("mean").toDouble()), qPrintable(QString::number(s.mean, 'g', 17) + " vs " + w.at("mean")));
        QCOMPARE(s.min, w.at("lo").toDouble());
        QCOMPARE(s.max, w.at("hi").toDouble());
    }
}

void TestAggregate::rowSubset()
{
    const auto layer = inspections();
    const AttributeColumn& result = layer->attributes().column("result");
    std::vector<std::uint32_t> rows;
    std::map<std::string, std::size_t> want;
    for (std::uint32_t r = 0; r < layer->size(); r += 3) {
        rows.push_back(r);
        ++want[result.toString(r)];
    }
    const auto got = aggregateByGroup(*layer, "result", {}, &rows);
    QCOMPARE(got.size(), want.size());
    for (const GroupStatistics& g : got)
        QCOMPARE(g.stats.count, want[g.key]);
    const std::vector<std::uint32_t> none;
    QVERIFY(aggregateByGroup(*layer, "result", "score", &none).empty());
}

void TestAggregate::errors()
{
    const auto layer = inspections();
    QCOMPARE(errorCodeOf([&] { aggregateByGroup(*layer, "nope"); }), ErrorCode::Query);
    QCOMPARE(errorCodeOf([&] { aggregateByGroup(*layer, "result", "nope"); }), ErrorCode::Query);
    QCOMPARE(errorCodeOf([&] { aggregateByGroup(*layer, "result", "inspector"); }), ErrorCode::Query);
    const std::vector<std::uint32_t> bad{0, std::uint32_t(layer->size())};
    QCOMPARE(errorCodeOf([&] { aggregateByGroup(*layer, "result", "score", &bad); }), ErrorCode::Argument);
    try {
        aggregateByGroup(*layer, "result", "inspector");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("\"inspector\" is not numeric"), e.what());
    }
}

QTEST_GUILESS_MAIN(TestAggregate)
#include "tst_aggregate.moc"
