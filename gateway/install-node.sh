#!/usr/bin/env bash
# The gateway's build copies its browser libraries from npm packages: installs Node.js and npm from
# Debian's packages when they are missing (as root).
set -euo pipefail

command -v npm >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "npm is missing: the web UI's libraries are restored with it. Install it (as root: apt-get install nodejs npm) and run again." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300 -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 nodejs npm
