#!/usr/bin/env bash
# Win32 end-to-end cases: `cases.sh NAME` runs one. Expected output and exit statuses follow
# from each program's source and Windows semantics (see the comments in the .c files).
# Environment: CELDA (the binary), WIN32_TESTS (the folder with the built .exe files).
set -u
case_name=$1
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

run() {   # run ARGS...: celda run ARGS, capturing stdout/stderr/status
    "$CELDA" run "$@" >"$out" 2>"$err"
    status=$?
}
fail() {
    echo "FAIL [$case_name]: $*"
    echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"
    exit 1
}
run_merged() {   # run ARGS...: celda run ARGS with stdout and stderr into the same file
    "$CELDA" run "$@" >"$out" 2>&1
    status=$?
}
expect_status() { [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"; }
expect_stdout() { diff -u <(printf '%s' "$1") "$out" >/dev/null || { diff -u <(printf '%s' "$1") "$out"; fail "stdout differs"; }; }
expect_stdout_file() { diff -u "$(dirname "$0")/expected/$1" "$out" || fail "stdout differs from expected/$1"; }
expect_stderr_has() { grep -qF -- "$1" "$err" || fail "stderr lacks: $1"; }
expect_one_line_error() {   # a bad program: one "celda: " line naming the problem, status 125
    expect_status 125
    expect_stderr_has "$1"
    [ "$(grep -c '^celda: ' "$err")" -eq 1 ] || fail "expected exactly one celda: line"
}
T=$WIN32_TESTS

case $case_name in
hello_msvcrt)
    run "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "to stderr ok 1.50" ;;
hello_ucrt)
    run "$T/hello_ucrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "to stderr ok 1.50" ;;
args_quoting)
    # Each argument must reach argv unchanged through the Windows command line.
    run "$T/args.exe" 'two words' 'quote"inside' 'trailing\' '' 'back\\"slash' plain
    expect_status 0
    expect_stdout $'argc=7\n[two words]\n[quote"inside]\n[trailing\\]\n[]\n[back\\\\"slash]\n[plain]\n' ;;
stdio_buffering)
    # When stdout's bytes are written (see stdio_buffering.c): buffered when not a console.
    for crt in msvcrt ucrt; do
        run_merged "$T/stdio_buffering_$crt.exe" order;  expect_status 0; expect_stdout $'BAC\n'
        run_merged "$T/stdio_buffering_$crt.exe" fflush; expect_status 0; expect_stdout $'ABC\n'
        run_merged "$T/stdio_buffering_$crt.exe" nobuf;  expect_status 0; expect_stdout $'ABC\n'
        run_merged "$T/stdio_buffering_$crt.exe" _exit;  expect_status 3; expect_stdout $'B\n'
        run_merged "$T/stdio_buffering_$crt.exe" big;    expect_status 0
        expect_stdout "$(printf 'x%.0s' $(seq 8192))"$'E\n'"$(printf 'x%.0s' $(seq 1808))"
    done ;;
stdio_temporary_buffering)
    # Unbuffered stdout/stderr: one write per printf/fputs/fwrite call, as the Microsoft CRT's
    # temporary buffering makes it (see the stbuf mode in stdio_buffering.c).
    y5000=$(printf 'y%.0s' $(seq 5000))
    for crt in msvcrt ucrt; do
        run_merged "$T/stdio_buffering_$crt.exe" stbuf; expect_status 0
        expect_stdout $'out 1,err two 3.50,out three\nwide four 5\nfputs\nfwrite\n'"$y5000"$'\n!\n'
        run --trace=hypercalls "$T/stdio_buffering_$crt.exe" stbuf; expect_status 0
        writes_out=$(grep -o 'celda\[trace\]: console_write(stream=1,' "$err" | wc -l)
        writes_err=$(grep -o 'celda\[trace\]: console_write(stream=2,' "$err" | wc -l)
        [ "$writes_out" -eq 2 ] || fail "$crt: $writes_out writes to stdout, expected 2"
        [ "$writes_err" -eq 8 ] || fail "$crt: $writes_err writes to stderr, expected 8"
        grep -q 'console_write(stream=2, .*len=4096)' "$err" || fail "$crt: the 5001-byte fprintf was not chunked at 4096"
    done ;;
exit_via_exitprocess)
    run "$T/exit_process.exe" p
    expect_status 42
    expect_stdout $'atexit handler\n' ;;
exit_via_exit)
    run "$T/exit_process.exe" e
    expect_status 7
    expect_stdout $'atexit handler\n' ;;
exit_via_return)
    run "$T/exit_process.exe"
    expect_status 9
    expect_stdout $'returning 9\natexit handler\n' ;;
