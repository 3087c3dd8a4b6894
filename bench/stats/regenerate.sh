#!/usr/bin/env bash
# Regenerate crates/stats/tests/fixtures/{paired,independent}.json from scipy (see fixtures.py).
# Creates bench/.venv with the pinned numpy and scipy of bench/requirements.txt if it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bench="$(dirname "$here")"
venv="$bench/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# Only the two packages the fixtures need, at the versions pinned for the whole bench.
pins=$(grep -E '^(numpy|scipy)==' "$bench/requirements.txt")
# shellcheck disable=SC2086
"$venv/bin/pip" install -q $pins
"$venv/bin/python" "$here/fixtures.py"
