#!/usr/bin/env bash
# Benchmark: storage-service PUT (a new version) and GET of 10 MB and 100 MB files, in MiB/s, beside nginx storing
# (WebDAV PUT) and serving the same files from the same disk, in the same run. Prints both and the ratio.
# Private PostgreSQL and nginx on loopback ports; everything stops by itself. REPS_10 and REPS_100 set the repetitions.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
REPS_10=${REPS_10:-20}
REPS_100=${REPS_100:-5}
# FSYNC=false measures without storage-service's fsync, to see what durability costs (never run production so).
FSYNC=${FSYNC:-true}
JAR="$ROOT/storage-service/target/quarkus-app/quarkus-run.jar"

command -v nginx >/dev/null || die "nginx not found: apt-get install nginx-light (its WebDAV module stores the PUTs)"
PG_BIN=$(postgres_bin_dir) || die "PostgreSQL server binaries not found: apt-get install postgresql"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -pl storage-service -am package -DskipTests)

WORK=$(mktemp -d /tmp/storage-bench.XXXXXX)
chmod 755 "$WORK"
PG_PORT=$(free_port); HTTP_PORT=$(free_port); NGINX_PORT=$(free_port)
pids=()
cleanup() {
    # SIGINT is PostgreSQL's fast shutdown; the JVM and nginx stop on SIGTERM. Bounded: never hang here.
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    [ -n "${PG_PID:-}" ] && kill -INT "$PG_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}" ${PG_PID:-}; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.2
    done
    for pid in "${pids[@]}" ${PG_PID:-}; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

as_pg=()
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$WORK/pg" && chown postgres:postgres "$WORK/pg"
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres -A trust --no-sync > "$WORK/initdb.log" 2>&1
"${as_pg[@]}" "$PG_BIN/postgres" -D "$WORK/pg/data" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$WORK/pg" > "$WORK/postgres.log" 2>&1 &
PG_PID=$!
wait_for PostgreSQL 60 "$WORK/postgres.log" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres

# The service checks credentials as in production: a key pair of the run's own, one credential for the whole run.
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$WORK/service-private.pem"
openssl ec -in "$WORK/service-private.pem" -pubout -out "$WORK/service-public.pem" 2>/dev/null
AUTH=$(java -cp "$(dirname "$JAR")/lib/main/*" org.openwopi.common.serviceauth.ServiceCredentialTool \
    "$WORK/service-private.pem" bench storage-service PT2H)
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_LOG_LEVEL=WARN \
    SERVICE_AUTH_CURRENT_KID=bench SERVICE_AUTH_CURRENT_PUBLIC_KEY="$WORK/service-public.pem" SERVICE_AUTH_MAX_TTL=PT3H \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/postgres" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" QUARKUS_DATASOURCE_USERNAME=postgres \
    STORAGE_BLOB_FILESYSTEM_ROOT="$WORK/blobs" STORAGE_BLOB_FILESYSTEM_FSYNC="$FSYNC" \
    java -Xmx256m -jar "$JAR" > "$WORK/storage-service.log" 2>&1 &
pids+=($!)
wait_for storage-service 120 "$WORK/storage-service.log" http_ready "$HTTP_PORT"

mkdir -p "$WORK/nginx-root" "$WORK/nginx-tmp"
# nginx's workers run as an unprivileged user: let them write where the PUTs land.
chmod 777 "$WORK/nginx-root" "$WORK/nginx-tmp"
cat > "$WORK/nginx.conf" <<NGINX
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    client_max_body_size 0;
    client_body_temp_path $WORK/nginx-tmp;
    proxy_temp_path $WORK/nginx-tmp;
    fastcgi_temp_path $WORK/nginx-tmp;
    uwsgi_temp_path $WORK/nginx-tmp;
    scgi_temp_path $WORK/nginx-tmp;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/nginx-root;
        dav_methods PUT;
        create_full_put_path on;
    }
}
NGINX
nginx -c "$WORK/nginx.conf" > "$WORK/nginx.log" 2>&1 &
pids+=($!)
wait_for nginx 20 "$WORK/nginx-error.log" bash -c "exec 3<>/dev/tcp/127.0.0.1/$NGINX_PORT"

# Seconds one transfer took; an HTTP error fails the run (a failed transfer must not pass for a fast one).
seconds() { curl -sfg -o "$1" -w '%{time_total}' "${@:2}"; }

# run NAME BYTES REPS: prints "put_MiBs get_MiBs" for storage-service and for nginx
measure() {
    local file=$1 bytes=$2 reps=$3 id t put_s=0 get_s=0 nput_s=0 nget_s=0
    id=$(curl -sf -H "Authorization: $AUTH" -H 'Content-Type: application/octet-stream' --data-binary @/dev/null \
        "http://127.0.0.1:$HTTP_PORT/files?ownerId=bench&name=$(basename "$file")-$RANDOM$RANDOM" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    for _ in $(seq 1 "$reps"); do
        t=$(seconds /dev/null -X PUT -H "Authorization: $AUTH" -H 'Content-Type: application/octet-stream' -T "$file" \
            "http://127.0.0.1:$HTTP_PORT/files/$id/content")
        put_s=$(awk -v a="$put_s" -v b="$t" 'BEGIN { print a + b }')
        t=$(seconds /dev/null -H "Authorization: $AUTH" "http://127.0.0.1:$HTTP_PORT/files/$id/content")
        get_s=$(awk -v a="$get_s" -v b="$t" 'BEGIN { print a + b }')
        t=$(seconds /dev/null -X PUT -T "$file" "http://127.0.0.1:$NGINX_PORT/$(basename "$file")")
        nput_s=$(awk -v a="$nput_s" -v b="$t" 'BEGIN { print a + b }')
        t=$(seconds /dev/null "http://127.0.0.1:$NGINX_PORT/$(basename "$file")")
        nget_s=$(awk -v a="$nget_s" -v b="$t" 'BEGIN { print a + b }')
    done
    awk -v n="$(basename "$file")" -v b="$bytes" -v r="$reps" -v p="$put_s" -v g="$get_s" -v np="$nput_s" -v ng="$nget_s" 'BEGIN {
        mib = b * r / 1048576
        printf "%-8s PUT  storage-service %7.1f MiB/s   nginx %7.1f MiB/s   ratio %5.1f%%\n", n, mib / p, mib / np, 100 * np / p
        printf "%-8s GET  storage-service %7.1f MiB/s   nginx %7.1f MiB/s   ratio %5.1f%%\n", n, mib / g, mib / ng, 100 * ng / g
    }'
}

head -c $((10 * 1024 * 1024)) /dev/urandom > "$WORK/10MB"
head -c $((100 * 1024 * 1024)) /dev/urandom > "$WORK/100MB"
# One warm-up round each (JIT, page cache), not counted.
measure "$WORK/10MB" $((10 * 1024 * 1024)) 3 > /dev/null
echo "machine: $(nproc) cores, one disk; storage-service fsync: $FSYNC (true is the production setting); nginx does not fsync"
measure "$WORK/10MB" $((10 * 1024 * 1024)) "$REPS_10"
measure "$WORK/100MB" $((100 * 1024 * 1024)) "$REPS_100"
echo "goal: each ratio at least 50%"
