#!/usr/bin/env bash
# Stops exactly what scripts/local-up.sh started, by the pids it recorded in .local/stack.env. Safe to run twice.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

env_file=$STACK_ENV
[ -f "$env_file" ] || env_file="$STACK_ENV.partial"
if [ ! -f "$env_file" ]; then
    echo "Nothing to stop: no $STACK_ENV."
    exit 0
fi

# Services first (they hold connections), then PostgreSQL and Redis.
for var in WOPI_API_SERVICE_PID STORAGE_SERVICE_PID DISCOVERY_SERVICE_PID LOCK_SERVICE_PID TRACES_PID KEYCLOAK_PID POSTGRES_PID REDIS_PID; do
    pid=$(sed -n "s/^$var=//p" "$env_file" | tail -n 1)
    started=$(sed -n "s/^${var%_PID}_STARTED=//p" "$env_file" | tail -n 1)
    # A recorded pid is ours only while it has the start time we recorded: a reused pid is left alone.
    if is_ours "$pid" "$started"; then
        # PostgreSQL: SIGINT is its fast shutdown; the others stop cleanly on SIGTERM.
        if [ "$var" = POSTGRES_PID ]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "${var%_PID} (pid $pid) did not stop in 20 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        echo "stopped ${var%_PID} (pid $pid)"
    fi
done
rm -f "$STACK_ENV" "$STACK_ENV.partial"