environment)
    run -e GREETING=hello "$T/env.exe"
    expect_status 0
    expect_stdout $'getenv: hello\nGetEnvironmentVariableA: 5 hello\nmissing: 0 error=203\nadded: yes\n' ;;
threads)
    run "$T/threads.exe"
    expect_status 0
    expect_stdout $'thread 0 exit code 100\nthread 1 exit code 101\nthread 2 exit code 102\nthread 3 exit code 103\ncounter=4000 atomic=4000\nsemaphore: 0 258\n' ;;
trace_win32)
    run -e CELDA_TRACE=win32 "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "celda[win32]: 0004:Call msvcrt.dll!__getmainargs("
    expect_stderr_has "celda[win32]: 0004:Ret  msvcrt.dll!__getmainargs() retval=0x0" ;;
cpp_threads)
    # std::thread/mutex/condition_variable, fstream, <filesystem> in a static posix-thread
    # mingw C++ program (see cpp_threads.cpp).
    run "$T/cpp_threads.exe"
    grep '^FAIL' "$out" && fail "checks failed"
    expect_status 0
    [ "$(grep -c '^PASS ' "$out")" -eq 9 ] || fail "expected 9 PASS lines" ;;
missing_imports_script)
    # scripts/win32-missing-imports.py agrees with the registry: unimplemented.exe lacks exactly
    # the one function it calls, the programs the other cases run need nothing more.
    script="$(dirname "$0")/../../scripts/win32-missing-imports.py"
    python3 "$script" "$T/unimplemented.exe" >"$out" 2>"$err"
    [ $? -eq 1 ] || fail "expected exit status 1 for unimplemented.exe"
    expect_stdout "$T/unimplemented.exe: missing KERNEL32.dll!CreateToolhelp32Snapshot"$'\n'
    python3 "$script" "$T"/hello_msvcrt.exe "$T"/hello_ucrt.exe "$T"/crt_*.exe "$T"/kernel32_*.exe \
        "$T"/file_metadata_*.exe "$T"/files.exe "$T"/threads.exe >"$out" 2>"$err"
    status=$?
    expect_status 0
    expect_stdout "" ;;
unimplemented_import)
    run "$T/unimplemented.exe"
    expect_status 134
    expect_stdout $'before the call\n'
    expect_stderr_has "unimplemented: KERNEL32.dll!CreateToolhelp32Snapshot (called from unimplemented.exe+0x" ;;
cpp_hello)
    # iostream + std::string; parse("") throws and is caught; main returns parse("4").
    run "$T/cpp_hello.exe"
    expect_status 4
    expect_stdout $'hello Celda on Windows (16 chars)\ncaught: empty input\n' ;;
cpp_unwind)
    # Destructors run innermost first, before the catch body; rethrow; catch (...); see the source.
    run "$T/cpp_unwind.exe"
    expect_status 0
    expect_stdout $'1: ~g3 ~g2 ~g1 main-caught:from level3\n2: ~g3 ~g2 level1-caught-Error ~g1 main-caught-Error-42\n3: ~g3 ~g2 ~g1 main-caught-any\n4: level3-returned ~g3 level2-returned ~g2 ~g1 \n5: dtor-caught-inner main-caught:outer\n6: stoi threw invalid_argument\n7: caught 10000\n' ;;
cpp_uncaught)
    # No handler: the CRT's filter lets RaiseException return, libstdc++ calls std::terminate,
    # msvcrt's abort prints its message and exits 3 — what Windows shows.
    run -e UNCAUGHT=1 "$T/cpp_unwind.exe"
    expect_status 3
    expect_stderr_has "terminate called after throwing an instance of 'std::runtime_error'"
    expect_stderr_has "what():  from level3" ;;
cpp_trace)
    # Relay tracing wraps every import; unwinding must still find the program's frames.
    run -e CELDA_TRACE=win32 "$T/cpp_unwind.exe"
    expect_status 0
    grep -q '^7: caught 10000$' "$out" || fail "exceptions broke under tracing"
    expect_stderr_has "Call KERNEL32.dll!RtlUnwindEx(" ;;
cpp_callback_throw)
    # Exceptions out of qsort/bsearch comparators reach the program's catch (see the source).
    run "$T/cpp_callback_throw.exe"
    expect_status 0
    expect_stdout $'1: ~cmp ~sort_with main-caught:from comparator\n2: 1 2 3 4 5 6 7 8\n3: ~search ~main3 caught-int-42\n4: ~cmp inner-caught 1 2\n' ;;
cpp_resource_callback_throw)
    # An exception out of an EnumResourceNames callback reaches the program's catch (see the source).
    run "$T/cpp_resource_callback_throw.exe"
    expect_status 0
    expect_stdout $'1: ~callback ~enumerate caught:MYDATA\n2: 1 5\n' ;;
