#!/usr/bin/env bash
# Cases for programs that ship their own DLLs (built by dlls.cmake): `dll_cases.sh NAME`.
# The programs check themselves (PASS/FAIL lines, exit 1); expectations here come from what
# Windows documents: a program whose DLL cannot be found or fails to initialize never runs,
# DLL_PROCESS_DETACH comes after the program's atexit handlers, newest DLL first.
# Environment: CELDA (the binary), WIN32_TESTS (the folder with the built programs).
set -u
case_name=$1
out=$(mktemp) err=$(mktemp)
scratch=$(mktemp -d)
trap 'rm -rf "$out" "$err" "$scratch"' EXIT

run() { "$CELDA" run "$@" >"$out" 2>"$err"; status=$?; }
fail() {
    echo "FAIL [$case_name]: $*"
    echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"
    exit 1
}
expect_status() { [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"; }
expect_stdout_has() { grep -qF -- "$1" "$out" || fail "stdout lacks: $1"; }
expect_stderr_has() { grep -qF -- "$1" "$err" || fail "stderr lacks: $1"; }
expect_self_checks_pass() {
    grep -q '^PASS: ' "$out" || fail "no checks ran"
    ! grep -q '^FAIL: ' "$out" || fail "a check failed"
}
expect_one_line_error() {   # one "celda: " line naming the problem, status 125
    expect_status 125
    expect_stderr_has "$1"
    [ "$(grep -c '^celda: ' "$err")" -eq 1 ] || fail "expected exactly one celda: line"
}
D=$WIN32_TESTS/dlls

case $case_name in
dll_imports_and_loadlibrary)
    run "$D/dlltest.exe"
    expect_status 0
    expect_self_checks_pass
    expect_stdout_has "all checks passed" ;;
dll_detach_order)
    # exit() runs the atexit handler, then ExitProcess detaches probe.dll before helper.dll
    # (reverse of initialization: helper.dll attached first, being probe.dll's dependency).
    run "$D/dlltest.exe"
    expect_status 0
    [ "$(tail -n 3 "$out")" = $'atexit handler\nprobe: process detach\nhelper: process detach' ] ||
        fail "detach order" ;;
dll_trace_names_dll)
    # The relay names calls made from inside a DLL by the DLL ("ret=probe.dll+0x...").
    run --trace=win32 "$D/dlltest.exe"
    expect_status 0
    expect_stderr_has "ret=probe.dll+0x"
    expect_stderr_has "ret=dlltest.exe+0x" ;;
dll_init_failed)
    run "$D/fail_init.exe"
    expect_one_line_error "initialization of failinit.dll failed (its DllMain returned FALSE"
    ! grep -q "main ran" "$out" || fail "main ran" ;;
dll_missing_dependency)
    run "$D/needs_absent.exe"
    expect_one_line_error "needs absent.dll (imported by middle.dll, imported by needs_absent.exe), which is neither beside the program nor built into celda"
    ! grep -q "main ran" "$out" || fail "main ran" ;;
dll_missing_export)
    # Windows: "The procedure entry point helper_newer_only could not be located in the dynamic
    # link library helper.dll", and the program never runs.
    run "$D/needs_newer.exe"
    expect_one_line_error "helper.dll has no export helper_newer_only (imported by needs_newer.exe)"
    ! grep -q "main ran" "$out" || fail "main ran" ;;
dll_crash_names_dll)
    # An access violation inside helper.dll (nobody handles it): reported like any crash, the
    # address named by the DLL's own symbol and offset (names from helper.c).
    run "$D/dll_crash.exe"
    expect_status 139
    expect_stderr_has "in helper.dll!helper_poke+0x"
    expect_stderr_has "(helper.dll+0x"
    expect_stdout_has "calling helper_poke" ;;
cpp_dynamic_libstdcxx)
    run "$WIN32_TESTS/cxxdll/cpp_dll.exe"
    expect_status 0
    expect_self_checks_pass
    expect_stdout_has "done: all checks passed" ;;
dll_memory_too_small)
    # libstdc++-6.dll alone is over 20 MiB: the DLLs beside the program count.
    run --memory 16M "$WIN32_TESTS/cxxdll/cpp_dll.exe"
    expect_one_line_error ".dll files beside the program"
    expect_stderr_has "raise --memory" ;;
dll_too_many)
    cp "$WIN32_TESTS/hello_msvcrt.exe" "$scratch/"
    for i in $(seq 1 65); do : >"$scratch/x$i.DLL"; done
    run "$scratch/hello_msvcrt.exe"
    expect_one_line_error "holds more than 64 .dll files" ;;
dll_load_by_path)
    # The DLLs live only in the share (C:\data), never beside the program: LoadLibrary of a
    # path reads them through the VFS. pe32.dll: a 32-bit PE (bad/pe32.exe, renamed).
    mkdir -p "$scratch/plugins"
    cp "$WIN32_TESTS/dllpath-share/pathplug.dll" "$WIN32_TESTS/dllpath-share/pathdep.dll" "$scratch/plugins/"
    cp "$WIN32_TESTS/bad/pe32.exe" "$scratch/pe32.dll"
    run -v "$scratch:/data" "$WIN32_TESTS/dllpath/pathload.exe" 'C:\data'
    expect_status 0
    expect_self_checks_pass
    expect_stdout_has "all checks passed" ;;
*)
    echo "unknown case $case_name"; exit 2 ;;
esac
