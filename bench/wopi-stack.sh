#!/usr/bin/env bash
# Whole-stack benchmark through wopi-api-service (first part of issue #9): CheckFileInfo at 16 and 64 connections and
# GetFile of 100 KB, with real tokens and proofs, beside nginx serving 1 KB. Needs wrk and nginx (Debian packages
# wrk, nginx-light) and node. Starts and stops its own local stack; WRK_SECONDS sets each run's length.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
command -v wrk >/dev/null || die "wrk not found: apt-get install wrk"
command -v nginx >/dev/null || die "nginx not found: apt-get install nginx-light"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm"
[ -f "$ROOT/wopi-api-service/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
exec node "$ROOT/bench/wopi-stack.mjs"