served)
    # `celda serve`: the same programs, handed to warm guests, give the same output, exit
    # status and crash reports as when celda runs them itself; a run the server cannot take,
    # or a server that is not there, falls back to a direct run.
    dir=$(mktemp -d)
    sock=$dir/serve     # the server's folder (--dir): it makes it, 0700, with win32-v2.sock and posix-v2.sock
    orphaned_celdas() { ps -eo ppid=,stat=,pid=,comm= | awk '$1 == 1 && $2 ~ /^Z/ && $4 == "celda" { print $3 }' | sort; }
    orphans_before=$(orphaned_celdas)
    "$CELDA" serve --dir "$sock" 2>"$dir/log" &
    server=$!
    trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir" "$out" "$err"' EXIT
    for _ in $(seq 100); do [ -S "$sock/win32-v2.sock" ] && break; sleep 0.05; done
    [ -S "$sock/win32-v2.sock" ] || fail "celda serve did not start: $(cat "$dir/log")"
    [ "$(stat -c %a "$sock")" = 700 ] || fail "the server's folder is not private"
    [ "$(stat -c %a "$sock/win32-v2.sock")" = 600 ] || fail "the socket is not private"
    # the warm guests boot at SCHED_IDLE; each one that has booted is raised (READY), so that
    # all four (two per stock image) wait at normal scheduling
    # (settle_guests waits for that: the pool is complete and idle; $guests: their pids)
    settle_guests() {
        local policies=""
        for _ in $(seq 100); do
            policies=$(ps -o stat=,cls= --ppid "$server" | awk '$1 !~ /^Z/ {print $2}' | sort | uniq -c | tr -s ' ')
            [ "$policies" = " 4 TS" ] && break
            sleep 0.05
        done
        [ "$policies" = " 4 TS" ] || fail "the booted warm guests are not all at normal scheduling: $(ps -o pid=,stat=,cls= --ppid "$server" | tr '\n' ' ')"
        guests=$(ps -o pid=,stat= --ppid "$server" | awk '$2 !~ /^Z/ {print $1}' | sort | tr '\n' ' ')
    }
    settle_guests
    # a warm guest is under its seccomp filter from its first instruction, waiting included
    for pid in $(ps -o pid= --ppid "$server"); do
        grep -qE '^Seccomp:[[:space:]]+2$' "/proc/$pid/status" || fail "warm guest $pid waits without its seccomp filter"
    done
    run --trace --server "$sock" "$T/hello_msvcrt.exe"
    expect_status 0
    grep -qF "served by a warm guest of $sock" "$err" || fail "not served: $(grep 'served' "$err")"
    grep -qF "await_payload" "$err" && fail "the warm guest's own boot leaked into the run's trace"
    run --server "$sock" "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "to stderr ok 1.50"
    # every run gets a fresh guest: the second and third runs see the arguments they were given
    for word in one two; do
        CELDA_SERVER=$sock run "$T/args.exe" "$word" 'quote"inside' ''
        expect_status 0
        expect_stdout "argc=4"$'\n'"[$word]"$'\n[quote"inside]\n[]\n'
    done
    # ...and leaves no zombie behind for init to reap (the handover helper is reaped at once)
    sleep 0.1
    leaked=$(comm -13 <(echo "$orphans_before") <(orphaned_celdas) | tr '\n' ' ')
    [ -z "${leaked// }" ] || fail "served runs left zombies for init: $leaked"
    run --server "$sock" -e GREETING=hello "$T/env.exe"
    expect_status 0
    expect_stdout $'getenv: hello\nGetEnvironmentVariableA: 5 hello\nmissing: 0 error=203\nadded: yes\n'
    run --server "$sock" "$T/exit_process.exe"
    expect_status 9
    # the warm guest's helper reads the command line with celda run's own parser, in celda
    # run's working directory and environment: a relative path, and -e KEY from celda run's
    (cd "$T" && GREETING=from-env CELDA_SERVER=$sock "$CELDA" run --trace -e GREETING ./env.exe) >"$out" 2>"$err"; status=$?
    expect_status 0
    expect_stdout $'getenv: from-env\nGetEnvironmentVariableA: 8 from-env\nmissing: 0 error=203\nadded: yes\n'
    grep -qF "served by a warm guest of $sock" "$err" || fail "a relative path with -e KEY was not served: $(cat "$err")"
    # celda started through a symlink is still the server's binary: served
    ln -s "$CELDA" "$dir/celda-link"
    "$dir/celda-link" run --trace --server "$sock" "$T/hello_msvcrt.exe" >"$out" 2>"$err"; status=$?
    expect_status 0
    grep -qF "served by a warm guest of $sock" "$err" || fail "celda through a symlink was not served: $(cat "$err")"
    # a copy of celda is not the server's binary, and a run in another mount namespace may not
    # see the server's files: both run directly, and no warm guest is used up by saying no
    settle_guests
    guests_before=$guests
    cp -r "$(dirname "$CELDA")" "$dir/copy"
    "$dir/copy/celda" run --trace --server "$sock" "$T/hello_msvcrt.exe" >"$out" 2>"$err"; status=$?
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "not served by $sock: declined: the server runs another celda build or copy"
    unshare -m "$CELDA" run --trace --server "$sock" "$T/hello_msvcrt.exe" >"$out" 2>"$err"; status=$?
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "not served by $sock: declined: celda run sees other files than the server"
    # the helper checks what it is sent, not what the client meant: a .exe sent to the POSIX
    # image's socket (by hand: serve/run_request.h) is declined, and says why
    python3 - "$sock/posix-v2.sock" "$(realpath "$CELDA")" "$sock" "$T/hello_msvcrt.exe" >"$out" 2>"$err" <<'PY'
