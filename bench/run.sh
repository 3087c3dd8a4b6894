#!/usr/bin/env bash
# Matching benchmark (issue #3, item 7): Tandem's `tandem match` against scipy, lap, OR-Tools
# and `matching` on the same generated instance files.
#
#   bash bench/run.sh            full suite (generates ~1.5 GB of instances once; ~30-60 min)
#   bash bench/run.sh --quick    small instances, a smoke test of the whole pipeline
#   bash bench/run.sh --cells dense-5000 --runs 3     any run.py option passes through
#
# Creates bench/.venv (python3 -m venv) with the pinned peers, builds tandem in release
# (honours CARGO_TARGET_DIR; set TANDEM_BIN=/path/to/tandem to skip the build), self-tests the
# bench's own verifier, then runs bench/run.py. Results: bench/results/<stamp>/ (table.md,
# results.json, load.log, every run's stdout/stderr).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    "$venv/bin/pip" install --disable-pip-version-check -q -r "$here/requirements.txt"
    echo "$want" > "$stamp"
fi

if [ -n "${TANDEM_BIN:-}" ]; then
    tandem="$TANDEM_BIN"
else
    target="${CARGO_TARGET_DIR:-$repo/target}"
    (cd "$repo" && cargo build --release -p tandem)
    tandem="$target/release/tandem"
fi

"$venv/bin/python" "$here/selftest.py"
# Minimum loads (issue #15): tandem's objective triples against an independent OR-Tools model.
"$venv/bin/python" "$here/verify_min_loads.py" --tandem "$tandem" --trials 64
exec "$venv/bin/python" "$here/run.py" --tandem "$tandem" "$@"
