#include "connection.h"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <exception>
#include <utility>

#include "gzip.h"
#include "requestdecode.h"
#include "gis/core/error.h"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace gis::detail {
namespace {

constexpr std::size_t kWatchBytes = 4096;

/// The Date field (RFC 9110 IMF-fixdate), by hand: strftime would follow the process's locale.
std::string httpDate()
{
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[utc.tm_wday], utc.tm_mday,
        months[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

serve::HttpResponse runHandler(const serve::Router& router, serve::HttpRequest& request,
    serve::HttpServer::Impl& server, const std::string& requestId)
{
    try {
        return router.dispatch(request);
    } catch (const std::exception& e) {
        server.metrics.handlerFailed();
        server.log(errorLogLine(requestId, std::string(request.method) + " " + request.path + ": " + e.what()));
    } catch (...) {
        server.metrics.handlerFailed();
        server.log(errorLogLine(requestId, request.method + " " + request.path + ": unknown exception"));
    }
    return serve::HttpResponse::error(500, "InternalError", "the server could not answer this request");
}

void compressIfAccepted(serve::HttpResponse& response, const serve::HttpRequest& request)
{
    const std::string* accept = request.header("accept-encoding");
    if (!accept || !acceptsGzip(*accept) || !worthCompressing(response.contentType, response.body.size()))
        return;
    for (const auto& [name, value] : response.headers)
        if (beast::iequals(name, "content-encoding"))
            return; // the handler encoded it itself
    response.body = gzipCompress(response.body);
    response.setHeader("Content-Encoding", "gzip");
    response.setHeader("Vary", "Accept-Encoding");
}

} // namespace

Connection::Connection(asio::ip::tcp::socket socket, serve::HttpServer::Impl& server)
    : m_stream(std::move(socket)), m_server(server)
{
    ::fcntl(m_stream.socket().native_handle(), F_SETFD, FD_CLOEXEC); // as the listening socket (httpserver.cpp)
    boost::system::error_code ec;
    const auto endpoint = m_stream.socket().remote_endpoint(ec);
    m_remote = ec ? "unknown" : endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    m_server.metrics.connectionOpened();
}

Connection::~Connection()
{
    m_server.unregisterConnection(this);
    m_server.metrics.connectionClosed();
}

void Connection::start()
{
    asio::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->waitForRequest(); });
}

void Connection::closeIfIdle()
{
    asio::post(m_stream.get_executor(), [self = shared_from_this()] {
        self->m_stopping = true;
        // Idle with nothing received: closed. A request whose first bytes have arrived (the read that will see
        // them not yet run) is read and answered like one already being read, with "Connection: close".
        if (self->m_state == State::Idle && self->nothingReceived())
            self->close();
    });
}

void Connection::forceClose()
{
    asio::post(m_stream.get_executor(), [self = shared_from_this()] {
        self->m_stopping = true;
        self->m_cancel.cancel();
        self->close();
    });
}

void Connection::waitForRequest()
{
    m_state = State::Idle;
    // Stopping: a connection that has had an answer and has nothing more closes (keep-alive ends); a connection
    // accepted as the server closed its door still has its first request read and answered.
    if ((m_stopping || (m_server.stopping && m_answered)) && nothingReceived())
        return close();
    if (m_buffer.size() > 0) // the client sent its next request already (pipelining)
        return readHeader();
    // Idle keep-alive: wait for the first byte under the idle timeout, then the request under the read timeout.
    m_stream.expires_after(m_server.options.idleTimeout);
    m_stream.async_read_some(m_buffer.prepare(kWatchBytes),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
            if (ec) {
                if (ec == beast::error::timeout)
                    self->m_server.metrics.timedOut();
                return self->close();
            }
            self->m_buffer.commit(n);
            self->readHeader();
        });
}

