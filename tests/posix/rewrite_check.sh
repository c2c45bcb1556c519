#!/usr/bin/env bash
# Syscall call-site rewriting on the sandbox backend: runs syscall-sites with --trace=syscalls
# and checks that its sites were rewritten ("rewrote syscall site at ..."), that the one it
# cannot rewrite was reported, and that only a few of its thousands of syscalls still trapped.
# Usage: rewrite_check.sh SYSCALL-SITES-PROGRAM
set -u
CELDA=${CELDA:?set CELDA to the celda binary}
iterations=3000
err=$(mktemp)
trap 'rm -f "$err"' EXIT
out=$("$CELDA" run --backend sandbox --trace=syscalls "$1" $iterations 2>"$err" </dev/null)
rc=$?
fail() { echo "FAIL: $*"; echo "stdout: $out"; grep -v '^\[tid' "$err" | tail -20; exit 1; }
[ "$rc" = 0 ] || fail "exit status $rc"
case "$out" in *"all ok"*) ;; *) fail "the program's checks failed" ;; esac
grep -q '^celda: posix: rewrote syscall site at 0x' "$err" || fail "no site was rewritten"
grep -q 'cannot be rewritten; it keeps trapping' "$err" || fail "the unrewritable site was not reported"
summary=$(grep '^celda: posix: syscall sites:' "$err") || fail "no summary line"
read -r rewritten left trapped < <(echo "$summary" | sed -E 's/.*: ([0-9]+) rewritten, ([0-9]+) left trapping; ([0-9]+) calls trapped.*/\1 \2 \3/')
calls=$(grep -c '^\[tid' "$err")
echo "$summary; $calls syscalls traced"
[ "$rewritten" -ge 5 ] || fail "only $rewritten sites rewritten"
[ "$left" -ge 1 ] || fail "no site left trapping"
# 2 x 3000 calls through rewritten sites, 31 through the unrewritable one, 100 straight jumps.
[ "$calls" -gt $((2 * iterations)) ] || fail "only $calls syscalls traced"
[ "$trapped" -lt 500 ] || fail "$trapped calls trapped"
echo ok
