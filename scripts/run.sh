#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds and starts Haul. Without URLs it starts the built-in demo
# server on 127.0.0.1, so downloads move even with no network.
#   scripts/run.sh [URL...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
if [ $# -eq 0 ]; then
    exec build/release/app/gui/haul --demo
fi
exec build/release/app/gui/haul "$@"
