# Shared by local-up.sh and local-down.sh; sourced, not run.
# shellcheck shell=bash

STATE="$ROOT/.local"
STACK_ENV="$STATE/stack.env"
SERVICES=(lock-service discovery-service storage-service wopi-api-service)
KEYCLOAK_VERSION=26.7.3

# A java of at least major version $1: JAVA_HOME's, the PATH's, or one under /usr/lib/jvm. Prints its JAVA_HOME.
java_home_at_least() {
    local want=$1 candidate version
    for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
        if [ -n "$version" ] && [ "${version%%.*}" -ge "$want" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

die() {
    echo "error: $*" >&2
    exit 1
}

# lock-service -> LOCK_SERVICE_PID
pid_var() {
    local name=${1//-/_}
    echo "${name^^}_PID"
}

postgres_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then
        echo "$dir"
    elif command -v initdb >/dev/null && command -v postgres >/dev/null; then
        dirname "$(command -v postgres)"
    else
        return 1
    fi
}

# A random loopback port in 20000-39999 that nothing listens on (benchmarks).
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        [ -z "$(ss -ltnH "sport = :$port")" ] && { echo "$port"; return; }
    done
}

require_free_port() {
    local port=$1 holder
    holder=$(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 1)
    if [ -n "$holder" ]; then
        die "port $port is in use by ${holder##*users:}; stop that process or choose another port (see README: Configuration)"
    fi
}

redis_answers() {
    local reply
    reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && timeout 1 head -c 5 <&3) 2>/dev/null || true)
    [ "$reply" = "+PONG" ]
}

http_ready() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$1/q/health/ready")" = 200 ]
}

# wait_for NAME SECONDS LOG COMMAND...: polls COMMAND until it succeeds; shows the log's end when time is up.
wait_for() {
    local name=$1 seconds=$2 log=$3; shift 3
    local deadline=$((SECONDS + seconds))
    while [ $SECONDS -lt $deadline ]; do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    echo "$name was not ready within ${seconds}s; the end of $log:" >&2
    tail -n 20 "$log" >&2 || true
    return 1
}

# The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat); empty when it is gone.
start_ticks() {
    [ -r "/proc/$1/stat" ] || return 0
    # The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f20
}

# Whether PID is still the process local-up.sh started (same pid and same start time).
is_ours() {
    local pid=$1 started=$2
    [ -n "$pid" ] && [ -n "$started" ] && [ "$(start_ticks "$pid")" = "$started" ]
}

stack_running() {
    [ -f "$STACK_ENV" ] || return 1
    is_ours "$(sed -n 's/^WOPI_API_SERVICE_PID=//p' "$STACK_ENV")" "$(sed -n 's/^WOPI_API_SERVICE_STARTED=//p' "$STACK_ENV")"
}

print_urls() {
    # shellcheck disable=SC1090
    source "$STACK_ENV"
    echo
    echo "  WOPI host (open this):  $WOPI_API_URL    health: $WOPI_API_URL/q/health"
    echo "  lock-service:           $LOCK_SERVICE_URL"
    echo "  discovery-service:      $DISCOVERY_SERVICE_URL"
    echo "  storage-service:        $STORAGE_SERVICE_URL"
    echo "  Redis:                  $REDIS_URL"
    echo "  PostgreSQL:             $POSTGRES_URL"
    if [ -n "${KEYCLOAK_URL:-}" ]; then
        echo "  Keycloak (sign-in):     $KEYCLOAK_URL/realms/openwopi   demo users alice/alice, bob/bob (group team), carol/carol, dave/dave, olivia/olivia (operator: /admin); admin console admin/admin"
    fi
    echo
    echo "  Machine-readable: $STACK_ENV"
}
