#include "gis/data/postgis.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "gis/core/error.h"

namespace gis::pg {
namespace {

constexpr const char* kQueryCanceled = "57014";

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

bool isUri(std::string_view text)
{
    return startsWithNoCase(text, "postgresql://") || startsWithNoCase(text, "postgres://");
}

struct ConninfoOptions {
    PQconninfoOption* options = nullptr;
    ~ConninfoOptions() { PQconninfoFree(options); }
};

/// The statement's first words, for an error message (never its parameters, which may be user data).
std::string statementHead(std::string_view sql)
{
    std::string head(sql.substr(0, 80));
    std::replace(head.begin(), head.end(), '\n', ' ');
    return sql.size() > 80 ? head + "..." : head;
}

std::string trimmed(const char* message)
{
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace

bool isPostgresSource(std::string_view source)
{
    return startsWithNoCase(source, "PG:") || isUri(source);
}

std::string connectionString(std::string_view source)
{
    if (startsWithNoCase(source, "PG:"))
        return std::string(source.substr(3));
    return std::string(source);
}

std::map<std::string, std::string> connectionKeywords(std::string_view conninfo)
{
    char* error = nullptr;
    ConninfoOptions parsed;
    parsed.options = PQconninfoParse(std::string(conninfo).c_str(), &error);
    if (!parsed.options) {
        const std::string why = error ? trimmed(error) : "out of memory";
        PQfreemem(error);
        throw Error(ErrorCode::Argument, "\"" + displayName(conninfo) + "\" is not a PostgreSQL connection string: " + why);
    }
    std::map<std::string, std::string> keywords;
    for (const PQconninfoOption* option = parsed.options; option->keyword; ++option) {
        if (option->val)
            keywords[option->keyword] = option->val;
    }
    return keywords;
}

std::string displayName(std::string_view source)
{
    // What libpq parses is shown as it reads it, keyword by keyword, the password's value replaced: no hand
    // parsing of quotes, escapes or URIs can then disagree with libpq about where the password is.
    if (isPostgresSource(source)) {
        char* error = nullptr;
        ConninfoOptions parsed;
        parsed.options = PQconninfoParse(connectionString(source).c_str(), &error);
        PQfreemem(error);
        if (parsed.options) {
            std::string shown = "PG:";
            for (const PQconninfoOption* option = parsed.options; option->keyword; ++option) {
                if (!option->val)
                    continue;
                std::string value = std::strcmp(option->keyword, "password") == 0 ? "***" : option->val;
                const bool quote = value.empty() || value.find_first_of(" \t\n\r\v\f'\\") != std::string::npos;
                if (quote) {
                    std::string quoted = "'";
                    for (const char c : value) {
                        if (c == '\'' || c == '\\')
                            quoted += '\\';
                        quoted += c;
                    }
                    value = quoted + "'";
                }
                shown += (shown.size() > 3 ? " " : "") + std::string(option->keyword) + "=" + value;
            }
            return shown;
        }
    }
    // Text libpq cannot parse (it is never connected to): hide what looks like a password as well as can be done.
    std::string text(source);
    // key=value form: hide each password value (quoted or not).
    for (std::size_t at = text.find("password"); at != std::string::npos; at = text.find("password", at + 1)) {
        auto space = [&](std::size_t k) { return std::isspace(static_cast<unsigned char>(text[k])) != 0; };
        std::size_t i = at + 8;
        while (i < text.size() && space(i))
            ++i;
        if (i >= text.size() || text[i] != '=')
            continue;
        ++i;
        while (i < text.size() && space(i))
            ++i;
        std::size_t end = i;
        if (end < text.size() && text[end] == '\'') {
            for (++end; end < text.size() && text[end] != '\''; ++end) {
                if (text[end] == '\\')
                    ++end;
            }
            end = std::min(end + 1, text.size());
        } else {
            while (end < text.size() && !space(end) && text[end] != '&')
                ++end;
        }
        text.replace(i, end - i, "***");
    }
    // URI form: postgresql://user:secret@host → postgresql://user:***@host
    const std::size_t base = startsWithNoCase(text, "PG:") ? 3 : 0; // "PG:postgresql://..." is a URI to libpq too
    if (isUri(std::string_view(text).substr(base))) {
        const std::size_t scheme = text.find("://", base) + 3;
        const std::size_t at = text.find('@', scheme);
        const std::size_t slash = text.find('/', scheme);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            const std::size_t colon = text.find(':', scheme);
            if (colon != std::string::npos && colon < at)
                text.replace(colon + 1, at - colon - 1, "***");
        }
    }
    return text;
}

std::string projectSourceProblem(std::string_view source)
{
    if (isUri(source))
        return "a project may name a PostgreSQL service (\"PG:service=NAME\"), not a URI";
    if (!isPostgresSource(source))
        return "not a PostgreSQL source (\"PG:service=NAME\")";
    std::map<std::string, std::string> keywords;
    try {
        keywords = connectionKeywords(connectionString(source));
    } catch (const Error& e) {
        return e.what();
    }
    for (const auto& [keyword, value] : keywords) {
        if (keyword != "service")
            return "a project may name a PostgreSQL service (\"PG:service=NAME\") and nothing else, not \"" + keyword +
                "\": hosts, databases, users and passwords belong in the user's pg_service.conf";
    }
    if (keywords.find("service") == keywords.end())
        return "a project may name a PostgreSQL service (\"PG:service=NAME\"); this names none";
    return {};
}

std::string quoteIdentifier(std::string_view name)
{
    if (name.empty())
        throw Error(ErrorCode::Argument, "an SQL identifier cannot be empty");
    if (name.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::Argument, "an SQL identifier cannot hold a NUL character");
    std::string quoted = "\"";
    for (const char c : name) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

// ---- Result -------------------------------------------------------------------------------------------------

struct Result::Impl {
    PGresult* result = nullptr;
    ~Impl() { PQclear(result); }
};

Result::Result() : m_impl(std::make_unique<Impl>()) {}
Result::~Result() = default;
Result::Result(Result&&) noexcept = default;
Result& Result::operator=(Result&&) noexcept = default;

int Result::rows() const { return m_impl->result ? PQntuples(m_impl->result) : 0; }
int Result::columns() const { return m_impl->result ? PQnfields(m_impl->result) : 0; }
std::string Result::columnName(int column) const
{
    const char* name = m_impl->result ? PQfname(m_impl->result, column) : nullptr;
    return name ? name : "";
}
std::uint32_t Result::columnType(int column) const
{
    return m_impl->result ? PQftype(m_impl->result, column) : 0;
}
bool Result::isNull(int row, int column) const
{
    return !m_impl->result || PQgetisnull(m_impl->result, row, column) != 0;
}
std::string_view Result::value(int row, int column) const
{
    if (!m_impl->result || row < 0 || row >= rows() || column < 0 || column >= columns())
        return {};
    return {PQgetvalue(m_impl->result, row, column),
        static_cast<std::size_t>(PQgetlength(m_impl->result, row, column))};
}
std::int64_t Result::affectedRows() const
{
    const char* tuples = m_impl->result ? PQcmdTuples(m_impl->result) : nullptr;
    return tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0;
}

// ---- Connection ---------------------------------------------------------------------------------------------

struct Connection::Impl {
    PGconn* conn = nullptr;
    std::string name;
    std::mutex cancelMutex; // guards `canceller` against close while another thread cancels
    PGcancel* canceller = nullptr;

    ~Impl()
    {
        {
            std::lock_guard lock(cancelMutex);
            PQfreeCancel(canceller);
            canceller = nullptr;
        }
        PQfinish(conn);
    }

    [[noreturn]] void fail(const PGresult* result, std::string_view sql) const
    {
        const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
        const std::string message = trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
        if (state && std::strcmp(state, kQueryCanceled) == 0)
            throw Error(ErrorCode::Cancelled, name + ": the statement was cancelled (" + statementHead(sql) + ")");
        if (PQstatus(conn) != CONNECTION_OK)
            throw Error(ErrorCode::Io, name + ": the connection to the server was lost: " + message);
        throw Error(ErrorCode::Query, name + ": " + message + (state ? std::string(" [SQLSTATE ") + state + "]" : "") +
            " in: " + statementHead(sql));
    }

    void check() const
    {
        if (!conn)
            throw Error(ErrorCode::Argument, "a PostgreSQL connection that is not open was used");
    }
};

Connection::Connection() : m_impl(std::make_unique<Impl>()) {}
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Connection Connection::open(std::string_view source)
{
    Connection connection;
    Impl& impl = *connection.m_impl;
    impl.name = displayName(source);
    const std::string conninfo = connectionString(source);
    connectionKeywords(conninfo); // a clear error for text libpq cannot parse, before any connection attempt
    impl.conn = PQconnectdb(conninfo.c_str());
    if (!impl.conn)
        throw Error(ErrorCode::Io, impl.name + ": out of memory connecting to PostgreSQL");
    if (PQstatus(impl.conn) != CONNECTION_OK)
        throw Error(ErrorCode::Io, "cannot connect to PostgreSQL \"" + impl.name + "\": " + trimmed(PQerrorMessage(impl.conn)));
    if (PQsetClientEncoding(impl.conn, "UTF8") != 0)
        throw Error(ErrorCode::Io, impl.name + ": the server cannot send UTF-8");
    impl.canceller = PQgetCancel(impl.conn);
    connection.command("SET DateStyle = ISO");
    connection.command("SET TimeZone = 'UTC'"); // timestamps without a zone are read, and written, as UTC
    return connection;
}

bool Connection::isOpen() const { return m_impl->conn && PQstatus(m_impl->conn) == CONNECTION_OK; }
const std::string& Connection::name() const { return m_impl->name; }
int Connection::serverVersion() const { return m_impl->conn ? PQserverVersion(m_impl->conn) : 0; }

Result Connection::exec(std::string_view sql, const std::vector<Param>& params, bool binary)
{
    m_impl->check();
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i)
        values[i] = params[i] ? params[i]->c_str() : nullptr;
    Result result;
    result.m_impl->result = PQexecParams(m_impl->conn, std::string(sql).c_str(), static_cast<int>(params.size()),
        nullptr, values.data(), nullptr, nullptr, binary ? 1 : 0);
    const ExecStatusType status = result.m_impl->result ? PQresultStatus(result.m_impl->result) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        m_impl->fail(result.m_impl->result, sql);
    return result;
}

std::int64_t Connection::command(std::string_view sql, const std::vector<Param>& params)
{
    return exec(sql, params).affectedRows();
}

namespace {

/// Waits until the connection's socket is readable or `timeoutMs` passed; false on timeout.
bool waitReadable(PGconn* conn, int timeoutMs)
{
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (fd.fd < 0)
        return true; // broken: the next libpq call reports it
    return ::poll(&fd, 1, timeoutMs) != 0;
}

/// Reads every remaining result of the current command; the first failing one is returned (the rest cleared).
PGresult* drainResults(PGconn* conn)
{
    PGresult* failed = nullptr;
    while (PGresult* result = PQgetResult(conn)) {
        const ExecStatusType status = PQresultStatus(result);
        if (!failed && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_OUT &&
            status != PGRES_COPY_IN) {
            failed = result;
        } else {
            PQclear(result);
        }
    }
    return failed;
}

} // namespace

void Connection::copyOut(std::string_view copySql, const std::function<void(std::string_view chunk)>& onData,
    const CancellationToken& cancel)
{
    m_impl->check();
    PGconn* conn = m_impl->conn;
    const std::string sql(copySql);
    if (!PQsendQuery(conn, sql.c_str()))
        m_impl->fail(nullptr, sql);
    // Wait for the COPY to start (or the statement to fail) without blocking past a cancel.
    for (;;) {
        if (cancel.isCancelled())
            this->cancel();
        if (!PQconsumeInput(conn))
            m_impl->fail(nullptr, sql);
        if (!PQisBusy(conn))
            break;
        waitReadable(conn, 50);
    }
    PGresult* first = PQgetResult(conn);
    if (!first || PQresultStatus(first) != PGRES_COPY_OUT) {
        PGresult* failed = first;
        if (PGresult* more = drainResults(conn))
            PQclear(more);
        Result owner;
        owner.m_impl->result = failed;
        if (failed && PQresultStatus(failed) == PGRES_TUPLES_OK)
            throw Error(ErrorCode::Argument, m_impl->name + ": copyOut needs a COPY ... TO STDOUT statement: " + statementHead(sql));
        m_impl->fail(failed, sql);
    }
    PQclear(first);
    bool cancelSent = false;
    std::exception_ptr thrown;
    for (;;) {
        char* buffer = nullptr;
        const int length = PQgetCopyData(conn, &buffer, 1);
        if (length > 0) {
            if (!thrown && !cancelSent) {
                try {
                    onData(std::string_view(buffer, static_cast<std::size_t>(length)));
                } catch (...) {
                    thrown = std::current_exception();
                }
            }
            PQfreemem(buffer);
            if ((thrown || cancel.isCancelled()) && !cancelSent) {
                this->cancel();
                cancelSent = true;
            }
            continue;
        }
        if (length == 0) { // nothing buffered yet
            if (cancel.isCancelled() && !cancelSent) {
                this->cancel();
                cancelSent = true;
            }
            waitReadable(conn, 50);
            if (!PQconsumeInput(conn))
                m_impl->fail(nullptr, sql);
            continue;
        }
        break; // -1: done, -2: error (reported by the result)
    }
    PGresult* failed = drainResults(conn);
    Result owner;
    owner.m_impl->result = failed;
    if (thrown)
        std::rethrow_exception(thrown);
    if (cancelSent)
        throw Error(ErrorCode::Cancelled, m_impl->name + ": reading was cancelled");
    if (failed)
        m_impl->fail(failed, sql);
}

void Connection::copyIn(std::string_view copySql, const std::function<bool(std::string& buffer)>& produce)
{
    m_impl->check();
    PGconn* conn = m_impl->conn;
    const std::string sql(copySql);
    Result start;
    start.m_impl->result = PQexec(conn, sql.c_str());
    if (!start.m_impl->result || PQresultStatus(start.m_impl->result) != PGRES_COPY_IN) {
        if (start.m_impl->result && PQresultStatus(start.m_impl->result) != PGRES_FATAL_ERROR)
            throw Error(ErrorCode::Argument, m_impl->name + ": copyIn needs a COPY ... FROM STDIN statement: " + statementHead(sql));
        m_impl->fail(start.m_impl->result, sql);
    }
    std::string buffer;
    std::exception_ptr thrown;
    try {
        for (bool more = true; more;) {
            buffer.clear();
            more = produce(buffer);
            if (!buffer.empty() && PQputCopyData(conn, buffer.data(), static_cast<int>(buffer.size())) != 1)
                m_impl->fail(nullptr, sql);
        }
    } catch (...) {
        thrown = std::current_exception();
    }
    if (PQputCopyEnd(conn, thrown ? "the client stopped the copy" : nullptr) != 1 && !thrown)
        m_impl->fail(nullptr, sql);
    PGresult* failed = drainResults(conn);
    Result owner;
    owner.m_impl->result = failed;
    if (thrown)
        std::rethrow_exception(thrown);
    if (failed)
        m_impl->fail(failed, sql);
}

void Connection::cancel()
{
    std::lock_guard lock(m_impl->cancelMutex);
    if (!m_impl->canceller)
        return;
    char error[256];
    PQcancel(m_impl->canceller, error, sizeof error); // a failure here only means nothing was stopped
}

std::vector<Notification> Connection::notifications(int timeoutMs)
{
    m_impl->check();
    PGconn* conn = m_impl->conn;
    std::vector<Notification> received;
    auto collect = [&] {
        if (!PQconsumeInput(conn))
            throw Error(ErrorCode::Io, m_impl->name + ": the connection to the server was lost: " + trimmed(PQerrorMessage(conn)));
        while (PGnotify* notify = PQnotifies(conn)) {
            received.push_back({notify->relname ? notify->relname : "", notify->extra ? notify->extra : "", notify->be_pid});
            PQfreemem(notify);
        }
    };
    collect();
    if (received.empty() && timeoutMs != 0) {
        waitReadable(conn, timeoutMs);
        collect();
    }
    return received;
}

int Connection::socket() const { return m_impl->conn ? PQsocket(m_impl->conn) : -1; }

// ---- Transaction --------------------------------------------------------------------------------------------

Transaction::Transaction(Connection& connection, std::string_view begin) : m_connection(connection)
{
    m_connection.command(begin);
}

Transaction::~Transaction()
{
    if (m_done || !m_connection.isOpen())
        return;
    try {
        m_connection.command("ROLLBACK");
    } catch (...) {
        // The connection is gone or broken: the server rolls the transaction back itself.
    }
}

void Transaction::commit()
{
    m_connection.command("COMMIT");
    m_done = true;
}

} // namespace gis::pg
