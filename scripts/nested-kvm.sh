#!/usr/bin/env bash
# Runs a static x86-64 program inside a QEMU (TCG) guest that has /dev/kvm: QEMU emulates AMD
# SVM and kvm_amd loads inside it, so Celda's kvm backend can be tested on hosts without KVM.
# One boot takes a few seconds: batch everything that needs KVM into one program.
#
# usage: scripts/nested-kvm.sh EXE [FILE...] [-- ARGS...]
#   EXE and FILEs are copied to /payload in the guest; EXE runs there with ARGS (cwd /payload).
#   Prints EXE's output (stdout+stderr) and exits with EXE's status; 125 means the nested boot
#   itself failed (no qemu/kernel/modules, /dev/kvm missing, no result), with diagnostics.
# Needs: qemu-system-x86 linux-image-amd64 busybox-static cpio kmod xz-utils (scripts/bootstrap.sh)
# Env: NKVM_TIMEOUT (host seconds, default 300), NKVM_CACHE (default ${TMPDIR:-/tmp}/celda-nkvm),
#      NKVM_VERBOSE=1 (boot diagnostics even on success)
set -u -o pipefail

die() { echo "nested-kvm: $*" >&2; exit 125; }

[ $# -ge 1 ] || die "usage: $0 EXE [FILE...] [-- ARGS...]"
EXE=$1; shift
[ -f "$EXE" ] && [ -x "$EXE" ] || die "not an executable file: $EXE"
FILES=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do FILES+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
ARGS=("$@")
TIMEOUT=${NKVM_TIMEOUT:-300}
CACHE=${NKVM_CACHE:-${TMPDIR:-/tmp}/celda-nkvm}

for tool in qemu-system-x86_64 cpio gzip modprobe readelf; do
    command -v $tool > /dev/null || die "$tool is missing (run scripts/bootstrap.sh)"
done
BUSYBOX=/bin/busybox
[ -x $BUSYBOX ] && ! readelf -l $BUSYBOX | grep -q 'program interpreter' || die "need a static busybox (busybox-static)"
KVER=$(ls /boot/vmlinuz-* 2> /dev/null | sed 's|/boot/vmlinuz-||' | sort -V | tail -n1)
[ -n "$KVER" ] || die "no kernel in /boot (linux-image-amd64)"

# QEMU boots an uncompressed vmlinux directly through its PVH entry note: no firmware and no
# in-guest decompression (seconds under TCG). Extracted once from the bzImage, then cached.
VMLINUX=$CACHE/vmlinux-$KVER
if [ ! -s "$VMLINUX" ]; then
    mkdir -p "$CACHE" || die "cannot create $CACHE"
    tmp=$VMLINUX.$$
    for magic_cmd in '\xfd7zXZ\x00:xz -dc' '\x28\xb5\x2f\xfd:zstd -qdc' '\x1f\x8b\x08:gzip -dc'; do
        magic=${magic_cmd%%:*}; cmd=${magic_cmd#*:}
        for off in $(LC_ALL=C grep -obUaP "$magic" "/boot/vmlinuz-$KVER" 2> /dev/null | cut -d: -f1 | head -n 5); do
            tail -c +$((off + 1)) "/boot/vmlinuz-$KVER" | $cmd > "$tmp" 2> /dev/null
            if [ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then mv "$tmp" "$VMLINUX"; break 2; fi
        done
    done
    rm -f "$tmp"
    [ -s "$VMLINUX" ] || die "cannot extract vmlinux from /boot/vmlinuz-$KVER (xz-utils installed?)"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/celda-nkvm.XXXXXX") || die "mktemp failed"
QPID=
cleanup() { [ -n "$QPID" ] && kill "$QPID" 2> /dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

R=$WORK/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,payload,modules}
cp $BUSYBOX "$R/bin/busybox"
for applet in sh mount insmod poweroff cat stty; do ln -s busybox "$R/bin/$applet"; done

# kvm_amd and what it depends on, in load order, decompressed (busybox insmod wants plain .ko).
MODULES=
while read -r cmd path _; do
    [ "$cmd" = insmod ] || continue
    name=$(basename "$path"); name=${name%%.ko*}
    case "$path" in
        *.ko.xz) xz -dc "$path" ;; *.ko.zst) zstd -qdc "$path" ;; *.ko.gz) gzip -dc "$path" ;; *) cat "$path" ;;
    esac > "$R/modules/$name.ko" || die "cannot copy module $path"
    MODULES="$MODULES $name"
done < <(modprobe -S "$KVER" --show-depends kvm_amd 2> /dev/null)
[ -n "$MODULES" ] || die "cannot resolve the kvm_amd modules of $KVER (kmod installed?)"

cp "$EXE" "${FILES[@]+"${FILES[@]}"}" "$R/payload/" || die "cannot copy the payload"
QUOTED=
for a in "${ARGS[@]+"${ARGS[@]}"}"; do QUOTED="$QUOTED '${a//\'/\'\\\'\'}'"; done

# /init: results go to ttyS1 between markers; ttyS0 is the kernel's console.
cat > "$R/init" << EOF_INIT
#!/bin/sh
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
O=/dev/ttyS1
stty -F \$O raw -echo 2> /dev/null
for m in $MODULES; do insmod /modules/\$m.ko || echo "@@NKVM-ERR insmod \$m failed" > \$O; done
if [ ! -c /dev/kvm ]; then echo "@@NKVM-ERR /dev/kvm missing after loading kvm_amd" > \$O; poweroff -f; fi
echo "@@NKVM-BEGIN" > \$O
cd /payload && ./$(basename "$EXE") $QUOTED < /dev/null > \$O 2>&1
rc=\$?
echo "" > \$O
echo "@@NKVM-EXIT=\$rc" > \$O
poweroff -f
EOF_INIT
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1 > "$WORK/initrd.gz") || die "cannot build the initramfs"

: > "$WORK/out.log"
timeout -k 5 "$TIMEOUT" qemu-system-x86_64 -machine pc -accel tcg -cpu max -smp 1 -m 1024 \
    -nodefaults -no-user-config -display none -no-reboot \
    -kernel "$VMLINUX" -initrd "$WORK/initrd.gz" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 mitigations=off" \
    -serial "file:$WORK/console.log" -serial "file:$WORK/out.log" < /dev/null > "$WORK/qemu.log" 2>&1 &
QPID=$!
wait "$QPID"; QRC=$?; QPID=

tr -d '\r' < "$WORK/out.log" > "$WORK/out.txt"
EXITLINE=$(grep -a '^@@NKVM-EXIT=' "$WORK/out.txt" | tail -n1)
# The payload's output: between the markers, minus the blank line that ends it.
awk '/^@@NKVM-BEGIN$/ {on=1; next} /^@@NKVM-EXIT=/ {on=0} on' "$WORK/out.txt" | sed '$ {/^$/d}'
if [ -z "$EXITLINE" ] || grep -qa '^@@NKVM-ERR' "$WORK/out.txt" || [ "${NKVM_VERBOSE:-0}" = 1 ]; then
    {
        echo "---- nested-kvm: qemu status $QRC (timeout ${TIMEOUT}s), kernel $KVER, modules:$MODULES"
        grep -a '^@@NKVM-ERR' "$WORK/out.txt"
        echo "---- qemu:"; cat "$WORK/qemu.log"
        echo "---- kernel console (tail):"; tr -d '\r' < "$WORK/console.log" | tail -n 20
    } >&2
fi
[ -n "$EXITLINE" ] || die "the nested guest gave no result"
exit "${EXITLINE#@@NKVM-EXIT=}"
