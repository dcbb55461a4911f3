#!/usr/bin/env bash
# The README's test command: installs what is missing, starts moto_server with SigV4 auth enforced,
# runs every test of the tool (and of backend/ when it is there), and stops the server however they end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
python3 scripts/testbed.py start
trap 'python3 scripts/testbed.py stop' EXIT
export HOIST_TEST_MOTO="$PWD/.hoist-test/moto.json"
export HOIST_REQUIRE_MOTO=1
# Every request the tests send through scripts/awsproxy.py is recorded here and checked against botocore's
# service models after the run (the validator's own self-test first: it must catch broken requests).
export HOIST_RECORD_REQUESTS="$PWD/.hoist-test/requests"
rm -rf "$HOIST_RECORD_REQUESTS"
python3 scripts/validate_requests_selftest.py
python3 scripts/awsproxy_rules_selftest.py "$HOIST_TEST_MOTO"
scripts/stamp-version.sh   # the commit `hoist --version` and plan files name
swift build --build-tests
swift test --skip-build
if compgen -G "$HOIST_RECORD_REQUESTS/*.jsonl" > /dev/null; then
    python3 scripts/validate_requests.py "$HOIST_RECORD_REQUESTS"/*.jsonl
fi
# The installed binary without the toolchain: a release build with the static Swift stdlib (minutes cold on
# 2 cores), then --version, --help, ldd and a Python deploy under env -i. HOIST_SKIP_INSTALL_CHECK=1 skips it.
if [ "${HOIST_SKIP_INSTALL_CHECK:-}" != 1 ]; then
    scripts/check-install.sh
fi
if [ -f backend/Package.swift ] && [ -d backend/Tests ]; then
    (cd backend && swift test)
fi
