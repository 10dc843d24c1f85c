#!/usr/bin/env bash
# Runs Redis in the foreground on 127.0.0.1:$PORT as the redis user. It carries only live traffic
# (SignalR backplane, socket fan-out), so nothing is persisted.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT PASSWORD

home=$(private_folder "$DATA_DIR" redis)
log "starting on 127.0.0.1:$PORT"
# The configuration comes on standard input (printf is a shell builtin): the password is in no file
# and on no command line. save "" and appendonly no: a backplane's messages are gone once delivered, nothing to keep.
exec env -u PASSWORD setpriv --reuid=redis --regid=redis --init-groups -- redis-server - < <(
  printf '%s\n' "bind 127.0.0.1" "port $PORT" "dir $home" 'save ""' "appendonly no" "protected-mode yes" "requirepass $PASSWORD")
