// HttpServer in-process on 127.0.0.1 with port 0, against clients nobody here wrote (curl, gzip) and raw
// sockets for what curl will not send: keep-alive, limits (413/431), malformed requests (400), a slow client cut
// by the read timeout while others are served, the connection limit, gzip, 500 without the message, a client
// that goes away cancelling its handler, a full work queue (503), graceful stop with a request in flight,
// /health and /metrics, and the access log.

#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gis/core/error.h"
#include "gis/serve/http.h"
#include "gis/serve/server.h"

using namespace gis;
using namespace gis::serve;

namespace {

/// What handlers and the test share: flags the test waits on (with QTRY_*, a bounded wait on the condition).
struct Probe {
    std::atomic<int> slowStarted{0};
    std::atomic<bool> sawCancel{false};
    std::mutex mutex;
    std::condition_variable release;
    bool released = false;
    std::vector<std::string> log;
};

std::string bigJson()
{
    std::string body = "{\"items\":[";
    for (int i = 0; i < 400; ++i)
        body += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + ",\"name\":\"feature " + std::to_string(i) + "\"}";
    return body + "]}";
}

void buildRoutes(Router& router, Probe& probe)
{
    router.add("GET", "/echo", [](HttpRequest& q) {
        std::string params;
        for (const auto& [k, v] : q.query)
            params += k + "=" + v + ";";
        return HttpResponse::json("{\"remote\":\"" + q.remoteAddress + "\",\"path\":\"" + q.path + "\",\"params\":\""
            + params + "\",\"base\":\"" + q.baseUrl + "\"}");
    });
    router.add("GET", "/echo/{x}", [](HttpRequest& q) { return HttpResponse::json("\"" + *q.pathParam("x") + "\""); });
    router.add("POST", "/upload", [](HttpRequest& q) { return HttpResponse::json(std::to_string(q.body.size())); });
    router.add("GET", "/big", [](HttpRequest&) { return HttpResponse::json(bigJson()); });
    router.add("GET", "/huge", [](HttpRequest&) {
        HttpResponse response;
        response.contentType = "application/octet-stream"; // not compressed: the bytes must fill the socket
        response.body.assign(64 << 20, 'z');
        return response;
    });
    router.add("GET", "/boom", [](HttpRequest&) -> HttpResponse { throw Error(ErrorCode::Io, "/secret/path.gpkg: broken"); });
    router.add("GET", "/wait-cancel", [&probe](HttpRequest& q) {
        probe.slowStarted++;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!q.cancel.isCancelled() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(2)); // polls the token: the handler's own work
        probe.sawCancel = q.cancel.isCancelled();
        return HttpResponse::json("{}");
    });
    router.add("GET", "/blocked", [&probe](HttpRequest&) {
        probe.slowStarted++;
        std::unique_lock lock(probe.mutex);
        probe.release.wait_for(lock, std::chrono::seconds(10), [&] { return probe.released; });
        return HttpResponse::json(std::string(200'000, 'x'), 200);
    });
}

struct Running {
    Probe probe;
    Router router;
    std::unique_ptr<HttpServer> server;
    QByteArray url(const char* path) const
    {
        return "http://127.0.0.1:" + QByteArray::number(server->port()) + path;
    }
    void unblock()
    {
        {
            const std::lock_guard lock(probe.mutex);
            probe.released = true;
        }
        probe.release.notify_all();
    }
    ~Running()
    {
        unblock();
        if (server)
            server->stop(false);
    }
};

std::unique_ptr<Running> start(ServerOptions options = {})
{
    auto r = std::make_unique<Running>();
    buildRoutes(r->router, r->probe);
    options.port = 0;
    Probe* probe = &r->probe;
    options.log = [probe](const std::string& line) { probe->log.push_back(line); }; // never concurrent
    r->server = std::make_unique<HttpServer>(r->router, options);
    addServerRoutes(r->router, *r->server);
    r->server->start();
    return r;
}

struct CurlResult {
    int exitCode = -1;
    QByteArray out;
};

CurlResult curl(const QStringList& args, int timeoutMs = 20000)
{
    QProcess p;
    p.start("curl", QStringList{"-sS"} + args);
    CurlResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    return r;
}

/// One HTTP/1.1 response read from a socket: status line, header, Content-Length body (bounded wait).
QByteArray readResponse(QTcpSocket& socket, int timeoutMs = 10000)
{
    QByteArray data;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const int end = data.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QByteArray head = data.left(end).toLower();
            const int at = head.indexOf("content-length:");
            const int length = at < 0 ? 0 : head.mid(at + 15, head.indexOf("\r\n", at) - at - 15).trimmed().toInt();
            if (data.size() >= end + 4 + length)
                return data.left(end + 4 + length);
        }
        if (!socket.waitForReadyRead(200) && socket.state() != QAbstractSocket::ConnectedState)
            return data + socket.readAll();
        data += socket.readAll();
    }
    return data;
}

