#!/usr/bin/env bash
# Cold start: `celda run hello.img` vs a static native hello, alternating runs, medians.
# usage: bench/cold_start.sh [RUNS]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
B=build
RUNS=${1:-41}
echo "# $(date -u +%F) $(uname -r), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
"$B/bench/spawn_bench" --runs "$RUNS" -- \
    "native static hello" "$B/bench/native_hello" world ::: \
    "celda run hello.img" "$B/bin/celda" run "$B/bin/hello.img" world
