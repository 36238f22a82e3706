#!/usr/bin/env bash
# Concurrent uploads straight to storage-service, to catch stalled metadata transactions (issue #10): STORM_WORKERS
# loops (default 50), each PUTting 100 KB to its own file for STORM_SECONDS (default 60), 30 s client timeout.
# Prints the answers by status; afterwards counts threads still inside an upload (expect 0: no thread waits on the
# database any more) and idle-in-transaction kills in the log. Needs a running local stack (scripts/local-up.sh) and node; not in CI.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
[ -f "$ROOT/.local/stack.env" ] || die "no local stack running: start it with scripts/local-up.sh"
STORAGE_PID=$(grep '^STORAGE_SERVICE_PID=' "$ROOT/.local/stack.env" | cut -d= -f2)
STORAGE_URL=$(grep '^STORAGE_SERVICE_URL=' "$ROOT/.local/stack.env" | cut -d= -f2)
AUTH=$(java -cp "$ROOT/storage-service/target/quarkus-app/lib/main/*" org.openwopi.common.serviceauth.ServiceCredentialTool \
    "$ROOT/.local/keys/service-private.pem" local storage-service PT14M)
STORAGE_URL="$STORAGE_URL" AUTH="$AUTH" node "$ROOT/bench/storage-storm.mjs" "${STORM_WORKERS:-50}" "${STORM_SECONDS:-60}"
sleep 30
echo "threads still inside an upload: $(jstack "$STORAGE_PID" | grep -c 'org.openwopi.storage.file.ContentUploads' || true)"
echo "idle-in-transaction kills in the log: $(grep -c 'idle-in-transaction' "$ROOT/.local/logs/storage-service.log" || true)"
