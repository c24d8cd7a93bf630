// gis::pg::Connection against a throwaway PostgreSQL server (tests/support/postgissupport.h); psql is the oracle
// for what reached the database.

#include <QtTest>

#include <atomic>
#include <thread>

#include "gis/core/error.h"
#include "gis/data/postgis.h"

#include "support/postgissupport.h"

using gis::Error;
using gis::ErrorCode;
namespace pg = gis::pg;

class TestPgConnection : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    std::string source() const { return "PG:" + m_db.connInfo().toStdString(); }

    template <typename F>
    static ErrorCode codeOf(F&& f)
    {
        try {
            f();
        } catch (const Error& e) {
            return e.code();
        }
        return static_cast<ErrorCode>(-1);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        QVERIFY2(m_db.exec("CREATE TABLE t (id bigint PRIMARY KEY, name text)"), m_db.why());
    }

    void namesAndKeywords()
    {
        QVERIFY(pg::isPostgresSource("PG:service=team"));
        QVERIFY(pg::isPostgresSource("pg:dbname=x"));
        QVERIFY(pg::isPostgresSource("postgresql://u@h/db"));
        QVERIFY(!pg::isPostgresSource("data/dakhiliyah.gpkg"));
        QVERIFY(!pg::isPostgresSource("/vsizip/a.zip"));
        QCOMPARE(pg::connectionString("PG:service=team"), std::string("service=team"));
        const auto keywords = pg::connectionKeywords("host=/tmp dbname='my db' user=u");
        QCOMPARE(keywords.at("dbname"), std::string("my db"));
        QCOMPARE(keywords.at("host"), std::string("/tmp"));
        QCOMPARE(codeOf([] { pg::connectionKeywords("host=/tmp nonsense"); }), ErrorCode::Argument);
        QCOMPARE(codeOf([] { pg::connectionKeywords("colour=blue"); }), ErrorCode::Argument);
    }

    void passwordsNeverShown()
    {
        for (const char* text : {"PG:dbname=x password=s3cret host=h", "PG:password = 's3 cret' dbname=x",
                 "postgresql://user:s3cret@host/db", "PG:dbname=x password=s3cret"}) {
            const std::string shown = pg::displayName(text);
            QVERIFY2(shown.find("s3cret") == std::string::npos && shown.find("s3 cret") == std::string::npos, shown.c_str());
            QVERIFY2(shown.find("***") != std::string::npos, shown.c_str());
        }
        // A failed connection's message names the source without its password.
        try {
            pg::Connection::open("PG:host=/nonexistent-folder dbname=x password=s3cret");
            QFAIL("connected to a folder that does not exist");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
            const std::string message = e.what();
            QVERIFY2(message.find("s3cret") == std::string::npos, message.c_str());
            QVERIFY2(message.find("/nonexistent-folder") != std::string::npos, message.c_str());
        }
    }

    void projectsNameOnlyServices()
    {
        QVERIFY(pg::projectSourceProblem("PG:service=dakhiliyah").empty());
        for (const char* text : {"PG:service=x host=evil.example", "PG:dbname=x", "PG:service=x password=p",
                 "postgresql://evil.example/db", "PG:", "PG:service=x hostaddr=10.0.0.1", "PG:not a conninfo"}) {
            QVERIFY2(!pg::projectSourceProblem(text).empty(), text);
        }
        QVERIFY(pg::projectSourceProblem("PG:service=x host=evil.example").find("host") != std::string::npos);
    }

    void unknownServiceIsAClearError()
    {
        try {
            pg::Connection::open("PG:service=no_such_service_here");
            QFAIL("opened a service that is not defined");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
            QVERIFY2(std::string(e.what()).find("no_such_service_here") != std::string::npos, e.what());
        }
    }

    void quoting()
    {
        QCOMPARE(pg::quoteIdentifier("name_ar"), std::string("\"name_ar\""));
        QCOMPARE(pg::quoteIdentifier("a\"b"), std::string("\"a\"\"b\""));
        QCOMPARE(codeOf([] { pg::quoteIdentifier(""); }), ErrorCode::Argument);
        QCOMPARE(codeOf([] { pg::quoteIdentifier(std::string_view("a\0b", 3)); }), ErrorCode::Argument);
        // A quoted hostile name is one identifier to the server.
        auto c = pg::Connection::open(source());
        const std::string hostile = "x\"; DROP TABLE t; --";
        c.command("CREATE TABLE " + pg::quoteIdentifier(hostile) + " (v int)");
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_tables WHERE tablename = 'x\"; DROP TABLE t; --'"), QString("1"));
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_tables WHERE tablename = 't'"), QString("1"));
        c.command("DROP TABLE " + pg::quoteIdentifier(hostile));
    }

    void parametersAreData()
    {
        auto c = pg::Connection::open(source());
        QVERIFY(c.serverVersion() >= 150000);
        const std::string hostile = "'; DROP TABLE t; --";
        QCOMPARE(c.command("INSERT INTO t VALUES ($1::bigint, $2), ($3::bigint, $4)",
                     {"1", hostile, "2", std::nullopt}),
            std::int64_t(2));
        QCOMPARE(m_db.value("SELECT name FROM t WHERE id = 1"), QString::fromStdString(hostile));
        QCOMPARE(m_db.value("SELECT name IS NULL FROM t WHERE id = 2"), QString("t"));
        QCOMPARE(m_db.value("SELECT count(*) FROM t"), QString("2"));

        const pg::Result text = c.exec("SELECT id, name FROM t ORDER BY id");
        QCOMPARE(text.rows(), 2);
        QCOMPARE(text.columns(), 2);
        QCOMPARE(text.columnName(1), std::string("name"));
        QCOMPARE(text.columnType(0), std::uint32_t(20)); // int8
        QCOMPARE(std::string(text.value(0, 0)), std::string("1"));
        QVERIFY(text.isNull(1, 1));

        // Binary results: int8 in network order.
        const pg::Result binary = c.exec("SELECT id FROM t WHERE name = $1", {hostile}, true);
        QCOMPARE(binary.rows(), 1);
        const std::string_view bytes = binary.value(0, 0);
        QCOMPARE(bytes.size(), std::size_t(8));
        QCOMPARE(int(static_cast<unsigned char>(bytes[7])), 1);
        c.command("DELETE FROM t");
    }

    void refusedStatementNamesItButNotItsValues()
    {
        auto c = pg::Connection::open(source());
        try {
            c.exec("SELECT * FROM missing_table WHERE name = $1", {"secret value"});
            QFAIL("a missing table was read");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Query);
            const std::string message = e.what();
            QVERIFY2(message.find("missing_table") != std::string::npos, message.c_str());
            QVERIFY2(message.find("42P01") != std::string::npos, message.c_str());
            QVERIFY2(message.find("secret value") == std::string::npos, message.c_str());
        }
        QCOMPARE(std::string(c.exec("SELECT 1").value(0, 0)), std::string("1")); // still usable
    }

    void transactionsRollBackUnlessCommitted()
    {
        auto c = pg::Connection::open(source());
        {
            pg::Transaction tx(c);
            c.command("INSERT INTO t VALUES (10, 'kept only if committed')");
        }
        QCOMPARE(m_db.value("SELECT count(*) FROM t WHERE id = 10"), QString("0"));
        {
            pg::Transaction tx(c);
            c.command("INSERT INTO t VALUES (11, 'committed')");
            tx.commit();
        }
        QCOMPARE(m_db.value("SELECT count(*) FROM t WHERE id = 11"), QString("1"));
        c.command("DELETE FROM t");
    }

    void copyOutStreamsEveryRow()
    {
        auto c = pg::Connection::open(source());
        std::int64_t rows = 0;
        std::int64_t sum = 0;
        c.copyOut("COPY (SELECT generate_series(1, 100000)) TO STDOUT", [&](std::string_view chunk) {
            ++rows;
            sum += std::stoll(std::string(chunk));
        });
        QCOMPARE(rows, std::int64_t(100000));
        QCOMPARE(sum, std::int64_t(100000) * 100001 / 2);
        QCOMPARE(codeOf([&] { c.copyOut("SELECT 1", [](std::string_view) {}); }), ErrorCode::Argument);
        QCOMPARE(codeOf([&] { c.copyOut("COPY (SELECT * FROM nothing_here) TO STDOUT", [](std::string_view) {}); }),
            ErrorCode::Query);
    }

    void copyOutCancelsOnTheToken()
    {
        auto c = pg::Connection::open(source());
        gis::CancellationToken cancel;
        std::int64_t rows = 0;
        const ErrorCode code = codeOf([&] {
            c.copyOut("COPY (SELECT generate_series(1, 50000000)) TO STDOUT", [&](std::string_view) {
                if (++rows == 1000)
                    cancel.cancel();
            }, cancel);
        });
        QCOMPARE(code, ErrorCode::Cancelled);
        QVERIFY(rows < 50000000);
        QCOMPARE(std::string(c.exec("SELECT 2").value(0, 0)), std::string("2")); // still usable
    }

    void copyInWritesOrNothing()
    {
        auto c = pg::Connection::open(source());
        int next = 0;
        c.copyIn("COPY t (id, name) FROM STDIN", [&](std::string& buffer) {
            for (int i = 0; i < 1000 && next < 5000; ++i, ++next)
                buffer += std::to_string(next) + "\tname " + std::to_string(next) + "\n";
            return next < 5000;
        });
        QCOMPARE(m_db.value("SELECT count(*) FROM t"), QString("5000"));
        next = 100000;
        const ErrorCode code = codeOf([&] {
            c.copyIn("COPY t (id, name) FROM STDIN", [&](std::string& buffer) {
                buffer += std::to_string(next++) + "\tx\n";
                if (next > 100010)
                    throw Error(ErrorCode::Format, "the producer failed");
                return true;
            });
        });
        QCOMPARE(code, ErrorCode::Format);
        QCOMPARE(m_db.value("SELECT count(*) FROM t"), QString("5000"));
        c.command("DELETE FROM t");
    }

    void cancelFromAnotherThread()
    {
        auto c = pg::Connection::open(source());
        auto watcher = pg::Connection::open(source());
        std::atomic<int> code{-1};
        std::thread worker([&] {
            try {
                c.exec("SELECT pg_sleep(600)");
                code = 0;
            } catch (const Error& e) {
                code = static_cast<int>(e.code());
            }
        });
        // Wait until the server runs the statement (a condition, not a delay), then cancel it.
        bool running = false;
        for (int i = 0; i < 100000 && !running; ++i) {
            running = watcher.exec("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE "
                                   "'SELECT pg_sleep(600)%'").value(0, 0) == "1";
        }
        QVERIFY(running);
        c.cancel();
        worker.join();
        QCOMPARE(code.load(), static_cast<int>(ErrorCode::Cancelled));
        QCOMPARE(std::string(c.exec("SELECT 3").value(0, 0)), std::string("3"));
        c.cancel(); // nothing runs: harmless
    }

    void notificationsArrive()
    {
        auto listener = pg::Connection::open(source());
        auto sender = pg::Connection::open(source());
        listener.command("LISTEN layer_changed");
        QVERIFY(listener.notifications(0).empty());
        sender.exec("SELECT pg_notify('layer_changed', $1)", {"wilayat:42"});
        std::vector<pg::Notification> got;
        for (int i = 0; i < 100 && got.empty(); ++i)
            got = listener.notifications(10000);
        QCOMPARE(got.size(), std::size_t(1));
        QCOMPARE(got[0].channel, std::string("layer_changed"));
        QCOMPARE(got[0].payload, std::string("wilayat:42"));
        QVERIFY(got[0].senderPid != 0);
        QVERIFY(listener.socket() >= 0);
    }

    void closedConnectionIsAnError()
    {
        pg::Connection none;
        QVERIFY(!none.isOpen());
        QCOMPARE(codeOf([&] { none.exec("SELECT 1"); }), ErrorCode::Argument);
    }
};

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