void Connection::readHeader()
{
    m_state = State::Reading;
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(m_server.options.maxHeaderBytes));
    m_parser->body_limit(m_server.options.maxBodyBytes);
    m_stream.expires_after(m_server.options.readTimeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            if (ec)
                return self->onReadError(ec);
            // curl and others wait for "100 Continue" before sending a large body.
            const auto& header = self->m_parser->get();
            if (beast::iequals(header[http::field::expect], "100-continue")) {
                auto proceed = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
                return asio::async_write(self->m_stream, asio::buffer(*proceed),
                    [self, proceed](const boost::system::error_code& error, std::size_t) {
                        if (error)
                            return self->close();
                        self->readBody();
                    });
            }
            self->readBody();
        });
}

void Connection::readBody()
{
    // The read deadline set before the header still runs: header and body share the read timeout.
    http::async_read(m_stream, m_buffer, *m_parser,
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            if (ec)
                return self->onReadError(ec);
            self->handle(self->m_parser->release());
        });
}

void Connection::onReadError(const boost::system::error_code& ec)
{
    if (ec == http::error::header_limit)
        return answerAndClose(431, "RequestHeaderFieldsTooLarge", "the request line and header are too large");
    if (ec == http::error::body_limit)
        return answerAndClose(413, "PayloadTooLarge", "the request body is too large");
    if (ec == beast::error::timeout) {
        m_server.metrics.timedOut();
        return close();
    }
    if (ec.category() == http::make_error_code(http::error::end_of_stream).category()
        && ec != http::error::end_of_stream && ec != http::error::partial_message)
        return answerAndClose(400, "BadRequest", "the request is not valid HTTP/1.1");
    close(); // the client went away
}

void Connection::handle(Request request)
{
    m_state = State::Handling;
    m_began = std::chrono::steady_clock::now();
    m_server.metrics.requestStarted();
    m_keepAlive = request.keep_alive();
    m_isHead = request.method() == http::verb::head;
    m_cancel = CancellationToken();

    auto req = std::make_shared<serve::HttpRequest>();
    req->method = std::string(request.method_string());
    req->target = std::string(request.target());
    req->remoteAddress = m_remote;
    req->cancel = m_cancel;
    m_record = AccessRecord{std::chrono::system_clock::now(), m_remote, req->method, "", 0, 0, 0,
        m_server.nextRequestId()};
    for (const auto& field : request) {
        std::string name(field.name_string());
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req->headers.emplace_back(std::move(name), std::string(field.value()));
    }
    req->body = std::move(request.body());
    try {
        DecodedTarget decoded = decodeTarget(req->target);
        req->path = std::move(decoded.path);
        req->query = std::move(decoded.query);
        m_record.path = req->path + queryNamesOnly(req->query);
    } catch (const Error& e) {
        m_record.path = "(malformed target)";
        m_keepAlive = false;
        return onHandled(serve::HttpResponse::error(400, "BadRequest", e.what()));
    }
    if (!m_server.options.publicUrl.empty()) {
        req->baseUrl = m_server.options.publicUrl;
        while (!req->baseUrl.empty() && req->baseUrl.back() == '/')
            req->baseUrl.pop_back();
    } else if (const std::string* host = req->header("host"); host && !host->empty()) {
        req->baseUrl = "http://" + *host;
    } else {
        req->baseUrl = "http://127.0.0.1:" + std::to_string(m_server.boundPort.load());
    }

    auto work = [self = shared_from_this(), req] {
        serve::HttpResponse response = runHandler(self->m_server.router, *req, self->m_server, self->m_record.requestId);
        try {
            compressIfAccepted(response, *req);
        } catch (const Error&) {
            // out of memory compressing: send it plain
        }
        asio::post(self->m_stream.get_executor(),
            [self, response = std::move(response)]() mutable { self->onHandled(std::move(response)); });
    };
    if (!m_server.workers->tryPost(std::move(work))) {
        m_server.metrics.requestEnded();
        m_server.metrics.queueFull();
        serve::HttpResponse busy = serve::HttpResponse::error(503, "ServiceUnavailable",
            "the server is busy; retry later");
        busy.setHeader("Retry-After", "1");
        return onHandled(std::move(busy));
    }
    watchForDisconnect();
}

