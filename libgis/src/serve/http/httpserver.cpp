#include <csignal>
#include <fcntl.h>
#include <future>
#include <iostream>

#include "connection.h"
#include "serverimpl.h"
#include "gis/core/error.h"
#include "gis/core/parallel.h"

namespace asio = boost::asio;
using boost::asio::ip::tcp;

namespace gis::serve {
namespace {

/// Written to a connection over the limit before closing it: a fixed answer, no parsing, no worker.
const std::string kRefusal = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                             "Retry-After: 1\r\nConnection: close\r\nContent-Length: 80\r\n\r\n"
                             "{\"code\":\"ServiceUnavailable\",\"description\":\"too many connections; retry later\"}";

} // namespace

HttpServer::Impl::Impl(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}

void HttpServer::Impl::log(const std::string& line)
{
    const std::lock_guard lock(m_logMutex);
    if (options.log)
        options.log(line);
    else
        std::cerr << line << '\n';
}

void HttpServer::Impl::registerConnection(const std::shared_ptr<detail::Connection>& connection)
{
    const std::lock_guard lock(m_connectionsMutex);
    m_connections.emplace(connection.get(), connection);
}

void HttpServer::Impl::unregisterConnection(detail::Connection* connection)
{
    bool last = false;
    {
        const std::lock_guard lock(m_connectionsMutex);
        m_connections.erase(connection);
        last = m_connections.empty();
    }
    if (last)
        m_allClosed.notify_all();
}

std::vector<std::shared_ptr<detail::Connection>> HttpServer::Impl::liveConnections()
{
    std::vector<std::shared_ptr<detail::Connection>> live;
    const std::lock_guard lock(m_connectionsMutex);
    for (const auto& [key, weak] : m_connections)
        if (auto connection = weak.lock())
            live.push_back(std::move(connection));
    return live;
}

void HttpServer::Impl::accept()
{
    acceptor.async_accept(asio::make_strand(ioc), [this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted)
            return; // stopping
        // A connection accepted just before the door closed is served (its answer says "Connection: close"):
        // dropping it would reset a client whose connect had succeeded.
        if (!ec) {
            if (static_cast<std::size_t>(metrics.openConnections()) >= options.maxConnections) {
                metrics.connectionRefused();
                auto refused = std::make_shared<tcp::socket>(std::move(socket));
                asio::async_write(*refused, asio::buffer(kRefusal), [refused](const boost::system::error_code&, std::size_t) {
                    boost::system::error_code ignored;
                    refused->shutdown(tcp::socket::shutdown_both, ignored);
                    refused->close(ignored);
                });
            } else {
                auto connection = std::make_shared<detail::Connection>(std::move(socket), *this);
                registerConnection(connection);
                connection->start();
            }
        }
        // Errors such as EMFILE: keep accepting; the next connection may succeed once others close.
        if (acceptor.is_open())
            accept();
    });
}

void HttpServer::Impl::stopNow(bool graceful)
{
    // Close the door first, and only then let answers say "Connection: close": a client told to reconnect while
    // the listener is still open would queue a connection the close then resets.
    std::promise<void> closed;
    asio::post(ioc, [this, &closed] {
        boost::system::error_code ignored;
        acceptor.close(ignored);
        if (signals)
            signals->cancel(ignored);
        closed.set_value();
    });
    closed.get_future().wait();
    stopping = true;
    // Idle connections close now; one reading or answering a request answers it with "Connection: close".
    for (const auto& connection : liveConnections())
        connection->closeIfIdle();
    if (graceful) {
        // Drained when every connection has closed, not merely when no handler runs: a request whose header was
        // still arriving has no handler yet, and cutting it (or refusing it from a stopped pool) would lose it.
        // A connection object outlives its handler, so this also waits for the handlers.
        std::unique_lock lock(m_connectionsMutex);
        m_allClosed.wait_for(lock, options.drainTimeout, [this] { return m_connections.empty(); });
    }
    for (const auto& connection : liveConnections())
        connection->forceClose();
    workers->stop(); // handlers still running saw their token cancelled
    workGuard.reset();
    // Let the I/O threads run the closes posted above, then end them; what is still queued is destroyed unrun.
    asio::post(ioc, [this] { ioc.stop(); });
    for (std::thread& thread : ioThreads)
        if (thread.joinable())
            thread.join();
    ioThreads.clear();
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : m_impl(std::make_unique<Impl>(router, std::move(options)))
{
}

HttpServer::~HttpServer()
{
    if (m_impl->running)
        stop(false);
}

void HttpServer::start()
{
    Impl& s = *m_impl;
    if (s.started)
        throw Error(ErrorCode::Argument, "an HTTP server starts once; make another to listen again");
    s.started = true;
    const std::string where = s.options.bind + ":" + std::to_string(s.options.port);
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(s.options.bind, ec);
    if (ec)
        throw Error(ErrorCode::Argument, "cannot listen on " + where + ": not an IP address");
    if (s.options.port < 0 || s.options.port > 65535)
        throw Error(ErrorCode::Argument, "cannot listen on " + where + ": not a port number");
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(s.options.port));
    s.acceptor.open(endpoint.protocol(), ec);
    // Not inherited by processes the service starts: a child holding the listening socket would keep the port
    // open (connections queued, never accepted) after stop.
    if (!ec)
        ::fcntl(s.acceptor.native_handle(), F_SETFD, FD_CLOEXEC);
    if (!ec)
        s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        s.acceptor.bind(endpoint, ec);
    if (!ec)
        s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        boost::system::error_code ignored;
        s.acceptor.close(ignored);
        throw Error(ErrorCode::Io, "cannot listen on " + where + ": " + ec.message());
    }
    s.boundPort = s.acceptor.local_endpoint().port();

    const unsigned workers = s.options.workerThreads > 0 ? static_cast<unsigned>(s.options.workerThreads) : usableCores();
    s.workers = std::make_unique<detail::WorkerPool>(workers, s.options.maxQueued);
    s.workGuard.emplace(s.ioc.get_executor());
    if (s.options.stopOnSignals) {
        s.signals.emplace(s.ioc, SIGTERM, SIGINT);
        s.signals->async_wait([this](const boost::system::error_code& error, int) {
            if (!error)
                requestStop();
        });
    }
    s.accept();
    for (int i = 0; i < std::max(1, s.options.ioThreads); ++i)
        s.ioThreads.emplace_back([&s] { s.ioc.run(); });
    s.running = true;
}

int HttpServer::port() const { return m_impl->boundPort.load(); }

void HttpServer::stop(bool graceful)
{
    if (!m_impl->running)
        return;
    m_impl->stopNow(graceful);
    m_impl->running = false;
}

void HttpServer::requestStop()
{
    {
        const std::lock_guard lock(m_impl->stopMutex);
        m_impl->stopRequested = true;
    }
    m_impl->stopWake.notify_all();
}

void HttpServer::waitForStop()
{
    {
        std::unique_lock lock(m_impl->stopMutex);
        m_impl->stopWake.wait(lock, [this] { return m_impl->stopRequested; });
    }
    stop(true);
}

std::string HttpServer::metricsText() const { return m_impl->metrics.text(); }

void addServerRoutes(Router& router, const HttpServer& server)
{
    router.add("GET", "/health", [](HttpRequest&) { return HttpResponse::json("{\"status\":\"ok\"}"); });
    router.add("GET", "/metrics", [&server](HttpRequest&) {
        HttpResponse response;
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        response.body = server.metricsText();
        return response;
    });
}

} // namespace gis::serve
