#!/usr/bin/env bash
# Benchmark: lock-service's acquire/refresh/unlock cycle through its REST API at 16 connections, beside raw Redis
# (redis-benchmark SET NX PX, 16 connections) on the same machine in the same run. Prints the numbers and the ratio.
# Everything runs on 127.0.0.1 and stops by itself. Options through the environment: WORKERS, DURATION (seconds), WARMUP (seconds).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
WORKERS=${WORKERS:-16}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
JAR="$ROOT/lock-service/target/quarkus-app/quarkus-run.jar"

command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install redis-server" >&2; exit 1; }
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found: apt-get install redis-tools" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && ./mvnw -B -q -pl lock-service -am package -DskipTests)
fi

WORK=$(mktemp -d)
REDIS_PORT=$(free_port)
HTTP_PORT=$(free_port)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
pids+=($!)
# The service checks credentials as in production: a key pair of the run's own, one credential for the whole run.
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$WORK/service-private.pem"
openssl ec -in "$WORK/service-private.pem" -pubout -out "$WORK/service-public.pem" 2>/dev/null
AUTH=$(java -cp "$(dirname "$JAR")/lib/main/*" org.openwopi.common.serviceauth.ServiceCredentialTool \
    "$WORK/service-private.pem" bench lock-service PT1H)
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT" QUARKUS_LOG_LEVEL=WARN \
    SERVICE_AUTH_CURRENT_KID=bench SERVICE_AUTH_CURRENT_PUBLIC_KEY="$WORK/service-public.pem" SERVICE_AUTH_MAX_TTL=PT2H \
    java -Xmx512m -jar "$JAR" > "$WORK/lock-service.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/health/ready")" = 200 ] && break
    sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/q/health/ready")" = 200 ] \
    || { echo "lock-service did not become ready:" >&2; tail -n 20 "$WORK/lock-service.log" >&2; exit 1; }

echo "machine: $(nproc) cores, shared by lock-service, Redis and the load generator"
# Warm-up (JIT, connection pools), then the measured run: one connection per wrk thread keeps each cycle in order.
wrk -t "$WORKERS" -c "$WORKERS" -d "${WARMUP}s" -s "$ROOT/bench/lock-cycle.lua" "http://127.0.0.1:$HTTP_PORT" -- warmup "$AUTH" > /dev/null
bench_out=$(wrk -t "$WORKERS" -c "$WORKERS" -d "${DURATION}s" -s "$ROOT/bench/lock-cycle.lua" "http://127.0.0.1:$HTTP_PORT" -- measured "$AUTH")
calls=$(echo "$bench_out" | sed -n 's/^CALLS_PER_SECOND=//p')
echo "$bench_out" | grep "^FIRST_FAILURE=" | head -n 3 || true
non200=$(echo "$bench_out" | sed -n 's/^NON_200=//p')
awk -v c="$calls" -v w="$WORKERS" -v d="$DURATION" -v p50="$(echo "$bench_out" | sed -n 's/^P50_MS=//p')" \
    -v p99="$(echo "$bench_out" | sed -n 's/^P99_MS=//p')" -v bad="$non200" \
    'BEGIN { printf "lock-service REST, %d connections, %d s: %.0f calls/s = %.0f acquire/refresh/unlock cycles/s; p50 %.2f ms, p99 %.2f ms; %d non-200 answers\n", w, d, c, c / 3, p50, p99, bad }'

redis_out=$(redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c "$WORKERS" -n 400000 -r 100000 -q \
    SET 'bench:{__rand_int__}' v NX PX 1800000 | tr '\r' '\n' | grep 'requests per second' | tail -n 1)
redis=$(echo "$redis_out" | sed -E 's/.*: ([0-9.]+) requests per second.*/\1/')
echo "redis-benchmark SET NX PX, $WORKERS connections: $redis ops/s"
awk -v a="$calls" -v b="$redis" 'BEGIN { printf "ratio: lock-service calls/s are %.1f%% of raw Redis SET NX PX (goal: at least 10%%)\n", 100 * a / b }'