void Connection::watchForDisconnect()
{
    // While the handler runs, a read that ends in EOF or an error means the client is gone: cancel the request.
    m_stream.expires_never();
    m_watching = true;
    m_stream.async_read_some(m_buffer.prepare(kWatchBytes),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
            self->m_watching = false;
            if (!ec) {
                self->m_buffer.commit(n); // the next request, pipelined: parsed after this answer
                if (!self->m_pending && self->m_buffer.size() < self->m_server.options.maxHeaderBytes)
                    return self->watchForDisconnect();
            } else if (ec != asio::error::operation_aborted) {
                self->m_cancel.cancel();
            }
            if (self->m_pending)
                self->write();
        });
}

void Connection::onHandled(serve::HttpResponse response)
{
    m_server.metrics.requestEnded();
    if (m_state != State::Handling)
        return; // closed meanwhile
    m_pending = std::move(response);
    if (m_watching) {
        boost::system::error_code ignored;
        m_stream.socket().cancel(ignored); // the watch's handler then writes
        return;
    }
    write();
}

void Connection::write()
{
    m_state = State::Writing;
    serve::HttpResponse& answer = *m_pending;
    m_response = std::make_shared<Response>();
    Response& res = *m_response;
    res.version(11);
    res.result(static_cast<unsigned>(answer.status));
    res.set(http::field::content_type, answer.contentType);
    for (const auto& [name, value] : answer.headers)
        res.set(name, value);
    res.set(http::field::date, httpDate());
    res.set("X-Request-Id", m_record.requestId);
    res.keep_alive(m_keepAlive && !m_stopping && !m_server.stopping.load());
    if (m_isHead) {
        // RFC 9110 §9.3.2/§8.6: HEAD answers with the header the GET would have, Content-Length included, and no
        // body. The router left the GET's body (compressed as the GET's would be) so its length is known here.
        res.content_length(answer.body.size());
    } else {
        res.body() = std::move(answer.body);
        res.prepare_payload();
    }
    m_pending.reset();
    m_record.status = answer.status;
    m_stream.expires_after(m_server.options.writeTimeout);
    http::async_write(m_stream, res, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        self->m_record.bytes = n;
        const bool keepAlive = self->m_response->keep_alive();
        self->m_response.reset();
        self->m_answered = true;
        self->finishRequest();
        if (ec) {
            if (ec == beast::error::timeout)
                self->m_server.metrics.timedOut();
            return self->close();
        }
        if (!keepAlive)
            return self->lingerClose();
        self->waitForRequest();
    });
}

void Connection::finishRequest()
{
    const auto duration = std::chrono::steady_clock::now() - m_began;
    m_record.durationMs = std::chrono::duration<double, std::milli>(duration).count();
    m_server.metrics.recordRequest(m_record.method, m_record.status, duration, m_record.bytes);
    m_server.log(accessLogLine(m_record));
}

void Connection::answerAndClose(int status, const char* code, const char* description)
{
    // Not a handler's answer: a request too large or malformed to hand to one. Counted and logged like any other.
    m_state = State::Handling;
    m_began = std::chrono::steady_clock::now();
    m_record = AccessRecord{std::chrono::system_clock::now(), m_remote, "-", "(unread request)", 0, 0, 0,
        m_server.nextRequestId()};
    m_keepAlive = false;
    m_server.metrics.requestStarted();
    onHandled(serve::HttpResponse::error(status, code, description));
}

void Connection::lingerClose()
{
    // Half-close, then drain what the client still sends (the rest of a refused body) for a moment: closing with
    // unread data would reset the connection and could destroy the answer before the client reads it.
    m_state = State::Closed;
    boost::system::error_code ignored;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    m_stream.expires_after(std::chrono::seconds(2));
    drain();
}

void Connection::drain()
{
    m_buffer.consume(m_buffer.size());
    m_stream.async_read_some(m_buffer.prepare(kWatchBytes),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
            if (ec)
                return self->close();
            self->drain();
        });
}

bool Connection::nothingReceived()
{
    boost::system::error_code ec;
    return m_buffer.size() == 0 && (m_stream.socket().available(ec) == 0 || ec);
}

void Connection::close()
{
    m_state = State::Closed;
    m_cancel.cancel();
    boost::system::error_code ignored;
    m_stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
}

} // namespace gis::detail
