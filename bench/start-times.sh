#!/usr/bin/env bash
# Each service's JVM start measured alone: on a running local stack (scripts/local-up.sh; started here and stopped
# after if none runs), every service in turn is stopped and started again by itself, with the command line, working
# folder and environment it ran with, START_RUNS times (default 3). Prints Quarkus's own "started in" and the time
# from exec to a 200 from /q/health/ready, min-max over the runs. The figures the whole-stack benchmark prints are
# all four services and Keycloak starting at once on the same cores; these are what one service's restart costs
# (a rolling update, a crashed pod).
# Each new pid is appended to .local/stack.env, whose last entry scripts/local-down.sh uses, so the stack stays
# stoppable.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
RUNS=${START_RUNS:-3}
READY_WITHIN=60

ours=0
if ! stack_running; then
    "$ROOT/scripts/local-up.sh" >/dev/null
    ours=1
fi
trap '[ "$ours" = 1 ] && "$ROOT/scripts/local-down.sh" >/dev/null' EXIT

last() { sed -n "s/^$1=//p" "$STACK_ENV" | tail -n 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# restart SERVICE PORT: prints "STARTED_IN_SECONDS READY_MS".
restart() {
    local svc=$1 port=$2 var pid log cwd mark begin ready started
    var=$(pid_var "$svc")
    pid=$(last "$var")
    is_ours "$pid" "$(last "${var%_PID}_STARTED")" || die "$svc (pid $pid) is not the one local-up.sh started"
    local -a environ cmdline
    mapfile -d '' environ < "/proc/$pid/environ"
    mapfile -d '' cmdline < "/proc/$pid/cmdline"
    cwd=$(readlink "/proc/$pid/cwd")
    log="$STATE/logs/$svc.log"
    kill -TERM "$pid"
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "$svc (pid $pid) did not stop in 20 s"
    mark=$(wc -l < "$log")
    begin=$(now_ms)
    (cd "$cwd" && exec env -i "${environ[@]}" nohup "${cmdline[@]}" >> "$log" 2>&1) &
    pid=$!
    { echo "$var=$pid"; echo "${var%_PID}_STARTED=$(start_ticks "$pid")"; } >> "$STACK_ENV"
    ready=""
    while [ $(($(now_ms) - begin)) -lt $((READY_WITHIN * 1000)) ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/q/health/ready")" = 200 ]; then
            ready=$(($(now_ms) - begin))
            break
        fi
        sleep 0.02
    done
    [ -n "$ready" ] || die "$svc was not ready within $READY_WITHIN s (log: $log)"
    started=$(tail -n +"$((mark + 1))" "$log" | sed -n 's/.* started in \([0-9.]*\)s.*/\1/p' | tail -n 1)
    echo "${started:-?} $ready"
}

echo "| service | Quarkus \"started in\" | exec to ready | runs |"
echo "|---|---|---|---|"
for svc in "${SERVICES[@]}"; do
    url_var=${svc//-/_}; url_var=${url_var^^}_URL
    [ "$svc" = wopi-api-service ] && url_var=WOPI_API_URL
    port=$(last "$url_var"); port=${port##*:}
    starts=(); readies=()
    for _ in $(seq 1 "$RUNS"); do
        out=$(restart "$svc" "$port")
        read -r s r <<< "$out"
        starts+=("$s"); readies+=("$r")
        sleep 2 # let the machine settle between runs
    done
    range() { printf '%s\n' "$@" | sort -g | sed -n '1p;$p' | paste -sd' ' | awk '{ printf "%s–%s", $1, $2 }'; }
    ready_s=(); for r in "${readies[@]}"; do ready_s+=("$(awk -v ms="$r" 'BEGIN { printf "%.2f", ms / 1000 }')"); done
    echo "| $svc | $(range "${starts[@]}") s | $(range "${ready_s[@]}") s | $RUNS |"
done
echo
echo "$(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