bool connectTo(QTcpSocket& socket, int port)
{
    socket.connectToHost("127.0.0.1", quint16(port));
    return socket.waitForConnected(5000);
}

} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

private slots:
    void keepAliveServesTwoRequestsOnOneConnection()
    {
        auto r = start();
        QTcpSocket socket;
        QVERIFY(connectTo(socket, r->server->port()));
        socket.write("GET /echo?a=1 HTTP/1.1\r\nHost: example.org:81\r\n\r\n");
        const QByteArray first = readResponse(socket);
        QVERIFY2(first.startsWith("HTTP/1.1 200"), first.constData());
        QVERIFY(first.toLower().contains("keep-alive") || !first.toLower().contains("connection: close"));
        QVERIFY(first.contains("\"base\":\"http://example.org:81\""));
        const int date = first.indexOf("Date: ");
        QVERIFY(date > 0);
        // GNU date(1) reads the IMF-fixdate; it is now, give or take a minute.
        QProcess parse;
        parse.start("date", {"-u", "-d", QString::fromLatin1(first.mid(date + 6, first.indexOf("\r\n", date) - date - 6)), "+%s"});
        QVERIFY(parse.waitForFinished(10000));
        QCOMPARE(parse.exitCode(), 0);
        QVERIFY(qAbs(parse.readAllStandardOutput().trimmed().toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
        socket.write("GET /echo?b=%C3%A9+x HTTP/1.1\r\nHost: h\r\n\r\n");
        const QByteArray second = readResponse(socket);
        QVERIFY2(second.startsWith("HTTP/1.1 200"), second.constData());
        QVERIFY2(second.contains("\"params\":\"b=\xC3\xA9 x;\""), second.constData());
        const QByteArray local = QByteArray::number(socket.localPort());
        QVERIFY(first.contains(":" + local + "\"") && second.contains(":" + local + "\""));

        // curl's own view: the second transfer reuses the first one's connection (0 new connects).
        const CurlResult c = curl({"-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects}\\n",
            r->url("/health"), r->url("/health")});
        QCOMPARE(c.exitCode, 0);
        QCOMPARE(c.out, QByteArray("1\n0\n"));
    }

    void oversizedBodyIs413AndHeaderIs431()
    {
        ServerOptions o;
        o.maxBodyBytes = 1024;
        o.maxHeaderBytes = 2048;
        auto r = start(o);
        QTemporaryDir dir;
        QFile big(dir.filePath("big"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(200'000, 'a'));
        big.close();
        CurlResult c = curl({"-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + big.fileName(), r->url("/upload")});
        QCOMPARE(c.out, QByteArray("413"));
        c = curl({"-w", "%{http_code}", "--data-binary", QString(1000, 'b'), r->url("/upload")});
        QCOMPARE(c.out, QByteArray("1000200"));
        c = curl({"-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Big: " + QString(4000, 'h'), r->url("/health")});
        QCOMPARE(c.out, QByteArray("431"));
    }

    void malformedRequestsAre400Json()
    {
        auto r = start();
        const QList<QByteArray> bad = {"GARBAGE\r\n\r\n", "GET /echo/%zz HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET /echo?x=%4 HTTP/1.1\r\nHost: h\r\n\r\n", "GET /echo/a%00b HTTP/1.1\r\nHost: h\r\n\r\n",
            "GET http HTTP/1.1\r\nHost: h\r\n\r\n"};
        for (const QByteArray& request : bad) {
            QTcpSocket socket;
            QVERIFY(connectTo(socket, r->server->port()));
            socket.write(request);
            const QByteArray answer = readResponse(socket);
            QVERIFY2(answer.startsWith("HTTP/1.1 400"), (request + " -> " + answer).constData());
            const QByteArray body = answer.mid(answer.indexOf("\r\n\r\n") + 4);
            QCOMPARE(QJsonDocument::fromJson(body).object().value("code").toString(), QString("BadRequest"));
        }
    }

    void slowClientIsCutWhileOthersAreServed()
    {
        ServerOptions o;
        o.readTimeout = std::chrono::milliseconds(500);
        o.workerThreads = 1;
        o.ioThreads = 1;
        auto r = start(o);
        QTcpSocket slow;
        QVERIFY(connectTo(slow, r->server->port()));
        QElapsedTimer timer;
        timer.start();
        slow.write("GET /health HTTP/1.1\r\nHost: h\r\n"); // never finishes its header
        QVERIFY(slow.waitForBytesWritten(2000));
        const CurlResult c = curl({"-w", "%{http_code}", r->url("/health")});
        QCOMPARE(c.out, QByteArray("{\"status\":\"ok\"}200"));
        QVERIFY(slow.state() == QAbstractSocket::UnconnectedState || slow.waitForDisconnected(5000));
        QVERIFY2(timer.elapsed() < 3000, QByteArray::number(timer.elapsed()).constData());
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("gis_http_timeouts_total 1") != std::string::npos, 5000);
    }

    void idleKeepAliveAndStalledReaderAreClosed()
    {
        ServerOptions o;
        o.idleTimeout = std::chrono::milliseconds(300);
        o.writeTimeout = std::chrono::milliseconds(500);
        auto r = start(o);
        QTcpSocket idle;
        QVERIFY(connectTo(idle, r->server->port()));
        idle.write("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");
        QVERIFY(readResponse(idle).startsWith("HTTP/1.1 200"));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(idle.state() == QAbstractSocket::UnconnectedState || idle.waitForDisconnected(5000));
        QVERIFY2(timer.elapsed() < 3000, QByteArray::number(timer.elapsed()).constData());

        // A client that asks for 64 MiB and never reads: the write timeout ends it, the server goes on serving.
        QTcpSocket stalled;
        stalled.setReadBufferSize(1); // Qt stops reading from the socket once one byte is buffered
        QVERIFY(connectTo(stalled, r->server->port()));
        stalled.write("GET /huge HTTP/1.1\r\nHost: h\r\n\r\n");
        QVERIFY(stalled.waitForBytesWritten(2000));
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("gis_http_timeouts_total 2") != std::string::npos, 10000);
        QCOMPARE(curl({"-w", "%{http_code}", "-o", "/dev/null", r->url("/health")}).out, QByteArray("200"));
    }

    void connectionsBeyondTheLimitGet503()
    {
        ServerOptions o;
        o.maxConnections = 2;
        auto r = start(o);
        QTcpSocket a, b, c;
        for (QTcpSocket* s : {&a, &b}) {
            QVERIFY(connectTo(*s, r->server->port()));
            s->write("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");
            QVERIFY(readResponse(*s).startsWith("HTTP/1.1 200")); // accepted and kept open
        }
        QVERIFY(connectTo(c, r->server->port()));
        const QByteArray refused = readResponse(c);
        QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
        QVERIFY(refused.contains("Retry-After: 1"));
        a.disconnectFromHost();
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("gis_http_connections_open 1") != std::string::npos, 5000);
        QCOMPARE(curl({"-w", "%{http_code}", "-o", "/dev/null", r->url("/health")}).out, QByteArray("200"));
    }

    void gzipIsTheSameBody()
    {
        auto r = start();
        const CurlResult plain = curl({"-D", "-", r->url("/big")});
        QVERIFY(!plain.out.toLower().contains("content-encoding"));
        const QByteArray plainBody = plain.out.mid(plain.out.indexOf("\r\n\r\n") + 4);
        QCOMPARE(plainBody, QByteArray::fromStdString(bigJson()));
        const CurlResult compressed = curl({"--compressed", "-D", "-", r->url("/big")});
        QVERIFY(compressed.out.toLower().contains("content-encoding: gzip"));
        QVERIFY(compressed.out.toLower().contains("vary: accept-encoding"));
        QCOMPARE(compressed.out.mid(compressed.out.indexOf("\r\n\r\n") + 4), plainBody);
        // gzip(1) as the second decoder of the raw bytes.
        QTemporaryDir dir;
        const QString raw = dir.filePath("raw.gz");
        QCOMPARE(curl({"-H", "Accept-Encoding: gzip", "-o", raw, r->url("/big")}).exitCode, 0);
        QVERIFY(QFileInfo(raw).size() < plainBody.size() / 3);
        QProcess gunzip;
        gunzip.start("gzip", {"-dc", raw});
        QVERIFY(gunzip.waitForFinished(10000));
        QCOMPARE(gunzip.readAllStandardOutput(), plainBody);
        // Small bodies and refused gzip stay plain.
        QVERIFY(!curl({"--compressed", "-D", "-", r->url("/health")}).out.toLower().contains("content-encoding"));
        QVERIFY(!curl({"-H", "Accept-Encoding: gzip;q=0", "-D", "-", r->url("/big")}).out.toLower().contains("content-encoding"));
    }

    void headCarriesTheContentLengthOfTheGet()
    {
        // RFC 9110 §9.3.2: HEAD's header is the GET's, Content-Length included; no body follows. curl -I twice on
        // one connection: a body sent after a HEAD header would corrupt the second answer.
        auto r = start();
        const CurlResult head = curl({"-I", "-w", "%{num_connects}\n", r->url("/big"), r->url("/big")});
        QCOMPARE(head.exitCode, 0);
        const QByteArray text = head.out.toLower();
        const QByteArray want = "content-length: " + QByteArray::number(qsizetype(bigJson().size())) + "\r\n";
        QCOMPARE(text.count(want), 2);
        QCOMPARE(text.count("http/1.1 200"), 2);
        QVERIFY2(head.out.endsWith("\n0\n"), head.out.constData()); // the second HEAD reused the connection
        // With gzip accepted: the length of the gzip body the GET sends.
        QTemporaryDir dir;
        const QString raw = dir.filePath("raw.gz");
        QCOMPARE(curl({"-H", "Accept-Encoding: gzip", "-o", raw, r->url("/big")}).exitCode, 0);
        const QByteArray gzHead = curl({"-I", "-H", "Accept-Encoding: gzip", r->url("/big")}).out.toLower();
        QVERIFY(gzHead.contains("content-encoding: gzip"));
        QVERIFY2(gzHead.contains("content-length: " + QByteArray::number(QFileInfo(raw).size()) + "\r\n"), gzHead.constData());
        // An error's HEAD: the JSON error's length.
        const CurlResult missing = curl({"-s", "-o", "/dev/null", "-w", "%{size_download}", r->url("/nowhere")});
        const QByteArray notFound = curl({"-I", r->url("/nowhere")}).out.toLower();
        QVERIFY(notFound.startsWith("http/1.1 404"));
        QVERIFY(notFound.contains("content-length: " + missing.out + "\r\n"));
    }

    void handlerExceptionIs500WithoutTheMessage()
    {
        auto r = start();
        const CurlResult c = curl({"-w", "%{http_code}", r->url("/boom")});
        QVERIFY2(c.out.endsWith("500"), c.out.constData());
        QVERIFY(c.out.contains("\"code\":\"InternalError\""));
        QVERIFY(!c.out.contains("secret"));
        r->server->stop(true);
        bool logged = false;
        for (const std::string& line : r->probe.log)
            logged = logged || (line.find("\"level\":\"error\"") != std::string::npos && line.find("/secret/path.gpkg") != std::string::npos);
        QVERIFY(logged);
    }

    void clientDisconnectCancelsTheHandler()
    {
        auto r = start();
        QTcpSocket socket;
        QVERIFY(connectTo(socket, r->server->port()));
        socket.write("GET /wait-cancel HTTP/1.1\r\nHost: h\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(r->probe.slowStarted.load(), 1, 5000);
        socket.abort();
        QTRY_VERIFY_WITH_TIMEOUT(r->probe.sawCancel.load(), 5000);
    }

    void fullQueueIs503WithRetryAfter()
    {
        ServerOptions o;
        o.workerThreads = 1;
        o.maxQueued = 1;
        auto r = start(o);
        QTcpSocket running, queued, refused;
        QVERIFY(connectTo(running, r->server->port()));
        running.write("GET /blocked HTTP/1.1\r\nHost: h\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(r->probe.slowStarted.load(), 1, 5000);
        QVERIFY(connectTo(queued, r->server->port()));
        queued.write("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");
        QVERIFY(queued.waitForBytesWritten(2000));
        // The queued request is in the queue once the in-flight gauge shows two requests.
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("gis_http_requests_in_flight 2") != std::string::npos, 5000);
        QVERIFY(connectTo(refused, r->server->port()));
        refused.write("GET /health HTTP/1.1\r\nHost: h\r\n\r\n");
        const QByteArray busy = readResponse(refused);
        QVERIFY2(busy.startsWith("HTTP/1.1 503"), busy.constData());
        QVERIFY(busy.contains("Retry-After: 1"));
        r->unblock();
        QVERIFY(readResponse(running).startsWith("HTTP/1.1 200"));
        QVERIFY(readResponse(queued).startsWith("HTTP/1.1 200"));
    }

    void gracefulStopFinishesTheRequestInFlight()
    {
        auto r = start();
        QProcess client;
        client.start("curl", {"-sS", "-w", "\\n%{http_code}", r->url("/blocked")});
        QVERIFY(client.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(r->probe.slowStarted.load(), 1, 10000);
        std::jthread stopper([&] { r->server->stop(true); });
        // stop() has begun once new connections are refused; the handler then finishes while stop() waits for it.
        QTRY_VERIFY_WITH_TIMEOUT(!connectTo(*std::make_unique<QTcpSocket>(), r->server->port()), 5000);
        r->unblock();
        stopper.join();
        QVERIFY(client.waitForFinished(10000));
        QCOMPARE(client.exitCode(), 0);
        QCOMPARE(client.readAllStandardOutput(), QByteArray(200'000, 'x') + "\n200");
        QTcpSocket after;
        after.connectToHost("127.0.0.1", quint16(r->server->port()));
        QVERIFY(!after.waitForConnected(2000));
    }

    void gracefulStopAnswersARequestStillArriving()
    {
        // A client half-way through sending its header when the stop begins has no handler running yet; the
        // stop must still wait for its request and answer it (it once cut it, or answered 503 from a stopped pool).
        auto r = start();
        QTcpSocket sending;
        QVERIFY(connectTo(sending, r->server->port()));
        sending.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QVERIFY(sending.waitForBytesWritten(5000));
        QTcpSocket idle; // an idle keep-alive connection: closed by the stop at once, holding nothing up
        QVERIFY(connectTo(idle, r->server->port()));
        // Both accepted (a connection still in the listen queue when the stop closes it is refused, not drained).
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("gis_http_connections_open 2") != std::string::npos, 5000);
        std::jthread stopper([&] { r->server->stop(true); });
        QTRY_VERIFY_WITH_TIMEOUT(!connectTo(*std::make_unique<QTcpSocket>(), r->server->port()), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 5000);
        sending.write("Accept: */*\r\n\r\n");
        QVERIFY(sending.waitForBytesWritten(5000));
        const QByteArray answer = readResponse(sending);
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        QVERIFY2(answer.toLower().contains("connection: close"), answer.constData());
        QVERIFY(answer.endsWith("{\"status\":\"ok\"}"));
        sending.close(); // the server waits (2 s at most) for the client to close after "Connection: close"
        stopper.join();
    }

    void healthMetricsAndAccessLog()
    {
        auto r = start();
        QCOMPARE(curl({r->url("/health")}).out, QByteArray("{\"status\":\"ok\"}"));
        QCOMPARE(curl({"-w", "%{http_code}", "-o", "/dev/null", r->url("/echo?token=s3cr3t&limit=5")}).out, QByteArray("200"));
        QCOMPARE(curl({"-w", "%{http_code}", "-o", "/dev/null", r->url("/nowhere")}).out, QByteArray("404"));
        // A request is counted once its answer is written, which the client may see a moment before.
        QTRY_VERIFY_WITH_TIMEOUT(r->server->metricsText().find("_bucket{le=\"+Inf\"} 3\n") != std::string::npos, 5000);
        const CurlResult m = curl({"-D", "-", r->url("/metrics")});
        QVERIFY(m.out.contains("Content-Type: text/plain; version=0.0.4"));
        QVERIFY2(m.out.contains("gis_http_requests_total{method=\"GET\",status=\"2xx\"} 2\n"), m.out.constData());
        QVERIFY(m.out.contains("gis_http_requests_total{method=\"GET\",status=\"4xx\"} 1\n"));
        QVERIFY(m.out.contains("gis_http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
        QVERIFY(m.out.contains("gis_http_connections_accepted_total 4\n"));
        r->server->stop(true);
        QCOMPARE(int(r->probe.log.size()), 4);
        const QJsonObject echo = QJsonDocument::fromJson(QByteArray::fromStdString(r->probe.log[1])).object();
        QCOMPARE(echo.value("path").toString(), QString("/echo?token&limit"));
        QVERIFY(r->probe.log[1].find("s3cr3t") == std::string::npos);
        QCOMPARE(echo.value("method").toString(), QString("GET"));
        QCOMPARE(echo.value("status").toInt(), 200);
        QVERIFY(echo.value("bytes").toInt() > 0);
        QVERIFY(echo.value("duration_ms").isDouble());
        QVERIFY(QDateTime::fromString(echo.value("time").toString(), Qt::ISODateWithMs).isValid());
        QVERIFY(echo.value("time").toString().endsWith("Z"));
        QVERIFY(echo.value("remote").toString().startsWith("127.0.0.1:"));
        QVERIFY(!echo.value("request_id").toString().isEmpty());
    }

    void startNamesTheAddressWhenItCannotListen()
    {
        auto r = start();
        Router router;
        ServerOptions o;
        o.port = r->server->port();
        o.log = [](const std::string&) {};
        HttpServer second(router, o);
        try {
            second.start();
            QFAIL("a second server bound the same port");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("cannot listen on 127.0.0.1:" + QString::number(o.port)), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