import os, socket, struct, sys
sock_path, celda, server, program = sys.argv[1:]
strings = [celda, "run", "--server", server, program]
body = b"".join(s.encode() + b"\0" for s in strings)
header = struct.pack("<4I", 0x4e555243, len(strings) - 1, 0, 0)
fds = [0, 1, 2, os.open(".", os.O_PATH), os.open("/", os.O_PATH)]
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sock_path)
s.sendmsg([header + body], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))])
reply = s.recv(65536)
magic, status, _, _, _, length = struct.unpack_from("<IIiiII", reply)  # serve/warm_reply.h
print(hex(magic), status, reply[24:24 + length].decode())
PY
    [ "$(cat "$out")" = "0x4d524157 2 this socket's warm guests run the other kind of program" ] ||
        fail "a .exe on the POSIX socket: $(cat "$out" "$err")"
    # (a guest that ended would be reaped and replaced within a few ms)
    sleep 0.3
    settle_guests
    [ "$guests" = "$guests_before" ] || fail "a declined run used up a warm guest ($guests_before -> $guests)"
    # stdin is the client's: _kbhit/_getch on a pipe that delivers "xy" after a pause. Meanwhile
    # the running guest has no handover helper left (it exits before the program's first
    # instruction); the spares' helpers still wait for their runs.
    (sleep 0.6; printf xy) | CELDA_SERVER=$sock "$CELDA" run "$T/conio_input.exe" >"$out" 2>"$err" &
    client=$!
    sleep 0.3
    without_helper=0
    for pid in $(ps -o pid= --ppid "$server"); do
        [ -z "$(ps -o stat= --ppid "$pid" | grep -v '^Z')" ] && without_helper=$((without_helper + 1))
    done
    wait $client
    status=$?
    [ "$without_helper" -eq 1 ] || fail "$without_helper guests without a live handover helper during a run (expected the running one only)"
    grep '^FAIL' "$out" && fail "conio_input.exe: checks failed"
    expect_status 0
    [ "$(grep -c '^PASS ' "$out")" -eq 6 ] || fail "conio_input.exe: expected 6 PASS lines"
    # a static Linux program goes to the POSIX image's warm guest
    if [ -x "$T/../posix/hello-musl" ]; then
        run --trace --server "$sock" "$T/../posix/hello-musl" warm
        expect_status 0
        expect_stdout $'hello from warm\nGREETING=(unset)\n'
        grep -qF "served by a warm guest" "$err" || fail "hello-musl was not served"
    fi
    # a crash is reported like a direct run's, naming the function in the program
    run --server "$sock" "$T/access_violation.exe"
    expect_status 139
    expect_stdout $'before the fault\n'
    expect_stderr_has "page fault at address 0x10 "
    expect_stderr_has "in access_violation.exe!poke+0x"
    # imports and GetProcAddress go through the warm guest's export index: a missing import is
    # named as in a direct run, and crt_math looks up its ucrtbase functions by name
    run --server "$sock" "$T/unimplemented.exe"
    expect_status 134
    expect_stdout $'before the call\n'
    expect_stderr_has "unimplemented: KERNEL32.dll!CreateToolhelp32Snapshot (called from unimplemented.exe+0x"
    # its backtrace names win32.img's functions: the client parsed the image only for this report
    expect_stderr_has " in win32_thunk_enter+0x"
    run --server "$sock" "$T/crt_math.exe"
    expect_status 0
    grep '^FAIL' "$out" && fail "crt_math.exe on a warm guest: checks failed"
    grep -qE "^crt_math: [0-9]+ checks, 0 failed\$" "$out" || fail "crt_math.exe on a warm guest: no summary"
    # the program's DLLs travel with it
    run --trace --server "$sock" "$T/dlls/dlltest.exe"
    expect_status 0
    grep -qF "served by a warm guest" "$err" || fail "dlltest.exe was not served"
    grep -q "all checks passed" "$out" || fail "dlltest.exe: its checks did not pass"
    grep '^FAIL' "$out" && fail "dlltest.exe: checks failed"
    # what a warm guest cannot take runs directly, and --trace says why
    run --trace --server "$sock" --memory 32M "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stderr_has "not served by $sock: --memory other than the default"
    run --trace --server "$dir/nobody" "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "not served by $dir/nobody: no server"
    # clients that connect and say nothing (more of them than warm guests) do not hold the
    # guests: each is dropped after a second, and a real run is still served
    python3 -c '
