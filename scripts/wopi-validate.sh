#!/usr/bin/env bash
# Runs Microsoft's WOPI validator test cases (../shared/wopi-validator) against the local stack with proof keys ON,
# then its key-rotation check. Starts the stack when it is not running (and stops it again at the end), pointing
# discovery-service at the validator's own discovery server, which publishes the keys it signs with. The test file is
# made the way a user would: sign in (Keycloak, demo user alice), create a folder and an empty .wopitest file through
# the user API, and open it through the launch call for the access token.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

VALIDATOR_DIR=${WOPI_VALIDATOR_DIR:-$ROOT/../shared/wopi-validator}
VALIDATOR_PORT=${WOPI_VALIDATOR_PORT:-18089}
VALIDATOR_USER=${WOPI_VALIDATOR_USER:-alice}
VALIDATOR_PASSWORD=${WOPI_VALIDATOR_PASSWORD:-alice}

[ -f "$VALIDATOR_DIR/wopi_validator.py" ] || die "no WOPI validator at $VALIDATOR_DIR (set WOPI_VALIDATOR_DIR)"
command -v python3 >/dev/null || die "python3 not found: apt-get install python3"
python3 -c 'import cryptography' 2>/dev/null || die "the validator needs python3's cryptography: apt-get install python3-cryptography"

work=$(mktemp -d)
discovery_pid=""
started_stack=false
cleanup() {
    [ -n "$discovery_pid" ] && kill "$discovery_pid" 2>/dev/null || true
    if $started_stack; then "$ROOT/scripts/local-down.sh" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

discovery_url="http://127.0.0.1:$VALIDATOR_PORT"
python3 "$VALIDATOR_DIR/wopi_validator.py" keys "$work/keys.json" >/dev/null
require_free_port "$VALIDATOR_PORT"
python3 "$VALIDATOR_DIR/wopi_validator.py" discovery --keys "$work/keys.json" --listen "127.0.0.1:$VALIDATOR_PORT" \
    > "$work/discovery.log" 2>&1 &
discovery_pid=$!
for _ in $(seq 1 50); do
    curl -sf -o /dev/null "$discovery_url/hosting/discovery" && break
    sleep 0.2
done
curl -sf -o /dev/null "$discovery_url/hosting/discovery" || die "the validator's discovery server did not start: $(cat "$work/discovery.log")"

if stack_running; then
    # shellcheck disable=SC1090
    source "$STACK_ENV"
    curl -s "$DISCOVERY_SERVICE_URL/discovery/clients" | grep -q "127.0.0.1:$VALIDATOR_PORT/hosting/discovery" \
        || die "the running stack does not use the validator's discovery server; stop it (scripts/local-down.sh) and run this again"
else
    # The validator's keys are new every run: a fresh Redis namespace keeps discovery-service from serving the copy
    # (and keys) an earlier run left in the local Redis.
    WOPI_CLIENT_DISCOVERY_URL="$discovery_url/hosting/discovery" DISCOVERY_REDIS_KEY_PREFIX="wopi:discovery:validator-$(date +%s):" \
        "$ROOT/scripts/local-up.sh"
    started_stack=true
    # shellcheck disable=SC1090
    source "$STACK_ENV"
fi

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Sign in as the demo user (the realm allows the password grant for scripts).
user_token=$(curl -sf -d grant_type=password -d client_id=openwopi-web -d "username=$VALIDATOR_USER" \
    -d "password=$VALIDATOR_PASSWORD" "$KEYCLOAK_URL/realms/openwopi/protocol/openid-connect/token" | json_field access_token) \
    || die "cannot sign in to Keycloak as $VALIDATOR_USER"
auth=(-H "Authorization: Bearer $user_token")

folder=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"name\":\"wopi-validator-$(date +%Y%m%d-%H%M%S)-$RANDOM\"}" "$WOPI_API_URL/api/folders" | json_field id) \
    || die "cannot create the validator's folder through the user API"
file=$(curl -sf "${auth[@]}" -H 'Content-Type: application/octet-stream' --data-binary '' \
    "$WOPI_API_URL/api/files?name=validator.wopitest&folderId=$folder" | json_field id) \
    || die "cannot create the .wopitest file through the user API"
