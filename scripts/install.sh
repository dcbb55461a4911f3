#!/usr/bin/env bash
# Builds hoist in release with the Swift standard library and Foundation linked statically, and installs it with
# its shell completions:
#   $PREFIX/bin/hoist                                  (PREFIX defaults to /usr/local)
#   $PREFIX/share/bash-completion/completions/hoist
#   $PREFIX/share/zsh/site-functions/_hoist
#   $PREFIX/share/fish/vendor_completions.d/hoist.fish
# The installed binary needs no Swift toolchain, only the system libraries (libzip, libcurl, zlib, glibc); building
# a Swift backend with it still does (swift build), a Python backend does not.
# Usage: scripts/install.sh [--prefix DIR]     (or PREFIX=DIR; DESTDIR is honoured for packaging)
# Runs sudo for the copy only when the prefix is not writable; the build runs as you.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${PREFIX:-/usr/local}"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
    esac
done
root="${DESTDIR:-}$PREFIX"
scripts/stamp-version.sh
flags=(-c release --static-swift-stdlib --product hoist)
swift build "${flags[@]}"
binary="$(swift build "${flags[@]}" --show-bin-path)/hoist"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for shell in bash zsh fish; do
    "$binary" --generate-completion-script "$shell" > "$stage/$shell"
done
SUDO=""
probe="$root"
while [ ! -e "$probe" ]; do probe=$(dirname "$probe"); done
if [ ! -w "$probe" ] || { [ -e "$root/bin" ] && [ ! -w "$root/bin" ]; }; then SUDO="sudo"; fi
$SUDO install -d "$root/bin" "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" \
    "$root/share/fish/vendor_completions.d"
$SUDO install -m 755 "$binary" "$root/bin/hoist"
$SUDO install -m 644 "$stage/bash" "$root/share/bash-completion/completions/hoist"
$SUDO install -m 644 "$stage/zsh" "$root/share/zsh/site-functions/_hoist"
$SUDO install -m 644 "$stage/fish" "$root/share/fish/vendor_completions.d/hoist.fish"
echo "installed $("$root/bin/hoist" --version | sed 's/^/hoist /') to $root/bin/hoist (+ bash, zsh, fish completions)"
