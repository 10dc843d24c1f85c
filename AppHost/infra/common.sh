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
