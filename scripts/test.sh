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
scripts/stamp-version.sh   # the commit `hoist --version` and plan files name
swift build --build-tests
swift test --skip-build
if [ -f backend/Package.swift ] && [ -d backend/Tests ]; then
    (cd backend && swift test)
fi
