#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds and runs every test: the whole suite with warnings as
# errors, again under AddressSanitizer + UBSan, and the Qt-free engine under ThreadSanitizer;
# before them the format check (.clang-format) and the libFuzzer targets for a bounded time,
# and clang-tidy (.clang-tidy) once the ci preset is built.
#   scripts/test.sh            everything
#   HAUL_TEST_PRESETS="ci" scripts/test.sh    only some presets
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)

echo "=== format"
scripts/format.sh

# Fuzzers first (clang + libFuzzer, bounded time each), so the run ends on ctest's summary.
echo "=== fuzz: ${HAUL_FUZZ_SECONDS:-15} s per target"
tests/fuzz/run.sh "${HAUL_FUZZ_SECONDS:-15}"

for preset in ${HAUL_TEST_PRESETS:-ci asan tsan}; do
    echo "=== $preset: build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    if [ "$preset" = ci ]; then
        # Over build/ci/compile_commands.json; about 3 minutes with 2 jobs.
        echo "=== ci: clang-tidy"
        HAUL_TIDY_JOBS=${HAUL_TIDY_JOBS:-$jobs} scripts/tidy.sh build/ci
    fi
    echo "=== $preset: test"
    ctest --preset "$preset" -j "$jobs"
done
