#!/usr/bin/env bash
# win32.tools.* cases: `cases.sh NAME` runs Wine's own console tools (real PE32+ programs from
# Debian's libwine 8.0, fetched at build time by fetch.sh) under `celda run`. Expected output
# follows from what each tool is documented to do (Microsoft's command reference for find,
# xcopy, attrib, whoami, hostname and cmd's built-ins) and, where Wine's wording or format
# differs from Windows', from Wine's source for that tool (noted at the case).
# Environment: CELDA (the binary), WINE_TOOLS (the folder fetch.sh filled).
set -u
case_name=$1
out=$(mktemp) err=$(mktemp) share=$(mktemp -d)
trap 'rm -f "$out" "$err"; rm -rf "$share"' EXIT

fail() {
    echo "FAIL [$case_name]: $*"
    echo "--- stdout"; cat -A "$out"; echo "--- stderr"; cat "$err"
    exit 1
}
tool() {   # x=$(tool NAME) || exit 1: the path of NAME.exe, or a FAIL line naming why it is not there
    local exe=$WINE_TOOLS/$1/$1.exe
    [ -s "$exe" ] || { echo "FAIL [$case_name]: $exe is missing: Wine's tools were not fetched at build time:" \
        "$(cat "$WINE_TOOLS/fetch.status" 2>/dev/null || echo 'fetch.sh did not run (build the wine_tools target)')" >&2
        return 1; }
    printf '%s' "$exe"
}
run() {   # run ARGS...: celda run ARGS, stdin from /dev/null unless redirected by the caller
    "$CELDA" run "$@" >"$out" 2>"$err"
    status=$?
}
expect_status() { [ "$status" -eq "$1" ] || fail "exit status $status, expected $1"; }
expect_stdout() { diff -u <(printf '%s' "$1") "$out" >/dev/null || { diff -u <(printf '%s' "$1") "$out" | cat -A; fail "stdout differs"; }; }
expect_no_celda_errors() { grep -q '^celda: ' "$err" && fail "celda reported an error"; true; }
crlf() { sed 's/$/\r/'; }   # text lines as a Windows program writes them

case $case_name in
find_stdin)
    # FIND "string": the lines of standard input that contain the string, case-sensitively;
    # exit status 0 when a line matched, 1 when none did.
    find=$(tool find) || exit 1
    printf 'alpha\r\nBeta\r\ngamma alpha\r\nALPHA\r\n' | "$CELDA" run "$find" alpha >"$out" 2>"$err"
    status=$?
    expect_status 0
    expect_stdout $'alpha\r\ngamma alpha\r\n'
    printf 'alpha\nbeta\n' | "$CELDA" run "$find" Beta >"$out" 2>"$err"   # case matters; LF-only input
    status=$?
    expect_status 1
    expect_stdout ""
    printf 'one two\nthree\n' | "$CELDA" run "$find" "e t" >"$out" 2>"$err"   # a string with a space
    status=$?
    expect_status 0
    expect_stdout $'one two\r\n'
    expect_no_celda_errors ;;
find_files)
    # FIND "string" FILE...: for each file a "---------- NAME" header (the name upper-cased),
    # then its matching lines; a file that cannot be opened is reported and skipped.
    find=$(tool find) || exit 1
    printf 'red apple\r\ngreen pear\r\nred cherry\r\n' > "$share/Fruit.txt"
    printf 'no match here\r\n' > "$share/other.txt"
    run -v "$share:/data" "$find" red 'C:\data\Fruit.txt' 'C:\data\missing.txt' 'C:\data\other.txt'
    expect_status 0
    expect_stdout $'\r\n---------- C:\\DATA\\FRUIT.TXT\r\nred apple\r\nred cherry\r\nFile not found - C:\\DATA\\MISSING.TXT\r\n\r\n---------- C:\\DATA\\OTHER.TXT\r\n'
    # a relative name, in the current directory (-w)
    run -v "$share:/data" -w /data "$find" pear fruit.txt
    expect_status 0
    expect_stdout $'\r\n---------- FRUIT.TXT\r\ngreen pear\r\n'
    run -v "$share:/data" -w /data "$find" banana fruit.txt
    expect_status 1
    expect_no_celda_errors ;;
