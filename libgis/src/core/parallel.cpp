#include "gis/core/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#include <unistd.h>
#endif

namespace gis {

namespace {

using Fn = std::function<void(std::size_t, unsigned)>;

// One parallelFor call. Lives on its caller's stack; the caller removes it from the pool's queue and waits for
// the helpers that joined it before it returns, so no pool thread touches it afterwards.
struct Job {
    std::size_t count = 0;
    const Fn* fn = nullptr;
    const CancellationToken* cancel = nullptr;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    // Guarded by the pool's mutex:
    unsigned seatsLeft = 0;  // helpers that may still join
    unsigned nextWorker = 1; // the caller is worker 0
    unsigned active = 0;     // helpers inside run()
    std::condition_variable helpersDone;
    // Guarded by errorMutex:
    std::mutex errorMutex;
    std::exception_ptr error;
    std::size_t errorIndex = std::numeric_limits<std::size_t>::max();

    void run(unsigned worker)
    {
        for (;;) {
            if (failed.load(std::memory_order_relaxed) || (cancel && cancel->isCancelled()))
                return;
            const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= count)
                return;
            try {
                (*fn)(i, worker);
            } catch (...) {
                const std::lock_guard lock(errorMutex);
                if (i < errorIndex) {
                    errorIndex = i;
                    error = std::current_exception();
                }
                failed.store(true, std::memory_order_relaxed);
                return;
            }
        }
    }
};

// usableCores() - 1 threads that help whichever parallelFor is waiting for help, oldest first. Never destroyed:
// the threads wait on m_wake until the process exits (joining them from a static destructor would race with
// other statics, and a forked child has the object but not the threads).
class Pool {
public:
    explicit Pool(unsigned threads)
    {
#if defined(__linux__)
        m_pid = getpid();
#endif
        m_threads.reserve(threads);
        try {
            for (unsigned t = 0; t < threads; ++t)
                m_threads.emplace_back([this] { loop(); });
        } catch (const std::system_error&) {
            // No more threads to be had: the ones started help, the callers do the rest.
        }
        m_size = static_cast<unsigned>(m_threads.size());
    }

    /// Threads that can run a loop: the pool's and the caller's (as sized when the pool started).
    unsigned capacity() const { return m_size + 1; }

    /// True in the process that started the threads (not in a fork()ed child, which has none of them).
    bool usable() const
    {
#if defined(__linux__)
        return getpid() == m_pid && m_size > 0;
#else
        return m_size > 0;
#endif
    }

    void post(Job& job, unsigned seats)
    {
        {
            const std::lock_guard lock(m_mutex);
            job.seatsLeft = seats;
            m_queue.push_back(&job);
        }
        if (seats == 1)
            m_wake.notify_one();
        else
            m_wake.notify_all();
    }

    // Called by the job's caller once it found no index left: no helper joins after this; waits for those that did.
    void finish(Job& job)
    {
        std::unique_lock lock(m_mutex);
        const auto it = std::find(m_queue.begin(), m_queue.end(), &job);
        if (it != m_queue.end())
            m_queue.erase(it);
        job.helpersDone.wait(lock, [&] { return job.active == 0; });
    }

private:
    void loop()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return !m_queue.empty(); });
            Job* job = m_queue.front();
            const unsigned worker = job->nextWorker++;
            if (--job->seatsLeft == 0)
                m_queue.pop_front();
            ++job->active;
            lock.unlock();
            job->run(worker); // never throws: run() keeps fn's exceptions
            lock.lock();
            if (--job->active == 0)
                job->helpersDone.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job*> m_queue; // guarded by m_mutex: jobs with seats left
    std::vector<std::thread> m_threads;
    unsigned m_size = 0;
#if defined(__linux__)
    pid_t m_pid = 0;
#endif
};

Pool& pool()
{
    static Pool* const instance = new Pool(usableCores() - 1); // deliberately never deleted (see Pool)
    return *instance;
}

} // namespace

unsigned usableCores()
{
    const unsigned hardware = std::thread::hardware_concurrency();
    unsigned cores = hardware;
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        const auto inMask = static_cast<unsigned>(CPU_COUNT(&set));
        cores = hardware > 0 ? std::min(inMask, hardware) : inMask;
    }
#endif
    return std::max(cores, 1U);
}

unsigned parallelWorkers(std::size_t count, const ParallelOptions& options)
{
    if (count == 0)
        return 0;
    unsigned threads = std::min(pool().capacity(), usableCores());
    if (options.maxThreads > 0)
        threads = std::min(threads, options.maxThreads);
    return static_cast<unsigned>(std::min<std::size_t>(threads, count));
}

void parallelFor(std::size_t count, const Fn& fn, const CancellationToken* cancel, const ParallelOptions& options)
{
    Job job;
    job.count = count;
    job.fn = &fn;
    job.cancel = cancel;
    const unsigned threads = parallelWorkers(count, options);
    Pool& helpers = pool();
    const bool shared = threads > 1 && helpers.usable();
    if (shared) {
        helpers.post(job, threads - 1);
    }
    job.run(0);
    if (shared)
        helpers.finish(job);
    if (job.error)
        std::rethrow_exception(job.error);
    if (cancel)
        cancel->throwIfCancelled(options.what);
}

void parallelFor(std::size_t count, const std::function<void(std::size_t)>& fn, const CancellationToken* cancel,
    const ParallelOptions& options)
{
    parallelFor(count, Fn([&fn](std::size_t index, unsigned) { fn(index); }), cancel, options);
}

void runConcurrently(const std::function<void()>& a, const std::function<void()>& b)
{
    ParallelOptions options;
    options.maxThreads = 2;
    parallelFor(2, std::function<void(std::size_t)>([&](std::size_t i) { i == 0 ? a() : b(); }), nullptr, options);
}

} // namespace gis
