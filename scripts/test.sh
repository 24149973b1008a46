#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds and runs every test: the whole suite with warnings as
# errors, again under AddressSanitizer + UBSan, and the Qt-free engine under ThreadSanitizer.
#   scripts/test.sh            everything
#   HAUL_TEST_PRESETS="ci" scripts/test.sh    only some presets
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
for preset in ${HAUL_TEST_PRESETS:-ci asan tsan}; do
    echo "=== $preset: build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== $preset: test"
    ctest --preset "$preset" -j "$jobs"
done