find_errors)
    # No string: "Parameter format not correct", exit status 2. Wine 8's find knows no
    # switches (/I, /C, /V, /N came later): any /X is "Invalid switch", exit status 2.
    find=$(tool find) || exit 1
    run "$find"
    expect_status 2
    expect_stdout $'FIND: Parameter format not correct\r\n'
    run "$find" /x word
    expect_status 2
    expect_stdout $'FIND: Invalid switch\r\n' ;;
xcopy_files)
    # XCOPY SOURCE\*.txt DEST\: the matching files, each named as it is copied, then a count;
    # the copies have the source's contents and are ordinary writable files on the host.
    xcopy=$(tool xcopy) || exit 1
    mkdir -p "$share/src" "$share/dst"
    printf 'one\r\n' > "$share/src/a.txt"
    printf 'two\r\n' > "$share/src/b.txt"
    printf 'log\r\n' > "$share/src/c.log"
    run -v "$share:/data" -w /data "$xcopy" 'src\*.txt' 'dst\'
    expect_status 0
    expect_stdout $'src\\a.txt\nsrc\\b.txt\n2 file(s) copied\n'
    cmp -s "$share/src/a.txt" "$share/dst/a.txt" || fail "dst/a.txt differs from src/a.txt"
    cmp -s "$share/src/b.txt" "$share/dst/b.txt" || fail "dst/b.txt differs from src/b.txt"
    [ -e "$share/dst/c.log" ] && fail "c.log was copied"
    [ -w "$share/dst/a.txt" ] && [ "$(stat -c %a "$share/dst/a.txt")" != 0 ] || fail "the copy is not a writable file"
    # /Q: no names, only the count
    run -v "$share:/data" -w /data "$xcopy" /q /y 'src\c.log' 'dst\'
    expect_status 0
    expect_stdout $'1 file(s) copied\n'
    cmp -s "$share/src/c.log" "$share/dst/c.log" || fail "dst/c.log differs"
    # Questions are answered on the console input (ReadConsole): a new target is a (F)ile, an
    # existing one is overwritten only after Yes.
    printf 'f\r\n' | "$CELDA" run -v "$share:/data" -w /data "$xcopy" 'src\a.txt' new.txt >"$out" 2>"$err"
    status=$?
    expect_status 0
    grep -q '(F - File, D - Directory)' "$out" || fail "no file-or-directory question"
    grep -qx '1 file(s) copied' "$out" || fail "new.txt: not 1 file copied"
    cmp -s "$share/src/a.txt" "$share/new.txt" || fail "new.txt is not a copy of a.txt"
    printf 'changed\r\n' > "$share/src/a.txt"
    printf 'n\r\n' | "$CELDA" run -v "$share:/data" -w /data "$xcopy" 'src\a.txt' new.txt >"$out" 2>"$err"
    status=$?
    grep -q 'Overwrite C:\\data\\new.txt? (Yes|No|All)' "$out" || fail "no overwrite question"
    grep -qx '0 file(s) copied' "$out" || fail "No still copied"
    [ "$(cat "$share/new.txt")" = $'one\r' ] || fail "No still overwrote new.txt"
    printf 'y\r\n' | "$CELDA" run -v "$share:/data" -w /data "$xcopy" 'src\a.txt' new.txt >"$out" 2>"$err"
    status=$?
    grep -qx '1 file(s) copied' "$out" || fail "Yes did not copy"
    [ "$(cat "$share/new.txt")" = $'changed\r' ] || fail "Yes did not overwrite new.txt" ;;
