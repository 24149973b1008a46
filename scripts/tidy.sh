#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clang-tidy with the committed .clang-tidy over the project's own sources (engine/, server/,
# app/, ui/; not the tests), as compiled in BUILD_DIR (default build/ci, which must be built:
# the UI's sources need their generated moc files). Exits non-zero on any finding, and when
# the run takes longer than HAUL_TIDY_TIMEOUT seconds (1500).
#   scripts/tidy.sh [BUILD_DIR]      HAUL_TIDY_JOBS=N (default 2) runs N at once
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/ci}
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
status=0
# The regex selects compile_commands.json entries: sources under the four folders, not the
# build tree's generated files.
timeout "${HAUL_TIDY_TIMEOUT:-1500}" run-clang-tidy -j "${HAUL_TIDY_JOBS:-2}" -quiet \
    -p "$build" "^$root/(engine|server|app|ui)/" >"$log" 2>&1 || status=$?
if ((status == 124)); then
    echo "tidy: stopped after ${HAUL_TIDY_TIMEOUT:-1500} s" >&2
    exit 1
fi

# Every diagnostic line: "/path:line:col: warning|error: text [check,...]".
findings=$(sed -r 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' | sort -u || true)
if [ -n "$findings" ] || ((status != 0)); then
    if [ -n "$findings" ]; then
        echo "$findings" >&2
    else
        sed -r 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 40 >&2
    fi
    echo "tidy: FAILED after $((SECONDS - start)) s (status $status)" >&2
    exit 1
fi
echo "tidy: no findings ($((SECONDS - start)) s)"
