#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "gis/core/export.h"
#include "gis/serve/http.h"

GIS_API_BEGIN

namespace gis::serve {

/// How an HttpServer listens, what it accepts and how long it waits (docs/serve.md, "The server").
struct ServerOptions {
    std::string bind = "127.0.0.1"; ///< an IPv4 or IPv6 address; loopback unless asked otherwise
    int port = 8080;                ///< 0: the system picks a free port (HttpServer::port() tells which)
    int ioThreads = 1;              ///< threads that accept, read and write (never run handlers)
    int workerThreads = 0;          ///< threads that run handlers; 0: usableCores()
    std::size_t maxBodyBytes = 1 << 20;    ///< a larger request body is answered 413
    std::size_t maxHeaderBytes = 16 << 10; ///< a larger request line + header is answered 431
    std::size_t maxConnections = 256;      ///< beyond, a new connection gets 503 and is closed
    std::size_t maxQueued = 1024; ///< requests waiting for a worker; beyond, 503 with Retry-After
    /// From the first byte of a request to its last: a client slower than this (slowloris) is cut off.
    std::chrono::milliseconds readTimeout{10'000};
    std::chrono::milliseconds writeTimeout{30'000}; ///< for writing one response
    std::chrono::milliseconds idleTimeout{30'000};  ///< keep-alive: waiting for the next request
    /// Graceful stop: how long in-flight requests may still run before they are cancelled and cut.
    std::chrono::milliseconds drainTimeout{10'000};
    /// Base of the links in responses ("https://gis.example.gov/api"); empty: "http://" + the Host header.
    std::string publicUrl;
    /// Receives every log line: one JSON object per request (the access log) and one per server error, without
    /// a newline. May be called from any server thread, never concurrently. Empty: lines go to stderr.
    std::function<void(const std::string& line)> log;
    /// SIGTERM and SIGINT call requestStop() (for gis serve; a test leaves them alone).
    bool stopOnSignals = false;
};

/// An HTTP/1.1 server (Boost.Beast/Asio underneath, not visible here) that answers every request through a
/// Router: keep-alive, header/body limits (431/413), read/write/idle timeouts, a connection limit, a bounded
/// pool of worker threads for the handlers (the I/O threads only read and write), gzip for text bodies,
/// cancellation of a request whose client went away, an access log, counters for /metrics and graceful stop.
///
/// The router must outlive the server and be complete before start() (addServerRoutes() adds /health and
/// /metrics). start(), stop() and waitForStop() are for one controlling thread; requestStop(), port() and
/// metricsText() may be called from any thread (a signal handler's thread, a handler).
class HttpServer {
public:
    HttpServer(const Router& router, ServerOptions options);
    ~HttpServer(); ///< stops (not gracefully) when still running
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts the I/O and worker threads; returns at once. Throws gis::Error(Io) naming the address
    /// ("cannot listen on 127.0.0.1:80: Permission denied") when it cannot, Error(Argument) for an address or port
    /// that is not one, or when called a second time (a server starts once).
    void start();
    /// The port it listens on (the one chosen when options.port was 0); 0 before start().
    int port() const;
    /// Stops: no new connection is accepted, idle keep-alive connections are closed; when `graceful`, requests
    /// in flight (running, or still arriving) finish and their responses are written whole until every connection
    /// has closed (bounded by drainTimeout, after which they are cancelled and cut); otherwise they are cancelled
    /// and cut at once. Returns when every thread has ended.
    void stop(bool graceful = true);
    /// Asks for a graceful stop from any thread; waitForStop() performs it.
    void requestStop();
    /// Blocks until requestStop() (or a signal with stopOnSignals), then stops gracefully and returns.
    void waitForStop();

    /// The counters in the Prometheus text format (version 0.0.4): requests by method and status class,
    /// in flight, latency histogram, errors, connections open/accepted/refused, bytes out.
    std::string metricsText() const;

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

/// Adds GET /health (200 {"status":"ok"}) and GET /metrics (metricsText(), text/plain; version=0.0.4) to the
/// router. Call before server.start(); the server must outlive the router's use.
void addServerRoutes(Router& router, const HttpServer& server);

} // namespace gis::serve

GIS_API_END
