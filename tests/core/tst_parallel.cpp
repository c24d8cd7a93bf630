// parallelFor / runConcurrently / usableCores: every index once, the lowest failing index's exception carried
// back, cancellation stopping early, nested loops sharing the pool instead of adding threads, and the core count
// taken from the affinity mask (the whole test is run again under `taskset -c 0`).

#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <sched.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"

using namespace gis;

namespace {

// Tracks how many threads are inside a region at once, and which threads ever were.
class Occupancy {
public:
    void enter()
    {
        const unsigned now = ++m_inside;
        unsigned peak = m_peak.load();
        while (now > peak && !m_peak.compare_exchange_weak(peak, now)) {
        }
        const std::lock_guard lock(m_mutex);
        m_ids.insert(std::this_thread::get_id());
    }
    void leave() { --m_inside; }
    unsigned peak() const { return m_peak; }
    std::size_t distinctThreads() const { return m_ids.size(); }

private:
    std::atomic<unsigned> m_inside{0};
    std::atomic<unsigned> m_peak{0};
    std::mutex m_mutex;
    std::set<std::thread::id> m_ids;
};

void spinFor(std::chrono::microseconds d)
{
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) {
    }
}

unsigned affinityCount()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    return static_cast<unsigned>(CPU_COUNT(&set));
}

} // namespace

class TestParallel : public QObject {
    Q_OBJECT
private slots:
    void usableCoresMatchesAffinity();
    void visitsEachIndexOnce_data();
    void visitsEachIndexOnce();
    void workerNumbersAreExclusive();
    void lowestFailingIndexIsRethrown();
    void otherExceptionTypesCarriedBack();
    void cancellationStopsEarly();
    void cancelledBeforeStartRunsNothing();
    void nestedDoesNotOversubscribe();
    void concurrentCallersShareThePool();
    void runConcurrentlyRunsBoth();
    void underOneCore();
};

void TestParallel::usableCoresMatchesAffinity()
{
    const unsigned cores = usableCores();
    QVERIFY(cores >= 1);
    if (std::thread::hardware_concurrency() > 0)
        QVERIFY(cores <= std::thread::hardware_concurrency());
    QCOMPARE(cores, std::min(affinityCount(), std::max(1U, std::thread::hardware_concurrency())));
    const QByteArray expected = qgetenv("GIS_TEST_EXPECT_CORES");
    if (!expected.isEmpty())
        QCOMPARE(cores, expected.toUInt());
    QVERIFY(parallelWorkers(1000) <= cores);
    QCOMPARE(parallelWorkers(0), 0U);
    QCOMPARE(parallelWorkers(1), 1U);
    ParallelOptions two;
    two.maxThreads = 2;
    QCOMPARE(parallelWorkers(1000, two), std::min(2U, cores));
}

void TestParallel::visitsEachIndexOnce_data()
{
    QTest::addColumn<qulonglong>("count");
    QTest::addColumn<unsigned>("maxThreads");
    const unsigned cores = usableCores();
    for (const unsigned maxThreads : {0U, 1U, 2U}) {
        const QByteArray suffix = " max " + QByteArray::number(maxThreads);
        QTest::newRow("0" + suffix) << qulonglong(0) << maxThreads;
        QTest::newRow("1" + suffix) << qulonglong(1) << maxThreads;
        QTest::newRow("2" + suffix) << qulonglong(2) << maxThreads;
        QTest::newRow("cores - 1" + suffix) << qulonglong(cores > 1 ? cores - 1 : 1) << maxThreads;
        QTest::newRow("cores" + suffix) << qulonglong(cores) << maxThreads;
        QTest::newRow("cores + 1" + suffix) << qulonglong(cores + 1) << maxThreads;
        QTest::newRow("1000" + suffix) << qulonglong(1000) << maxThreads;
        QTest::newRow("huge" + suffix) << qulonglong(3'000'017) << maxThreads;
    }
}

void TestParallel::visitsEachIndexOnce()
{
    QFETCH(qulonglong, count);
    QFETCH(unsigned, maxThreads);
    std::vector<std::atomic<unsigned char>> seen(count);
    ParallelOptions options;
    options.maxThreads = maxThreads;
    const unsigned workers = parallelWorkers(count, options);
    std::atomic<bool> badWorker{false};
    parallelFor(count, [&](std::size_t i, unsigned worker) {
        if (worker >= workers)
            badWorker = true;
        seen[i].fetch_add(1, std::memory_order_relaxed);
    }, nullptr, options);
    QVERIFY(!badWorker);
    const auto once = std::count_if(seen.begin(), seen.end(), [](const auto& s) { return s.load() == 1; });
    QCOMPARE(static_cast<qulonglong>(once), count);
}

void TestParallel::workerNumbersAreExclusive()
{
    const std::size_t count = 2000;
    const unsigned workers = parallelWorkers(count);
    std::vector<std::atomic<int>> busy(std::max(workers, 1U));
    std::atomic<bool> shared{false};
    std::atomic<bool> outOfRange{false};
    parallelFor(count, [&](std::size_t, unsigned worker) {
        if (worker >= workers) {
            outOfRange = true;
            return;
        }
        if (busy[worker].fetch_add(1) != 0)
            shared = true;
        spinFor(std::chrono::microseconds(20));
        busy[worker].fetch_sub(1);
    });
    QVERIFY(!outOfRange);
    QVERIFY(!shared);
}

