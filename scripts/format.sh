#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that every tracked C and C++ source is formatted as the committed .clang-format says;
# exits non-zero, listing what differs, when one is not.
#   scripts/format.sh          check          scripts/format.sh --fix     reformat in place
set -euo pipefail
cd "$(dirname "$0")/.."
# Not formatted yet, because they are being rewritten on other branches: reformatting them here
# would only make those branches conflict. Each leaves this list once it is formatted.
pending=(
    engine/src/session/commands.h engine/src/session/session.cpp engine/src/session/sessionimpl.h
    engine/src/session/sessionloop.cpp engine/src/transfer/transfer.cpp engine/src/transfer/transfer.h
)
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.c' | grep -vxF -f <(printf '%s\n' "${pending[@]}"))
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
