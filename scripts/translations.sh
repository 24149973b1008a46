#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keeps translations/*.ts in step with the sources (Qt's lupdate over ui/, app/gui/ and demo/).
#   scripts/translations.sh           check: exits non-zero when a user-visible string is new
#                                     to a translation or still untranslated, listing them
#   scripts/translations.sh --update  rewrites the .ts files (then translate what is new, e.g.
#                                     in Qt Linguist, and commit)
# translations/haul_en.ts holds only the English plural forms ("1 download", "2 downloads") of
# the messages written with %n; a new language starts as a copy of haul_de.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# Qt 6's lupdate: $LUPDATE (the ctest i18n.complete passes the one CMake found), else where
# Debian's qt6-l10n-tools puts it (a lupdate on PATH may be Qt 5's, through qtchooser).
lupdate=${LUPDATE:-}
if [ -z "$lupdate" ]; then
    for candidate in /usr/lib/qt6/bin/lupdate "$(command -v lupdate6 || true)" \
        "$(command -v lupdate || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            lupdate=$candidate
            break
        fi
    done
fi
if [ -z "$lupdate" ]; then
    echo "lupdate (Qt 6 Linguist tools) not found; install qt6-l10n-tools or set LUPDATE" >&2
    exit 2
fi
sources=(ui app/gui demo)
status=0
for ts in translations/haul_*.ts; do
    options=(-silent -locations none -no-obsolete)
    # English is the source language: its file holds only the plural forms of the %n messages.
    if [ "$(basename "$ts")" = haul_en.ts ]; then
        options+=(-pluralonly)
    fi
    if [ "${1:-}" = "--update" ]; then
        "$lupdate" "${options[@]}" "${sources[@]}" -ts "$ts"
        continue
    fi
    work=$(mktemp -d)
    cp "$ts" "$work/"
    "$lupdate" "${options[@]}" "${sources[@]}" -ts "$work/$(basename "$ts")"
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
