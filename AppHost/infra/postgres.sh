#!/usr/bin/env bash
# Runs PostgreSQL in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, creating the
# cluster on first use. It runs as the postgres user; its folder and socket are that user's alone, and
# every account, local or over TCP, needs its password (the superuser's is the generated $PASSWORD).
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT PASSWORD

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
cluster="$(private_folder "$DATA_DIR" postgres)/cluster"
mkdir -p "$cluster"
chown postgres: "$cluster"
chmod 700 "$cluster"

if [ ! -f "$cluster/PG_VERSION" ]; then
  log "creating a new cluster in $cluster"
  pwfile=$(mktemp)
  printf '%s\n' "$PASSWORD" > "$pwfile"
  chown postgres "$pwfile"
  run_as postgres "$bin/initdb" -D "$cluster" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
fi

# A crash can leave a lock file naming a dead (or zombie) process, which would stop the start.
if [ -f "$cluster/postmaster.pid" ]; then
  pid=$(head -n 1 "$cluster/postmaster.pid")
  if ! is_alive "$pid"; then
    log "removing the stale lock of process $pid"
    rm -f "$cluster/postmaster.pid"
  fi
fi

log "starting on 127.0.0.1:$PORT"
exec env -u PASSWORD setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$cluster" \
  -c listen_addresses=127.0.0.1 -c port="$PORT" -c unix_socket_directories="$cluster" \
  -c max_connections=300 -c shared_buffers=256MB ${POSTGRES_EXTRA_ARGS:-}
