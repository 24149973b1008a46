#!/bin/sh
# SPDX-License-Identifier: MIT
# with_xvfb.sh SCREEN COMMAND...: runs COMMAND under an X server of its own (Xvfb), on a display
# number the server picks itself (-displayfd), so tests started at the same moment never fight
# over one (xvfb-run -a picks the number first and starts the server after: two of them at once
# can pick the same and one fails with "could not connect to display").
set -eu
screen=$1
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/haul-xvfb.XXXXXX")
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$dir/display" >"$dir/log" 2>&1 &
server=$!
stop() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 143' TERM INT
# The server writes its number once it accepts connections; EOF (empty) if it died first.
read -r number <"$dir/display" || true
if [ -z "${number:-}" ]; then
    echo "with_xvfb.sh: Xvfb did not start:" >&2
    cat "$dir/log" >&2
    exit 1
fi
DISPLAY=":$number"
export DISPLAY
status=0
"$@" || status=$?
exit "$status"
