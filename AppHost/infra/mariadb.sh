#!/usr/bin/env bash
# Runs MariaDB in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, as the mysql user.
# Only the OS root signs in as root (through the socket, which only root and mysql can open); there are
# no anonymous accounts and no folder for reading or writing files. The service account $USER_NAME
# gets rights on $DATABASE only, and its password is set from the current secret at every start
# through that socket, never written to a file.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT USER_NAME PASSWORD DATABASE

home=$(private_folder "$DATA_DIR" mysql)
data="$home/data"
if [ ! -d "$data/mysql" ]; then
  log "creating a new data folder in $data"
  mariadb-install-db --no-defaults --datadir="$data" --user=mysql --auth-root-authentication-method=socket \
    --skip-test-db >/dev/null
fi
# LOAD DATA, SELECT … INTO OUTFILE and LOAD_FILE may only use this folder, which the server cannot open.
no_files="$home/no-files"
mkdir -p "$no_files"
chown root: "$no_files"
chmod 700 "$no_files"

socket="$home/mariadb.sock"
log "starting on 127.0.0.1:$PORT"
# Settings for a day's rush, one reason each:
#   innodb-flush-log-at-trx-commit=2  the read models are rebuilt from the event store on demand: a commit need not wait
#                                     for the disk (at most the last second is lost in a crash, and a rebuild restores it)
#   innodb-buffer-pool-size=256M      the day's tickets, boards and history stay in memory
#   skip-log-bin                      no replica reads a binary log, so none is written (a second write per commit)
#   performance-schema=OFF            no per-statement instrumentation on the hot path
#   skip-name-resolve                 no DNS lookup per connection
env -u PASSWORD mariadbd --no-defaults --datadir="$data" --user=mysql --bind-address=127.0.0.1 --port="$PORT" \
  --socket="$socket" --pid-file="$home/mariadb.pid" --secure-file-priv="$no_files" \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --skip-name-resolve --max-connections=500 --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 \
  --skip-log-bin --performance-schema=OFF ${MARIADB_EXTRA_ARGS:-} &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"' TERM INT

until mariadb-admin --no-defaults --socket="$socket" -u root ping >/dev/null 2>&1; do
  is_alive "$server" || { wait "$server"; exit $?; }
  sleep 0.2
done
quoted=${PASSWORD//\\/\\\\}
quoted=${quoted//\'/\'\'}
# Through standard input (printf is a shell builtin), so the password shows in no process list or file.
printf '%s\n' \
  "DROP USER IF EXISTS 'mysql'@'localhost';" \
  "DELETE FROM mysql.global_priv WHERE User = '';" \
  "FLUSH PRIVILEGES;" \
  "CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$quoted';" \
  "CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$quoted';" \
  "ALTER USER '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$quoted';" \
  "ALTER USER '$USER_NAME'@'localhost' IDENTIFIED BY '$quoted';" \
  "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '$USER_NAME'@'127.0.0.1', '$USER_NAME'@'localhost';" \
  "GRANT ALL PRIVILEGES ON \`$DATABASE\`.* TO '$USER_NAME'@'127.0.0.1', '$USER_NAME'@'localhost';" \
  | mariadb --no-defaults --socket="$socket" -u root
log "accounts set: root through the socket only, $USER_NAME on $DATABASE"
wait "$server"