import socket, sys, time
held = []
for _ in range(3):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1])
    held.append(s)
open(sys.argv[2], "w").close()
time.sleep(8)' "$sock/win32-v2.sock" "$dir/silent" & silent=$!
    for _ in $(seq 100); do [ -e "$dir/silent" ] && break; sleep 0.05; done
    timeout 6 "$CELDA" run --trace --server "$sock" "$T/hello_msvcrt.exe" >"$out" 2>"$err"; status=$?
    kill $silent 2>/dev/null; wait $silent 2>/dev/null
    expect_status 0
    grep -qF "served by a warm guest of $sock" "$err" || fail "not served while silent clients were connected"
    # a client that goes away (killed, Ctrl-C) takes its guest with it, as a direct run does
    mkfifo "$dir/stdin"
    (sleep 20 >"$dir/stdin") & holder=$!
    # (busybox cat, from busybox-static, blocks on the fifo until the holder goes away)
    CELDA_SERVER=$sock "$CELDA" run /bin/busybox cat <"$dir/stdin" >/dev/null 2>&1 & client=$!
    sleep 0.5   # the run has started: it waits for input on the fifo
    kill -TERM $client; wait $client 2>/dev/null
    # the server says which guest it stopped, and that process is gone
    guest=""
    for _ in $(seq 100); do
        guest=$(sed -n 's/^celda serve: the client of guest \([0-9]*\) went away.*/\1/p' "$dir/log" | head -n 1)
        [ -n "$guest" ] && break; sleep 0.05
    done
    [ -n "$guest" ] || fail "the server did not stop the guest of a client that went away: $(cat "$dir/log")"
    [ "$(grep -c 'went away' "$dir/log")" -eq 1 ] || fail "clients that ended normally were reported as gone: $(cat "$dir/log")"
    for _ in $(seq 100); do kill -0 "$guest" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$guest" 2>/dev/null && fail "the guest outlived its client"
    kill $holder 2>/dev/null
    # a folder others can enter is refused, in one line, before anything listens there
    mkdir -m 0755 "$dir/open"
    "$CELDA" serve --dir "$dir/open" >"$out" 2>"$err"; status=$?
    [ "$status" -eq 125 ] || fail "serve in a 0755 folder: status $status"
    [ "$(wc -l <"$err")" -eq 1 ] && grep -qF "is not a folder of this user's alone" "$err" ||
        fail "serve in a 0755 folder: $(cat "$err")"
    [ -e "$dir/open/win32-v2.sock" ] && fail "serve listened in a folder others can enter"
    # a second server on the same socket is refused with one line
    "$CELDA" serve --dir "$sock" >"$out" 2>"$err"; status=$?
    [ "$status" -eq 125 ] || fail "second server: status $status"
    grep -qF "already serving $sock" "$err" || fail "second server: $(cat "$err")"
    # ...and the first one still serves (the second's probe must not have used up its guest)
    run --trace --server "$sock" "$T/hello_msvcrt.exe"
    expect_status 0
    grep -qF "served by a warm guest of $sock" "$err" || fail "not served after a second server's probe"
    # SIGTERM stops the server and removes its socket
    kill -TERM $server; wait $server; sstatus=$?
    [ "$sstatus" -eq 0 ] || fail "celda serve exited $sstatus on SIGTERM"
    [ -e "$sock/win32-v2.sock" ] && fail "the socket is left behind"
    true ;;
access_violation)
    run "$T/access_violation.exe"
    expect_status 139
    expect_stdout $'before the fault\n'
    expect_stderr_has "page fault at address 0x10 "
    # the faulting rip is named by the function access_violation.c defines (the .exe's COFF
    # symbols), then by its offset in the program the Win32 image placed (boot_info.program_base)
    expect_stderr_has "in access_violation.exe!poke+0x"
    expect_stderr_has "(access_violation.exe+0x" ;;
access_violation_stripped)
    # built with -s: no COFF symbols; poke is exported, so the export directory names it
    run "$T/access_violation_stripped.exe"
    expect_status 139
    expect_stdout $'before the fault\n'
    expect_stderr_has "in access_violation_stripped.exe!poke+0x"
    expect_stderr_has "(access_violation_stripped.exe+0x" ;;
