#!/usr/bin/env bash
# Install (if missing), start and stop a throwaway PostgreSQL cluster for the test suite.
set -euo pipefail
DATA=${PGTEST_DIR:-/tmp/ridgeline-pg}
PORT=${PGTEST_PORT:-54329}

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

case "${1:-}" in
  start)
    BIN=$(find_bin)
    rm -rf "$DATA"
    mkdir -p "$DATA"
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$DATA"
    su postgres -s /bin/sh -c "$BIN/initdb -D $DATA/db -U ridgeline --auth=trust -E UTF8 >/dev/null"
    su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA/db -o '-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off' -l $DATA/log -w start >/dev/null"
    "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U ridgeline ridgeline_test
    echo "PostgreSQL on 127.0.0.1:$PORT"
    ;;
  stop)
    BIN=$(find_bin)
    su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DATA/db -m fast -w stop >/dev/null" || true
    ;;
  url)
    echo "postgresql+psycopg://ridgeline@127.0.0.1:$PORT/ridgeline_test"
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
