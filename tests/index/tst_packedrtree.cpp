#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <QtTest>

#include "gis/core/box.h"
#include "gis/core/error.h"
#include "gis/index/packedrtree.h"

using gis::Box;
using gis::PackedRTree;

namespace {

using Neighbors = std::vector<std::pair<std::uint32_t, double>>;

// Off the origin and not square, so that a mix-up of axes or offsets shows.
const Box kWorld(-1000, 500, 3000, 2500);

// Random items: mostly boxes up to 10% of the world, plus point boxes, zero-width lines, empty boxes and exact
// duplicates (the duplicates make distance ties, which exercise the smaller-index tie rule).
std::vector<Box> makeItems(std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> kind(0, 1);
    std::uniform_real_distribution<double> ux(kWorld.minX, kWorld.maxX), uy(kWorld.minY, kWorld.maxY);
    std::uniform_real_distribution<double> uw(0, 0.1 * kWorld.width()), uh(0, 0.1 * kWorld.height());
    std::vector<Box> items;
    items.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double r = kind(rng);
        const double x = ux(rng), y = uy(rng);
        if (r < 0.05)
            items.emplace_back();
        else if (r < 0.15)
            items.emplace_back(x, y, x, y);
        else if (r < 0.20)
            items.emplace_back(x, y, x, y + uh(rng));
        else if (r < 0.25 && !items.empty())
            items.push_back(items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)]);
        else
            items.emplace_back(x, y, x + uw(rng), y + uh(rng));
    }
    return items;
}

PackedRTree makeTree(const std::vector<Box>& items, std::uint16_t nodeSize)
{
    PackedRTree tree(items.size(), nodeSize);
    for (std::size_t i = 0; i < items.size(); ++i)
        if (tree.add(items[i]) != i)
            qFatal("add() returned the wrong index");
    tree.finish();
    return tree;
}

// Queries from points to boxes larger than the world, partly outside it.
std::vector<Box> makeQueries(std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(kWorld.minX - 200, kWorld.maxX + 200);
    std::uniform_real_distribution<double> uy(kWorld.minY - 200, kWorld.maxY + 200);
    std::uniform_real_distribution<double> size(0, 1);
    std::vector<Box> queries;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = ux(rng), y = uy(rng), s = size(rng);
        const double f = s < 0.2 ? 0 : s < 0.9 ? 0.05 * s : 1.2 * s;
        queries.emplace_back(x, y, x + f * kWorld.width(), y + f * kWorld.height());
    }
    queries.push_back(kWorld);
    queries.emplace_back();
    return queries;
}

std::vector<std::uint32_t> bruteSearch(const std::vector<Box>& items, const Box& query)
{
    std::vector<std::uint32_t> result;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (query.intersects(items[i]))
            result.push_back(static_cast<std::uint32_t>(i));
    return result;
}

std::vector<std::uint32_t> sorted(std::vector<std::uint32_t> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

// Planar distance from a point to a box, written independently of the tree's own helper.
double distanceToBox(double x, double y, const Box& b)
{
    const double dx = x < b.minX ? b.minX - x : x > b.maxX ? x - b.maxX : 0;
    const double dy = y < b.minY ? b.minY - y : y > b.maxY ? y - b.maxY : 0;
    return std::sqrt(dx * dx + dy * dy);
}

double distanceToCenter(double x, double y, const Box& b)
{
    const double dx = (b.minX + b.maxX) / 2 - x, dy = (b.minY + b.maxY) / 2 - y;
    return std::sqrt(dx * dx + dy * dy);
}

// The k smallest (distance, index) over all non-empty items within maxDistance (< 0: unlimited).
template <class Distance>
Neighbors bruteNeighbors(const std::vector<Box>& items, std::size_t k, double maxDistance, Distance distance)
{
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].isEmpty())
            continue;
        const double d = distance(items[i]);
        if (maxDistance < 0 || d <= maxDistance)
            all.emplace_back(d, static_cast<std::uint32_t>(i));
    }
    std::sort(all.begin(), all.end());
    Neighbors result;
    for (std::size_t i = 0; i < all.size() && i < k; ++i)
        result.emplace_back(all[i].second, all[i].first);
    return result;
}

template <class F>
bool throwsArgumentError(F&& f)
{
    try {
        f();
    } catch (const gis::Error& e) {
        return e.code() == gis::ErrorCode::Argument;
    }
    return false;
}

// Enough queries to cover every case, fewer for the largest trees so the test stays quick under sanitizers.
std::size_t queryCount(std::size_t numItems)
{
    return numItems >= 100000 ? 40 : 200;
}

void addSizeRows()
{
    QTest::addColumn<int>("numItems");
    QTest::addColumn<int>("nodeSize");
    for (int n : {0, 1, 2, 15, 16, 17, 1000, 100000})
        QTest::addRow("n=%d", n) << n << 16;
    QTest::addRow("n=17 node=2") << 17 << 2;
    QTest::addRow("n=1000 node=3") << 1000 << 3;
    QTest::addRow("n=1000 node=64") << 1000 << 64;
    QTest::addRow("n=1000 node=65535") << 1000 << 65535;
}

} // namespace

