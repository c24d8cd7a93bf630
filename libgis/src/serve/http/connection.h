#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "accesslog.h"
#include "serverimpl.h"
#include "gis/core/feedback.h"
#include "gis/serve/http.h"

namespace gis::detail {

/// One accepted TCP connection: reads requests (bounded in size and time) on its strand of the I/O threads, hands
/// each to the worker pool, watches the socket for the client going away while the handler runs (cancelling the
/// request's token), writes the answer and waits for the next one (keep-alive). Owned by the shared_ptrs its
/// pending operations hold; the server keeps weak references to close it on stop. Every member function runs on
/// the connection's strand; closeIfIdle() and forceClose() post there from any thread.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(boost::asio::ip::tcp::socket socket, serve::HttpServer::Impl& server);
    ~Connection();

    void start();
    /// Stop: close now when waiting for a request; otherwise answer the current one with Connection: close.
    void closeIfIdle();
    /// Cancel the running handler's token and close the socket.
    void forceClose();

private:
    enum class State { Idle, Reading, Handling, Writing, Closed };
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    void waitForRequest();
    void readHeader();
    void readBody();
    void onReadError(const boost::system::error_code& error);
    void handle(Request request);
    void watchForDisconnect();
    void onHandled(serve::HttpResponse response);
    void write();
    void finishRequest();
    void lingerClose();
    void drain();
    void close();
    /// Nothing of a next request has arrived: neither in the buffer nor waiting on the socket.
    bool nothingReceived();
    /// An answer decided on the I/O thread (400, 413, 431, 503) that closes the connection after it.
    void answerAndClose(int status, const char* code, const char* description);

    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    serve::HttpServer::Impl& m_server;
    std::string m_remote;
    State m_state = State::Idle;
    bool m_stopping = false;
    bool m_answered = false; ///< at least one answer written: the client already had a request served here
    bool m_keepAlive = false;
    bool m_watching = false;
    CancellationToken m_cancel;
    std::optional<serve::HttpResponse> m_pending; ///< the handler's answer, waiting for the watch to end
    std::shared_ptr<Response> m_response;
    bool m_isHead = false;
    AccessRecord m_record;
    std::chrono::steady_clock::time_point m_began;
};

} // namespace gis::detail
