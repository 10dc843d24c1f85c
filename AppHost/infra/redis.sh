#!/usr/bin/env bash
# Runs Redis in the foreground on 127.0.0.1:$PORT. It carries only live traffic (SignalR backplane,
# socket fan-out), so nothing is persisted.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT PASSWORD

mkdir -p "$DATA_DIR"
# The password goes in a private file, not on the command line where ps would show it.
umask 077
cat > "$DATA_DIR/redis.conf" <<CONF
bind 127.0.0.1
port $PORT
dir $DATA_DIR
save ""
appendonly no
protected-mode yes
requirepass $PASSWORD
CONF
log "starting on 127.0.0.1:$PORT"
exec redis-server "$DATA_DIR/redis.conf"