hardware_exceptions)
    # CPU faults as SEH exceptions; the program checks itself (see hardware_exceptions.c).
    run "$T/hardware_exceptions.exe"
    expect_status 0
    grep -q '^FAIL' "$out" && fail "a check failed"
    grep -qx '0 failures' "$out" || fail "the program did not finish" ;;
hardware_execute_handler)
    # The unhandled-exception filter returns EXCEPTION_EXECUTE_HANDLER: Windows ends the process
    # with the exception code, 0xC0000005; celda run exits with its low byte.
    run "$T/hardware_exceptions.exe" execute_handler
    expect_status 5
    expect_stdout $'filter saw 0xc0000005\n' ;;
hardware_unhandled_ud2)
    # No handler: reported by the monitor exactly as without fault delivery.
    run "$T/hardware_exceptions.exe" unhandled_ud2
    expect_status 132
    expect_stderr_has "celda: guest crashed: invalid opcode at address 0x"
    expect_stderr_has "(hardware_exceptions.exe+0x" ;;
hardware_unhandled_int3)
    run "$T/hardware_exceptions.exe" unhandled_int3
    expect_status 133
    expect_stderr_has "celda: guest crashed: breakpoint at address 0x" ;;
hardware_bad_stack|hardware_noaccess_stack)
    # The fault frame cannot be written (rsp = 0x10; a PAGE_NOACCESS page below rsp): the
    # monitor reports the ud2 itself, as without a fault entry, and neither loops nor dies.
    run "$T/hardware_exceptions.exe" "${case_name#hardware_}"
    expect_status 132
    expect_stderr_has "celda: guest crashed: invalid opcode at address 0x"
    expect_stderr_has "hardware_exceptions.exe!ud2_on_stack" ;;
hardware_trace)
    # --trace=hypercalls shows the registration and each fault handed to the guest.
    run --trace=hypercalls "$T/hardware_exceptions.exe" execute_handler
    expect_status 5
    expect_stderr_has "celda[trace]: fault_entry(entry=0x"
    expect_stderr_has "celda[trace]: fault(page fault, error=0x"
    expect_stderr_has ", address=0x10, rip=0x" ;;
files)
    # Win32 file I/O in C:\tmp; expected/files.txt states what Windows gives (see files.c).
    run "$T/files.exe"
    expect_status 0
    expect_stdout_file files.txt ;;
crt_files_msvcrt|crt_files_ucrt)
    # fopen/fread/fwrite (text mode CRLF), lowio, errno values; same output with both CRTs.
    run "$T/$case_name.exe"
    expect_status 0
    expect_stdout_file crt_files.txt ;;
crt_tool_msvcrt|crt_tool_ucrt)
    # A realistic tool on each CRT: qsort/bsearch, math, strtod/strtol, printf/sscanf, time,
    # environment, wide strings, _stat/_findfirst. The program checks itself against literals
    # written from the C standard and Microsoft's documentation (see the top of crt_tool.c):
    # one PASS/FAIL line per check, exit status 1 on any failure.
    run "$T/$case_name.exe"
    grep '^FAIL' "$out" && fail "checks failed"
    expect_status 0
    summary=$(grep -E '^crt_tool: [0-9]+ checks, 0 failed$' "$out") || fail "no summary line"
    checks=${summary#crt_tool: }; checks=${checks%% *}
    [ "$(grep -c '^PASS ' "$out")" -eq "$checks" ] || fail "PASS lines do not add up to $checks"
    [ "$checks" -ge 70 ] || fail "only $checks checks ran"
    # wprintf to stdout; atexit handlers run after main returns (C: exit), so that line is last.
    grep -qxF 'wprintf: wide 50%' "$out" || fail "no wprintf line"
    [ "$(tail -n 1 "$out")" = "atexit: done" ] || fail "atexit handler did not run last" ;;
crt_convert_msvcrt|crt_convert_ucrt|crt_runtime_msvcrt|crt_runtime_ucrt|file_metadata_msvcrt|\
file_metadata_ucrt|crt_process_msvcrt|crt_process_ucrt|kernel32_breadth|tool_support|crt_math|kernel32_files|crt_bessel|\
stream_locks_msvcrt|stream_locks_ucrt|stream_buffering_msvcrt|stream_buffering_ucrt|stream_input_msvcrt|stream_input_ucrt)
    # Self-checking programs; the top of each .c file names its sources (C standard, Microsoft's
    # documentation): number conversions, threads, qsort_s, "C" locale and _l functions, _s
    # functions (crt_convert, crt_runtime); file times and read-only (file_metadata); setjmp,
    # _dup2/freopen, path helpers, wide input, runtime plumbing (crt_process); NLS,
    # FormatMessage, vectored handlers, SLists, volumes (kernel32_breadth); erf/gamma (crt_math);
    # locks, file information, mappings, memory status (kernel32_files); Bessel (crt_bessel);
    # what Wine's tools needed: IsBad*Ptr, GetUserNameEx, shell32, the registry's roots (tool_support);
    # 40 fopen'd streams and mingw's _lock_file on them (stream_locks); when a stream's
    # buffered output reaches its file (stream_buffering); buffered input, text mode, ftell,
    # ungetc, update streams (stream_input).
    run "$T/$case_name.exe"
    grep '^FAIL' "$out" && fail "checks failed"
    expect_status 0
    program=${case_name%_msvcrt}; program=${program%_ucrt}
    summary=$(grep -E "^$program: [0-9]+ checks, 0 failed\$" "$out") || fail "no summary line"
    checks=${summary#"$program: "}; checks=${checks%% *}
    [ "$(grep -c '^PASS ' "$out")" -eq "$checks" ] || fail "PASS lines do not add up to $checks"
    [ "$checks" -ge 30 ] || fail "only $checks checks ran" ;;
conio_input)
    # _kbhit/_getch/_ungetch on a pipe that delivers "xy" after a pause (see conio_input.c).
    (sleep 0.3; printf xy) | "$CELDA" run "$T/conio_input.exe" >"$out" 2>"$err"
    status=$?
    grep '^FAIL' "$out" && fail "checks failed"
    expect_status 0
    [ "$(grep -c '^PASS ' "$out")" -eq 6 ] || fail "expected 6 PASS lines" ;;
