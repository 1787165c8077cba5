#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the oracle-node tests, on a loopback port in a temp dir.
#   eval "$(bash scripts/test-postgres.sh start)"   # exports GROUNDWORK_TEST_PG_URL and GROUNDWORK_TEST_PG_DIR
#   bash scripts/test-postgres.sh stop "$GROUNDWORK_TEST_PG_DIR"
# Installs Debian's `postgresql` when initdb is missing. As root, the cluster runs as the
# `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

log() { echo "[test-postgres] $*" >&2; }

find_bin() {
  local b
  b=$(command -v "$1" 2>/dev/null || true)
  if [[ -z "$b" ]]; then b=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true); fi
  echo "$b"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [[ -z "$(find_bin initdb)" ]]; then
      if [[ $(id -u) -ne 0 ]]; then log "initdb not found and not root: install postgresql"; exit 1; fi
      log "installing Debian's postgresql"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq postgresql >&2
    fi
    INITDB=$(find_bin initdb)
    PG_CTL=$(find_bin pg_ctl)
    DIR=$(mktemp -d /tmp/groundwork-pg.XXXXXX)
    chmod 755 "$DIR"
    if [[ $(id -u) -eq 0 ]]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
      chown postgres "$DIR"
    fi
    # A free loopback port, asked of the kernel (node is always there: the suites need it).
    PORT=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
    as_owner "$INITDB" -D "$DIR/data" -U groundwork --auth=trust -E UTF8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_owner "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=on" start >&2 \
      || { cat "$DIR/server.log" >&2; exit 1; }
    echo "export GROUNDWORK_TEST_PG_DIR=$DIR"
    echo "export GROUNDWORK_TEST_PG_URL=postgres://groundwork@127.0.0.1:$PORT/postgres"
    log "PostgreSQL on 127.0.0.1:$PORT ($DIR)"
    ;;
  stop)
    DIR=${2:?usage: test-postgres.sh stop <dir>}
    [[ -d "$DIR/data" ]] && as_owner "$(find_bin pg_ctl)" -D "$DIR/data" -m immediate -w stop >&2 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start | stop <dir>" >&2
    exit 2
    ;;
esac
