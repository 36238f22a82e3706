#!/usr/bin/env bash
# Starts the whole WOPI host locally on its embedded defaults: a private Redis and PostgreSQL under .local/, then the
# four services as JVM jars (NATIVE=1: as native executables, scripts/build-native.sh), and waits until every one is
# ready. Stop it all with scripts/local-down.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

WOPI_API_PORT=${WOPI_API_PORT:-8080}
LOCK_SERVICE_PORT=${LOCK_SERVICE_PORT:-8081}
DISCOVERY_SERVICE_PORT=${DISCOVERY_SERVICE_PORT:-8082}
STORAGE_SERVICE_PORT=${STORAGE_SERVICE_PORT:-8083}
# Not 6379/5432: a machine often runs its own Redis and PostgreSQL there, and we never touch those.
REDIS_PORT=${REDIS_PORT:-16379}
POSTGRES_PORT=${POSTGRES_PORT:-15432}
KEYCLOAK_PORT=${KEYCLOAK_PORT:-18180}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}
# NATIVE=1: the services run from their native executables (built, or taken from scripts/build-native.sh's kept ones,
# when missing or older than their sources), with SERVICE_NATIVE_OPTS.
NATIVE=${NATIVE:-}
SERVICE_NATIVE_OPTS=${SERVICE_NATIVE_OPTS:--Xmx128m}
READY_TIMEOUT=${READY_TIMEOUT:-180}
# The WOPI client (Office Online Server, Collabora, ...) to discover; none by default.
WOPI_CLIENT_DISCOVERY_URL=${WOPI_CLIENT_DISCOVERY_URL:-}
# A second WOPI client for ODF files (Collabora Online, ONLYOFFICE): .odt/.ods/.odp open there, everything else in the
# first, and what both open is offered under "Open with…". None by default.
WOPI_ODF_CLIENT_DISCOVERY_URL=${WOPI_ODF_CLIENT_DISCOVERY_URL:-}
# TRACES=1: every request traced, each trace printed as a tree (span names and durations) to .local/logs/traces.log.
TRACES=${TRACES:-}
TRACES_PORT=${TRACES_PORT:-14318}

if stack_running; then
    echo "The stack is already running (state in $STACK_ENV):"
    print_urls
    exit 0
fi

# --- prerequisites, with the package that provides each ---
command -v java >/dev/null || die "java not found: install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
command -v curl >/dev/null || die "curl not found: apt-get install curl"
REDIS_SERVER=$(command -v redis-server || true)
[ -n "$REDIS_SERVER" ] || die "redis-server not found: install the Debian package redis-server (apt-get install redis-server)"
PG_BIN=$(postgres_bin_dir) || die "PostgreSQL server binaries (initdb, postgres) not found: install the Debian package postgresql (apt-get install postgresql)"

# Keycloak (the sign-in for the user API) needs Java 21 or newer; the services run on 17.
KEYCLOAK_JAVA_HOME=$(java_home_at_least 21) \
    || die "Keycloak $KEYCLOAK_VERSION needs Java 21 or newer and none was found (JAVA_HOME, PATH, /usr/lib/jvm): apt-get install openjdk-21-jre-headless"

for port in "$WOPI_API_PORT" "$LOCK_SERVICE_PORT" "$DISCOVERY_SERVICE_PORT" "$STORAGE_SERVICE_PORT" "$REDIS_PORT" "$POSTGRES_PORT" "$KEYCLOAK_PORT"; do
    require_free_port "$port"
done

