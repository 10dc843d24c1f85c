#!/usr/bin/env bash
# Runs MariaDB in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR. The account
# $USER_NAME/$PASSWORD is (re)created at every start, so it always matches the current secret.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT USER_NAME PASSWORD

mkdir -p "$DATA_DIR"
if [ ! -d "$DATA_DIR/mysql" ]; then
  log "creating a new data folder in $DATA_DIR"
  mariadb-install-db --no-defaults --datadir="$DATA_DIR" --user=root --auth-root-authentication-method=normal >/dev/null
fi

init="$DATA_DIR/init.sql"
umask 077
escaped=${PASSWORD//\'/\'\'}
cat > "$init" <<SQL
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$escaped';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$escaped';
ALTER USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$escaped';
ALTER USER '$USER_NAME'@'localhost' IDENTIFIED BY '$escaped';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost';
SQL

log "starting on 127.0.0.1:$PORT"
# The read models are rebuilt from the event store on demand: a commit need not wait for the disk
# (at most the last second is lost in a crash, and a rebuild restores it).
exec mariadbd --no-defaults --datadir="$DATA_DIR" --user=root --bind-address=127.0.0.1 --port="$PORT" \
  --socket="$DATA_DIR/mariadb.sock" --pid-file="$DATA_DIR/mariadb.pid" --init-file="$init" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --skip-name-resolve --max-connections=500 --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 ${MARIADB_EXTRA_ARGS:-}
