#pragma once

// PostgreSQL/PostGIS connections through libpq (docs/postgis.md): naming a database, running statements with bound
// parameters, streaming COPY output, cancelling from another thread, LISTEN/NOTIFY. libpq stays behind this header.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis::pg {

/// True when `source` names a PostgreSQL database rather than a file: it starts with "PG:" (GDAL's prefix, any
/// case) or is a "postgresql://" / "postgres://" URI.
bool isPostgresSource(std::string_view source);

/// The libpq connection string of a source: what follows "PG:", or the URI itself.
std::string connectionString(std::string_view source);

/// The keyword/value pairs libpq reads from a connection string or URI (PQconninfoParse), only those given.
/// Throws Error(Argument) with libpq's reason when it is not a connection string libpq accepts.
std::map<std::string, std::string> connectionKeywords(std::string_view conninfo);

/// The source as it may be shown in a message or a log: the password keyword's value replaced by "***". Never
/// throws (text libpq cannot parse comes back with every "password=" value hidden as well as can be done).
std::string displayName(std::string_view source);

/// Checks a source named by a project file: it may name a PostgreSQL *service* (pg_service.conf) and nothing else —
/// no host, port, database, user or password — so a project someone sends cannot make the program connect to a
/// server the user never configured, nor carry a password. Returns an empty string when allowed, else why not
/// (naming the keyword).
std::string projectSourceProblem(std::string_view source);

/// Double-quotes an SQL identifier ("a""b" for a"b). Throws Error(Argument) for an empty name or one holding NUL.
std::string quoteIdentifier(std::string_view name);

/// A parameter in PostgreSQL text form; nullopt is NULL.
using Param = std::optional<std::string>;

/// The rows one statement returned. Values are views into the result, valid while it lives.
class Result {
public:
    Result();
    ~Result();
    Result(Result&&) noexcept;
    Result& operator=(Result&&) noexcept;

    int rows() const;
    int columns() const;
    std::string columnName(int column) const;
    /// The PostgreSQL type OID of a column (e.g. 20 int8, 25 text, 701 float8; the geometry type's OID is the
    /// database's own).
    std::uint32_t columnType(int column) const;
    bool isNull(int row, int column) const;
    /// The value's bytes: text for a text-format result, network-order binary for a binary one.
    std::string_view value(int row, int column) const;
    /// Rows a command affected ("UPDATE 3" → 3), 0 when it says none.
    std::int64_t affectedRows() const;

private:
    friend class Connection;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A notification received after LISTEN.
struct Notification {
    std::string channel;
    std::string payload;
    int senderPid = 0;
};

/// One open connection. Not thread-safe, except cancel(), which any thread may call while another runs a statement.
///
/// Errors are gis::Error naming the source (password hidden): Io when the server cannot be reached or the
/// connection breaks, Query for a statement the server refuses (with its message, SQLSTATE and the statement's
/// first words), Cancelled when cancel() or the feedback's token stopped it. A statement the server refused
/// inside a transaction leaves that transaction aborted, as PostgreSQL does.
class Connection {
public:
    /// Connects to `source` ("PG:service=team", "PG:dbname=x host=/tmp", "postgresql://…"). Passwords come from
    /// the connection string, PGPASSWORD, the service file or ~/.pgpass, as libpq reads them. The session runs
    /// with client_encoding UTF8, DateStyle ISO and TimeZone UTC.
    static Connection open(std::string_view source);

    Connection();
    ~Connection();
    Connection(Connection&&) noexcept;
    Connection& operator=(Connection&&) noexcept;

    bool isOpen() const;
    /// The source as given to open(), password hidden (for messages).
    const std::string& name() const;
    /// The server's version as a number (150018 for 15.18).
    int serverVersion() const;

    /// Runs one statement with `params` bound to $1…$n (text form; the server infers their types, so cast them
    /// in the SQL where it cannot: `$1::bigint`). `binary` asks for binary result values.
    Result exec(std::string_view sql, const std::vector<Param>& params = {}, bool binary = false);
    /// exec() for a statement whose rows are not needed; returns the rows it affected.
    std::int64_t command(std::string_view sql, const std::vector<Param>& params = {});

    /// Runs `COPY (…) TO STDOUT …` and hands each chunk libpq returns (one row per chunk) to `onData`. Checks
    /// `cancel` between chunks and cancels the server's work when it is set (Error(Cancelled)).
    void copyOut(std::string_view copySql, const std::function<void(std::string_view chunk)>& onData,
        const CancellationToken& cancel = {});
    /// Runs `COPY … FROM STDIN …` and sends what `produce` appends to its buffer, until it returns false. A throw
    /// from produce aborts the COPY (the server discards it) and is rethrown.
    void copyIn(std::string_view copySql, const std::function<bool(std::string& buffer)>& produce);

    /// Asks the server to stop the statement running on this connection now (PQcancel). Safe from any thread; does
    /// nothing when nothing runs. The running call then throws Error(Cancelled).
    void cancel();

    /// Notifications that arrived, waiting up to `timeoutMs` for the first (0: only those already here, -1: until
    /// one arrives). Call after `LISTEN channel` (through command()).
    std::vector<Notification> notifications(int timeoutMs = 0);

    /// The connection's socket (to wait for notifications in an event loop), -1 when closed.
    int socket() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A transaction on a connection: BEGIN on construction, commit() to keep, ROLLBACK in the destructor otherwise.
class Transaction {
public:
    explicit Transaction(Connection& connection, std::string_view begin = "BEGIN");
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Connection& m_connection;
    bool m_done = false;
};

} // namespace gis::pg

GIS_API_END
