#!/usr/bin/env bash
# Runs a static Linux program natively and under `celda run`, and fails unless stdout, stderr
# and the exit status are identical. Usage:
#   compare.sh [--stdin FILE | --feed "SHELL COMMAND"] [--celda-opts "OPTS"] [--in-share [--fixture]] -- PROGRAM ARGS...
# --feed: stdin is a pipe from `sh -c COMMAND` (e.g. "sleep 0.5 && echo x": input that comes late).
# A placeholder argument @DIR@ becomes a fresh host temp dir natively and /tmp inside the guest
# (the file-semantics programs run in either).
# --in-share: both runs start in the same fresh host directory: natively by cd, in celda as a
# host share (-v DIR:/share -w /share). --fixture fills it first with a small fixed tree
# (files, a subdirectory, a symlink, fixed mtimes) for ls/find.
set -u
CELDA=${CELDA:?set CELDA to the celda binary}
stdin=/dev/null
feed=
celda_opts=()
in_share=0 fixture=0
while [ $# -gt 0 ]; do
    case "$1" in
        --stdin) stdin=$2; shift 2 ;;
        --feed) feed=$2; shift 2 ;;
        --celda-opts) read -r -a celda_opts <<<"$2"; shift 2 ;;
        --in-share) in_share=1; shift ;;
        --fixture) fixture=1; shift ;;
        --) shift; break ;;
        *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
native_args=() guest_args=()
for a in "$@"; do
    native_args+=("${a//@DIR@/$work/dir}")
    guest_args+=("${a//@DIR@//tmp}")
done
mkdir -p "$work/dir" "$work/share"
if [ $fixture = 1 ]; then
    s=$work/share
    mkdir -p "$s/docs/deep" "$s/empty"
    printf 'alpha\n' >"$s/a.txt"
    printf 'beta beta\n' >"$s/docs/b.txt"
    seq 1 500 >"$s/docs/deep/numbers"
    ln -s a.txt "$s/link-to-a"
    find "$s" -exec touch -h -d '2024-05-01 12:00:00' {} +
fi
if [ $in_share = 1 ]; then
    celda_opts+=(-v "$work/share:/share" -w /share)
    (cd "$work/share" && "${native_args[@]}") <"$stdin" >"$work/native.out" 2>"$work/native.err"
elif [ -n "$feed" ]; then
    sh -c "$feed" | "${native_args[@]}" >"$work/native.out" 2>"$work/native.err"
else
    "${native_args[@]}" <"$stdin" >"$work/native.out" 2>"$work/native.err"
fi
native_rc=$?
# The guest must find the share as the native run left it (fixture runs only read it).
if [ -n "$feed" ]; then
    sh -c "$feed" | "$CELDA" run "${celda_opts[@]}" "${guest_args[@]}" >"$work/celda.out" 2>"$work/celda.err"
else
    "$CELDA" run "${celda_opts[@]}" "${guest_args[@]}" <"$stdin" >"$work/celda.out" 2>"$work/celda.err"
fi
celda_rc=$?
status=0
if [ "$native_rc" != "$celda_rc" ]; then echo "FAIL: exit status native $native_rc, celda $celda_rc"; status=1; fi
if ! cmp -s "$work/native.out" "$work/celda.out"; then echo "FAIL: stdout differs"; diff "$work/native.out" "$work/celda.out" | head -20; status=1; fi
if ! cmp -s "$work/native.err" "$work/celda.err"; then echo "FAIL: stderr differs"; diff "$work/native.err" "$work/celda.err" | head -20; status=1; fi
[ $status -eq 0 ] && echo "ok: $(wc -c <"$work/native.out") bytes of stdout identical, exit $native_rc"
exit $status