class TestPackedRTree : public QObject {
    Q_OBJECT

private slots:
    void search_data() { addSizeRows(); }
    void search();
    void earlyStop_data() { addSizeRows(); }
    void earlyStop();
    void neighbors_data();
    void neighbors();
    void neighborsItemDistance_data();
    void neighborsItemDistance();
    void emptyItems();
    void misuse();
    void concurrentReaders();
};

void TestPackedRTree::search()
{
    QFETCH(int, numItems);
    QFETCH(int, nodeSize);
    const auto items = makeItems(numItems, 1);
    const PackedRTree tree = makeTree(items, nodeSize);
    QCOMPARE(tree.size(), std::size_t(numItems));
    QVERIFY(tree.isFinished());
    QVERIFY(tree.memoryUsage() >= items.size() * (sizeof(Box) + 4));

    Box bounds;
    for (const Box& b : items)
        bounds.expand(b);
    QCOMPARE(tree.bounds().isEmpty(), bounds.isEmpty());
    if (!bounds.isEmpty())
        QCOMPARE(tree.bounds(), bounds);

    auto queries = makeQueries(queryCount(numItems), 2);
    // Touching counts: a point on an item's corner and a query sharing only its edge must find it.
    for (std::size_t i = 0; i < items.size() && i < 50; ++i) {
        if (items[i].isEmpty())
            continue;
        queries.emplace_back(items[i].maxX, items[i].maxY, items[i].maxX, items[i].maxY);
        queries.emplace_back(items[i].maxX, items[i].minY - 10, items[i].maxX + 10, items[i].minY);
        queries.push_back(items[i]);
    }
    for (const Box& query : queries) {
        const auto expected = bruteSearch(items, query);
        QCOMPARE(sorted(tree.search(query)), expected); // sorted: duplicates would show as extra entries
        std::vector<std::uint32_t> visited;
        tree.search(query, [&](std::uint32_t index) {
            visited.push_back(index);
            return true;
        });
        QCOMPARE(sorted(visited), expected);
    }
}

void TestPackedRTree::earlyStop()
{
    QFETCH(int, numItems);
    QFETCH(int, nodeSize);
    const auto items = makeItems(numItems, 3);
    const PackedRTree tree = makeTree(items, nodeSize);
    const std::size_t total = bruteSearch(items, kWorld).size();
    for (std::size_t stopAfter : {1, 2, 7, 100}) {
        std::vector<std::uint32_t> visited;
        tree.search(kWorld, [&](std::uint32_t index) {
            visited.push_back(index);
            return visited.size() < stopAfter;
        });
        QCOMPARE(visited.size(), std::min(stopAfter, total));
        // What was visited before the stop is a prefix of the full, uninterrupted visit.
        const auto all = tree.search(kWorld);
        QVERIFY(std::equal(visited.begin(), visited.end(), all.begin()));
    }
}

void TestPackedRTree::neighbors_data()
{
    QTest::addColumn<int>("numItems");
    QTest::addColumn<int>("k");
    for (int n : {0, 1, 2, 15, 16, 17, 1000, 100000})
        for (int k : {1, 5, 50})
            QTest::addRow("n=%d k=%d", n, k) << n << k;
}

void TestPackedRTree::neighbors()
{
    QFETCH(int, numItems);
    QFETCH(int, k);
    const auto items = makeItems(numItems, 4);
    const PackedRTree tree = makeTree(items, 16);
    const auto queries = makeQueries(queryCount(numItems), 5);
    // 0: only items containing the point; 60: a few percent of the world.
    for (double maxDistance : {-1.0, 0.0, 60.0}) {
        for (const Box& q : queries) {
            if (q.isEmpty())
                continue;
            const double x = q.minX, y = q.minY;
            const auto expected
                = bruteNeighbors(items, k, maxDistance, [&](const Box& b) { return distanceToBox(x, y, b); });
            QCOMPARE(tree.neighbors(x, y, k, maxDistance), expected);
        }
    }
    if (numItems > 0)
        QVERIFY(tree.neighbors(0, 0, 0).empty());
}

void TestPackedRTree::neighborsItemDistance_data()
{
    neighbors_data();
}

