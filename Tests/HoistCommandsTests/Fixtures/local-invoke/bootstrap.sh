#!/bin/sh
# A Lambda bootstrap in shell over the Runtime API (curl), for the tests of `hoist invoke --local`.
#
# With FAIL_INIT set it reports an init error and exits 1. Otherwise, by the event: {"mode":"fail"} reports a
# function error, {"mode":"hang"} never answers (it waits on a `sleep` of its own, whose process id it writes to
# $HANG_MARKER when set), {"mode":"exit"} exits 3
# before answering; any other event is answered {"echo": EVENT, "greeting": $GREETING, "rotation": $HOIST_ROTATION_HANDLER, "requestId": ID}.
# It writes a line to standard error at init and one to standard output per event: the log, never the answer.
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
if [ -n "${FAIL_INIT:-}" ]; then
    curl -sS -X POST "$api/init/error" -d '{"errorType":"Runtime.ConfigError","errorMessage":"FAIL_INIT is set"}' \
        >/dev/null
    exit 1
fi
echo "init: greeting ${GREETING:-none}" >&2
headers=$(mktemp)
trap 'rm -f "$headers"' EXIT
trap 'exit 0' TERM INT
while true; do
    event=$(curl -sS -D "$headers" "$api/invocation/next") || exit 0
    id=$(tr -d '\r' <"$headers" | grep -i '^lambda-runtime-aws-request-id:' | cut -d' ' -f2)
    echo "handling $id"
    case "$event" in
    *'"mode":"fail"'*)
        curl -sS -X POST "$api/invocation/$id/error" -d '{"errorType":"OrderRejected","errorMessage":"stock is 0"}' \
            >/dev/null
        ;;
    *'"mode":"hang"'*)
        sleep 120 &
        echo "sleeping in process $!"
        if [ -n "${HANG_MARKER:-}" ]; then echo "$!" >"$HANG_MARKER"; fi
        wait
        ;;
    *'"mode":"exit"'*) exit 3 ;;
    *)
        answer="{\"echo\":$event,\"greeting\":\"${GREETING:-}\",\"rotation\":\"${HOIST_ROTATION_HANDLER:-}\""
        curl -sS -X POST "$api/invocation/$id/response" -d "$answer,\"requestId\":\"$id\"}" >/dev/null
        ;;
    esac
done
