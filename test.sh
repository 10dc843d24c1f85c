#!/usr/bin/env bash
# Runs every test: the domain's unit tests, then the whole system started through the AppHost
# (real PostgreSQL, MariaDB, RabbitMQ and Redis on their own ports and data folder) driven
# through the gateway, browser tests included. Installs the server packages and Debian's Chromium
# first when they are missing (as root), and Node.js's npm for the web UI's libraries.
set -euo pipefail
cd "$(dirname "$0")"

bash AppHost/infra/install-servers.sh
bash tests/install-browser.sh
bash gateway/install-node.sh
dotnet build QueueSystem.sln -nologo -v quiet -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test QueueSystem.sln --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for every test assembly together.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
