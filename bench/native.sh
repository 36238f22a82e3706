#!/usr/bin/env bash
# JVM against native in one run (issue #22): per service, start to ready and RSS idle and under load; CheckFileInfo
# req/s and Lock+Unlock cycles/s through a JVM stack and a native stack (bench/native.mjs). Builds what is missing:
# the jars (./mvnw package) and the native executables (scripts/build-native.sh). Needs wrk and node.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
command -v wrk >/dev/null || die "wrk not found: apt-get install wrk"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm"
[ -f "$ROOT/wopi-api-service/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
ls "$ROOT"/wopi-api-service/target/*-runner >/dev/null 2>&1 || "$ROOT/scripts/build-native.sh"
exec node "$ROOT/bench/native.mjs"
