#!/usr/bin/env bash
# Throwaway PostgreSQL clusters for tests and benchmarks.
#
#   eng/postgres.sh start        installs PostgreSQL if missing (as root, Debian's `postgresql` package), creates a
#                                cluster in a new temporary directory, starts it on a free loopback port and prints
#                                the directory on stdout; the connection string is in <dir>/connection-string
#   eng/postgres.sh stop DIR     stops that cluster (fast shutdown) and deletes its directory
#   eng/postgres.sh status DIR   exits 0 when that cluster is running
#
# The cluster listens on 127.0.0.1 only, trusts local connections (user postgres, no password) and keeps its data in
# the temporary directory: never use it for anything that must last. Extra server settings can be passed in
# WACOMPLIANCE_PG_SETTINGS (for example "-c fsync=off"). Progress goes to stderr; only the directory goes to stdout.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

find_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then
    echo "$found"
    return 0
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  if [ "$(id -u)" != "0" ]; then
    die "PostgreSQL server binaries (initdb, pg_ctl) are not installed and this is not root: install Debian's 'postgresql' package, or set WACOMPLIANCE_TEST_POSTGRES to a connection string of a server to use"
  fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available: install PostgreSQL (initdb, pg_ctl) or set WACOMPLIANCE_TEST_POSTGRES"
  log "PostgreSQL is not installed: installing Debian's 'postgresql' package"
  local out
  out="$(mktemp)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } >"$out" 2>&1; then
    tail -n 30 "$out" >&2
    rm -f "$out"
    die "apt-get could not install the 'postgresql' package (output above)"
  fi
  rm -f "$out"
}

# Runs a PostgreSQL binary as the owner of the cluster: `postgres` when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin
  if ! bin="$(find_bin)"; then
    install_postgres
    bin="$(find_bin)" || die "the 'postgresql' package installed no initdb under /usr/lib/postgresql/*/bin"
  fi
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    die "there is no 'postgres' user to run the cluster as (initdb refuses root)"
  fi

  local dir parent="${TMPDIR:-/tmp}"
  # As root the cluster runs as `postgres`, which must reach the directory: use /tmp, not a private TMPDIR.
  [ "$(id -u)" = "0" ] && parent=/tmp
  dir="$(mktemp -d "$parent/wacompliance-pg.XXXXXX")"
  chmod 755 "$dir"
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$dir"
  fi

  if ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
     && ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >"$dir/initdb.log" 2>&1; then
    tail -n 20 "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed (output above)"
  fi

  local attempt port started=0
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if port_in_use "$port"; then
      continue
    fi
    # shellcheck disable=SC2086
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${WACOMPLIANCE_PG_SETTINGS:-}" \
        start >/dev/null 2>&1; then
      started=1
      break
    fi
    log "could not start on port $port (attempt $attempt), trying another"
  done
  if [ "$started" != "1" ]; then
    tail -n 20 "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the cluster did not start (server log above)"
  fi

  echo "$bin" >"$dir/bin"
  echo "$port" >"$dir/port"
  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" >"$dir/connection-string"
  chmod 644 "$dir/bin" "$dir/port" "$dir/connection-string"
  log "started $("$bin/postgres" --version) on 127.0.0.1:$port in $dir"
  echo "$dir"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] || die "usage: eng/postgres.sh stop DIR"
  [ -d "$dir" ] || return 0
  case "$dir" in
    */wacompliance-pg.*) ;;
    *) die "refusing to stop '$dir': not a directory made by eng/postgres.sh start" ;;
  esac
  local bin
  bin="$(cat "$dir/bin" 2>/dev/null || find_bin || true)"
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || log "pg_ctl stop failed for $dir"
  fi
  rm -rf "$dir"
}

status() {
  local dir="${1:-}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 1
  local bin
  bin="$(cat "$dir/bin")"
  as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  *) echo "usage: eng/postgres.sh start | stop DIR | status DIR" >&2; exit 2 ;;
esac
