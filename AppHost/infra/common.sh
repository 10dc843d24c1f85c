# Shared by the server scripts: fail loudly, and say what is happening in the dashboard's console log.
set -euo pipefail

log() { echo "[$(basename "$0" .sh)] $*"; }

require_env() {
  for name in "$@"; do
    if [ -z "${!name:-}" ]; then
      echo "missing environment variable $name" >&2
      exit 2
    fi
  done
}

# A process whose /proc entry is gone or a zombie is dead, whatever kill -0 says.
is_alive() {
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || echo Z)
  [ "$state" != "Z" ]
}

# Runs a command as the server's own unprivileged OS user (never as root).
run_as() {
  local user=$1
  shift
  setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
}

# Prints a folder for a server's data that only its OS user $2 (and root) can open: $1 itself, owned by
# that user with mode 0700. Where the user cannot reach $1 (a checkout under /root, say), a folder under
# /var/lib/qms stands in for it, tied to $1 by a marker file, so deleting $1 still resets the server.
private_folder() {
  local folder=$1 user=$2
  mkdir -p "$folder"
  chown -R "$user:" "$folder"
  chmod 700 "$folder"
  if ! run_as "$user" test -w "$folder" 2>/dev/null; then
    local elsewhere
    elsewhere="/var/lib/qms/$user-$(printf '%s' "$folder" | sha1sum | cut -c1-16)"
    [ -f "$folder/elsewhere" ] || rm -rf "$elsewhere"
    mkdir -p "$elsewhere"
    chown -R "$user:" "$elsewhere"
    chmod 700 "$elsewhere"
    printf '%s\n' "$elsewhere" > "$folder/elsewhere"
    log "the $user user cannot reach $folder: the data lives in $elsewhere"
    folder=$elsewhere
  fi
  printf '%s\n' "$folder"
}

# Waits until something accepts connections on 127.0.0.1:$1, or the process $2 has ended.
wait_for_port() {
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    is_alive "$2" || return 1
    sleep 0.2
  done
}
