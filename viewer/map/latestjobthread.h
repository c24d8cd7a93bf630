#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "gis/core/feedback.h"

namespace viewer {

/// The viewer's one way to run work off the GUI thread (map and print-preview renders, attribute sorts, atlas
/// exports); a loop inside a job that wants more cores uses gis::parallelFor, which shares libgis's pool.
/// A worker thread that runs only the newest job, for renders the user keeps replacing (panning the map, typing a
/// title): post() cancels the job in progress through its CancellationToken and replaces any job still waiting;
/// cancel() drops both. `work` runs on the worker thread with the job and its token, and hands its result back to
/// the owner's thread itself (a queued call). Owned and used by one thread; destroying it cancels and joins, so
/// declare it as its owner's last member (destroyed first, before what `work` may use).
template <typename Job>
class LatestJobThread {
public:
    using Work = std::function<void(Job&, const gis::CancellationToken&)>;

    explicit LatestJobThread(Work work) : m_work(std::move(work)), m_thread([this] { run(); }) {}
    LatestJobThread(const LatestJobThread&) = delete;
    LatestJobThread& operator=(const LatestJobThread&) = delete;
    ~LatestJobThread()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
            m_pending.reset();
            m_running.cancel();
        }
        m_wake.notify_all();
        m_thread.join();
    }

    /// Queues `job` in place of any waiting one and cancels the one running.
    void post(Job job)
    {
        {
            std::lock_guard lock(m_mutex);
            m_running.cancel(); // the job in progress is stale now
            m_pending.emplace(std::move(job));
        }
        m_wake.notify_one();
    }

    /// Cancels the job running and drops the one waiting.
    void cancel()
    {
        std::lock_guard lock(m_mutex);
        m_running.cancel();
        m_pending.reset();
    }

private:
    void run()
    {
        for (;;) {
            std::optional<Job> job;
            gis::CancellationToken token;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stop || m_pending.has_value(); });
                if (m_stop)
                    return;
                job.swap(m_pending);
                m_running = token;
            }
            m_work(*job, token);
        }
    }

    Work m_work;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Job> m_pending;     // guarded by m_mutex
    gis::CancellationToken m_running; // guarded by m_mutex
    bool m_stop = false;              // guarded by m_mutex
    std::thread m_thread;             // last: starts once everything above exists
};

} // namespace viewer
