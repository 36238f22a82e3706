#!/usr/bin/env bash
# Whole-stack benchmark through wopi-api-service (issue #9), every request with a real token and proof: CheckFileInfo
# at 16 and 64 connections beside nginx serving 1 KB; Lock+Unlock cycles beside redis-benchmark SET NX PX; GetFile and
# PutFile of 100 KB, 10 MB and 100 MB beside nginx GET and WebDAV PUT; each service's RSS while 1 GiB streams each way;
# JVM start times. Prints a markdown table (the README's "Performance" holds the latest). Needs wrk, nginx and
# redis-benchmark (Debian packages wrk, nginx-light, redis-tools) and node. Starts and stops its own local stack;
# WRK_SECONDS sets each timed run's length, BIG_MIB the memory test's transfer size, SMALL_WARM_SECONDS how long
# the 100 KB GetFile/PutFile are warmed before they are timed (their first 100 are printed as "cold").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
command -v wrk >/dev/null || die "wrk not found: apt-get install wrk"
command -v nginx >/dev/null || die "nginx not found: apt-get install nginx-light"
command -v redis-benchmark >/dev/null || die "redis-benchmark not found: apt-get install redis-tools"
command -v node >/dev/null || die "node not found: apt-get install nodejs npm"
[ -f "$ROOT/wopi-api-service/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
exec node "$ROOT/bench/wopi-stack.mjs"
