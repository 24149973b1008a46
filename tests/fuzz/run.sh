#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets with clang in build/fuzz and runs each for SECONDS (default 20).
# Exits non-zero when any fuzzer finds a crash or a broken invariant; the input that did it is
# left in build/fuzz/artifacts/ (replay: build/fuzz/<fuzzer> <file>).
# Usage: tests/fuzz/run.sh [SECONDS]     (HAUL_FUZZ_BUILD_DIR=... to build elsewhere)
set -euo pipefail

seconds=${1:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${HAUL_FUZZ_BUILD_DIR:-$root/build/fuzz} # overridable for side-by-side builds
fuzzers=(fuzz_contentdisposition fuzz_filename fuzz_url fuzz_checksum fuzz_text)

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# Configured as its own project (see CMakeLists.txt): the fuzzers need only libcurl and OpenSSL.
CC=clang CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --target "${fuzzers[@]}"

failed=()
for f in "${fuzzers[@]}"; do
    mkdir -p "$build/corpus/$f" "$build/artifacts"
    echo "== $f: ${seconds}s"
    if ! "$build/$f" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$build/artifacts/$f-" \
            "$build/corpus/$f" "$root/tests/fuzz/corpus/$f" 2>"$build/$f.log"; then
        failed+=("$f")
        tail -n 40 "$build/$f.log"
    fi
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done )' "$build/$f.log" || true
done

if ((${#failed[@]})); then
    echo "FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
    exit 1
fi
echo "All fuzzers ran ${seconds}s without a finding."
