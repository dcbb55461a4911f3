#!/usr/bin/env bash
# The README's test command: installs what is missing, starts moto_server with SigV4 auth enforced,
# runs every test of the tool (and of backend/ when it is there), and stops the server however they end.
#
# Each step runs in a session of its own under a time limit well inside CI's 90 minutes. When it ends, whatever it
# started and left running is killed: a test process that crashes leaves its children (proxies, a dev server)
# running with this script's output open, and CI would wait on them until its own limit. A step that runs out of
# time fails with its name and, for the tests, the tests that never ended.
set -euo pipefail
cd "$(dirname "$0")/.."
# A Swift program that crashes prints its backtrace and exits; it never waits at the backtracer's prompt.
export SWIFT_BACKTRACE=interactive=no,color=no
scripts/install-deps.sh
step_session=""
cleanup() {
    [ -z "$step_session" ] || pkill -KILL -s "$step_session" 2>/dev/null || true
    python3 scripts/testbed.py stop
}
trap cleanup EXIT
python3 scripts/testbed.py start
export HOIST_TEST_MOTO="$PWD/.hoist-test/moto.json"
export HOIST_REQUIRE_MOTO=1
# Every request the tests send through scripts/awsproxy.py is recorded here and checked against botocore's
# service models after the run (the validator's own self-test first: it must catch broken requests).
export HOIST_RECORD_REQUESTS="$PWD/.hoist-test/requests"
rm -rf "$HOIST_RECORD_REQUESTS"

# step NAME MINUTES LOG COMMAND…: COMMAND in its own session under a time limit, its output shown and kept in LOG;
# says how long it took; returns its status after killing what it left running.
step() {
    local name=$1 minutes=$2 log=$3 start rc=0
    shift 3
    start=$(date +%s)
    echo "== $name"
    # tee is a process substitution, which bash does not wait for: the step ends when COMMAND does, even while
    # something it left behind still holds the pipe to tee.
    STEP_LIMIT="${minutes}m" STEP_LOG="$log" setsid bash -c \
        'timeout --kill-after=30 "$STEP_LIMIT" "$@" > >(exec tee "$STEP_LOG") 2>&1' step "$@" &
    step_session=$!
    wait "$step_session" || rc=$?
    # tee ends by itself once the last output is read, unless a leftover holds the pipe: 2 s, then everything goes.
    for _ in $(seq 20); do pgrep -s "$step_session" > /dev/null || break; sleep 0.1; done
    pkill -KILL -s "$step_session" 2>/dev/null || true
    step_session=""
    echo "== $name: $(( $(date +%s) - start )) s, exit $rc"
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "scripts/test.sh: $name did not end within $minutes minutes" >&2
    fi
    return "$rc"
}

python3 scripts/validate_requests_selftest.py
python3 scripts/awsproxy_rules_selftest.py "$HOIST_TEST_MOTO"
scripts/stamp-version.sh   # the commit `hoist --version` and plan files name
logs=.hoist-test/logs
mkdir -p "$logs"
step "swift build --build-tests" 30 "$logs/build.log" swift build --build-tests
rc=0
step "swift test" 30 "$logs/test.log" swift test --skip-build || rc=$?
if [ "$rc" != 0 ]; then
    python3 scripts/unfinished_tests.py "$logs/test.log" >&2 || true
    exit "$rc"
fi
if compgen -G "$HOIST_RECORD_REQUESTS/*.jsonl" > /dev/null; then
    python3 scripts/validate_requests.py "$HOIST_RECORD_REQUESTS"/*.jsonl
fi
# The installed binary without the toolchain: a release build with the static Swift stdlib (minutes cold on
# 2 cores), then --version, --help, ldd and a Python deploy under env -i. HOIST_SKIP_INSTALL_CHECK=1 skips it.
if [ "${HOIST_SKIP_INSTALL_CHECK:-}" != 1 ]; then
    step "scripts/check-install.sh" 25 "$logs/check-install.log" scripts/check-install.sh
fi
if [ -f backend/Package.swift ] && [ -d backend/Tests ]; then
    step "backend: swift test" 30 "$logs/backend-test.log" swift test --package-path backend
fi