void TestPackedRTree::neighborsItemDistance()
{
    QFETCH(int, numItems);
    QFETCH(int, k);
    const auto items = makeItems(numItems, 6);
    const PackedRTree tree = makeTree(items, 16);
    const auto queries = makeQueries(queryCount(numItems), 7);
    bool askedForEmpty = false;
    for (double maxDistance : {-1.0, 60.0}) {
        for (std::size_t qi = 0; qi < queries.size(); ++qi) {
            if (queries[qi].isEmpty())
                continue;
            const double x = queries[qi].minX, y = queries[qi].minY;
            const auto itemDistance = [&](std::uint32_t i) {
                askedForEmpty = askedForEmpty || items.at(i).isEmpty();
                return distanceToCenter(x, y, items.at(i));
            };
            const auto expected
                = bruteNeighbors(items, k, maxDistance, [&](const Box& b) { return distanceToCenter(x, y, b); });
            QCOMPARE(tree.neighbors(x, y, k, maxDistance, itemDistance), expected);
            // A weaker but valid lower bound (zero everywhere) must not change the answer, only the work.
            if (qi < 5)
                QCOMPARE(tree.neighbors(x, y, k, maxDistance, itemDistance, [](const Box&) { return 0.0; }),
                    expected);
        }
    }
    QVERIFY(!askedForEmpty);
}

void TestPackedRTree::emptyItems()
{
    // Only empty boxes: stored, counted, never found.
    const std::vector<Box> empties(40);
    const PackedRTree tree = makeTree(empties, 4);
    QCOMPARE(tree.size(), empties.size());
    QVERIFY(tree.bounds().isEmpty());
    QVERIFY(tree.search(Box(-1e300, -1e300, 1e300, 1e300)).empty());
    QVERIFY(tree.neighbors(0, 0, 10).empty());

    // NaN boxes count as empty, and a single point item is found by a point query on it.
    PackedRTree mixed(3);
    mixed.add(Box(std::nan(""), 0, 1, 1));
    mixed.add(Box(5, 5, 5, 5));
    mixed.add(Box{});
    mixed.finish();
    QCOMPARE(mixed.bounds(), Box(5, 5, 5, 5));
    QCOMPARE(mixed.search(Box(5, 5, 5, 5)), std::vector<std::uint32_t>{1});
    QCOMPARE(mixed.search(Box(-1e300, -1e300, 1e300, 1e300)), std::vector<std::uint32_t>{1});
    QCOMPARE(mixed.neighbors(8, 9, 3), (Neighbors{{1, 5.0}}));
}

void TestPackedRTree::misuse()
{
    PackedRTree unfinished(2);
    unfinished.add(Box(0, 0, 1, 1));
    QVERIFY(throwsArgumentError([&] { unfinished.search(Box(0, 0, 1, 1)); }));
    QVERIFY(throwsArgumentError([&] { unfinished.search(Box(0, 0, 1, 1), [](std::uint32_t) { return true; }); }));
    QVERIFY(throwsArgumentError([&] { unfinished.neighbors(0, 0, 1); }));
    QVERIFY(throwsArgumentError([&] { unfinished.finish(); })); // one add short
    QVERIFY(!unfinished.isFinished());
    unfinished.add(Box(2, 2, 3, 3));
    QVERIFY(throwsArgumentError([&] { unfinished.add(Box(0, 0, 1, 1)); })); // one add too many
    unfinished.finish();
    QVERIFY(throwsArgumentError([&] { unfinished.add(Box(0, 0, 1, 1)); }));
    QVERIFY(throwsArgumentError([&] { unfinished.finish(); }));
    QCOMPARE(unfinished.search(Box(0, 0, 3, 3)).size(), std::size_t(2));

    // Indices are 32-bit: refuse up front rather than allocate tens of gigabytes and wrap around.
    QVERIFY(throwsArgumentError([] { PackedRTree tooMany(std::size_t(1) << 32); }));

    PackedRTree none;
    QVERIFY(throwsArgumentError([&] { none.search(Box(0, 0, 1, 1)); }));
    QVERIFY(throwsArgumentError([&] { none.add(Box(0, 0, 1, 1)); }));
    none.finish();
    QVERIFY(none.search(Box(0, 0, 1, 1)).empty());
    QVERIFY(none.neighbors(0, 0, 5).empty());
}

void TestPackedRTree::concurrentReaders()
{
    const auto items = makeItems(100000, 8);
    const PackedRTree tree = makeTree(items, 16);
    const auto queries = makeQueries(200, 9);
    struct Results {
        std::vector<std::vector<std::uint32_t>> hits;
        std::vector<Neighbors> nearest;
    };
    const auto run = [&](Results& out) {
        for (const Box& q : queries) {
            out.hits.push_back(tree.search(q));
            if (!q.isEmpty())
                out.nearest.push_back(tree.neighbors(q.minX, q.minY, 20, -1,
                    [&](std::uint32_t i) { return distanceToCenter(q.minX, q.minY, items[i]); }));
        }
    };
    Results single, a, b;
    run(single);
    std::thread ta([&] { run(a); });
    std::thread tb([&] { run(b); });
    ta.join();
    tb.join();
    QCOMPARE(a.hits, single.hits);
    QCOMPARE(b.hits, single.hits);
    QCOMPARE(a.nearest, single.nearest);
    QCOMPARE(b.nearest, single.nearest);
}

QTEST_APPLESS_MAIN(TestPackedRTree)
#include "tst_packedrtree.moc"
