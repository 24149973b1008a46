#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a test ("$@") with a real secret service: a private session bus (dbus-run-session) and a
# GNOME Keyring unlocked with a throwaway password, in a throwaway home, so the user's own
# keyring is never touched. Sets HAUL_TEST_SECRET_SERVICE=1 for the test. Without
# dbus-run-session or gnome-keyring-daemon the test runs as it is (and skips what needs them).
set -eu
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    exec "$@"
fi
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -m 0700 "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
    XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run" HAUL_TEST_SECRET_SERVICE=1
unset DISPLAY WAYLAND_DISPLAY || true
# --unlock returns once the daemon owns org.freedesktop.secrets on the bus: no waiting needed.
status=0
dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' sh "$@" || status=$?
exit $status
