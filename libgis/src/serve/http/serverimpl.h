#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility> // before Boost 1.74's asio/awaitable.hpp, which uses std::exchange without including it
#include <vector>

#include <boost/asio.hpp>

#include "servermetrics.h"
#include "workerpool.h"
#include "gis/serve/server.h"

namespace gis::detail {
class Connection;
}

namespace gis::serve {

/// The state an HttpServer shares with its connections (libgis/src/serve/http/connection.h). Members that
/// connections use from many threads are atomics or guarded by a mutex; the io_context and what lives on it are
/// declared last so that they are destroyed first (a connection's destructor still reaches the registry).
class HttpServer::Impl {
public:
    Impl(const Router& router, ServerOptions options);

    void log(const std::string& line);
    void registerConnection(const std::shared_ptr<detail::Connection>& connection);
    void unregisterConnection(detail::Connection* connection);
    std::string nextRequestId() { return std::to_string(m_nextRequestId.fetch_add(1) + 1); }

    void accept();
    void stopNow(bool graceful);

    const Router& router;
    const ServerOptions options;
    detail::ServerMetrics metrics;
    std::atomic<bool> stopping{false};
    std::atomic<int> boundPort{0};
    std::unique_ptr<detail::WorkerPool> workers;

    std::mutex stopMutex;
    std::condition_variable stopWake;
    bool stopRequested = false;
    bool running = false;
    bool started = false; ///< start() was called (its io_context is not restarted)

private:
    std::vector<std::shared_ptr<detail::Connection>> liveConnections();

    std::mutex m_logMutex;
    std::mutex m_connectionsMutex;
    std::unordered_map<detail::Connection*, std::weak_ptr<detail::Connection>> m_connections;
    std::condition_variable m_allClosed; ///< notified when the last connection is unregistered
    std::atomic<unsigned long long> m_nextRequestId{0};

public:
    boost::asio::io_context ioc;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> workGuard;
    boost::asio::ip::tcp::acceptor acceptor{ioc};
    std::optional<boost::asio::signal_set> signals;
    std::vector<std::thread> ioThreads;
};

} // namespace gis::serve
