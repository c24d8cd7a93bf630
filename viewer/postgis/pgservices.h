#pragma once

#include <QString>
#include <QStringList>

namespace viewer {

/// The PostgreSQL services the user has configured, for the Add PostGIS layer dialog: the [names] of the user's
/// service file (PGSERVICEFILE, else ~/.pg_service.conf) then those of the system's (PGSYSCONFDIR/pg_service.conf),
/// as libpq looks them up; a name in both is listed once. Only the section names are read, never the keywords (a
/// password may be there). Bounded: at most kMaxServiceFileBytes of each file, lines up to kMaxServiceLine
/// characters (longer ones skipped), kMaxServices names; what was left out is said in `problems`.
struct PgServices {
    QStringList names;
    QStringList problems; ///< one sentence each, naming the file
};

inline constexpr qint64 kMaxServiceFileBytes = 1024 * 1024;
inline constexpr int kMaxServiceLine = 4096;
inline constexpr int kMaxServices = 1000;

/// Reads the files named above; a missing file is not a problem.
PgServices pgServiceNames();
/// The section names of one service file's text (`file` names it in problems), appended to `into`.
void readServiceNames(const QByteArray& text, const QString& file, PgServices& into);

} // namespace viewer
