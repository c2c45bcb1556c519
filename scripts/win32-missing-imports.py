#!/usr/bin/env python3
"""Print the imports of Windows PE files that celda's built-in DLLs do not provide.

Usage: scripts/win32-missing-imports.py FILE.exe|FILE.dll ...   (--all: also list provided ones,
       --count: one "DLL!function  N" line per missing import, N = how many FILEs import it)
Exit status: 0 when everything is provided, 1 when something is missing, 2 on bad usage.

How it knows what celda provides: it reads the export tables in abi/win32-subset/dlls/ the way
the registry does — each WIN32_EXPORT_TABLE(name, rows...) block gives the table's names, and
each BuiltinDll's kTables list (dlls/*/exports.cpp, ucrtbase/ucrt.cpp, ...) says which tables a
DLL is made of. Names built by macros other than the export macros themselves (SEH_EXPORTS is
expanded) are not seen; if a name is reported missing but exists, that is where to look.
Imports are read with x86_64-w64-mingw32-objdump -p. DLLs celda does not provide at all are
reported as "DLL (not provided)". API-set names are mapped as registry/registry.cpp maps them.
"""
import os
import re
import subprocess
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DLLS = os.path.join(ROOT, "abi", "win32-subset", "dlls")
ALIASES = [("api-ms-win-crt-", "ucrtbase.dll"), ("api-ms-win-core-", "kernel32.dll"),
           ("api-ms-win-security-", "advapi32.dll"), ("kernelbase.dll", "kernel32.dll"),
           ("sspicli.dll", "secur32.dll"),
           ("msvcrt20.dll", "msvcrt.dll"), ("msvcrt40.dll", "msvcrt.dll"), ("ucrtbased.dll", "ucrtbase.dll")]


def sources():
    for folder, _, files in os.walk(DLLS):
        for f in files:
            if f.endswith(".cpp"):
                with open(os.path.join(folder, f)) as handle:
                    yield handle.read()


def balanced(text, start):
    """The text from `start` (just after an opening parenthesis) to its closing one."""
    depth = 1
    i = start
    while depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return text[start:i - 1]


def row_names(body, macros):
    for name, expansion in macros.items():
        body = re.sub(r"\b%s\b(?!\()" % name, expansion, body)
    names = re.findall(r"\b(?:WIN32_EXPORT|WIN32_EXPORT_NORELAY)\(\s*(\w+)\s*\)", body)
    names += re.findall(r"\b(?:WIN32_EXPORT_AS|WIN32_EXPORT_DATA|SEH_ENTRY)\(\s*\"([^\"]+)\"", body)
    names += re.findall(r"Export\{\s*\"([^\"]+)\"", body)
    return names


def provided():
    texts = list(sources())
    macros = {}
    for text in texts:
        # Object-like macros that list rows (SEH_EXPORTS): expanded where a table uses them.
        for m in re.finditer(r"#define (\w+)[ \t]*\\\n((?:.*\\\n)*.*)", text):
            macros[m.group(1)] = m.group(2).replace("\\\n", " ")
    tables = {}
    for text in texts:
        for m in re.finditer(r"WIN32_EXPORT_TABLE\(\s*(\w+)\s*,", text):
            tables[m.group(1)] = set(row_names(balanced(text, m.end()), macros))
    dlls = {}
    for text in texts:
        for m in re.finditer(r"kTables\[\]\s*=\s*\{([^}]*)\}\s*;(.*?)BuiltinDll \w+\{\"([^\"]+)\"", text, re.S):
            names = set()
            for table in re.findall(r"&(?:\w+::)*(\w+)", m.group(1)):
                names |= tables.get(table, set())
            dlls[m.group(3).lower()] = names
    return dlls


def resolve(dll):
    lower = dll.lower()
    for prefix, target in ALIASES:
        if lower.startswith(prefix):
            return target
    return lower


def imports(path):
    out = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", path], capture_output=True, text=True).stdout
    dll = None
    for line in out.splitlines():
        m = re.match(r"\s*DLL Name: (\S+)", line)
        if m:
            dll = m.group(1)
            continue
        m = re.match(r"\s*[0-9a-f]+\s+(?:<none>\s+)?([0-9a-f]+)\s+(\S+)$", line)
        if dll and m and not line.strip().startswith("vma"):
            yield dll, m.group(2)
        elif dll and re.match(r"\s*[0-9a-f]+\s+<none>\s+[0-9a-f]+\s*$", line):
            yield dll, "#ordinal"


def main(argv):
    show_all = "--all" in argv
    count = "--count" in argv
    files = [a for a in argv if not a.startswith("--")]
    if not files:
        print("usage: win32-missing-imports.py [--all|--count] FILE.exe|FILE.dll ...", file=sys.stderr)
        return 2
    for path in files:
        if not os.path.isfile(path):
            print("win32-missing-imports: no such file: %s" % path, file=sys.stderr)
            return 2
    dlls = provided()
    tally = Counter()
    for path in files:
        seen = set()
        for dll, function in imports(path):
            target = resolve(dll)
            if target not in dlls:
                key = "%s (not provided)" % dll
            elif function in dlls[target]:
                if show_all and not count:
                    print("%s: ok %s!%s" % (path, dll, function))
                continue
            else:
                key = "%s!%s" % (dll, function)
            if key in seen:
                continue
            seen.add(key)
            tally[key] += 1
            if not count:
                print("%s: missing %s" % (path, key))
    if count:
        for key, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0])):
            print("%-60s %d" % (key, n))
    return 1 if tally else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
