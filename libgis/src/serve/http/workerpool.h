#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gis::detail {

/// The server's handler threads: a fixed number of threads and a bounded queue. The server needs its own pool
/// rather than gis::parallelFor's: handlers block for long (a render, a big page) and must never be starved by,
/// nor starve, the library's data-parallel loops, and a full queue must be refused (503) instead of waited on.
/// tryPost() may be called from any thread; stop() from the owner only.
class WorkerPool {
public:
    WorkerPool(unsigned threads, std::size_t maxQueued);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Queues `task`; false (and `task` dropped) when the queue is full or the pool stopping.
    bool tryPost(std::function<void()> task);
    /// Runs what is queued, then joins the threads.
    void stop();

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    std::size_t m_maxQueued;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace gis::detail