share_read|share_read_only)
    # A host directory shared with -v: read (name in another case), list, write back.
    share=$(mktemp -d)
    trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT
    printf 'hello from the host\n' > "$share/Hello.TXT"
    mode=""
    [ "$case_name" = share_read_only ] && mode=":ro"
    run -v "$share:/data$mode" "$T/share_read.exe" 'C:\DATA\hello.txt'
    expect_status 0
    if [ "$case_name" = share_read ]; then
        expect_stdout $'read 20 of 20 bytes: hello from the host\nlisting: Hello.TXT\nwrite: ok\nreopen: ok\nCREATE_NEW: ok\nCREATE_NEW: error 80\n'
        [ "$(cat "$share/out.txt")" = "written by a Windows program" ] || fail "out.txt not on the host"
    else
        expect_stdout $'read 20 of 20 bytes: hello from the host\nlisting: Hello.TXT\nwrite: error 5\n'
        [ ! -e "$share/out.txt" ] || fail "a read-only share was written"
    fi ;;
stream_input_share)
    # stream_input's checks on files in a host directory shared with -v (each refill is one
    # host read there), with each CRT.
    share=$(mktemp -d)
    trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT
    for crt in msvcrt ucrt; do
        run -v "$share:/data" "$T/stream_input_$crt.exe" 'C:\data'
        grep '^FAIL' "$out" && fail "$crt: checks failed"
        expect_status 0
        grep -qE '^stream_input: [0-9]+ checks, 0 failed$' "$out" || fail "$crt: no summary line"
    done
    [ -z "$(ls -A "$share")" ] || fail "files left in the share: $(ls "$share")" ;;
stream_buffering_exit)
    # A fopen'd stream's buffer at the end of the process (see stream_buffering.c): written on
    # exit after the atexit handlers, lost on _exit. The file is on a share to be read here.
    share=$(mktemp -d)
    trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT
    for crt in msvcrt ucrt; do
        run -v "$share:/data" "$T/stream_buffering_$crt.exe" exit 'C:\data'
        expect_status 0
        [ "$(cat "$share/out.txt")" = "main" ] || fail "$crt exit: out.txt is '$(cat "$share/out.txt")'"
        run -v "$share:/data" "$T/stream_buffering_$crt.exe" atexit 'C:\data'
        expect_status 0
        [ "$(cat "$share/out.txt")" = $'main\natexit' ] || fail "$crt atexit: out.txt is '$(cat "$share/out.txt")'"
        run -v "$share:/data" "$T/stream_buffering_$crt.exe" _exit 'C:\data'
        expect_status 3
        [ -e "$share/out.txt" ] && [ ! -s "$share/out.txt" ] || fail "$crt _exit: out.txt is not empty"
    done ;;
resources|resources_share)
    # resources.c checks its own resources (resources.rc) and version block, one PASS/FAIL
    # line each; resources_share also reads the version of a copy of the .exe on a -v share.
    if [ "$case_name" = resources ]; then
        run "$T/resources.exe"
    else
        share=$(mktemp -d)
        trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT
        cp "$T/resources.exe" "$share/Copy.exe"
        run -v "$share:/data:ro" "$T/resources.exe" 'C:\data\copy.exe'
        grep -q '^PASS: copy on a share: VerQueryValueA .*ProductName = Celda Resources' "$out" ||
            fail "the share copy's version was not read"
    fi
    expect_status 0
    ! grep -q '^FAIL' "$out" || fail "a check failed"
    grep -q '^all checks passed$' "$out" || fail "the program did not finish" ;;
