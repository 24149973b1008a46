#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keeps translations/*.ts in step with the sources (Qt's lupdate over ui/, app/gui/ and demo/).
#   scripts/translations.sh           check: exits non-zero when a user-visible string is new
#                                     to a translation or still untranslated, listing them
#   scripts/translations.sh --update  rewrites the .ts files (then translate what is new, e.g.
#                                     in Qt Linguist, and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=$(command -v lupdate6 || command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
sources=(ui app/gui demo)
status=0
for ts in translations/haul_*.ts; do
    if [ "${1:-}" = "--update" ]; then
        "$lupdate" -silent -locations none -no-obsolete "${sources[@]}" -ts "$ts"
        continue
    fi
    work=$(mktemp -d)
    cp "$ts" "$work/"
    "$lupdate" -silent -locations none -no-obsolete "${sources[@]}" -ts "$work/$(basename "$ts")"
    # A message lupdate found new, or one left untranslated, is marked "unfinished".
    if grep -q 'type="unfinished"' "$work/$(basename "$ts")"; then
        echo "$ts: untranslated strings:" >&2
        grep -B2 'type="unfinished"' "$work/$(basename "$ts")" | grep '<source>' | sed 's/^ */  /' >&2
        status=1
    else
        echo "$ts: every string translated ($(grep -c '<message' "$ts") messages)"
    fi
    rm -rf "$work"
done
exit $status
