#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Haul benchmarks against curl, wget2 and aria2c, all in the same run against one local nginx.
#
#   tests/bench/run.sh [--runs N] [--haul-cli PATH | PATH] [--only 1,2,3,4,5] [--tools LIST]
#   tests/bench/run.sh --smoke [PATH]      # seconds; what CTest runs as `bench.smoke`
#
# Needs (installs nothing itself; says what is missing):
#   apt-get install -y nginx-light wget2 aria2 curl time    (time: GNU /usr/bin/time, for peak RSS)
# and a built haul-cli: $HAUL_CLI, the argument, or build/release/app/cli/haul-cli.
#
# Benchmarks (median of N runs after one warm-up; tool order rotates every run):
#   1  one 1 GiB file, one connection     haul-cli | wget2 | curl | aria2c -x1
#   2  one 1 GiB file, four connections   haul-cli -x 4 | aria2c -x4 -s4 -k1M
#   3  2,000 x 16 KiB, 16 at once         haul-cli -j 16 | curl -Z | wget2 --max-threads | aria2c -j16
#   4  memory: 1,000 transfers, each held to 20 KiB/s by nginx `limit_rate`, for 60 s
#      (--mem-window): haul-cli -j 1000 | aria2c -j1000; RSS per transfer; 1 run (--mem-runs)
#   5  cancellation latency: slot for the engine micro-benchmark (--cancel-bench BIN)
# Every downloaded file's size is checked, and the 1 GiB file's SHA-256 once per tool, so a tool
# cannot win by failing. Writes tests/bench/RESULTS.md (not in --smoke mode). Exit: 0 all good,
# 1 a tool failed a run or a program is missing. A full run takes ~5 min on 2 cores.
#
# The work lives in bench.py (python3, standard library only); nginx and the temporary folder are
# removed on every exit path there (try/finally plus SIGTERM/SIGHUP handlers; nginx also gets
# PR_SET_PDEATHSIG so it dies with the harness even on SIGKILL). `run.sh --help` lists all options.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v python3 >/dev/null || { echo "run.sh: python3 is missing (apt-get install -y python3)" >&2; exit 1; }
exec python3 "$here/bench.py" "$@"
