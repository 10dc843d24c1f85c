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

# Settings for a day's rush, one reason each:
#   synchronous_commit=on  an event is on disk before its command is answered (durability stays; commits are grouped by the Queue)
#   shared_buffers=256MB   the day's streams and the idempotency answers stay in memory
#   max_wal_size=1GB       a burst of joins does not force a checkpoint every few seconds
#   min_wal_size=256MB     log segments are recycled through a burst, not created and deleted
#   jit=off                the Queue's statements are short lookups and appends: compiling them costs more than it saves
#   max_connections=300    every service's pool with room to spare; each idle connection costs memory only
log "starting on 127.0.0.1:$PORT"
exec env -u PASSWORD setpriv --reuid=postgres --regid=postgres --init-groups -- "$bin/postgres" -D "$cluster" \
  -c listen_addresses=127.0.0.1 -c port="$PORT" -c unix_socket_directories="$cluster" \
  -c synchronous_commit=on -c shared_buffers=256MB -c max_wal_size=1GB -c min_wal_size=256MB -c jit=off \
  -c max_connections=300 ${POSTGRES_EXTRA_ARGS:-}
