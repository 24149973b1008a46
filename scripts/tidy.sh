#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clang-tidy with the committed .clang-tidy over the project's own sources (engine/, server/,
# app/, ui/; not the tests), as compiled in BUILD_DIR (default build/ci, which must be built:
# the UI's sources need their generated moc files). Exits non-zero on any finding but the
# pending ones below, and when the run takes longer than HAUL_TIDY_TIMEOUT seconds (900).
#   scripts/tidy.sh [BUILD_DIR]      HAUL_TIDY_JOBS=N (default 2) runs N at once
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/ci}
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 1; }

# Findings not fixed yet, as "FILE CHECK": these files are being rewritten on another branch,
# and fixing them here would only make it conflict. Reported, but they do not fail the run;
# any other check in these files, and any finding elsewhere, does. Each leaves once fixed.
pending=(
    "engine/src/session/sessionloop.cpp performance-move-const-arg"
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
status=0
# The regex selects compile_commands.json entries: sources under the four folders, not the
# build tree's generated files.
timeout "${HAUL_TIDY_TIMEOUT:-900}" run-clang-tidy -j "${HAUL_TIDY_JOBS:-2}" -quiet \
    -p "$build" "^$root/(engine|server|app|ui)/" >"$log" 2>&1 || status=$?
if ((status == 124)); then
    echo "tidy: stopped after ${HAUL_TIDY_TIMEOUT:-900} s" >&2
    exit 1
fi

# Every diagnostic line: "/path:line:col: warning|error: text [check,...]".
failed=0
known=0
while IFS= read -r line; do
    file=${line%%:*}
    file=${file#"$root"/}
    check=$(sed -nE 's/.*\[([A-Za-z0-9.-]+)(,[^]]*)?\]$/\1/p' <<<"$line")
    if [ -n "$check" ] && printf '%s\n' "${pending[@]}" | grep -qxF "$file $check"; then
        known=$((known + 1))
    else
        echo "$line" >&2
        failed=$((failed + 1))
    fi
done < <(sed -r 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' | sort -u)

if ((failed > 0)) || { ((status != 0)) && ((known == 0)); }; then
    ((failed > 0)) || sed -r 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 40 >&2
    echo "tidy: FAILED, $failed finding(s) after $((SECONDS - start)) s (status $status)" >&2
    exit 1
fi
echo "tidy: no findings but $known pending ones ($((SECONDS - start)) s)"
