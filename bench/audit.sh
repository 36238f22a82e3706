#!/usr/bin/env bash
# What recording an audit event costs the request that records it: wopi-api-service's AuditTrail under threads that
# record at a steady rate, with storage-service taking batches at once, slowly, or not at all. Prints p50/p99 per
# case (goal: p99 <= 1 ms). AUDIT_THREADS (2), AUDIT_RATE (20000 events/s in all), AUDIT_SECONDS (10).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
./mvnw -B -q -o test-compile -pl wopi-api-service -am
classpath="$ROOT/wopi-api-service/target/audit-bench.classpath"
./mvnw -B -q -o dependency:build-classpath -pl wopi-api-service -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
java -Xmx512m -Dthreads="${AUDIT_THREADS:-2}" -Drate="${AUDIT_RATE:-20000}" -Dseconds="${AUDIT_SECONDS:-10}" \
    -cp "$ROOT/wopi-api-service/target/test-classes:$ROOT/wopi-api-service/target/classes:$(cat "$classpath")" \
    org.openwopi.wopi.audit.AuditRecordBench
