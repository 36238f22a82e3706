#!/usr/bin/env bash
# Soak test (not part of CI): 50 Office-like editing sessions for 10 minutes against the whole local stack, started
# and stopped here on a fake WOPI client that signs every request. SOAK_SESSIONS and SOAK_SECONDS change the load.
# Prints a table of latencies per operation and the error count; exits non-zero on any error.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm"
[ -f "$ROOT/wopi-api-service/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
exec node "$ROOT/bench/soak.mjs"
