#!/usr/bin/env bash
# File I/O in a host share vs native vs the in-memory /tmp, side by side in one run:
# tests/posix/io_bench.c (100 MiB written in 1 MiB pieces + fsync, then read back) ROUNDS times
# each, alternating, medians printed. Usage: bench/share_io.sh [BUILD_DIR] [ROUNDS] [HOSTDIR]
set -eu
build=${1:-build}; rounds=${2:-5}; base=${3:-$(mktemp -d)}
celda=$build/bin/celda; prog=$build/tests/posix/io-bench
mkdir -p "$base/native" "$base/share"
declare -a nw nr sw sr tw tr
for ((i = 0; i < rounds; i++)); do
    read -r _ a _ _ b _ < <("$prog" "$base/native")
    nw+=("$a"); nr+=("$b")
    read -r _ a _ _ b _ < <("$celda" run --backend sandbox -v "$base/share:/share" "$prog" /share)
    sw+=("$a"); sr+=("$b")
    read -r _ a _ _ b _ < <("$celda" run --backend sandbox --memory 512M "$prog" /tmp)
    tw+=("$a"); tr+=("$b")
done
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "io-bench, $rounds rounds each, medians (MB/s), host dir $base"
printf '%-34s %10s %10s\n' "" write read
printf '%-34s %10s %10s\n' "native (host dir)" "$(median "${nw[@]}")" "$(median "${nr[@]}")"
printf '%-34s %10s %10s\n' "celda, host share (-v)" "$(median "${sw[@]}")" "$(median "${sr[@]}")"
printf '%-34s %10s %10s\n' "celda, in-memory /tmp" "$(median "${tw[@]}")" "$(median "${tr[@]}")"
