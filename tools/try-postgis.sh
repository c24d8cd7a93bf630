#!/usr/bin/env bash
# One command to try Interior Explorer on PostGIS (make try-postgis): a private PostgreSQL cluster under
# build/try-postgis (Unix socket in that folder, no TCP, no system service), a database with PostGIS, a
# pg_service.conf naming it "dakhiliyah-demo", and the sample project promoted into it (gis promote).
# `tools/try-postgis.sh stop` (make stop-postgis) stops the server; `rm -rf build/try-postgis` then removes it all.
# As root (CI, containers) the server runs as the postgres user, because initdb and postgres refuse root.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${TRY_POSTGIS_DIR:-$ROOT/build/try-postgis}"
GIS="${GIS:-$ROOT/build/bin/gis}"
SERVICE=dakhiliyah-demo
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

as_server() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = stop ]; then
    if [ -f "$DIR/data/postmaster.pid" ]; then
        as_server "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop
    else
        echo "try-postgis: no server running in $DIR"
    fi
    exit 0
fi

[ -x "$PGBIN/initdb" ] || { echo "try-postgis: PostgreSQL's initdb not found (install postgresql-15-postgis-3: make deps)" >&2; exit 1; }
[ -x "$GIS" ] || { echo "try-postgis: $GIS not built (make build)" >&2; exit 1; }

# The server's socket is $DIR/.s.PGSQL.5432, and a Unix socket path holds at most 107 bytes.
if [ "${#DIR}" -gt 90 ]; then
    echo "try-postgis: $DIR is too long a path for the server's Unix socket; set TRY_POSTGIS_DIR to a shorter folder" >&2
    exit 1
fi
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
    as_server "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/initdb.log"
fi
if ! as_server "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    as_server "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-k $DIR -c listen_addresses=''" start >/dev/null
fi

cat >"$DIR/pg_service.conf" <<CONF
[$SERVICE]
host=$DIR
user=postgres
dbname=dakhiliyah
CONF
export PGSERVICEFILE="$DIR/pg_service.conf"

if [ "$(psql "service=$SERVICE" -XAtc 'SELECT 1' 2>/dev/null || true)" != 1 ]; then
    psql "host=$DIR user=postgres dbname=postgres" -Xqc 'CREATE DATABASE dakhiliyah'
fi
PGOPTIONS='-c client_min_messages=warning' psql "service=$SERVICE" -Xqc 'CREATE EXTENSION IF NOT EXISTS postgis'

# The new project goes in build/try-postgis (its paths to styles and the DEM rebased), so nothing is written in data/.



NEW="$DIR/dakhiliyah.postgis.json"
if [ "$(psql "service=$SERVICE" -XAtc "SELECT to_regclass('public.inspections') IS NOT NULL")" = t ]; then
    echo "try-postgis: the database already holds the sample (promoted before): $NEW"
else
    "$GIS" promote "$ROOT/data/dakhiliyah.json" --to "$SERVICE" -o "$NEW"
fi

cat <<MSG

PostGIS is running in $DIR (Unix socket only). Try:
  PGSERVICEFILE=$DIR/pg_service.conf $GIS info PG:service=$SERVICE
  PGSERVICEFILE=$DIR/pg_service.conf $ROOT/build/bin/interior-explorer $NEW
      (the relief raster stays a file in data/: the viewer asks to trust that folder; gis render takes
       --allow-path $ROOT/data)
  PGSERVICEFILE=$DIR/pg_service.conf psql service=$SERVICE
Stop it with: make stop-postgis   (and rm -rf $DIR to delete it)
MSG