launch=$(curl -sf "${auth[@]}" -X POST "$WOPI_API_URL/api/files/$file/launch?action=view") \
    || die "the launch call failed: $(curl -s "${auth[@]}" -X POST "$WOPI_API_URL/api/files/$file/launch?action=view")"
wopi_src=$(echo "$launch" | json_field wopiSrc)
token=$(echo "$launch" | json_field accessToken)
ttl=$(echo "$launch" | json_field accessTokenTtl)
echo "Validating $wopi_src (access token of ${#token} characters; action URL $(echo "$launch" | json_field actionUrl | cut -c1-80)...)"

status=0
python3 "$VALIDATOR_DIR/wopi_validator.py" run --wopisrc "$wopi_src" --token "$token" --token-ttl "$ttl" \
    --keys "$work/keys.json" --discovery-url "$discovery_url" --json-report "$ROOT/.local/wopi-validator-report.json" \
    > "$work/run.log" 2>&1 || status=1
grep -E '^(FAIL|  )' "$work/run.log" || true
echo "validator: $(tail -n 1 "$work/run.log")"

python3 "$VALIDATOR_DIR/wopi_validator.py" rotation --wopisrc "$wopi_src" --token "$token" --token-ttl "$ttl" \
    --keys "$work/keys.json" --discovery-url "$discovery_url" > "$work/rotation.log" 2>&1 || status=1
grep -E '^FAIL' -A3 "$work/rotation.log" || true
echo "rotation: $(tail -n 1 "$work/rotation.log")"

# Conversion with the validator's discovery, which advertises convert for .doc/.xls/.ppt: the host opens the convert
# action, and the converted file comes back as Office sends it (PutRelativeFile with X-WOPI-FileConversion, signed
# with the validator's keys); in place (the default), it is the same file's next version under the new extension.
legacy=$(curl -sf "${auth[@]}" -H 'Content-Type: application/octet-stream' --data-binary 'legacy workbook' \
    "$WOPI_API_URL/api/files?name=legacy.xls&folderId=$folder" | json_field id) || die "cannot upload legacy.xls"
convert=$(curl -sf "${auth[@]}" -X POST "$WOPI_API_URL/api/files/$legacy/launch?action=convert") \
    || die "the convert launch failed: $(curl -s "${auth[@]}" -X POST "$WOPI_API_URL/api/files/$legacy/launch?action=convert")"
if python3 - "$VALIDATOR_DIR" "$work/keys.json" "$(echo "$convert" | json_field wopiSrc)" \
        "$(echo "$convert" | json_field accessToken)" "$(echo "$convert" | json_field actionUrl)" <<'PY'
import json, sys, urllib.parse, urllib.request
sys.path.insert(0, sys.argv[1])
import wopi_validator as validator
keys, wopi_src, token, action_url = validator.ProofKeys.load(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
assert "/x/_layouts/xlconvert.aspx" in action_url, "not the discovery's convert action: " + action_url
url = wopi_src + "?access_token=" + urllib.parse.quote(token, safe="")
headers = {"X-WOPI-Override": "PUT_RELATIVE", "X-WOPI-FileConversion": "true", "X-WOPI-SuggestedTarget": ".xlsx",
           "Content-Type": "application/octet-stream", **keys.proof_headers(token, url, validator.now_ticks())}
with urllib.request.urlopen(urllib.request.Request(url, data=b"converted workbook", headers=headers, method="POST")) as answer:
    body = json.load(answer)
assert body["Name"] == "legacy.xlsx", body
assert body["HostEditUrl"].endswith("/host/" + wopi_src.rsplit("/", 1)[1] + "?action=edit"), body
PY
then
    converted=$(curl -sf "${auth[@]}" "$WOPI_API_URL/api/files/$legacy")
    if [ "$(echo "$converted" | json_field name)" = legacy.xlsx ] && [ "$(echo "$converted" | json_field version)" = 2 ]; then
        echo "conversion: legacy.xls became version 2 of the same file, legacy.xlsx"
    else
        echo "conversion: FAILED, the file is now $converted"; status=1
    fi
else
    echo "conversion: FAILED"; status=1
fi
exit $status
