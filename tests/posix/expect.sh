#!/usr/bin/env bash
# Runs `celda run ARGS...` and checks the exit status and that stdout/stderr contain a text.
# Usage: expect.sh STATUS STREAM(out|err) TEXT -- celda-run-args...
set -u
CELDA=${CELDA:?set CELDA to the celda binary}
want_rc=$1 stream=$2 text=$3
shift 4
out=$("$CELDA" run "$@" 2>/tmp/expect.$$.err </dev/null)
rc=$?
err=$(cat /tmp/expect.$$.err); rm -f /tmp/expect.$$.err
[ "$rc" = "$want_rc" ] || { echo "FAIL: exit status $rc, expected $want_rc"; echo "stdout: $out"; echo "stderr: $err"; exit 1; }
haystack=$out; [ "$stream" = err ] && haystack=$err
case "$haystack" in *"$text"*) echo "ok" ;; *) echo "FAIL: std$stream lacks '$text'"; echo "stdout: $out"; echo "stderr: $err"; exit 1 ;; esac
