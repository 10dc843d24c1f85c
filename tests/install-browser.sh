#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (as root), with a Devanagari
# font so the Hindi pages render in screenshots, and Poppler's pdftoppm to turn a printed ticket's PDF
# into an image. Playwright drives Chromium through its executable path: no browser is ever downloaded.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi devanagari || missing+=(fonts-lohit-deva)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing for the browser tests: ${missing[*]}. Install them (as root: apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -o DPkg::Lock::Timeout=300 -qq
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
