// Colour ramps against ColorBrewer's published colours, class breaks against hand-computed values and, for
// Jenks natural breaks, against brute force over every possible partition.

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/project/classify.h"
#include "gis/render/qtstyle.h"

using namespace gis;

namespace {

std::vector<QColor> qcolors(const std::vector<Color>& colors)
{
    std::vector<QColor> out;
    for (const Color& c : colors)
        out.push_back(toQColor(c));
    return out;
}


// Sum of squared deviations of the partition of sorted `x` that `breaks` ([lower, upper) classes) induce.
double partitionSsd(const std::vector<double>& x, const std::vector<double>& breaks)
{
    double total = 0;
    const std::size_t k = breaks.size() - 1;
    for (std::size_t c = 0; c < k; ++c) {
        std::vector<double> members;
        for (double v : x)
            if (v >= breaks[c] && (v < breaks[c + 1] || (c + 1 == k && v <= breaks[c + 1])))
                members.push_back(v);
        if (members.empty())
            continue;
        double mean = 0;
        for (double v : members)
            mean += v;
        mean /= static_cast<double>(members.size());
        for (double v : members)
            total += (v - mean) * (v - mean);
    }
    return total;
}

// The oracle: every way of cutting sorted x into k non-empty runs.
double bruteForceSsd(const std::vector<double>& x, int k)
{
    const std::size_t n = x.size();
    double best = std::numeric_limits<double>::infinity();
    std::vector<std::size_t> cuts(static_cast<std::size_t>(k - 1));
    std::vector<bool> choose(n - 1, false);
    std::fill(choose.end() - (k - 1), choose.end(), true);
    do {
        std::vector<double> breaks{x.front()};
        for (std::size_t i = 0; i + 1 < n; ++i)
            if (choose[i])
                breaks.push_back(x[i + 1]);
        breaks.push_back(x.back());
        // Equal values across a cut cannot be separated by a [lower, upper) break: skip such cuts.
        bool valid = true;
        for (std::size_t i = 0; i + 1 < n; ++i)
            if (choose[i] && x[i] == x[i + 1])
                valid = false;
        if (valid)
            best = std::min(best, partitionSsd(x, breaks));
    } while (std::next_permutation(choose.begin(), choose.end()));
    return best;
}

std::shared_ptr<const Layer> fieldLayer(const std::vector<double>& numbers, const std::vector<std::string>& texts)
{
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("value", FieldType::Real);
    t.addColumn("count", FieldType::Integer);
    t.addColumn("kind", FieldType::String);
    // References only once every column is added: adding one may move the others.
    AttributeColumn& num = t.column(0);
    AttributeColumn& count = t.column(1);
    AttributeColumn& text = t.column(2);
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        g.appendPoint(static_cast<double>(i), 0);
        std::isnan(numbers[i]) ? num.appendNull() : num.appendReal(numbers[i]);
        count.appendInteger(static_cast<std::int64_t>(numbers[i] == numbers[i] ? numbers[i] : 0));
        text.appendString(texts.empty() ? std::string("x") : texts[i % texts.size()]);
    }
    return std::make_shared<Layer>("things", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), std::move(t));
}

} // namespace