# --- build when a jar (or native executable) is missing or older than its sources ---
packaged() { if [ -n "$NATIVE" ]; then ls "$ROOT/$1"/target/*-runner 2>/dev/null | head -n 1; else echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; fi; }
needs_build=false
for svc in "${SERVICES[@]}"; do
    built=$(packaged "$svc")
    if [ ! -f "$built" ] || [ -n "$(find "$ROOT/$svc/src/main" "$ROOT/$svc/pom.xml" "$ROOT/wopi-common/src/main" "$ROOT/pom.xml" -newer "$built" -print -quit)" ]; then
        needs_build=true
    fi
done
if $needs_build && [ -n "$NATIVE" ]; then
    echo "Building the native executables (scripts/build-native.sh; ~20 minutes the first time)..."
    mkdir -p "$STATE/logs"
    "$ROOT/scripts/build-native.sh" > "$STATE/logs/native-build.log" 2>&1 \
        || { tail -n 30 "$STATE/logs/native-build.log" >&2; die "the native build failed; see $STATE/logs/native-build.log"; }
elif $needs_build; then
    echo "Building the services (./mvnw package -DskipTests)..."
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "the build failed; run ./mvnw package -DskipTests to see why"
fi

mkdir -p "$STATE/logs" "$STATE/redis" "$STATE/blobs" "$STATE/keys"
# EC P-256 key pairs: access tokens (wopi-api-service alone), service credentials (wopi-api-service signs, the
# other three check). Made once per checkout, kept in .local/keys.
command -v openssl >/dev/null || die "openssl not found: apt-get install openssl"
for key in token service; do
    if [ ! -f "$STATE/keys/$key-private.pem" ]; then
        (umask 077 && openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$STATE/keys/$key-private.pem") \
            && openssl ec -in "$STATE/keys/$key-private.pem" -pubout -out "$STATE/keys/$key-public.pem" 2>/dev/null \
            || die "cannot create the $key key in $STATE/keys"
    fi
done
# Secrets of the browser sign-in (code flow state and session cookies) and of the directory client (wopi-api-service
# reads people's groups from Keycloak with it), made once: Keycloak imports the realm with it only the first time.
for secret in oidc-state-secret oidc-session-secret directory-secret; do
    [ -f "$STATE/keys/$secret" ] || (umask 077 && openssl rand -hex 32 > "$STATE/keys/$secret")
done
: > "$STACK_ENV.partial"
# NAME_PID plus NAME_STARTED (the kernel's start time of that pid), so local-down.sh never signals a reused pid.
record() { echo "$1=$2" >> "$STACK_ENV.partial"; echo "${1%_PID}_STARTED=$(start_ticks "$2")" >> "$STACK_ENV.partial"; }
fail_and_clean() {
    echo "error: $*" >&2
    mv "$STACK_ENV.partial" "$STACK_ENV"
    "$ROOT/scripts/local-down.sh" >&2 || true
    exit 1
}

# --- Redis: append-only file, so fencing counters survive a restart of the local stack ---
nohup "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --dir "$STATE/redis" \
    --appendonly yes --save "" --daemonize no > "$STATE/logs/redis.log" 2>&1 &
record REDIS_PID $!
wait_for "Redis" 30 "$STATE/logs/redis.log" redis_answers "$REDIS_PORT" || fail_and_clean "Redis did not start"

# --- PostgreSQL: initdb on first run, as the postgres user when we are root (initdb refuses root) ---
PG_DIR="$STATE/postgres"
as_pg=()
if [ "$(id -u)" = 0 ]; then
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    # The postgres user must reach its data folder, and cannot when the checkout lies in a folder only root may enter
    # (a clone under /root, a mktemp -d folder): then the cluster lives in postgres's home, one per checkout.
    if ! "${as_pg[@]}" test -x "$STATE"; then
        pg_home=$(getent passwd postgres | cut -d: -f6)
        [ -n "$pg_home" ] && [ -d "$pg_home" ] || fail_and_clean "the postgres user cannot reach $STATE and has no home folder to use instead"
        PG_DIR="$pg_home/openwopi-local/$(printf '%s' "$ROOT" | sha256sum | cut -c1-16)"
        echo "PostgreSQL keeps its data in $PG_DIR: the postgres user cannot reach $STATE"
    fi
fi
if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_DIR"
    "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C > "$STATE/logs/initdb.log" 2>&1 \
        || fail_and_clean "initdb failed; see $STATE/logs/initdb.log"
fi
nohup "${as_pg[@]}" "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$POSTGRES_PORT" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories="$PG_DIR" > "$STATE/logs/postgres.log" 2>&1 &
record POSTGRES_PID $!
wait_for "PostgreSQL" 60 "$STATE/logs/postgres.log" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres \
    || fail_and_clean "PostgreSQL did not start"
psql_admin() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres "$@"; }
if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_roles WHERE rolname = 'wopi'")" ]; then
    psql_admin -c "CREATE ROLE wopi LOGIN" || fail_and_clean "cannot create the wopi role"
fi
if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = 'wopi'")" ]; then
    psql_admin -c "CREATE DATABASE wopi OWNER wopi" || fail_and_clean "cannot create the wopi database"
fi

# --- Keycloak: the OIDC provider for the user API, with the demo realm (scripts/keycloak/openwopi-realm.json) ---
KC_DIR="$STATE/keycloak/keycloak-$KEYCLOAK_VERSION"
if [ ! -x "$KC_DIR/bin/kc.sh" ]; then
    echo "Fetching Keycloak $KEYCLOAK_VERSION (once; the zip is kept in the local Maven repository)..."
    mkdir -p "$STATE/keycloak"
    (cd "$ROOT" && ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        -DoutputDirectory="$STATE/keycloak") || fail_and_clean "cannot fetch org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
    unzip -q -o "$STATE/keycloak/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$STATE/keycloak" \
        || fail_and_clean "cannot unzip Keycloak (apt-get install unzip)"
    rm -f "$STATE/keycloak/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
fi
mkdir -p "$KC_DIR/data/import"
sed "s/@DIRECTORY_SECRET@/$(cat "$STATE/keys/directory-secret")/" "$ROOT/scripts/keycloak/openwopi-realm.json" \
    > "$KC_DIR/data/import/openwopi-realm.json"
env JAVA_HOME="$KEYCLOAK_JAVA_HOME" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$KC_DIR/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --import-realm \
    > "$STATE/logs/keycloak.log" 2>&1 &
record KEYCLOAK_PID $!
keycloak_ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$KEYCLOAK_PORT/realms/openwopi/.well-known/openid-configuration")" = 200 ]
}

# --- traces (TRACES=1): a printer of whole traces, and every service sending it every span ---
TRACE_ENV=()
if [ -n "$TRACES" ]; then
    nohup java -cp "$(ls "$ROOT"/test-support/target/test-support-*.jar | head -n 1)" org.openwopi.testsupport.TracePrinter \
        "$TRACES_PORT" > "$STATE/logs/traces.log" 2>&1 &
    record TRACES_PID $!
    TRACE_ENV=(QUARKUS_OTEL_SDK_DISABLED=false QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="http://127.0.0.1:$TRACES_PORT"
               QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf QUARKUS_OTEL_TRACES_SAMPLER_ARG=1
               QUARKUS_OTEL_BSP_SCHEDULE_DELAY=PT0.5S)
fi

# --- the four services ---
start_service() {
    local svc=$1 port=$2; shift 2
    local extra_opts=""
    if [ "$svc" = discovery-service ] && [ -n "$WOPI_CLIENT_DISCOVERY_URL" ]; then
        extra_opts="-Ddiscovery.clients.wopi-client.url=$WOPI_CLIENT_DISCOVERY_URL -Ddiscovery.default-client=wopi-client"
    fi
    if [ -n "$WOPI_ODF_CLIENT_DISCOVERY_URL" ] && [ -n "$WOPI_CLIENT_DISCOVERY_URL" ]; then
        if [ "$svc" = discovery-service ]; then
            extra_opts="$extra_opts -Ddiscovery.clients.odf-client.url=$WOPI_ODF_CLIENT_DISCOVERY_URL"
        elif [ "$svc" = wopi-api-service ]; then
            extra_opts="-Dwopi.launch.rules[0].extensions=odt,ods,odp -Dwopi.launch.rules[0].client=odf-client"
            extra_opts="$extra_opts -Dwopi.launch.rules[1].client=wopi-client -Dwopi.launch.rules[2].client=odf-client"
        fi
    fi
    local -a command
    if [ -n "$NATIVE" ]; then
        # shellcheck disable=SC2206
        command=("$(packaged "$svc")" $SERVICE_NATIVE_OPTS $extra_opts)
    else
        # shellcheck disable=SC2206
        command=(java $SERVICE_JAVA_OPTS $extra_opts -jar "$ROOT/$svc/target/quarkus-app/quarkus-run.jar")
    fi
    # shellcheck disable=SC2086
    env QUARKUS_HTTP_PORT="$port" SERVICE_AUTH_CURRENT_KID=local SERVICE_AUTH_CURRENT_PUBLIC_KEY="$STATE/keys/service-public.pem" \
        ${TRACE_ENV[@]+"${TRACE_ENV[@]}"} "$@" nohup "${command[@]}" \
        > "$STATE/logs/$svc.log" 2>&1 &
    record "$(pid_var "$svc")" $!
}
start_service lock-service "$LOCK_SERVICE_PORT" QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
start_service discovery-service "$DISCOVERY_SERVICE_PORT" QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$REDIS_PORT"
start_service storage-service "$STORAGE_SERVICE_PORT" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POSTGRES_PORT/wopi" QUARKUS_DATASOURCE_USERNAME=wopi \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/wopi" \
    STORAGE_BLOB_FILESYSTEM_ROOT="$STATE/blobs"
# wopi-api-service reads the provider's keys at start-up: Keycloak first.
wait_for keycloak "$READY_TIMEOUT" "$STATE/logs/keycloak.log" keycloak_ready || fail_and_clean "Keycloak did not start"
# People's groups come from Keycloak's admin API through the realm's directory client. A realm imported by an older
# checkout has no such client (Keycloak imports a realm only once): then groups come from sign-ins, as before.
DIRECTORY_ENABLED=true
if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -d grant_type=client_credentials -d client_id=openwopi-directory \
        --data-urlencode "client_secret=$(cat "$STATE/keys/directory-secret")" \
        "http://127.0.0.1:$KEYCLOAK_PORT/realms/openwopi/protocol/openid-connect/token")" != 200 ]; then
    DIRECTORY_ENABLED=false
    echo "warning: Keycloak's realm has no working openwopi-directory client (imported by an older checkout?): groups come" >&2
    echo "         from sign-ins, so leaving a group takes effect at the next sign-in; rm -rf $KC_DIR/data/h2 to re-import" >&2
fi
start_service wopi-api-service "$WOPI_API_PORT" \
    QUARKUS_OIDC_AUTH_SERVER_URL="http://127.0.0.1:$KEYCLOAK_PORT/realms/openwopi" \
    QUARKUS_OIDC_WEB_AUTHENTICATION_STATE_SECRET="$(cat "$STATE/keys/oidc-state-secret")" \
    QUARKUS_OIDC_WEB_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET="$(cat "$STATE/keys/oidc-session-secret")" \
    WOPI_DIRECTORY_ENABLED="$DIRECTORY_ENABLED" WOPI_DIRECTORY_CLIENT_ID=openwopi-directory \
    WOPI_DIRECTORY_CLIENT_SECRET="$(cat "$STATE/keys/directory-secret")" \
    WOPI_CLIENTS_LOCK_URL="http://127.0.0.1:$LOCK_SERVICE_PORT" \
    WOPI_CLIENTS_DISCOVERY_URL="http://127.0.0.1:$DISCOVERY_SERVICE_PORT" \
    WOPI_CLIENTS_STORAGE_URL="http://127.0.0.1:$STORAGE_SERVICE_PORT" \
    WOPI_PUBLIC_BASE_URL="${WOPI_PUBLIC_BASE_URL:-http://127.0.0.1:$WOPI_API_PORT}" \
    WOPI_TOKEN_CURRENT_KID=local WOPI_TOKEN_CURRENT_PRIVATE_KEY="$STATE/keys/token-private.pem" \
    SERVICE_AUTH_SIGNING_KID=local SERVICE_AUTH_SIGNING_PRIVATE_KEY="$STATE/keys/service-private.pem" \
    WOPI_TOKEN_CURRENT_PUBLIC_KEY="$STATE/keys/token-public.pem" \
    WOPI_PROOF_ENABLED="${WOPI_PROOF_ENABLED:-true}"

{
    echo "WOPI_API_URL=http://127.0.0.1:$WOPI_API_PORT"
    echo "LOCK_SERVICE_URL=http://127.0.0.1:$LOCK_SERVICE_PORT"
    echo "DISCOVERY_SERVICE_URL=http://127.0.0.1:$DISCOVERY_SERVICE_PORT"
    echo "STORAGE_SERVICE_URL=http://127.0.0.1:$STORAGE_SERVICE_PORT"
    echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
    echo "POSTGRES_URL=postgresql://wopi@127.0.0.1:$POSTGRES_PORT/wopi"
    echo "KEYCLOAK_URL=http://127.0.0.1:$KEYCLOAK_PORT"
} >> "$STACK_ENV.partial"

for entry in "lock-service:$LOCK_SERVICE_PORT" "discovery-service:$DISCOVERY_SERVICE_PORT" \
             "storage-service:$STORAGE_SERVICE_PORT" "wopi-api-service:$WOPI_API_PORT"; do
    svc=${entry%%:*}
    wait_for "$svc" "$READY_TIMEOUT" "$STATE/logs/$svc.log" http_ready "${entry##*:}" \
        || fail_and_clean "$svc did not become ready; its readiness said: $(curl -s "http://127.0.0.1:${entry##*:}/q/health/ready" || echo 'nothing')"
done

mv "$STACK_ENV.partial" "$STACK_ENV"
echo "The WOPI host is up. Logs are in $STATE/logs; stop it with scripts/local-down.sh."
if [ -n "$TRACES" ]; then
    echo "Every request is traced: tail -f $STATE/logs/traces.log"
fi
print_urls
