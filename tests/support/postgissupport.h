#pragma once

// A throwaway PostgreSQL + PostGIS server for oracle tests: `PostgisServer db; QVERIFY2(db.start(), db.why())`, then
// db.query("SELECT ST_Area(...)"). The cluster lives in a temporary folder, listens on a Unix socket in that folder
// only (no TCP port, nothing shared with another server or test), runs without durability, and is stopped and
// deleted with the object. As root (CI) the server runs as the `postgres` user: initdb and postgres refuse root.
//
// Needs PostgreSQL 15 and PostGIS 3 (packaging/debian/packages.txt) and, for loadLayer, ogr2ogr.

#include <QByteArray>
#include <QDir>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace gis::test {

class PostgisServer {
public:
    PostgisServer() = default;
    PostgisServer(const PostgisServer&) = delete;
    PostgisServer& operator=(const PostgisServer&) = delete;
    ~PostgisServer() { stop(); }

    /// Makes the cluster, starts it and creates database "oracle" with the postgis extension. False (with why())
    /// when any step fails; the test should then fail, not skip: CI installs PostgreSQL.
    bool start()
    {
        if (!m_dir.isValid())
            return fail("no temporary folder");
        m_data = m_dir.path() + "/data";
        if (::getuid() == 0) {
            const passwd* pg = ::getpwnam("postgres");
            if (!pg)
                return fail("running as root and there is no postgres user to run the server as");
            if (::chown(QFile::encodeName(m_dir.path()).constData(), pg->pw_uid, pg->pw_gid) != 0)
                return fail("cannot give the temporary folder to the postgres user");
            m_asPostgres = true;
        }
        if (!run(bin("initdb"), {"-D", m_data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8",
                "--locale=C"}, true))
            return false;
        // The socket goes in the temporary folder (not the data folder: a Unix socket path has a length limit).
        if (!run(bin("pg_ctl"), {"-D", m_data, "-l", m_dir.path() + "/log", "-w", "-o",
                "-k " + m_dir.path() + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                " -c full_page_writes=off", "start"}, true))
            return false;
        m_running = true;
        if (!psql("postgres", "CREATE DATABASE oracle") || !psql("oracle", "CREATE EXTENSION postgis"))
            return false;
        return true;
    }

    /// The libpq connection string of database "oracle" (also what GDAL's "PG:" takes).
    QString connInfo() const { return "host=" + m_dir.path() + " user=postgres dbname=oracle"; }

    /// The rows `sql` returns, each row's columns joined with '|' (psql -At). Sets why() and returns {} with
    /// ok() false on an error.
    QStringList query(const QString& sql)
    {
        QProcess p;
        p.start("psql", {connInfo(), "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-c", sql});
        p.waitForFinished(-1);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            fail("psql: " + QString::fromUtf8(p.readAllStandardError()).trimmed() + " (" + sql.left(200) + ")");
            return {};
        }
        m_ok = true;
        QStringList rows = QString::fromUtf8(p.readAllStandardOutput()).split('\n');
        while (!rows.isEmpty() && rows.last().isEmpty())
            rows.removeLast();
        return rows;
    }
    /// The first column of the first row of `sql`, or an empty string (check ok()).
    QString value(const QString& sql)
    {
        const QStringList rows = query(sql);
        return rows.isEmpty() ? QString() : rows.first().section('|', 0, 0);
    }
    /// Runs statements that return nothing; false (with why()) on an error.
    bool exec(const QString& sql) { return psql("oracle", sql); }

    /// Copies `layer` of `path` into table `table` (geometry column "geom", the layer's fields) with ogr2ogr.
    bool loadLayer(const QString& path, const QString& layer, const QString& table)
    {
        QStringList args{"-f", "PostgreSQL", "PG:" + connInfo(), path};
        if (!layer.isEmpty())
            args << layer;
        args << "-nln" << table << "-lco" << "GEOMETRY_NAME=geom" << "-lco" << "FID=fid" << "-overwrite";
        return run("ogr2ogr", args, false);
    }

    bool ok() const { return m_ok; }
    /// Why the last step failed.
    const char* why() const { return m_why.constData(); }

    void stop()
    {
        if (m_running)
            run(bin("pg_ctl"), {"-D", m_data, "-m", "immediate", "stop"}, true);
        m_running = false;
    }

private:
    static QString bin(const QString& tool) { return "/usr/lib/postgresql/15/bin/" + tool; }

    bool fail(const QString& why)
    {
        m_why = why.toUtf8();
        m_ok = false;
        return false;
    }

    bool run(const QString& program, const QStringList& args, bool asServerUser)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        if (asServerUser && m_asPostgres)
            p.start("runuser", QStringList{"-u", "postgres", "--", program} + args);
        else
            p.start(program, args);
        if (!p.waitForStarted(-1))
            return fail(program + " did not start (is PostgreSQL 15 / GDAL installed?)");
        p.waitForFinished(-1);
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return fail(program + " failed: " + QString::fromUtf8(p.readAll()).trimmed().right(600));
        m_ok = true;
        return true;
    }

    bool psql(const QString& database, const QString& sql)
    {
        return run("psql", {"host=" + m_dir.path() + " user=postgres dbname=" + database, "-X", "-q", "-v",
            "ON_ERROR_STOP=1", "-c", sql}, false);
    }

    QTemporaryDir m_dir{QDir::tempPath() + "/gis-postgis-XXXXXX"};
    QString m_data;
    bool m_asPostgres = false;
    bool m_running = false;
    bool m_ok = false;
    QByteArray m_why;
};

} // namespace gis::test
