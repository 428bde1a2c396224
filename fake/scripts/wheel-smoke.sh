#!/usr/bin/env bash
# Builds the `stytch-b2b-fake` wheel (the stytch-fake binary, packaged by maturin), installs it
# into a fresh virtual environment, starts the fake from there and runs the standard-library
# Python flows (fake/tests/python) against it: what a Python team does, without Rust.
#
#   fake/scripts/wheel-smoke.sh [FLOW ...]      # no FLOW: every flow
#
# Needs python3 (3.8+) and a Rust toolchain to build the wheel; the installed fake needs
# neither. Prints the wheel's size and each step's time.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
fake_pid=""
cleanup() {
    if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
step() { printf '%s  %s\n' "$(date +%T)" "$*"; }

step "tools: maturin in $work/tools"
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet "maturin>=1.5,<2"

step "build: maturin build --release -m fake/Cargo.toml"
start=$SECONDS
"$work/tools/bin/maturin" build --release --quiet -m "$repo/fake/Cargo.toml" -o "$work/wheels"
wheel="$(ls "$work"/wheels/*.whl)"
step "built $(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB in $((SECONDS - start)) s"

step "install: a fresh venv, pip install the wheel"
start=$SECONDS
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet "$wheel"
step "installed in $((SECONDS - start)) s: $(ls "$work/user/bin/stytch-fake")"

step "run: stytch-fake --port 0 from the venv"
"$work/user/bin/stytch-fake" --port 0 > "$work/fake.out" 2> "$work/fake.err" &
fake_pid=$!
for _ in $(seq 1 100); do
    grep -q '^STYTCH_SECRET=' "$work/fake.out" 2>/dev/null && break
    sleep 0.1
done
if ! grep -q '^STYTCH_SECRET=' "$work/fake.out"; then
    echo "the fake printed no settings; its stderr:" >&2
    cat "$work/fake.err" >&2
    exit 1
fi
set -a
# shellcheck disable=SC1090
. <(grep -E '^[A-Z_]+=' "$work/fake.out")
set +a
step "flows: python3 fake/tests/python/flows.py $*"
"$work/user/bin/python" "$repo/fake/tests/python/flows.py" "$@"
step "done"
