#!/usr/bin/env bash
# The README's test command: installs what is missing, starts moto_server with SigV4 auth enforced,
# runs every test of the tool (and of backend/ when it is there), and stops the server however they end.
# Each step has a time limit well inside CI's 90 minutes, so a step that hangs fails with its name (and, for the
# tests, the tests that had not ended) instead of the whole run being cut off without a word.
set -euo pipefail
cd "$(dirname "$0")/.."
# A Swift program that crashes prints its backtrace and exits; it never waits at the backtracer's prompt, which
# it would where CI gives it a terminal.
export SWIFT_BACKTRACE=interactive=no,color=no
scripts/install-deps.sh
python3 scripts/testbed.py start
trap 'python3 scripts/testbed.py stop' EXIT
export HOIST_TEST_MOTO="$PWD/.hoist-test/moto.json"
export HOIST_REQUIRE_MOTO=1
# Every request the tests send through scripts/awsproxy.py is recorded here and checked against botocore's
# service models after the run (the validator's own self-test first: it must catch broken requests).
export HOIST_RECORD_REQUESTS="$PWD/.hoist-test/requests"
rm -rf "$HOIST_RECORD_REQUESTS"

# step NAME MINUTES COMMAND…: runs COMMAND under a time limit, says how long it took, stops the run if it failed.
step() {
    local name=$1 minutes=$2 start rc=0
    shift 2
    start=$(date +%s)
    echo "== $name"
    timeout --kill-after=30 "${minutes}m" "$@" || rc=$?
    echo "== $name: $(( $(date +%s) - start )) s, exit $rc"
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        echo "scripts/test.sh: $name did not end within $minutes minutes" >&2
    fi
    return "$rc"
}

python3 scripts/validate_requests_selftest.py
python3 scripts/awsproxy_rules_selftest.py "$HOIST_TEST_MOTO"
scripts/stamp-version.sh   # the commit `hoist --version` and plan files name
step "swift build --build-tests" 30 swift build --build-tests
log=.hoist-test/swift-test.log
rc=0
step "swift test" 30 swift test --skip-build 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
if [ "$rc" != 0 ]; then
    python3 scripts/unfinished_tests.py "$log" >&2 || true
    exit "$rc"
fi
if compgen -G "$HOIST_RECORD_REQUESTS/*.jsonl" > /dev/null; then
    python3 scripts/validate_requests.py "$HOIST_RECORD_REQUESTS"/*.jsonl
fi
# The installed binary without the toolchain: a release build with the static Swift stdlib (minutes cold on
# 2 cores), then --version, --help, ldd and a Python deploy under env -i. HOIST_SKIP_INSTALL_CHECK=1 skips it.
if [ "${HOIST_SKIP_INSTALL_CHECK:-}" != 1 ]; then
    step "scripts/check-install.sh" 25 scripts/check-install.sh
fi
if [ -f backend/Package.swift ] && [ -d backend/Tests ]; then
    (cd backend && step "backend: swift test" 30 swift test)
fi
