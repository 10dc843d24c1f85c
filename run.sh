#!/usr/bin/env bash
# Runs the whole system: PostgreSQL, MariaDB, RabbitMQ and Redis (containers where a container
# runtime answers, otherwise local processes of the Debian packages, installed when missing), the
# four services, the gateway and the Aspire dashboard. Ctrl+C (or SIGTERM) stops all of it.
set -euo pipefail
cd "$(dirname "$0")"
bash gateway/install-node.sh
dotnet build AppHost/AppHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet AppHost/bin/Release/net10.0/AppHost.dll "$@"
