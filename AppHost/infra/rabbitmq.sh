#!/usr/bin/env bash
# Runs RabbitMQ in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, with a private
# Erlang port mapper so it never meets another broker on this machine.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT USER_NAME PASSWORD

sbin=$(ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin | sort -V | tail -n 1)
mkdir -p "$DATA_DIR/home" "$DATA_DIR/mnesia" "$DATA_DIR/log"
touch "$DATA_DIR/rabbitmq-env.conf"

export HOME="$DATA_DIR/home"
export RABBITMQ_NODENAME="qms-$PORT@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$PORT"
export RABBITMQ_DIST_PORT=$((PORT + 1))
export ERL_EPMD_PORT=$((PORT + 2))
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$DATA_DIR/mnesia"
export RABBITMQ_LOG_BASE="$DATA_DIR/log"
export RABBITMQ_LOGS=-
export RABBITMQ_CONF_ENV_FILE="$DATA_DIR/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$DATA_DIR/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DATA_DIR/enabled_plugins"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
# The account is set from the current secret on every start; the guest account is removed.
cat > "$DATA_DIR/rabbitmq.conf" <<CONF
default_user = $USER_NAME
default_pass = $PASSWORD
loopback_users = none
CONF
chmod 600 "$DATA_DIR/rabbitmq.conf"
[ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"

# The broker's own Erlang port mapper outlives it: stop ours when the broker stops.
stop_epmd() { ERL_EPMD_PORT=$ERL_EPMD_PORT epmd -kill >/dev/null 2>&1 || true; }
trap 'kill -TERM "$broker" 2>/dev/null; wait "$broker"; stop_epmd' TERM INT
trap stop_epmd EXIT

log "starting on 127.0.0.1:$PORT"
"$sbin/rabbitmq-server" &
broker=$!
wait "$broker"
