#!/usr/bin/env bash
# Runs RabbitMQ in the foreground on 127.0.0.1:$PORT with its data in $DATA_DIR, as the rabbitmq user,
# with a private Erlang port mapper so it never meets another broker on this machine.
source "$(dirname "$0")/common.sh"
require_env DATA_DIR PORT USER_NAME PASSWORD

sbin=$(ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin | sort -V | tail -n 1)
home=$(private_folder "$DATA_DIR" rabbitmq)
mkdir -p "$home/home" "$home/mnesia" "$home/log"
touch "$home/rabbitmq-env.conf"

export HOME="$home/home"
export RABBITMQ_NODENAME="qms-$PORT@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$PORT"
export RABBITMQ_DIST_PORT=$((PORT + 1))
export ERL_EPMD_PORT=$((PORT + 2))
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$home/mnesia"
export RABBITMQ_LOG_BASE="$home/log"
export RABBITMQ_LOGS=-
export RABBITMQ_CONF_ENV_FILE="$home/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$home/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$home/enabled_plugins"
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
# Durability stays: MassTransit declares its queues durable and publishes persistent messages with publisher confirms,
# and the relay publishes a day's events in batches, so the broker writes one message per page rather than per event.
# A new node creates the account from the current secret (and no guest account). The password stays
# in the configuration only until the broker has read it.
config() {
  printf '%s\n' "loopback_users = none" "default_user = $USER_NAME" "$@" > "$RABBITMQ_CONFIG_FILE"
}
config "default_pass = $PASSWORD"
[ -f "$RABBITMQ_ENABLED_PLUGINS_FILE" ] || echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
chown -R rabbitmq: "$home"
chmod 600 "$RABBITMQ_CONFIG_FILE"

# The broker's own Erlang port mapper outlives it: stop ours when the broker stops.
stop_epmd() { ERL_EPMD_PORT=$ERL_EPMD_PORT epmd -kill >/dev/null 2>&1 || true; }
trap 'kill -TERM "$broker" 2>/dev/null; wait "$broker"; stop_epmd' TERM INT
trap stop_epmd EXIT

log "starting on 127.0.0.1:$PORT"
env -u PASSWORD setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups -- "$sbin/rabbitmq-server" &
broker=$!
# The configuration is read at boot, long before the broker takes connections.
if wait_for_port "$PORT" "$broker"; then
  config
fi
wait "$broker"