xcopy_tree)
    # /S copies the folders below the source, /I takes a missing destination for a folder;
    # /E also copies the empty ones.
    xcopy=$(tool xcopy) || exit 1
    mkdir -p "$share/tree/sub/deeper" "$share/tree/empty"
    printf 'top\r\n' > "$share/tree/top.txt"
    printf 'mid\r\n' > "$share/tree/sub/mid.txt"
    printf 'low\r\n' > "$share/tree/sub/deeper/low.txt"
    run -v "$share:/data" -w /data "$xcopy" /s /i tree copy
    expect_status 0
    grep -qx '3 file(s) copied' "$out" || fail "expected 3 files copied"
    for f in top.txt sub/mid.txt sub/deeper/low.txt; do
        cmp -s "$share/tree/$f" "$share/copy/$f" || fail "copy/$f differs or is missing"
    done
    [ -e "$share/copy/empty" ] && fail "/S copied an empty folder"
    run -v "$share:/data" -w /data "$xcopy" /e /i /q tree copy2
    expect_status 0
    [ -d "$share/copy2/empty" ] || fail "/E did not create the empty folder"
    cmp -s "$share/tree/sub/deeper/low.txt" "$share/copy2/sub/deeper/low.txt" || fail "copy2 differs" ;;
xcopy_missing)
    # A source that does not exist: the system's message for ERROR_FILE_NOT_FOUND, exit
    # status 4 ("initialization error ... invalid syntax", Microsoft's xcopy exit codes).
    xcopy=$(tool xcopy) || exit 1
    run -v "$share:/data" -w /data "$xcopy" nothere.txt dst
    expect_status 4
    grep -q 'The system cannot find the file specified.' "$out" || fail "no file-not-found message"
    [ -e "$share/dst" ] && fail "a destination was created"
    true ;;
attrib_list)
    # ATTRIB [/S] [NAME]: each file with its attribute letters (A archive, R read-only, ...)
    # and full path, in Wine's layout ("A    R       C:\path"); a host file without write
    # permission is read-only; /S also lists the folders below; no match: "File Not Found".
    attrib=$(tool attrib) || exit 1
    mkdir -p "$share/sub"
    printf 'x' > "$share/rw.txt"
    printf 'y' > "$share/ro.txt"
    chmod a-w "$share/ro.txt"
    printf 'z' > "$share/sub/deep.txt"
    run -v "$share:/data" -w /data "$attrib" ro.txt
    expect_status 0
    expect_stdout $'A    R       C:\\data\\ro.txt\n'
    run -v "$share:/data" -w /data "$attrib" rw.txt
    expect_stdout $'A            C:\\data\\rw.txt\n'
    run -v "$share:/data" -w /data "$attrib" /s '*.txt'
    expect_status 0
    # Wine's attrib visits the folders below first, then the files of the folder itself.
    expect_stdout $'A            C:\\data\\sub\\deep.txt\nA    R       C:\\data\\ro.txt\nA            C:\\data\\rw.txt\n'
    run -v "$share:/data" -w /data "$attrib" nothing.txt
    expect_stdout $'nothing.txt: File Not Found\n'   # Wine's wording (Windows: "File not found - nothing.txt")
    # +R / -R set and clear read-only: on the host, the write permission bits (HOSTFS chmod);
    # a read-only share (:ro) is not changed.
    run -v "$share:/data" -w /data "$attrib" +r rw.txt
    expect_status 0
    [ -w "$share/rw.txt" ] && [ "$(id -u)" != 0 ] && fail "+r left rw.txt writable"
    [ "$(stat -c %a "$share/rw.txt")" = 444 ] || fail "+r: rw.txt is mode $(stat -c %a "$share/rw.txt"), expected 444"
    run -v "$share:/data" -w /data "$attrib" rw.txt
    expect_stdout $'A    R       C:\\data\\rw.txt\n'
    run -v "$share:/data" -w /data "$attrib" -r ro.txt
    [ "$(stat -c %a "$share/ro.txt")" = 644 ] || fail "-r: ro.txt is mode $(stat -c %a "$share/ro.txt"), expected 644"
    run -v "$share:/data:ro" -w /data "$attrib" +r ro.txt
    [ "$(stat -c %a "$share/ro.txt")" = 644 ] || fail "a read-only share was changed" ;;
whoami)
    # The account as DOMAIN\user (GetUserNameEx NameSamCompatible): celda's machine is CELDA,
    # its user celda.
    whoami=$(tool whoami) || exit 1
    run "$whoami"
    expect_status 0
    expect_stdout $'CELDA\\celda\r\n' ;;