void TestParallel::lowestFailingIndexIsRethrown()
{
    for (int round = 0; round < 50; ++round) {
        std::atomic<std::size_t> calls{0};
        try {
            parallelFor(100000, [&](std::size_t i) {
                ++calls;
                if (i == 300 || i == 301 || i == 5000 || i == 99999)
                    throw Error(ErrorCode::Io, "failed at " + std::to_string(i));
            });
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
            QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("failed at 300"));
        }
        QVERIFY2(calls < 100000, "indices kept being handed out after a failure");
    }
    // The pool still works afterwards.
    std::atomic<std::size_t> sum{0};
    parallelFor(1000, [&](std::size_t i) { sum += i; });
    QCOMPARE(sum.load(), std::size_t(999 * 1000 / 2));
}

void TestParallel::otherExceptionTypesCarriedBack()
{
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, parallelFor(64, [](std::size_t i) {
        if (i == 7)
            throw std::out_of_range("seven");
    }));
    QVERIFY_THROWS_EXCEPTION(std::bad_alloc, parallelFor(3, [](std::size_t i) {
        if (i == 2)
            throw std::bad_alloc();
    }));
}

void TestParallel::cancellationStopsEarly()
{
    CancellationToken cancel;
    std::atomic<std::size_t> calls{0};
    const std::size_t count = 10'000'000;
    ParallelOptions options;
    options.what = "test loop";
    try {
        parallelFor(count, [&](std::size_t i) {
            ++calls;
            if (i == 10)
                cancel.cancel();
        }, &cancel, options);
        QFAIL("no exception");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Cancelled);
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("test loop: cancelled"));
    }
    QVERIFY2(calls < 1000, qPrintable(QString::number(calls.load())));
}

void TestParallel::cancelledBeforeStartRunsNothing()
{
    CancellationToken cancel;
    cancel.cancel();
    std::atomic<std::size_t> calls{0};
    QVERIFY_THROWS_EXCEPTION(Error, parallelFor(1000, [&](std::size_t) { ++calls; }, &cancel));
    QCOMPARE(calls.load(), std::size_t(0));
    // An exception thrown by fn wins over the cancellation.
    CancellationToken later;
    try {
        parallelFor(1, [&](std::size_t) {
            later.cancel();
            throw std::runtime_error("own error");
        }, &later);
        QFAIL("no exception");
    } catch (const Error&) {
        QFAIL("the cancellation replaced fn's exception");
    } catch (const std::runtime_error& e) {
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("own error"));
    }
}

void TestParallel::nestedDoesNotOversubscribe()
{
    Occupancy inner;
    const std::size_t outerCount = 16, innerCount = 64;
    std::vector<std::atomic<unsigned char>> seen(outerCount * innerCount);
    parallelFor(outerCount, [&](std::size_t o) {
        parallelFor(innerCount, [&](std::size_t i) {
            inner.enter();
            seen[o * innerCount + i].fetch_add(1);
            spinFor(std::chrono::microseconds(200));
            inner.leave();
        });
    });
    QVERIFY(std::all_of(seen.begin(), seen.end(), [](const auto& s) { return s.load() == 1; }));
    const unsigned cores = usableCores();
    QVERIFY2(inner.peak() <= cores, qPrintable(QStringLiteral("peak %1 > %2 cores").arg(inner.peak()).arg(cores)));
    QVERIFY2(inner.distinctThreads() <= cores,
        qPrintable(QStringLiteral("%1 threads > %2 cores").arg(inner.distinctThreads()).arg(cores)));
    if (cores > 1)
        QVERIFY(inner.peak() > 1); // the helpers did help
}

void TestParallel::concurrentCallersShareThePool()
{
    // Two outside threads each run a loop: every index once, and no more than the pool's threads plus the two
    // callers ever run.
    Occupancy occupancy;
    std::vector<std::atomic<unsigned char>> a(5000), b(5000);
    const auto loop = [&](std::vector<std::atomic<unsigned char>>& seen) {
        parallelFor(seen.size(), [&](std::size_t i) {
            occupancy.enter();
            seen[i].fetch_add(1);
            spinFor(std::chrono::microseconds(5));
            occupancy.leave();
        });
    };
    std::thread first([&] { loop(a); });
    loop(b);
    first.join();
    QVERIFY(std::all_of(a.begin(), a.end(), [](const auto& s) { return s.load() == 1; }));
    QVERIFY(std::all_of(b.begin(), b.end(), [](const auto& s) { return s.load() == 1; }));
    QVERIFY(occupancy.peak() <= usableCores() + 1);
}

void TestParallel::runConcurrentlyRunsBoth()
{
    std::atomic<int> ran{0};
    runConcurrently([&] { ran += 1; }, [&] { ran += 2; });
    QCOMPARE(ran.load(), 3);
    try {
        runConcurrently([] { throw std::runtime_error("a"); }, [] { throw std::runtime_error("b"); });
        QFAIL("no exception");
    } catch (const std::runtime_error& e) {
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("a"));
    }
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, runConcurrently([] {}, [] { throw std::runtime_error("b"); }));
}

void TestParallel::underOneCore()
{
    // The same tests in a process limited to CPU 0: usableCores() must say 1 and everything runs on the caller.
    if (qEnvironmentVariableIsSet("GIS_TEST_EXPECT_CORES"))
        QSKIP("already the child run");
    const QString taskset = QStandardPaths::findExecutable(QStringLiteral("taskset"));
    if (taskset.isEmpty())
        QSKIP("taskset is not installed");
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIS_TEST_EXPECT_CORES"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(taskset, {QStringLiteral("-c"), QStringLiteral("0"), QCoreApplication::applicationFilePath()});
    QVERIFY(child.waitForFinished(300000));
    const QByteArray output = child.readAll();
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, output.constData());
}

QTEST_GUILESS_MAIN(TestParallel)
#include "tst_parallel.moc"
