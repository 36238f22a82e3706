#!/usr/bin/env bash
# Validates the chart's renderings against the Kubernetes API schemas, offline (npm kubernetes-models). The chart
# tests of `./mvnw -B verify` write the renderings (default, production and native values) to k8s/target/rendered/;
# this renders them first when they are missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

command -v node >/dev/null && command -v npm >/dev/null || die "node and npm not found: apt-get install nodejs npm"
shopt -s nullglob
rendered=("$ROOT"/k8s/target/rendered/*.yaml)
if [ ${#rendered[@]} -eq 0 ]; then
    (cd "$ROOT" && ./mvnw -B -q verify -pl k8s -am -Dtest='Chart*Test' -Dsurefire.failIfNoSpecifiedTests=false -DskipITs)
    rendered=("$ROOT"/k8s/target/rendered/*.yaml)
fi
[ ${#rendered[@]} -gt 0 ] || die "no renderings in k8s/target/rendered"
(cd "$ROOT/k8s/schema-check" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in k8s/schema-check/"
node "$ROOT/k8s/schema-check/validate.mjs" "${rendered[@]}"
