#!/usr/bin/env bash
# Celda's main demo, after scripts/build.sh: the same monitor runs a guest written against the
# library OS, an unmodified static Linux program, and unmodified Windows console programs (one
# with its own DLLs).
set -euo pipefail
cd "$(dirname "$0")/.."
CELDA=build/bin/celda
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$CELDA" run build/bin/hello.img Ada Lovelace
if [ -x /bin/busybox ]; then
    printf 'pear\napple\nfig\n' > /tmp/celda-demo-fruit.txt
    step "$CELDA" run -v /tmp:/host:ro /bin/busybox sort /host/celda-demo-fruit.txt
fi
[ -f build/tests/win32/hello_msvcrt.exe ] && step "$CELDA" run build/tests/win32/hello_msvcrt.exe
# A C++ program that ships Debian's libstdc++-6.dll and libgcc_s_seh-1.dll beside it: the DLLs
# come along into the guest; exceptions thrown inside libstdc++-6.dll reach the program's catch.
if [ -f build/tests/win32/cxxdll/cpp_dll.exe ]; then
    step ls build/tests/win32/cxxdll
    step "$CELDA" run build/tests/win32/cxxdll/cpp_dll.exe
fi
# Wine 8's own cmd.exe (fetched from Debian's libwine package at build time): an unmodified
# Windows program that nobody here built.
if [ -f build/wine-tools/cmd/cmd.exe ]; then
    step "$CELDA" run build/wine-tools/cmd/cmd.exe /c "echo Hello from cmd.exe & set /a 6*7"
fi
# Warm guests: `celda serve` keeps guests booted; a run handed to one skips the guest's start-up.
if [ -f build/tests/win32/hello_msvcrt.exe ]; then
    demo_dir=$(mktemp -d)
    "$CELDA" serve --dir "$demo_dir/serve" 2>/dev/null &
    server=$!
    for _ in $(seq 100); do [ -S "$demo_dir/serve/win32-v2.sock" ] && break; sleep 0.05; done
    step "$CELDA" run --trace --server "$demo_dir/serve" build/tests/win32/hello_msvcrt.exe 2>&1 | grep -v '^celda\[trace\]: [a-z_]*(' || true
    kill $server; wait $server 2>/dev/null || true
    rm -rf "$demo_dir"
fi
step "$CELDA" run build/tests/guests/probe.img crash-null || echo "(exit status $? — a crash is stopped and reported, never the host's problem)"
