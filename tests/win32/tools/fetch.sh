#!/usr/bin/env bash
# fetch.sh DIR TOOL...: puts DIR/TOOL/TOOL.exe for each TOOL, taken from Debian's libwine
# package (Wine's own console programs are real PE32+ binaries built with mingw, in
# usr/lib/x86_64-linux-gnu/wine/x86_64-windows/). Nothing is committed: the package is fetched
# once with `apt-get download libwine` (no root needed; ~100 MB) into DIR and kept there, and
# only the tools asked for are extracted. Each tool gets a folder of its own (celda hands a
# program every .dll beside it).
#
# Always exits 0 so that a machine without network can still build celda; the outcome is
# written to DIR/fetch.status ("ok ..." or the reason), and the win32.tools.* tests fail with
# that reason when a tool is missing.
set -u
dir=$1
shift
mkdir -p "$dir"
status=$dir/fetch.status
missing=()
for tool in "$@"; do
    [ -s "$dir/$tool/$tool.exe" ] || missing+=("$tool")
done
deb=$(ls "$dir"/libwine_*_amd64.deb 2>/dev/null | head -n 1)
if [ ${#missing[@]} -eq 0 ]; then
    [ -f "$status" ] && grep -q '^ok' "$status" || echo "ok (cached)" >"$status"
    exit 0
fi
if [ -z "$deb" ]; then
    echo "win32.tools: fetching Debian's libwine package (apt-get download libwine, ~100 MB) into $dir" >&2
    # A machine whose apt lists were never fetched (bootstrap found every package installed)
    # knows no libwine: as root, fetch the lists once and try again.
    if ! (cd "$dir" && apt-get download libwine) >"$dir/download.log" 2>&1 &&
       ! { [ "$(id -u)" -eq 0 ] && apt-get update -qq >>"$dir/download.log" 2>&1 &&
           (cd "$dir" && apt-get download libwine) >>"$dir/download.log" 2>&1; }; then
        reason="'apt-get download libwine' failed (no network, or no apt lists: run apt-get update): $(grep -E '^(E|Err):' "$dir/download.log" | head -n 2 | tr '\n' ' ')"
        echo "$reason" >"$status"
        echo "win32.tools: $reason; the win32.tools.* tests will fail" >&2
        exit 0
    fi
    deb=$(ls "$dir"/libwine_*_amd64.deb 2>/dev/null | head -n 1)
    if [ -z "$deb" ]; then
        echo "apt-get download libwine left no libwine_*_amd64.deb in $dir" >"$status"
        exit 0
    fi
fi
inside=./usr/lib/x86_64-linux-gnu/wine/x86_64-windows
members=()
for tool in "${missing[@]}"; do members+=("$inside/$tool.exe"); done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "${members[@]}" 2>"$dir/extract.log"; then
    echo "extracting ${missing[*]} from $(basename "$deb") failed: $(head -n 2 "$dir/extract.log" | tr '\n' ' ')" >"$status"
    echo "win32.tools: $(cat "$status")" >&2
    exit 0
fi
for tool in "${missing[@]}"; do
    mkdir -p "$dir/$tool"
    cp "$tmp/$inside/$tool.exe" "$dir/$tool/$tool.exe"
done
echo "ok $(basename "$deb")" >"$status"
