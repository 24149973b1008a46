#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages Haul needs to build, run and test; skips what is present.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git
    qt6-base-dev qt6-qpa-plugins libqt6svg6 qt6-svg-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
    libcurl4-openssl-dev libssl-dev libsqlite3-dev libgtest-dev
    xvfb xauth fonts-dejavu-core imagemagick x11-utils
    nginx-light wget2 aria2 curl time openssl
    clang libclang-rt-14-dev clang-tidy clang-format
    python3
    libsecret-1-0 gnome-keyring dbus libsecret-tools
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "These Debian packages are missing: ${missing[*]}" >&2
        echo "Installing them needs root, and sudo is not here: run this script as root" >&2
        echo "(or ask an administrator to run: apt-get install ${missing[*]}), then run it again." >&2
        exit 1
    fi
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
