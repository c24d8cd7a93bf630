#include "pgservices.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace viewer {

void readServiceNames(const QByteArray& text, const QString& file, PgServices& into)
{
    int skippedLong = 0;
    bool full = false;
    for (const QByteArray& raw : text.split('\n')) {
        if (raw.size() > kMaxServiceLine) {
            ++skippedLong;
            continue;
        }
        const QByteArray line = raw.trimmed();
        if (line.size() < 3 || line.front() != '[' || line.back() != ']')
            continue; // keywords, comments (#), blank lines
        const QString name = QString::fromUtf8(line.mid(1, line.size() - 2)).trimmed();
        if (name.isEmpty() || into.names.contains(name))
            continue;
        if (into.names.size() >= kMaxServices) {
            full = true;
            break;
        }
        into.names << name;
    }
    if (skippedLong > 0)
        into.problems << QObject::tr("%1: %2 lines longer than %3 characters were skipped")
                             .arg(file).arg(skippedLong).arg(kMaxServiceLine);
    if (full)
        into.problems << QObject::tr("%1: only the first %2 services are listed").arg(file).arg(kMaxServices);
}

namespace {

void readFile(const QString& path, PgServices& into)
{
    QFile f(path);
    if (path.isEmpty() || !QFileInfo(path).isFile() || !f.open(QIODevice::ReadOnly))
        return;
    const QByteArray text = f.read(kMaxServiceFileBytes);
    if (!f.atEnd())
        into.problems << QObject::tr("%1: larger than %2 bytes; only its beginning was read").arg(path).arg(kMaxServiceFileBytes);
    readServiceNames(text, path, into);
}

} // namespace

PgServices pgServiceNames()
{
    PgServices services;
    const QString user = qEnvironmentVariable("PGSERVICEFILE");
    readFile(user.isEmpty() ? QDir::homePath() + "/.pg_service.conf" : user, services);
    // libpq's own default when PGSYSCONFDIR is unset is fixed when it is built: Debian's is this folder.
    const QString sysconf = qEnvironmentVariable("PGSYSCONFDIR", "/etc/postgresql-common");
    readFile(sysconf + "/pg_service.conf", services);
    return services;
}

} // namespace viewer
