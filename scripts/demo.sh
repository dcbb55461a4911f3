#!/usr/bin/env bash
# The main job, on a fresh machine with no AWS account: install what is missing, start a local AWS endpoint
# (moto_server on loopback, SigV4 enforced), `hoist deploy --yes` the backend in backend/ to it, run the deployed
# function locally with `hoist dev` (its own Lambda Runtime API and an HTTP API front), and call the API:
# register, login, create a movie, list movies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/install-deps.sh
python3 scripts/testbed.py start
dev_pid=""
cleanup() {
    if [ -n "$dev_pid" ] && kill -0 "$dev_pid" 2>/dev/null; then
        kill -TERM "$dev_pid" 2>/dev/null || true
        wait "$dev_pid" 2>/dev/null || true
    fi
    python3 scripts/testbed.py stop
}
trap cleanup EXIT
state=.hoist-test/moto.json
endpoint=$(python3 -c "import json;print(json.load(open('$state'))['endpoint'])")
# The test bed's admin key, for this shell only (moto's, not a real account's).
export AWS_ACCESS_KEY_ID=$(python3 -c "import json;print(json.load(open('$state'))['accessKeyId'])")
export AWS_SECRET_ACCESS_KEY=$(python3 -c "import json;print(json.load(open('$state'))['secretAccessKey'])")
export AWS_REGION=us-east-1

echo "== building hoist"
swift build --product hoist 2>&1 | tail -1
hoist="$root/.build/debug/hoist"

echo "== hoist deploy --yes (backend/ → $endpoint)"
"$hoist" deploy --yes --config backend/hoist.yml --endpoint-url "$endpoint"

echo "== hoist dev: the deployed bootstrap behind hoist's Runtime API and HTTP API front"
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
# --bootstrap runs the binary deploy just built and shipped (without it, hoist dev builds a debug one).
"$hoist" dev --config backend/hoist.yml --endpoint-url "$endpoint" --port "$port" \
    --bootstrap .hoist/build/bootstrap --processes 2 &
dev_pid=$!
api="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -sf "$api/health" >/dev/null 2>&1 && break; sleep 0.1; done

call() {  # METHOD PATH [BODY] [TOKEN]
    # --fail-with-body: an answer of 400 or more stops the demo (set -e) after showing it.
    local args=(-sS --fail-with-body -X "$1" "$api$2" -H 'content-type: application/json' -w '\n  → HTTP %{http_code}\n')
    [ -n "${3:-}" ] && args+=(-d "$3")
    [ -n "${4:-}" ] && args+=(-H "authorization: Bearer $4")
    echo "$1 $2"
    curl "${args[@]}"
}
call POST /auth/register '{"username":"admin","password":"correct-horse-battery"}'
# Public registration never makes an administrator (backend/README.md: Administrators). On AWS the operator runs
# the function's operator task (aws lambda invoke … '{"hoist_admin":{"promote":"admin"}}'); moto runs no Lambda,
# so here the operator gives the role in the users table, where the backend reads roles on every request.
echo "operator: promote admin (users table, not the public API)"
python3 - "$endpoint" <<'PY'
import sys
import boto3
table = boto3.resource("dynamodb", endpoint_url=sys.argv[1], region_name="us-east-1").Table("movies-api-dev-users")
table.update_item(Key={"username": "admin"}, UpdateExpression="SET #r = :r",
                  ExpressionAttributeNames={"#r": "roles"}, ExpressionAttributeValues={":r": ["admin", "user"]})
print("  roles: admin, user")
PY
login=$(curl -sS --fail-with-body -X POST "$api/auth/login" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"correct-horse-battery"}')
echo "POST /auth/login"
echo "$login" | python3 -c "import json,sys;d=json.load(sys.stdin);print('  token issued, expires', d['expiresAt'])"
token=$(echo "$login" | python3 -c "import json,sys;print(json.load(sys.stdin)['token'])")
call POST /movies '{"title":"Arrival","year":2016,"genres":["sci-fi","drama"],"director":"Denis Villeneuve"}' "$token"
call GET /movies
kill -TERM "$dev_pid" && wait "$dev_pid" || true
dev_pid=""
echo "== done: deployed with hoist, answered by the deployed bootstrap under hoist dev"