class TestClassify : public QObject {
    Q_OBJECT

private slots:
    void rampNames()
    {
        const std::vector<std::string> names = colorRampNames();
        for (const char* n : {"YlOrRd", "YlGnBu", "Blues", "Greens", "Reds", "Oranges", "Purples", "RdYlGn", "Spectral",
                 "RdBu", "Set1", "Set2", "Set3", "Paired", "Dark2", "Pastel1", "Greys", "Viridis", "Terrain"})
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n);
    }

    void rampSizes_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string& n : colorRampNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }
    void rampSizes()
    {
        QFETCH(QString, name);
        for (int count : {0, 1, 2, 3, 5, 8, 9, 11, 12, 13, 20, 256}) {
            const std::vector<QColor> colors = qcolors(colorRamp(name.toStdString(), count));
            QCOMPARE(static_cast<int>(colors.size()), count);
            for (const QColor& c : colors)
                QVERIFY(c.isValid() && c.alpha() == 255);
        }
    }

    // ColorBrewer's own colours for the class counts each scheme has (colorbrewer2.org).
    void nativeColours_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("hex");
        QTest::newRow("YlOrRd 3 first") << "YlOrRd" << 3 << 0 << "#ffeda0";
        QTest::newRow("YlOrRd 3 last") << "YlOrRd" << 3 << 2 << "#f03b20";
        QTest::newRow("YlOrRd 9 last") << "YlOrRd" << 9 << 8 << "#800026";
        QTest::newRow("YlGnBu 9 last") << "YlGnBu" << 9 << 8 << "#081d58";
        QTest::newRow("Blues 5 first") << "Blues" << 5 << 0 << "#eff3ff";
        QTest::newRow("Blues 5 last") << "Blues" << 5 << 4 << "#08519c";
        QTest::newRow("Greens 9 last") << "Greens" << 9 << 8 << "#00441b";
        QTest::newRow("Reds 9 last") << "Reds" << 9 << 8 << "#67000d";
        QTest::newRow("Oranges 9 last") << "Oranges" << 9 << 8 << "#7f2704";
        QTest::newRow("Purples 9 last") << "Purples" << 9 << 8 << "#3f007d";
        QTest::newRow("RdYlGn 11 first") << "RdYlGn" << 11 << 0 << "#a50026";
        QTest::newRow("RdYlGn 11 middle") << "RdYlGn" << 11 << 5 << "#ffffbf";
        QTest::newRow("RdYlGn 11 last") << "RdYlGn" << 11 << 10 << "#006837";
        QTest::newRow("Spectral 4 first") << "Spectral" << 4 << 0 << "#d7191c";
        QTest::newRow("RdBu 7 middle") << "RdBu" << 7 << 3 << "#f7f7f7";
        QTest::newRow("Set1 first") << "Set1" << 9 << 0 << "#e41a1c";
        QTest::newRow("Set1 last") << "Set1" << 9 << 8 << "#999999";
        QTest::newRow("Set2 3 third") << "Set2" << 3 << 2 << "#8da0cb";
        QTest::newRow("Set3 12 last") << "Set3" << 12 << 11 << "#ffed6f";
        QTest::newRow("Paired 12 second") << "Paired" << 12 << 1 << "#1f78b4";
        QTest::newRow("Dark2 first") << "Dark2" << 8 << 0 << "#1b9e77";
        QTest::newRow("Pastel1 first") << "Pastel1" << 9 << 0 << "#fbb4ae";
        QTest::newRow("Greys black to white 0") << "Greys" << 2 << 0 << "#000000";
        QTest::newRow("Greys black to white 1") << "Greys" << 2 << 1 << "#ffffff";
        QTest::newRow("Viridis start") << "Viridis" << 2 << 0 << "#440154";
        QTest::newRow("Viridis end") << "Viridis" << 2 << 1 << "#fde725";
        QTest::newRow("case-insensitive name") << "ylorrd" << 3 << 0 << "#ffeda0";
    }
    void nativeColours()
    {
        QFETCH(QString, name);
        QFETCH(int, count);
        QFETCH(int, index);
        QFETCH(QString, hex);
        QCOMPARE(toQColor(colorRamp(name.toStdString(), count)[static_cast<std::size_t>(index)]).name(), hex);
    }

    void sequentialSchemesDiffer()
    {
        // A 5-class scheme is its own palette, not the first five of the 9-class one.
        QVERIFY(colorRamp("Blues", 5)[0] != colorRamp("Blues", 9)[0]);
    }

    void interpolatedBeyondNative()
    {
        // 17 = 2 * (9 - 1) + 1: every other colour is one of the 9-class scheme's.
        const std::vector<QColor> big = qcolors(colorRamp("YlOrRd", 17));
        const std::vector<QColor> nine = qcolors(colorRamp("YlOrRd", 9));
        for (int i = 0; i < 9; ++i)
            QCOMPARE(big[static_cast<std::size_t>(2 * i)], nine[static_cast<std::size_t>(i)]);
        // Sequential ramps stay ordered light to dark.
        for (std::size_t i = 1; i < big.size(); ++i)
            QVERIFY(big[i].lightness() <= big[i - 1].lightness());
        const std::vector<QColor> set = qcolors(colorRamp("Set1", 12));
        QCOMPARE(set.front().name(), QString("#e41a1c"));
        QCOMPARE(set.back().name(), QString("#999999"));
    }

    void unknownRampThrows()
    {
        QVERIFY_THROWS_EXCEPTION(Error, colorRamp("NoSuchRamp", 5));
        try {
            colorRamp("Bleus", 5);
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Argument);
            QVERIFY(QString(e.what()).contains("Bleus"));
        }
    }

    void breaks_data()
    {
        QTest::addColumn<QVector<double>>("values");
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("classes");
        QTest::addColumn<QVector<double>>("expected");
        const QVector<double> ten{3, 1, 2, 5, 4, 7, 6, 10, 9, 8};
        QTest::newRow("equal 0..10 in 5") << QVector<double>{0, 10, 3, 7} << 0 << 5 << QVector<double>{0, 2, 4, 6, 8, 10};
        QTest::newRow("equal one value") << QVector<double>{4, 4} << 0 << 2 << QVector<double>{4, 4, 4};
        QTest::newRow("quantile 1..10 halves") << ten << 1 << 2 << QVector<double>{1, 6, 10};
        QTest::newRow("quantile 1..10 in 5") << ten << 1 << 5 << QVector<double>{1, 3, 5, 7, 9, 10};
        QTest::newRow("quantile with NaN") << QVector<double>{1, std::nan(""), 2, 3, 4} << 1 << 2 << QVector<double>{1, 3, 4};
        // Hand-checked: {1,2,4,5} {7,9,10} {20} has SSD 10 + 4.67 + 0, the least of the 21 partitions.
        QTest::newRow("jenks textbook 3") << QVector<double>{1, 2, 4, 5, 7, 9, 10, 20} << 2 << 3 << QVector<double>{1, 7, 20, 20};
        QTest::newRow("jenks textbook 4") << QVector<double>{1, 2, 4, 5, 7, 9, 10, 20} << 2 << 4 << QVector<double>{1, 4, 7, 20, 20};
        QTest::newRow("jenks clusters") << QVector<double>{1, 2, 3, 10, 11, 12, 20, 21, 22} << 2 << 3 << QVector<double>{1, 10, 20, 22};
        QTest::newRow("jenks more classes than values") << QVector<double>{5, 1} << 2 << 4 << QVector<double>{1, 5, 5, 5, 5};
    }
    void breaks()
    {
        QFETCH(QVector<double>, values);
        QFETCH(int, method);
        QFETCH(int, classes);
        QFETCH(QVector<double>, expected);
        const std::vector<double> got = classBreaks(std::vector<double>(values.begin(), values.end()),
            static_cast<Classification>(method), classes);
        QCOMPARE(QVector<double>(got.begin(), got.end()), expected);
    }

    void jenksMatchesBruteForce_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("classes");
        for (int seed = 1; seed <= 6; ++seed)
            for (int k = 2; k <= 5; ++k)
                QTest::addRow("seed %d, %d classes", seed, k) << seed << k;
    }
    void jenksMatchesBruteForce()
    {
        QFETCH(int, seed);
        QFETCH(int, classes);
        std::mt19937 rng(static_cast<unsigned>(seed));
        std::lognormal_distribution<double> dist(3, 1); // skewed, as populations are
        std::vector<double> x(15);
        for (double& v : x)
            v = std::round(dist(rng) * 10) / 10;
        std::sort(x.begin(), x.end());
        const std::vector<double> breaks = classBreaks(x, Classification::NaturalBreaks, classes);
        QCOMPARE(static_cast<int>(breaks.size()), classes + 1);
        QVERIFY(std::is_sorted(breaks.begin(), breaks.end()));
        const double ours = partitionSsd(x, breaks);
        const double best = bruteForceSsd(x, classes);
        QVERIFY2(std::abs(ours - best) <= 1e-9 * std::max(1.0, best),
            qPrintable(QString("ssd %1, optimum %2").arg(ours, 0, 'g', 12).arg(best, 0, 'g', 12)));
    }

    void jenksSamplesLargeInput()
    {
        // 200,000 values in three clusters: sampled to 10,000, still split between the clusters, and the same
        // breaks every time.
        std::mt19937 rng(7);
        std::normal_distribution<double> a(100, 5), b(500, 10), c(2000, 50);
        std::vector<double> x;
        for (int i = 0; i < 200000; ++i)
            x.push_back(i % 3 == 0 ? a(rng) : i % 3 == 1 ? b(rng) : c(rng));
        QElapsedTimer timer;
        timer.start();
        const std::vector<double> first = classBreaks(x, Classification::NaturalBreaks, 3);
        QVERIFY2(timer.elapsed() < 20000, "natural breaks too slow");
        QCOMPARE(first.size(), std::size_t{4});
        // Each break is the first (sampled) value of the next cluster.
        double maxA = 0, maxB = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (i % 3 == 0)
                maxA = std::max(maxA, x[i]);
            else if (i % 3 == 1)
                maxB = std::max(maxB, x[i]);
        }
        QVERIFY2(first[1] > maxA && first[1] < 480, qPrintable(QString::number(first[1])));
        QVERIFY2(first[2] > maxB && first[2] < 1900, qPrintable(QString::number(first[2])));
        QCOMPARE(first.front(), *std::min_element(x.begin(), x.end()));
        QCOMPARE(first.back(), *std::max_element(x.begin(), x.end()));
        QCOMPARE(classBreaks(x, Classification::NaturalBreaks, 3), first);
    }

    void breaksEdgeCases()
    {
        QVERIFY(classBreaks({}, Classification::Quantile, 3).empty());
        QVERIFY(classBreaks({std::nan("")}, Classification::NaturalBreaks, 3).empty());
        QVERIFY_THROWS_EXCEPTION(Error, classBreaks({1, 2}, Classification::EqualInterval, 0));
    }

    void graduated()
    {
        const auto layer = fieldLayer({0, 10, 20, 30, 40, 50, 60, 70, 80, 100}, {});
        Symbol base;
        base.fill.color = Color(0, 0, 0, 200);
        const Renderer r = graduatedRenderer(*layer, "value", Classification::EqualInterval, 4, "Blues", base);
        QCOMPARE(r.kind, Renderer::Kind::Graduated);
        QCOMPARE(r.field, std::string("value"));
        QCOMPARE(r.classification, std::string("equal_interval"));
        QCOMPARE(r.ramp, std::string("Blues"));
        QCOMPARE(r.ranges.size(), std::size_t{4});
        const std::vector<QColor> blues = qcolors(colorRamp("Blues", 4));
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(r.ranges[i].lower, 25.0 * static_cast<double>(i));
            QCOMPARE(r.ranges[i].upper, 25.0 * static_cast<double>(i + 1));
            QCOMPARE(toQColor(r.ranges[i].symbol.fill.color).rgb(), blues[i].rgb());
            QCOMPARE(int(r.ranges[i].symbol.fill.color.alpha), 200); // the base symbol's transparency is kept
        }
        QCOMPARE(QString::fromStdString(r.ranges[1].label), QString::fromUtf8("25 – 50"));
        QVERIFY_THROWS_EXCEPTION(Error, graduatedRenderer(*layer, "kind", Classification::Quantile, 3, "Blues", base));
        QVERIFY_THROWS_EXCEPTION(Error, graduatedRenderer(*layer, "nosuch", Classification::Quantile, 3, "Blues", base));
        try {
            graduatedRenderer(*layer, "kind", Classification::Quantile, 3, "Blues", base);
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Query);
        }
    }

    void categorized()
    {
        const auto layer = fieldLayer({10, 2, 2, 1, 10, 33}, {"wadi", "falaj", "aflaj", "wadi"});
        const Renderer byText = categorizedRenderer(*layer, "kind", "Set2", Symbol{});
        QCOMPARE(byText.kind, Renderer::Kind::Categorized);
        QCOMPARE(byText.categories.size(), std::size_t{3});
        QCOMPARE(byText.categories[0].value, std::string("aflaj"));
        QCOMPARE(byText.categories[2].value, std::string("wadi"));
        QCOMPARE(toQColor(byText.categories[1].symbol.fill.color).name(), QString("#fc8d62"));
        QVERIFY(!byText.drawOtherValues);
        // Numbers sort as numbers: 1, 2, 10, 33.
        const Renderer byNumber = categorizedRenderer(*layer, "count", "Set1", Symbol{});
        QCOMPARE(byNumber.categories.size(), std::size_t{4});
        QCOMPARE(byNumber.categories[2].value, std::string("10"));
        QCOMPARE(byNumber.categories[3].value, std::string("33"));
    }

    void categorizedCapsAt64()
    {
        std::vector<double> many;
        for (int i = 0; i < 100; ++i)
            many.push_back(i);
        const auto layer = fieldLayer(many, {});
        const Renderer r = categorizedRenderer(*layer, "count", "Paired", Symbol{});
        QCOMPARE(r.categories.size(), std::size_t{64});
        QVERIFY(r.drawOtherValues); // the rest drawn with the base symbol rather than lost
    }
};

QTEST_MAIN(TestClassify)
#include "tst_classify.moc"
