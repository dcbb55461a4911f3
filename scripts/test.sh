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
# The installed binary without the toolchain (release build with the static Swift stdlib: ~8 min cold on a
# 2-core machine, so opt-in): HOIST_TEST_INSTALL=1 scripts/test.sh
if [ "${HOIST_TEST_INSTALL:-}" = 1 ]; then
    scripts/check-install.sh
fi
if [ -f backend/Package.swift ] && [ -d backend/Tests ]; then
    (cd backend && swift test)
fi
