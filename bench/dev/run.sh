#!/usr/bin/env bash
# hoist dev under load, on the real backend: starts moto (SigV4 enforced), `hoist deploy --yes` of backend/,
# `hoist dev` of the deployed bootstrap, then 1,000 sequential and 200 concurrent (16 at a time) requests of
# GET /health and GET /movies; prints the client's p50/p99 and, on stopping, the server's own.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/testbed.py start
dev_pid=""
cleanup() {
    if [ -n "$dev_pid" ] && kill -0 "$dev_pid" 2>/dev/null; then kill -TERM "$dev_pid"; wait "$dev_pid" || true; fi
    python3 scripts/testbed.py stop
}
trap cleanup EXIT
state=.hoist-test/moto.json
endpoint=$(python3 -c "import json;print(json.load(open('$state'))['endpoint'])")
export AWS_ACCESS_KEY_ID=$(python3 -c "import json;print(json.load(open('$state'))['accessKeyId'])")
export AWS_SECRET_ACCESS_KEY=$(python3 -c "import json;print(json.load(open('$state'))['secretAccessKey'])")
export AWS_REGION=us-east-1
swift build --product hoist 2>&1 | tail -1
hoist=$PWD/.build/debug/hoist
"$hoist" deploy --yes --config backend/hoist.yml --endpoint-url "$endpoint" >/dev/null
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
log=$(mktemp)
"$hoist" dev --config backend/hoist.yml --endpoint-url "$endpoint" --port "$port" \
    --bootstrap .hoist/build/bootstrap --processes "${PROCESSES:-2}" >"$log" 2>&1 &
dev_pid=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
echo "hoist dev, ${PROCESSES:-2} processes, $(nproc) cores"
python3 bench/dev/load.py --url "http://127.0.0.1:$port" --path /health
python3 bench/dev/load.py --url "http://127.0.0.1:$port" --path "/movies?limit=20"
kill -TERM "$dev_pid"
wait "$dev_pid" || true
dev_pid=""
echo "server side: $(grep 'hoist dev: stopped' "$log" | sed 's/^hoist dev: stopped; //')"
rm -f "$log"
