#!/usr/bin/env bash
# Sharing at scale (issue #19): alice's folder holds SHARING_ENTRIES files (default 10,000), SHARING_SHARED of them
# (default 100) shared with bob one by one; the rows are written straight into PostgreSQL (psql), the way a busy
# installation has them. Prints p50/p99 of bob's "shared with me" page and of alice's folder pages (first, middle)
# through wopi-api-service, sequential requests for SHARING_SECONDS each (default 15). Uses the running local stack
# (scripts/local-up.sh; started here and stopped after if none runs); needs node and the PostgreSQL client.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
command -v node >/dev/null || die "node not found: apt-get install nodejs"
PG_BIN=$(postgres_bin_dir) || die "PostgreSQL binaries not found: apt-get install postgresql"

ours=0
if ! stack_running; then
    "$ROOT/scripts/local-up.sh" >/dev/null
    ours=1
fi
trap '[ "$ours" = 1 ] && "$ROOT/scripts/local-down.sh" >/dev/null' EXIT
PSQL="$PG_BIN/psql" STACK_ENV="$STACK_ENV" node "$ROOT/bench/sharing.mjs"
