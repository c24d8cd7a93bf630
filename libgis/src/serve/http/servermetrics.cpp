#include "servermetrics.h"

#include <cstdio>

namespace gis::detail {

void ServerMetrics::recordRequest(std::string_view method, int status, std::chrono::nanoseconds duration,
    std::uint64_t bytesOut)
{
    std::size_t m = kMethods.size() - 1;
    for (std::size_t i = 0; i + 1 < kMethods.size(); ++i)
        if (kMethods[i] == method)
            m = i;
    const int statusClass = status >= 100 && status < 600 ? status / 100 - 1 : 4;
    m_requests[m][statusClass].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(duration).count();
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket])
        ++bucket;
    m_latency[bucket].fetch_add(1, std::memory_order_relaxed);
    m_latencySumNs.fetch_add(static_cast<std::uint64_t>(duration.count()), std::memory_order_relaxed);
    m_bytesOut.fetch_add(bytesOut, std::memory_order_relaxed);
}

std::string ServerMetrics::text() const
{
    std::string out;
    const auto line = [&](const std::string& text) { out += text + "\n"; };
    const auto counter = [&](const char* name, const char* help, std::uint64_t value) {
        line(std::string("# HELP ") + name + " " + help);
        line(std::string("# TYPE ") + name + " counter");
        line(std::string(name) + " " + std::to_string(value));
    };
    const auto gauge = [&](const char* name, const char* help, long long value) {
        line(std::string("# HELP ") + name + " " + help);
        line(std::string("# TYPE ") + name + " gauge");
        line(std::string(name) + " " + std::to_string(value));
    };

    line("# HELP gis_http_requests_total Requests answered, by method and status class.");
    line("# TYPE gis_http_requests_total counter");
    for (std::size_t m = 0; m < kMethods.size(); ++m)
        for (std::size_t c = 0; c < 5; ++c) {
            const std::uint64_t n = m_requests[m][c].load(std::memory_order_relaxed);
            if (n > 0 || kMethods[m] == "GET")
                line("gis_http_requests_total{method=\"" + std::string(kMethods[m]) + "\",status=\""
                    + std::to_string(c + 1) + "xx\"} " + std::to_string(n));
        }
    gauge("gis_http_requests_in_flight", "Requests read and not yet answered.", m_inFlight.load());

    line("# HELP gis_http_request_duration_seconds Time from a request's last byte read to its answer written.");
    line("# TYPE gis_http_request_duration_seconds histogram");
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBuckets.size(); ++b) {
        cumulative += m_latency[b].load(std::memory_order_relaxed);
        char le[32];
        if (b < kBuckets.size())
            std::snprintf(le, sizeof le, "%g", kBuckets[b]);
        else
            std::snprintf(le, sizeof le, "+Inf");
        line(std::string("gis_http_request_duration_seconds_bucket{le=\"") + le + "\"} " + std::to_string(cumulative));
    }
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(m_latencySumNs.load()) / 1e9);
    line(std::string("gis_http_request_duration_seconds_sum ") + sum);
    line("gis_http_request_duration_seconds_count " + std::to_string(cumulative));

    counter("gis_http_handler_errors_total", "Handlers that threw (answered 500).", m_handlerErrors.load());
    counter("gis_http_queue_full_total", "Requests refused with 503 because every worker was busy and the queue full.",
        m_queueFull.load());
    counter("gis_http_timeouts_total", "Connections cut by a read, write or idle timeout.", m_timeouts.load());
    gauge("gis_http_connections_open", "Connections open now.", m_open.load());
    counter("gis_http_connections_accepted_total", "Connections accepted.", m_accepted.load());
    counter("gis_http_connections_refused_total", "Connections refused (503) over the connection limit.",
        m_refused.load());
    counter("gis_http_response_bytes_total", "Bytes of responses written (headers and bodies).", m_bytesOut.load());
    return out;
}

} // namespace gis::detail
