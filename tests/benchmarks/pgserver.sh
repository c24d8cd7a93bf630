# Sourced by the benchmarks that run PostGIS as a peer: a throwaway PostgreSQL 15 cluster in WORKDIR/pg, durability
# off, listening on 127.0.0.1:PORT and a socket in its folder only, stopped by pg_stop (call it from the EXIT trap).
#   pg_start WORKDIR PORT DATABASE   → sets $pg (a libpq connection string without dbname) and creates DATABASE
#                                      with the postgis extension
#   pg_stop
pg_bin=/usr/lib/postgresql/15/bin
pg_as=()
[[ $(id -u) -eq 0 ]] && pg_as=(runuser -u postgres --) # initdb and postgres refuse to run as root
pg_data=""
pg_start() {
  local work=$1 port=$2 db=$3
  pg_data="$work/pg"
  mkdir -p "$pg_data"
  [[ $(id -u) -eq 0 ]] && chown postgres "$work" "$pg_data"
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust >/dev/null
  "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/log" -w \
    -o "-p $port -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c work_mem=256MB" \
    start >/dev/null
  pg="host=127.0.0.1 port=$port user=postgres"
  psql "$pg dbname=postgres" -qAt -c "CREATE DATABASE $db" >/dev/null
  psql "$pg dbname=$db" -qAt -c "CREATE EXTENSION postgis" >/dev/null
}
pg_stop() {
  if [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; then
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true
  fi
}
