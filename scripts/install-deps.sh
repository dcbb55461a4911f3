#!/usr/bin/env bash
# Installs what hoist's build and tests need on a fresh Debian machine; skips what is already there.
set -euo pipefail
apt_packages=(libzip-dev libcurl4-openssl-dev zlib1g-dev libcrypt-dev zip unzip binutils)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Python side: moto's server (the local AWS), and the interop peers the tests compare against.
python3 - <<'PY' || python3 -m pip install -q --disable-pip-version-check -r scripts/requirements-test.txt
import importlib.metadata as m, sys
want = {}
for line in open("scripts/requirements-test.txt"):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    want[name.split("[")[0]] = version
for name, version in want.items():
    try:
        have = m.version(name)
    except m.PackageNotFoundError:
        sys.exit(1)
    if version and have != version:
        sys.exit(1)
PY