hostname)
    # The computer name; /? prints the usage (a string loaded through a delay-loaded import:
    # ResolveDelayLoadedAPI) and exits 1; an unknown switch is refused.
    hostname=$(tool hostname) || exit 1
    run "$hostname"
    expect_status 0
    expect_stdout $'CELDA\r\n'
    run "$hostname" /?
    expect_status 1
    expect_stdout $'Usage: hostname\n'
    run "$hostname" /x
    expect_status 1
    grep -q 'not possible' "$out" || fail "an unknown switch was not refused" ;;
cmd_echo)
    cmd=$(tool cmd) || exit 1
    run "$cmd" /c echo hi
    expect_status 0
    expect_stdout $'hi\r\n'
    expect_no_celda_errors ;;
cmd_builtins)
    # Built-in commands: SET /A arithmetic, IF comparisons, FOR over a list, CD (the current
    # directory given by -w), EXIT /B sets the exit status.
    cmd=$(tool cmd) || exit 1
    run -v "$share:/data" -w /data "$cmd" /c 'set /a 6*7'
    expect_status 0
    expect_stdout '42'
    run "$cmd" /c 'for %f in (one two three) do @echo [%f]'
    expect_status 0
    expect_stdout $'[one]\r\n[two]\r\n[three]\r\n'
    run "$cmd" /c 'if 3 LSS 10 (echo less) else (echo more)'
    expect_stdout $'less\r\n'
    run "$cmd" /c 'if /i abc==ABC echo same'
    expect_stdout $'same\r\n'
    run -v "$share:/data" -w /data "$cmd" /c cd
    expect_stdout $'C:\\data\r\n'
    run "$cmd" /c 'exit /b 3'
    expect_status 3 ;;
cmd_batch)
    # A batch file on a share: labels and GOTO, a SET /A loop, CALL :label with arguments,
    # IF EXIST, and EXIT /B with a status.
    cmd=$(tool cmd) || exit 1
    printf 'hello\r\n' > "$share/present.txt"
    printf '%s\r\n' '@echo off' 'set N=0' ':loop' 'set /a N=N+1 >nul' 'if %N% LSS 5 goto loop' 'echo N=%N%' \
        'call :greet world 42' 'if exist present.txt (echo present) else (echo absent)' \
        'if exist absent.txt (echo present) else (echo absent)' 'exit /b 7' ':greet' 'echo hello %1 %2' \
        'goto :eof' > "$share/test.bat"
    run -v "$share:/data" -w /data "$cmd" /c test.bat
    expect_status 7
    expect_stdout $'N=5\r\nhello world 42\r\npresent\r\nabsent\r\n' ;;
cmd_files)
    # File commands on a share: ECHO >/>> redirection, TYPE, COPY, REN, DEL, MKDIR/RMDIR, DIR /B
    # (names in the folder's order), all visible on the host afterwards.
    cmd=$(tool cmd) || exit 1
    printf 'original\r\n' > "$share/a.txt"
    run -v "$share:/data" -w /data "$cmd" /c 'echo first>o.txt& echo second>>o.txt& type o.txt& copy a.txt b.txt >nul& ren o.txt r.txt& del a.txt& mkdir made& mkdir gone& rmdir gone& dir /b'
    expect_status 0
    expect_stdout $'first\r\nsecond\r\nb.txt\r\nmade\r\nr.txt\r\n'
    [ "$(cat "$share/r.txt")" = $'first\r\nsecond\r' ] || fail "r.txt on the host: $(cat -A "$share/r.txt")"
    cmp -s <(printf 'original\r\n') "$share/b.txt" || fail "b.txt is not a copy of a.txt"
    [ -e "$share/a.txt" ] && fail "a.txt was not deleted"
    [ -d "$share/made" ] && [ ! -e "$share/gone" ] || fail "mkdir/rmdir did not reach the host"
    true ;;
