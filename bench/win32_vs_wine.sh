#!/usr/bin/env bash
# hello.exe end to end: `celda run --backend sandbox hello.exe` vs Wine 8 from Debian, warm
# (prefix initialised, `wineserver -p` already running) and cold (prefix initialised, no
# wineserver: it is stopped, untimed, before every cold run). Alternating runs, medians, peak
# RSS of each process tree (wait4); the wineserver daemon is not in Wine's tree, so its own
# peak RSS is printed separately. Not a test: installs wine64 if missing, takes ~1 minute.
#
# usage: bench/win32_vs_wine.sh [RUNS]   (after scripts/build.sh; BUILD=dir to use another tree)
#
# --backend sandbox explicitly: no KVM probing in the numbers (`auto` caches its verdict, ~0.2 ms more).
# "celda warm": the same run handed to a warm guest of `celda serve` (started, untimed, before
# the runs, as the warm wineserver is).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${BUILD:-build}
RUNS=${1:-21}
WINE=/usr/lib/wine/wine64
EXE=$(realpath "$B/tests/win32/hello_msvcrt.exe")
CELDA=$(realpath "$B/bin/celda")
SPAWN=$(realpath "$B/bench/spawn_bench")

if [ ! -x "$WINE" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y wine64 >/dev/null
fi
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver64)

export WINEDEBUG=-all
WARM=$(mktemp -d /tmp/celda-wine-warm.XXXXXX)
COLD=$(mktemp -d /tmp/celda-wine-cold.XXXXXX)
cleanup() {
    WINEPREFIX=$WARM "$WINESERVER" -k 2>/dev/null || true
    WINEPREFIX=$COLD "$WINESERVER" -k 2>/dev/null || true
    rm -rf "$WARM" "$COLD"
}
trap cleanup EXIT

# Initialise both prefixes (wineboot: minutes of one-time work, not measured).
for prefix in "$WARM" "$COLD"; do
    WINEPREFIX=$prefix "$WINE" wineboot -i >/dev/null 2>&1 || true
    WINEPREFIX=$prefix "$WINESERVER" -w
done
WINEPREFIX=$WARM "$WINESERVER" -p   # persistent: stays up between the warm runs
SOCK=$WARM/celda
"$CELDA" serve --dir "$SOCK" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -S "$SOCK/win32-v2.sock" ] && break; sleep 0.05; done
# The warm row must really be served, not a silent fallback to a direct run.
"$CELDA" run --trace --backend sandbox --server "$SOCK" "$EXE" 2>&1 >/dev/null | grep -q "served by a warm guest" ||
    { echo "bench: celda serve on $SOCK did not take the run" >&2; exit 1; }

echo "# $(date -u +%F) $(uname -r), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# $("$WINE" --version), celda $("$CELDA" --version 2>/dev/null | head -1)"
# Two rotations, each with its own ratios: a cold Wine run leaves its wineserver and services
# shutting down for a while after it exits, which would be billed to whatever runs next.
# After a served run, `celda serve` boots a spare guest (~3 ms of CPU). It must not overlap a
# Wine run (that would slow Wine, flattering celda): Wine's runs start once every warm guest
# has booted: all four (two per stock image) wait at normal scheduling ("TS"; booting ones and
# one that is ending are "IDL"). At most a second.
SETTLED="for i in \$(seq 200); do [ \"\$(ps -o cls= --ppid $SERVER | tr -d ' ' | sort | uniq -c | tr -s ' ')\" = ' 4 TS' ] && break; sleep 0.005; done"
# WINEPREFIX is set for the whole rotation (celda ignores it), not with /usr/bin/env: that would
# add an exec of a dynamic binary (~1 ms here) to every Wine run.
echo "## warm: celda (direct and served) against warm Wine"
WINEPREFIX="$WARM" "$SPAWN" --runs "$RUNS" -- \
    "celda run hello.exe" "$CELDA" run --backend sandbox "$EXE" ::: \
    "celda warm (celda serve)" "$CELDA" run --backend sandbox --server "$SOCK" "$EXE" ::: \
    "wine warm" "@before:$SETTLED" "$WINE" "$EXE"
echo "## cold: celda against Wine with no wineserver running"
WINEPREFIX="$COLD" "$SPAWN" --runs "$RUNS" -- \
    "celda run hello.exe" "$CELDA" run --backend sandbox "$EXE" ::: \
    "wine cold" "@before:WINEPREFIX=$COLD $WINESERVER -k; WINEPREFIX=$COLD $WINESERVER -w; true" \
        "$WINE" "$EXE"

# The warm wineserver's own peak RSS (VmHWM), which wait4 cannot see.
for pid in $(pgrep wineserver || true); do
    if { tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null | grep -q "^WINEPREFIX=$WARM$" ||
       [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$WARM" ]; then
        echo "warm wineserver peak RSS: $(grep VmHWM "/proc/$pid/status" | awk '{print $2, $3}')"
    fi
done
# Likewise celda serve's: the server, and each warm guest waiting for a run (booted, its image
# and first MiB of free memory faulted in). A served run's own memory is its guest's.
echo "celda serve peak RSS: $(grep VmHWM "/proc/$SERVER/status" | awk '{print $2, $3}');" \
     "warm guests: $(for pid in $(ps -o pid= --ppid "$SERVER"); do grep VmHWM "/proc/$pid/status" | awk '{printf "%s ", $2}'; done)kB"
