#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (as root). Playwright drives it
# through its executable path: no browser is ever downloaded.
set -euo pipefail

command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing. Install it (as root: apt-get install chromium) and run again." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300 -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 chromium