trace_flag)
    # --trace=win32 on the command line turns the relay on (a boot flag, not the environment).
    run --trace=win32 "$T/hello_msvcrt.exe"
    expect_status 0
    expect_stdout $'Hello from Windows, 2 + 3 = 5\n'
    expect_stderr_has "Call msvcrt.dll!__getmainargs(" ;;
workdir)
    # -w sets the current directory: a relative name opens in the share mounted there.
    share=$(mktemp -d)
    trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT
    printf 'relative\n' > "$share/rel.txt"
    run -v "$share:/data" -w /data "$T/share_read.exe" REL.TXT
    expect_status 0
    expect_stdout $'read 9 of 9 bytes: relative\nlisting: rel.txt\nwrite: ok\nreopen: ok\nCREATE_NEW: ok\nCREATE_NEW: error 80\n' ;;
bad_not_a_pe)
    run "$T/bad/not_a_pe.exe"
    [ "$status" -ne 0 ] || fail "a text file ran"
    grep -q '^celda: ' "$err" || fail "no celda: line" ;;
bad_pe32)
    run "$T/bad/pe32.exe"
    [ "$status" -eq 125 ] || fail "status $status"
    grep -qi "32-bit\|PE32" "$err" || fail "message does not say 32-bit" ;;
bad_dll)
    run "$T/bad/dll.exe"
    [ "$status" -eq 125 ] || fail "status $status"
    grep -qi "DLL" "$err" || fail "message does not say DLL" ;;
bad_gui)
    run "$T/bad/gui.exe"
    [ "$status" -eq 125 ] || fail "status $status"
    grep -qi "console\|GUI" "$err" || fail "message does not say GUI/console" ;;
bad_truncated_headers)
    run "$T/bad/truncated_headers.exe"
    [ "$status" -eq 125 ] || fail "status $status"
    grep -qi "truncated" "$err" || fail "message does not say truncated" ;;
bad_truncated_section)
    run "$T/bad/truncated_section.exe"
    [ "$status" -eq 125 ] || fail "status $status"
    grep -qi "truncated\|past the end" "$err" || fail "message does not say truncated" ;;
bad_corrupt_imports)
    run "$T/bad/corrupt_imports.exe"
    expect_one_line_error "corrupt import table" ;;
bad_missing_image)
    # celda copied without its bin/ folder: the Win32 image is missing. One line, directly and
    # with a server given (which never opens the image before it is needed), and nothing runs.
    alone=$(mktemp -d)
    cp "$CELDA" "$alone/celda"
    for server in "" "--server=$alone/no-server"; do
        "$alone/celda" run $server "$T/hello_msvcrt.exe" >"$out" 2>"$err"; status=$?
        expect_one_line_error "the Win32 ABI image $alone/win32.img is missing (it is built with celda; copy the whole bin/ folder)"
        [ "$(wc -l <"$err")" -eq 1 ] || { rm -rf "$alone"; fail "more than one line on stderr"; }
        [ -s "$out" ] && { rm -rf "$alone"; fail "something ran"; }
    done
    rm -rf "$alone" ;;
bad_server)
    # A `celda serve` that misbehaves (here a stand-in from Python on the run socket): one that
    # closes without answering, and one that answers nonsense. celda run says which, in one
    # line, and exits 125.
    dir=$(mktemp -d)
    python3 - "$dir/win32-v2.sock" "$dir/ready" <<'PY' & fake=$!
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.bind(sys.argv[1]); s.listen(4)
open(sys.argv[2], "w").close()
for answer in (None, b"nonsense"):
    c, _ = s.accept()
    c.recvmsg(1 << 18, socket.CMSG_SPACE(64))
    if answer: c.send(answer)
    c.close()
PY
    for _ in $(seq 100); do [ -e "$dir/ready" ] && break; sleep 0.05; done
    run --server "$dir" "$T/hello_msvcrt.exe"
    expect_one_line_error "the server on $dir/win32-v2.sock went away while running '$T/hello_msvcrt.exe'"
    run --server "$dir" "$T/hello_msvcrt.exe"
    expect_one_line_error "the server on $dir/win32-v2.sock answered '$T/hello_msvcrt.exe' with nonsense"
    wait $fake
    rm -rf "$dir" ;;
bad_missing_dll)
    run "$T/bad/missing_dll.exe"
    expect_one_line_error "needs celdax.dll (imported by missing_dll.exe), which is neither beside the program nor built into celda" ;;
*)
    echo "unknown case $case_name"; exit 2 ;;
esac
echo "ok [$case_name]"
