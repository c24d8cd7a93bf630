#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gis::detail {

/// The server's counters, updated lock-free from every thread and read as Prometheus text (/metrics).
class ServerMetrics {
public:
    /// A request answered: its method, status and how long from its last byte read to its last byte written.
    void recordRequest(std::string_view method, int status, std::chrono::nanoseconds duration, std::uint64_t bytesOut);
    void requestStarted() { m_inFlight.fetch_add(1, std::memory_order_relaxed); }
    void requestEnded() { m_inFlight.fetch_sub(1, std::memory_order_relaxed); }
    void handlerFailed() { m_handlerErrors.fetch_add(1, std::memory_order_relaxed); }
    void connectionOpened() { m_open.fetch_add(1); m_accepted.fetch_add(1, std::memory_order_relaxed); }
    void connectionClosed() { m_open.fetch_sub(1); }
    void connectionRefused() { m_refused.fetch_add(1, std::memory_order_relaxed); }
    void queueFull() { m_queueFull.fetch_add(1, std::memory_order_relaxed); }
    void timedOut() { m_timeouts.fetch_add(1, std::memory_order_relaxed); }
    long long openConnections() const { return m_open.load(); }

    /// Prometheus text exposition format 0.0.4, metric names prefixed "gis_http_".
    std::string text() const;

    /// Upper bounds of the latency histogram's buckets, in seconds (+Inf implied).
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};

private:
    static constexpr std::array<std::string_view, 8> kMethods{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
        "OPTIONS", "other"};
    using Counter = std::atomic<std::uint64_t>;
    std::array<std::array<Counter, 5>, kMethods.size()> m_requests{}; ///< [method][status class 1xx..5xx]
    std::array<Counter, kBuckets.size() + 1> m_latency{};             ///< not cumulative; +Inf last
    Counter m_latencySumNs{0};
    Counter m_bytesOut{0};
    Counter m_handlerErrors{0};
    Counter m_accepted{0};
    Counter m_refused{0};
    Counter m_queueFull{0};
    Counter m_timeouts{0};
    std::atomic<long long> m_inFlight{0};
    std::atomic<long long> m_open{0};
};

} // namespace gis::detail
