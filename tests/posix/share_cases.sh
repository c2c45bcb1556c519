#!/usr/bin/env bash
# Host shares: what must fail inside the guest (escapes, writes to :ro), what must be refused
# before boot (a -v path that does not exist, a relative GUESTDIR), and -w. Usage:
#   share_cases.sh BUSYBOX
set -u
CELDA=${CELDA:?set CELDA to the celda binary}
BB=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
s=$work/share
mkdir -p "$s/sub" "$work/outside/dir"
echo inside >"$s/a.txt"
echo SECRET-CONTENT >"$work/outside/secret"
echo DEEPER-CONTENT >"$work/outside/dir/f"
echo OTHER-SHARE >"$work/outside/visible"
ln -s ../outside/secret "$s/rel-escape"          # relative symlink leading out
ln -s "$work/outside/secret" "$s/abs-escape"     # absolute symlink leading out
ln -s ../../outside/dir "$s/sub/dir-escape"      # a directory outside, through a subdirectory
ln -s ../a.txt "$s/sub/up-inside"                # ".." that stays inside: allowed
failures=0

# check NAME WANT_RC WANT_TEXT(stdout+stderr; "" = any) -- celda-run-args...
check() {
    local name=$1 want_rc=$2 want=$3
    shift 4
    local out rc
    out=$("$CELDA" run "$@" 2>&1 </dev/null)
    rc=$?
    if [ "$rc" != "$want_rc" ] || { [ -n "$want" ] && [[ "$out" != *"$want"* ]]; }; then
        echo "FAIL $name: exit $rc (want $want_rc), output: $out (want '$want')"
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
    if [[ "$out" == *SECRET-CONTENT* || "$out" == *DEEPER-CONTENT* ]]; then
        echo "FAIL $name: the guest read a file outside the share"
        failures=$((failures + 1))
    fi
}

V=(-v "$s:/share")
check inside-symlink-with-dotdot 0 "inside" -- "${V[@]}" "$BB" cat /share/sub/up-inside
check relative-symlink-out 1 "Permission denied" -- "${V[@]}" "$BB" cat /share/rel-escape
check absolute-symlink-out 1 "Permission denied" -- "${V[@]}" "$BB" cat /share/abs-escape
check directory-symlink-out 1 "Permission denied" -- "${V[@]}" "$BB" ls /share/sub/dir-escape/
check dotdot-stays-in-guest 1 "No such file" -- "${V[@]}" "$BB" cat /share/../../outside/secret
check dotdot-from-workdir 1 "No such file" -- "${V[@]}" -w /share/sub "$BB" cat ../../outside/secret
check write-through-escape 1 "Permission denied" -- "${V[@]}" "$BB" sh -c 'echo x > /share/abs-escape'
[ "$(cat "$work/outside/secret")" = SECRET-CONTENT ] || { echo "FAIL: a file outside the share changed"; failures=$((failures + 1)); }

R=(-v "$s:/share:ro")
check ro-read 0 "inside" -- "${R[@]}" "$BB" cat /share/a.txt
check ro-create 1 "Read-only file system" -- "${R[@]}" "$BB" touch /share/new
check ro-write 1 "Read-only file system" -- "${R[@]}" "$BB" sh -c 'echo x > /share/a.txt'
check ro-append 1 "Read-only file system" -- "${R[@]}" "$BB" sh -c 'echo x >> /share/a.txt'
check ro-mkdir 1 "Read-only file system" -- "${R[@]}" "$BB" mkdir /share/d
check ro-unlink 1 "Read-only file system" -- "${R[@]}" "$BB" rm /share/a.txt
check ro-rename 1 "Read-only file system" -- "${R[@]}" "$BB" mv /share/a.txt /share/b.txt
check ro-truncate 1 "Read-only file system" -- "${R[@]}" "$BB" truncate -s 0 /share/a.txt
[ "$(cat "$s/a.txt")" = inside ] && [ ! -e "$s/new" ] && [ ! -e "$s/d" ] || { echo "FAIL: the :ro share changed"; failures=$((failures + 1)); }

check missing-host-dir 125 "celda: -v $work/nope:/x: host directory $work/nope does not exist" -- -v "$work/nope:/x" "$BB" true
check relative-guest-dir 125 "must be an absolute path" -- -v "$s:share" "$BB" true
check workdir 0 "/share/sub" -- "${V[@]}" -w /share/sub "$BB" pwd
check workdir-relative-reads 0 "inside" -- "${V[@]}" -w /share "$BB" cat a.txt
check workdir-created-in-memory 0 "/made/here" -- -w /made/here "$BB" pwd
check workdir-missing-in-share 126 "-w /share/nope" -- "${V[@]}" -w /share/nope "$BB" pwd
check two-shares 0 "OTHER-SHARE" -- "${V[@]}" -v "$work/outside:/other:ro" "$BB" cat /share/a.txt /other/visible
# rename(2) across shares is EXDEV, so mv copies and unlinks, as it does across host file systems.
check cross-share-mv 0 "" -- "${V[@]}" -v "$work/outside:/other" "$BB" mv /share/a.txt /other/moved
[ ! -e "$s/a.txt" ] && [ "$(cat "$work/outside/moved")" = inside ] || { echo "FAIL: cross-share mv"; failures=$((failures + 1)); }
exit $((failures > 0))
