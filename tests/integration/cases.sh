#!/usr/bin/env bash
# Integration cases for `celda run`. Usage: cases.sh CASE
# Environment (set by CTest): CELDA (monitor binary), CELDA_BIN_DIR, PROBE (test guest image).
# Each case runs celda, then asserts on exit status, stdout and stderr. Any failed assertion
# prints what was expected and what came back, and exits 1.
set -u -o pipefail

: "${CELDA:?}" "${CELDA_BIN_DIR:?}" "${PROBE:?}"
HELLO=$CELDA_BIN_DIR/hello.img
T=$(mktemp -d "${TMPDIR:-/tmp}/celda-it.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

RC=0
# run ARGS... : celda's stdout -> $T/out, stderr -> $T/err, exit status -> $RC
# `celda run` gets --backend sandbox unless the case names a backend: these cases assert
# sandbox behaviour, and `auto` would pick kvm on a host whose /dev/kvm runs guests (the kvm
# versions of these cases are in tests/kvm/kvm_cases.cpp, run inside a nested-KVM boot).
run() {
    local args=("$@")
    if [ "${1:-}" = run ] && ! printf '%s\n' "$@" | grep -qx -- '--backend'; then args=(run --backend sandbox "${@:2}"); fi
    "$CELDA" "${args[@]}" > "$T/out" 2> "$T/err" < /dev/null; RC=$?
}

fail() {
    echo "FAIL: $*"
    echo "--- exit status: $RC"
    echo "--- stdout:"; head -c 4000 "$T/out" 2>/dev/null
    echo "--- stderr:"; head -c 4000 "$T/err" 2>/dev/null
    exit 1
}
expect_rc()          { [ "$RC" -eq "$1" ] || fail "expected exit status $1"; }
expect_out_line()    { grep -qxF -- "$1" "$T/out" || fail "expected stdout line '$1'"; }
expect_out_exactly() { diff -u <(printf '%s\n' "$@") "$T/out" > "$T/diff" || { cat "$T/diff"; fail "stdout differs"; }; }
expect_err_has()     { grep -qF -- "$1" "$T/err" || fail "expected stderr to contain '$1'"; }
expect_err_matches() { grep -qE -- "$1" "$T/err" || fail "expected stderr to match /$1/"; }
expect_no_core()     { ! ls "$T"/core* > /dev/null 2>&1 || fail "a core file was left behind"; }
# A user-facing failure: exactly one line on stderr, prefixed "celda: ", naming the problem.
expect_one_error_line() {
    expect_rc "$1"
    [ "$(wc -l < "$T/err")" -eq 1 ] || fail "expected exactly one stderr line"
    grep -q '^celda: ' "$T/err" || fail "expected the error line to start with 'celda: '"
    expect_err_has "$2"
    expect_no_core
}
# A guest stop report: the first stderr line is the report, the status is as documented.
expect_stop() {
    expect_rc "$1"
    expect_err_matches "$2"
    expect_no_core
}

# patch_u64 FILE OFFSET VALUE / patch_u16 FILE OFFSET VALUE: little-endian in-place edits.
patch_u64() { perl -e 'open my $f, "+<", $ARGV[0] or die; binmode $f; seek $f, $ARGV[1], 0; print $f pack("Q<", $ARGV[2]);' "$@"; }
patch_u16() { perl -e 'open my $f, "+<", $ARGV[0] or die; binmode $f; seek $f, $ARGV[1], 0; print $f pack("S<", $ARGV[2]);' "$@"; }
read_u64()  { perl -e 'open my $f, "<", $ARGV[0] or die; binmode $f; seek $f, $ARGV[1], 0; read $f, my $b, 8; print unpack("Q<", $b);' "$@"; }
read_u32()  { perl -e 'open my $f, "<", $ARGV[0] or die; binmode $f; seek $f, $ARGV[1], 0; read $f, my $b, 4; print unpack("L<", $b);' "$@"; }
# offset of the first program header of type PT_LOAD (1)
first_load_phdr() {
    local phoff; phoff=$(read_u64 "$1" 32)
    local i=0
    while [ $i -lt 64 ]; do
        [ "$(read_u32 "$1" $((phoff + i * 56)))" = 1 ] && { echo $((phoff + i * 56)); return; }
        i=$((i + 1))
    done
    echo "no PT_LOAD in $1" >&2; exit 1
}

case_hello() {
    run run "$HELLO" Ada Lovelace
    expect_rc 0
    grep -qF Ada "$T/out" && grep -qF Lovelace "$T/out" || fail "hello should print its arguments"
    [ ! -s "$T/err" ] || fail "hello should not write to stderr"
    run run "$HELLO" --exit 3
    expect_rc 3
}

case_relocatable() {
    # build/bin can be copied elsewhere and still works.
    cp -a "$CELDA_BIN_DIR" "$T/moved"
    "$T/moved/celda" run "$T/moved/hello.img" moved > "$T/out" 2> "$T/err"; RC=$?
    expect_rc 0
    grep -qF moved "$T/out" || fail "copied celda should run the copied hello"
}

case_exit_status() {
    for s in 0 1 7 42 255; do
        run run "$PROBE" exit $s
        expect_rc $s
    done
    run run "$PROBE" exit 256   # like Linux: only the low 8 bits survive
    expect_rc 0
}

case_argv() {
    run run "$PROBE" args one "two words" "" 'quote"s'
    expect_rc 0
    expect_out_exactly "argc=6" "argv[0]=$PROBE" "argv[1]=args" "argv[2]=one" \
        "argv[3]=two words" "argv[4]=" 'argv[5]=quote"s'
}

case_env() {
    run run -e GREETING=hola --env OTHER=x "$PROBE" env GREETING
    expect_rc 0; expect_out_exactly "GREETING=hola"
    run run --env=EMPTY= "$PROBE" env EMPTY
    expect_rc 0; expect_out_exactly "EMPTY="
    run run -e OTHER=x "$PROBE" env GREETING
    expect_rc 1; expect_out_exactly "GREETING is unset"
    # celda's own environment does not leak into the guest...
    GREETING=leak "$CELDA" run "$PROBE" env GREETING > "$T/out" 2> "$T/err"; RC=$?
    expect_rc 1
    # ...unless passed by name, like docker -e NAME.
    GREETING=passed "$CELDA" run -e GREETING "$PROBE" env GREETING > "$T/out" 2> "$T/err"; RC=$?
    expect_rc 0; expect_out_exactly "GREETING=passed"
    # -e NAME with NAME unset on the host is an error, not a silent empty value.
    env -u NOT_SET_ANYWHERE "$CELDA" run -e NOT_SET_ANYWHERE "$PROBE" env X > "$T/out" 2> "$T/err"; RC=$?
    expect_one_error_line 125 NOT_SET_ANYWHERE
}

case_stdout_stderr_separate() {
    run run "$PROBE" stderr
    expect_rc 0
    expect_out_exactly "to stdout"
    diff <(echo "to stderr") "$T/err" > /dev/null || fail "stderr should hold exactly 'to stderr'"
}

case_trace() {
    run run --trace "$PROBE" exit 3
    expect_rc 3
    expect_err_matches '^celda\[trace\]: .*sandbox'
    expect_err_matches '^celda\[trace\]: exit\(status=3\)'
    run run "$PROBE" exit 3
    ! grep -q 'celda\[trace\]' "$T/err" || fail "no trace lines without --trace"
}

case_fibers() {
    run run "$PROBE" fibers
    expect_rc 0
    expect_out_exactly "fiber 0 step 0" "fiber 1 step 0" "fiber 2 step 0" \
        "fiber 0 step 1" "fiber 1 step 1" "fiber 2 step 1" \
        "fiber 0 step 2" "fiber 1 step 2" "fiber 2 step 2" "fibers done"
}

case_sleep() {
    local t0 t1; t0=$(date +%s%N)
    run run "$PROBE" sleep 300
    t1=$(date +%s%N)
    expect_rc 0
    local ms; ms=$(sed -n 's/^slept \([0-9]*\) ms$/\1/p' "$T/out")
    [ -n "$ms" ] || fail "expected 'slept N ms'"
    [ "$ms" -ge 300 ] || fail "slept $ms ms, asked for 300"
    [ $(( (t1 - t0) / 1000000 )) -ge 300 ] || fail "celda returned before the guest's sleep could have ended"
}

case_memory_cap() {
    local mib
    for mem in 16 64; do
        run run --memory ${mem}M "$PROBE" alloc
        expect_rc 0
        mib=$(sed -n 's/^allocated \([0-9]*\) MiB before out of memory$/\1/p' "$T/out")
        [ -n "$mib" ] || fail "expected 'allocated N MiB before out of memory'"
        [ "$mib" -lt "$mem" ] || fail "guest got $mib MiB with --memory ${mem}M"
        [ "$mib" -ge $((mem / 2)) ] || fail "guest got only $mib MiB of --memory ${mem}M"
    done
}

case_forbidden_syscall() {
    run run "$PROBE" syscall
    expect_stop 159 'forbidden host syscall openat \(257\)'
    ! grep -q '^syscall returned' "$T/out" || fail "the syscall must never return to the guest"
}

case_timeout() {
    local t0 t1; t0=$(date +%s%N)
    run run --timeout 0.5 "$PROBE" spin
    t1=$(date +%s%N)
    expect_stop 124 'ran past --timeout'
    [ $(( (t1 - t0) / 1000000 )) -lt 5000 ] || fail "timeout took more than 5 s to fire"
    run run --timeout 10 "$PROBE" exit 5   # a guest that finishes in time is not affected
    expect_rc 5
}

case_crash_null() {
    run run "$PROBE" crash-null
    expect_stop 139 '^celda: guest crashed: page fault at address 0x0\b'
}

case_crash_invalid_opcode() {
    run run "$PROBE" crash-ud
    expect_stop 132 '^celda: guest crashed: invalid opcode.*probe_invalid_opcode'
}

case_panic_backtrace() {
    run run "$PROBE" panic
    expect_stop 134 '^celda: guest panicked: deliberate panic from probe'
    expect_err_matches 'probe_panic_here'
}

case_bad_hypercall_pointer() {
    run run "$PROBE" bad-pointer
    expect_stop 139 'invalid address to hypercall console_write'
}

case_deadlock() {
    run run "$PROBE" deadlock
    expect_stop 134 'guest panicked: .*deadlock'
}

case_bad_missing_file() {
    run run "$T/no-such-file.img"
    expect_one_error_line 125 "no-such-file.img"
    expect_err_has "No such file"
}

case_bad_not_executable() {
    echo "just some text" > "$T/notes.txt"
    run run "$T/notes.txt"
    expect_one_error_line 125 "notes.txt"
    expect_err_has "not an executable"
    run run "$T"          # a directory
    expect_one_error_line 125 "$T"
}

case_bad_truncated_elf() {
    local size; size=$(stat -c %s "$PROBE")
    for cut in 10 63 100 $((size / 2)); do
        head -c $cut "$PROBE" > "$T/cut.img"
        run run "$T/cut.img"
        expect_one_error_line 125 "cut.img"
    done
}

case_bad_corrupt_phdrs() {
    cp "$PROBE" "$T/corrupt.img"
    patch_u64 "$T/corrupt.img" 32 $((1 << 40))   # e_phoff far beyond the end of the file
    run run "$T/corrupt.img"
    expect_one_error_line 125 "corrupt.img"
    cp "$PROBE" "$T/corrupt2.img"
    local ph; ph=$(first_load_phdr "$T/corrupt2.img")
    patch_u64 "$T/corrupt2.img" $((ph + 8)) $((1 << 40))  # segment's file offset beyond EOF
    run run "$T/corrupt2.img"
    expect_one_error_line 125 "corrupt2.img"
}

case_bad_other_arch() {
    cp "$PROBE" "$T/arm.img"
    patch_u16 "$T/arm.img" 18 183      # e_machine = EM_AARCH64
    run run "$T/arm.img"
    expect_one_error_line 125 "AArch64"
}

case_bad_segment_outside_memory() {
    cp "$PROBE" "$T/far.img"
    local ph; ph=$(first_load_phdr "$T/far.img")
    patch_u64 "$T/far.img" $((ph + 16)) $((1 << 46))   # p_vaddr 64 TiB up
    run run "$T/far.img"
    expect_one_error_line 125 "far.img"
    expect_err_has "guest memory"
    # and a real image that is simply too big for a small --memory
    run run --memory 4M "$PROBE" exit 0
    [ "$RC" -eq 0 ] || expect_one_error_line 125 "memory"
}

case_bad_linux_executable() {
    # A dynamically linked Linux program needs a dynamic loader celda does not provide yet.
    local dynamic_exe; dynamic_exe=$(command -v ls)
    run run "$dynamic_exe"
    expect_one_error_line 125 "dynamically linked"
}

case_linux_static_executable() {
    # A static Linux program runs in the stock posix.img (busybox-static is static).
    local busybox; busybox=$(command -v busybox) || { echo "skip: no busybox"; return 0; }
    run run "$busybox" echo from busybox
    [ "$RC" -eq 0 ] || fail "static busybox exited $RC"
    expect_out_exactly "from busybox"
}

case_bad_unknown_option() {
    run run --frobnicate "$PROBE"
    expect_one_error_line 125 "--frobnicate"
}

case_bad_unknown_subcommand() {
    run launch "$PROBE"
    expect_one_error_line 125 "launch"
    run
    [ "$RC" -ne 0 ] || fail "celda with no arguments must not succeed"
}

case_bad_memory_unparsable() {
    for m in lots 12Q -5M ""; do
        run run --memory "$m" "$PROBE" exit 0
        expect_one_error_line 125 "--memory"
    done
}

case_bad_memory_too_small() {
    run run --memory 1M "$PROBE" exit 0
    expect_one_error_line 125 "--memory"
}

case_bad_backend() {
    run run --backend kvm "$PROBE" exit 0
    # One line and 125 where /dev/kvm is missing or cannot run guests; elsewhere it just runs.
    [ "$RC" -eq 0 ] || expect_one_error_line 125 "kvm"
    run run --backend warp "$PROBE" exit 0
    expect_one_error_line 125 "warp"
    run run --backend sandbox "$PROBE" exit 4
    expect_rc 4
    run run --backend auto "$PROBE" exit 4
    expect_rc 4
}

case_bad_timeout_value() {
    for v in -1 0 soon; do
        run run --timeout "$v" "$PROBE" exit 0
        expect_one_error_line 125 "--timeout"
    done
}

case_bad_no_program() {
    run run
    expect_one_error_line 125 "PROGRAM"
    run run --memory 64M
    expect_one_error_line 125 "PROGRAM"
}

case_help_and_version() {
    run --help
    expect_rc 0
    for word in "celda run" --backend --memory --env --timeout --trace "exit status"; do
        grep -qiF -- "$word" "$T/out" || fail "--help should mention '$word'"
    done
    run version
    expect_rc 0
    grep -qE '^celda [0-9]+\.[0-9]+\.[0-9]+' "$T/out" || fail "version should print 'celda X.Y.Z'"
    grep -qE 'contract [0-9]+' "$T/out" || fail "version should name the contract version"
}

name=${1:?usage: cases.sh CASE}
declare -F "case_$name" > /dev/null || { echo "unknown case: $name"; exit 2; }
"case_$name"
echo "ok: $name"
