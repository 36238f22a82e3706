#!/usr/bin/env bash
# Checks that scripts/local-up.sh works as root from a checkout the postgres user cannot enter (a clone under /root,
# any mktemp -d folder): a copy of this checkout, built jars included, in a fresh private folder must start the whole
# stack, with PostgreSQL's data in the postgres user's home, and stop it again. Run by .ci/run after the other
# local-stack checks (it uses local-up.sh's default ports). As another user than root there is nothing to check.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

if [ "$(id -u)" != 0 ]; then
    echo "local-up from a private folder: nothing to check (PostgreSQL runs as another user only when we are root)"
    exit 0
fi
"$ROOT/scripts/local-down.sh" >/dev/null 2>&1 || true

PRIVATE=$(mktemp -d)
COPY="$PRIVATE/openwopi"
PG_DIR=""
cleanup() {
    [ -x "$COPY/scripts/local-down.sh" ] && "$COPY/scripts/local-down.sh" >/dev/null 2>&1 || true
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
    rm -rf "$PRIVATE"
}
trap cleanup EXIT

mkdir "$COPY"
# Modification times are kept, so local-up.sh finds the jars current and builds nothing.
tar -C "$ROOT" --exclude=./.local --exclude=./e2e/node_modules --exclude=./k8s/schema-check/node_modules -cf - . \
    | tar -C "$COPY" -xf -
if setpriv --reuid=postgres --regid=postgres --init-groups -- test -x "$COPY"; then
    die "the postgres user can enter $COPY: this check would prove nothing"
fi

output=$("$COPY/scripts/local-up.sh" 2>&1) || { printf '%s\n' "$output" >&2; die "local-up.sh failed from $COPY"; }
PG_DIR=$(printf '%s\n' "$output" | sed -n 's/^PostgreSQL keeps its data in \(.*\): the postgres user cannot reach .*/\1/p' | head -n 1)
[ -n "$PG_DIR" ] || { printf '%s\n' "$output" >&2; die "local-up.sh did not say where PostgreSQL keeps its data"; }
case "$PG_DIR" in
    "$(getent passwd postgres | cut -d: -f6)"/openwopi-local/*) ;;
    *) die "PostgreSQL's data is in $PG_DIR, not under the postgres user's home" ;;
esac
status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:${WOPI_API_PORT:-8080}/q/health/ready")
[ "$status" = 200 ] || die "wopi-api-service started from $COPY is not ready (readiness answered $status)"
"$COPY/scripts/local-down.sh" >/dev/null
echo "local-up from a private folder: the stack came up from $COPY with PostgreSQL's data in $PG_DIR, and went down"