cmd_more)
    # MORE (a cmd built-in in Wine) on a file, on redirected input and at the end of a pipe
    # between built-ins (cmd runs each side itself, through a temporary file); a pager that is
    # not writing to a console shows everything without prompting.
    cmd=$(tool cmd) || exit 1
    printf 'line1\r\nline2\r\n' > "$share/f.txt"
    for command in 'more f.txt' 'more < f.txt' 'type f.txt | more'; do
        run -v "$share:/data" -w /data "$cmd" /c "$command"
        expect_status 0
        expect_stdout $'line1\r\nline2\r\n'
    done
    printf 'from stdin\r\n' | "$CELDA" run "$cmd" /c more >"$out" 2>"$err"
    status=$?
    expect_status 0
    expect_stdout $'from stdin\r\n' ;;
cmd_stdin)
    # cmd without /C reads commands from its console input, one line per ReadConsole (line-input
    # mode): each command runs (an interactive SET /A prints its value), EXIT N ends it with N.
    cmd=$(tool cmd) || exit 1
    printf 'echo hello\r\nset /a 2+3\r\necho after\r\nexit 4\r\necho never\r\n' | "$CELDA" run "$cmd" >"$out" 2>"$err"
    status=$?
    expect_status 4
    grep -q '>hello'$'\r''$' "$out" || fail "echo hello did not run"
    grep -q '>5'$'\r''$' "$out" || fail "set /a 2+3 did not print 5"
    grep -q '>after'$'\r''$' "$out" || fail "the third line did not run"
    grep -q never "$out" && fail "cmd went on after exit"
    true ;;
cmd_rd_cls)
    # RD /S /Q removes a folder with everything below it (shell32's SHFileOperation FO_DELETE),
    # RD without /S refuses a folder that is not empty, CLS on a console that is a pipe leaves
    # the output alone; ASSOC finds no file association in the guest's empty registry.
    cmd=$(tool cmd) || exit 1
    mkdir -p "$share/tree/a/b" "$share/keep"
    printf 'x' > "$share/tree/x.txt"; printf 'y' > "$share/tree/a/y.txt"; printf 'z' > "$share/tree/a/b/z.txt"
    printf 'k' > "$share/keep/k.txt"
    run -v "$share:/data" -w /data "$cmd" /c 'rd /s /q tree& rd keep& cls& echo after& dir /b'
    expect_status 0
    expect_stdout $'after\r\nkeep\r\n'
    grep -q 'The directory is not empty.' "$err" || fail "rd keep did not report the folder as not empty"
    [ -e "$share/tree" ] && fail "rd /s /q left tree/ on the host"
    [ -f "$share/keep/k.txt" ] || fail "rd without /s removed something"
    run "$cmd" /c 'assoc .txt'
    expect_status 2
    grep -q 'File association missing for extension .txt' "$err" || fail "assoc found an association" ;;
cmd_external)
    # Another program: cmd finds it (FindExecutable, SHGetFileInfo SHGFI_EXETYPE) and asks
    # CreateProcess, which a celda guest refuses (one program per guest): cmd reports the
    # command as not runnable and sets ERRORLEVEL 9009 (exit status 9009 & 0xff = 49).
    cmd=$(tool cmd) || exit 1
    hostname=$(tool hostname) || exit 1
    cp "$hostname" "$share/hostname.exe"
    run -v "$share:/data" -w /data "$cmd" /c 'C:\data\hostname.exe'
    expect_status 49
    grep -qF "Can't recognize 'C:\\data\\hostname.exe' as an internal or external command" "$err" ||
        fail "no message for the program cmd could not start"
    expect_no_celda_errors ;;
wine8_stubs)
    # Debian 12's Wine 8 ships findstr, fc and where as stubs: they print Wine's "fixme" line
    # with their arguments on stderr and exit 0 (programs/*/main.c in Wine 8.0). This checks
    # that they load and run (ntdll's _vsnprintf, IsBadStringPtrW), nothing more.
    for t in findstr fc where; do
        exe=$(tool $t) || exit 1
        run "$exe" /i word 'C:\x.txt'
        expect_status 0
        expect_stdout ""
        grep -qF "fixme:$t:wmain stub: L\"C:\\\\app\\\\$t.exe\" L\"/i\" L\"word\" L\"C:\\\\x.txt\"" "$err" ||
            fail "$t: no stub line"
    done ;;
*)
    echo "unknown case $case_name"
    exit 2 ;;
esac
exit 0
