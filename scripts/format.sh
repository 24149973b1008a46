#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that every tracked C and C++ source is formatted as the committed .clang-format says;
# exits non-zero, listing what differs, when one is not.
#   scripts/format.sh          check          scripts/format.sh --fix     reformat in place
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.c')
if [ "${1:-}" = "--fix" ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
start=$SECONDS
if ! clang-format --dry-run -Werror "${files[@]}" 2>/tmp/haul-format.$$; then
    grep -oE '^[^:]+:[0-9]+:[0-9]+: error' /tmp/haul-format.$$ | cut -d: -f1 | sort -u >&2
    rm -f /tmp/haul-format.$$
    echo "format: the files above differ from .clang-format (scripts/format.sh --fix)" >&2
    exit 1
fi
rm -f /tmp/haul-format.$$
echo "format: ${#files[@]} files as .clang-format says ($((SECONDS - start)) s)"
