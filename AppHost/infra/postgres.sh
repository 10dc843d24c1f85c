#!/usr/bin/env bash
# Runs PostgreSQL in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, creating the
# cluster on first use. PostgreSQL refuses to run as root, so it runs as the postgres user.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT PASSWORD

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }

# The cluster lives in $DATA_DIR when the postgres user can reach it. Where it cannot (a checkout
# under /root, say), it lives in /var/lib/qms instead, tied to $DATA_DIR by a marker file: deleting
# $DATA_DIR still resets it.
mkdir -p "$DATA_DIR"
cluster="$DATA_DIR/cluster"
mkdir -p "$cluster"
chown postgres:postgres "$cluster"
chmod 700 "$cluster"
if ! run_as_postgres test -w "$cluster" 2>/dev/null; then
  cluster="/var/lib/qms/postgres-$(printf '%s' "$DATA_DIR" | sha1sum | cut -c1-16)"
  [ -f "$DATA_DIR/cluster-elsewhere" ] || rm -rf "$cluster"
  mkdir -p "$cluster"
  chown postgres:postgres "$cluster"
  chmod 700 "$cluster"
  printf '%s\n' "$cluster" > "$DATA_DIR/cluster-elsewhere"
  log "the postgres user cannot reach $DATA_DIR: the cluster lives in $cluster"
fi

if [ ! -f "$cluster/PG_VERSION" ]; then
  log "creating a new cluster in $cluster"
  pwfile=$(mktemp)
  printf '%s\n' "$PASSWORD" > "$pwfile"
  chown postgres "$pwfile"
  run_as_postgres "$bin/initdb" -D "$cluster" -U postgres --pwfile="$pwfile" \
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
exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$cluster" \
  -c listen_addresses=127.0.0.1 -c port="$PORT" -c unix_socket_directories="$cluster" \
  -c max_connections=300 -c shared_buffers=256MB ${POSTGRES_EXTRA_ARGS:-}
