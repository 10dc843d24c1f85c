#!/usr/bin/env bash
# Runs PostgreSQL in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, creating the
# cluster on first use. PostgreSQL refuses to run as root, so it runs as the postgres user.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT PASSWORD

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }

mkdir -p "$DATA_DIR"
chown postgres:postgres "$DATA_DIR"
chmod 700 "$DATA_DIR"
if ! run_as_postgres test -w "$DATA_DIR"; then
  echo "The postgres user cannot reach $DATA_DIR: every folder above it must be traversable (chmod o+x)." >&2
  exit 1
fi

if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  log "creating a new cluster in $DATA_DIR"
  pwfile=$(mktemp)
  printf '%s\n' "$PASSWORD" > "$pwfile"
  chown postgres "$pwfile"
  run_as_postgres "$bin/initdb" -D "$DATA_DIR" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi

# A crash can leave a lock file naming a dead (or zombie) process, which would stop the start.
if [ -f "$DATA_DIR/postmaster.pid" ]; then
  pid=$(head -n 1 "$DATA_DIR/postmaster.pid")
  if ! is_alive "$pid"; then
    log "removing the stale lock of process $pid"
    rm -f "$DATA_DIR/postmaster.pid"
  fi
fi

log "starting on 127.0.0.1:$PORT"
exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$DATA_DIR" \
  -c listen_addresses=127.0.0.1 -c port="$PORT" -c unix_socket_directories="$DATA_DIR" \
  -c max_connections=300 -c shared_buffers=256MB ${POSTGRES_EXTRA_ARGS:-}
