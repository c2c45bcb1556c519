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
step "$CELDA" run build/tests/guests/probe.img crash-null || echo "(exit status $? — a crash is stopped and reported, never the host's problem)"
