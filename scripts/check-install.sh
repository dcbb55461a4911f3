#!/usr/bin/env bash
# Checks scripts/install.sh end to end: installs into a temporary prefix, then runs the installed hoist with the
# Swift toolchain out of reach (env -i, a PATH without it, no LD_LIBRARY_PATH): --version, --help, ldd without
# libswift*/libFoundation*, the three completion files, and — when the test bed is up (HOIST_TEST_MOTO) — a
# `hoist deploy` of the Python fixture against moto. Any failure exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prefix=$(mktemp -d)
work=$(mktemp -d)
proxy_pid=""
cleanup() {
    [ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null || true
    rm -rf "$prefix" "$work"
}
trap cleanup EXIT
fail() { echo "check-install: FAIL: $*" >&2; exit 1; }

start=$(date +%s)
scripts/install.sh --prefix "$prefix"
echo "check-install: install.sh took $(( $(date +%s) - start )) s"
hoist="$prefix/bin/hoist"

# Python for pip (Python backends need it), but not the toolchain.
python_dir=$(dirname "$(python3 -c 'import sys; print(sys.executable)')")
case "$python_dir" in *swift*) python_dir="" ;; esac
clean_path="/usr/bin:/bin${python_dir:+:$python_dir}"
bare() { env -i HOME="$work/home" PATH="$clean_path" "$@"; }
mkdir -p "$work/home"
bare sh -c '! command -v swift >/dev/null && ! command -v swiftc >/dev/null' || fail "swift is on $clean_path"

version=$(bare "$hoist" --version) || fail "hoist --version exited $?"
commit=$(git rev-parse HEAD)
case "$version" in *"$commit"*) ;; *) fail "hoist --version says '$version', the work tree is at $commit" ;; esac
bare "$hoist" --help > "$work/help" || fail "hoist --help exited $?"
grep -q "USAGE: hoist" "$work/help" || fail "hoist --help printed no usage"
if ldd "$hoist" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift'; then
    fail "the installed binary links the Swift runtime's shared libraries"
fi
for file in share/bash-completion/completions/hoist share/zsh/site-functions/_hoist \
    share/fish/vendor_completions.d/hoist.fish; do
    grep -q "deploy" "$prefix/$file" || fail "$file is missing or names no subcommand"
done
bash -n "$prefix/share/bash-completion/completions/hoist" || fail "the bash completion does not parse"
echo "check-install: $version runs without the toolchain; ldd: $(ldd "$hoist" | awk '{print $1}' | tr '\n' ' ')"

if [ -z "${HOIST_TEST_MOTO:-}" ]; then
    echo "check-install: HOIST_TEST_MOTO not set, Python deploy skipped"
    exit 0
fi
read -r endpoint key secret < <(python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); print(s["endpoint"], s["accessKeyId"], s["secretAccessKey"])' "$HOIST_TEST_MOTO")
python3 scripts/awsproxy.py --upstream "$endpoint" --port-file "$work/port" > /dev/null &
proxy_pid=$!
for _ in $(seq 300); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "awsproxy did not start"
cp -R Tests/HoistCommandsTests/Fixtures/python-backend "$work/app"
project="inst$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
sed -i "s/^project: .*/project: $project/" "$work/app/hoist.yml"
env -i HOME="$work/home" PATH="$clean_path" PIP_CACHE_DIR="${TMPDIR:-/tmp}/hoist-test-pip-cache" \
    AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
    "$hoist" deploy --yes --config "$work/app/hoist.yml" --endpoint-url "http://127.0.0.1:$(cat "$work/port")" \
    > "$work/deploy.out" 2>&1 || { cat "$work/deploy.out" >&2; fail "hoist deploy of the Python fixture failed"; }
grep -q "API: https://" "$work/deploy.out" || { cat "$work/deploy.out" >&2; fail "deploy printed no API URL"; }
echo "check-install: hoist deploy of a Python config against moto worked without the toolchain ($project)"
cd "$root"
